from rest_framework import serializers

from gallery.models import Album, Photo, Profile, Reaction, Tag


class ProfileSerializer(serializers.ModelSerializer):
    login = serializers.ReadOnlyField(source="user.get_username")

    class Meta:
        model = Profile
        fields = ["id", "login", "bio"]


class PhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = Photo
        fields = ["id", "caption"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name"]


class ReactionSerializer(serializers.ModelSerializer):
    author = serializers.ReadOnlyField(source="author.get_username")

    class Meta:
        model = Reaction
        fields = ["id", "emoji", "author"]


class AlbumSerializer(serializers.ModelSerializer):
    """An album with its photos (reverse FK), tags (many-to-many) and reactions (generic)."""

    photos = PhotoSerializer(many=True, read_only=True)
    tags = TagSerializer(many=True, read_only=True)
    reactions = ReactionSerializer(many=True, read_only=True)

    class Meta:
        model = Album
        fields = ["id", "title", "photos", "tags", "reactions"]
