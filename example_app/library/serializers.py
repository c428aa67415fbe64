from django.contrib.auth import get_user_model
from rest_framework import serializers

from library.models import Article, Attachment, Board, Webhook


class ArticleSerializer(serializers.ModelSerializer):
    author = serializers.ReadOnlyField(source="author.username")

    class Meta:
        model = Article
        fields = ["slug", "title", "body", "author"]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "title", "file", "preview"]


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = ["id", "url", "secret"]
        extra_kwargs = {"secret": {"write_only": True}}  # never shown again once set


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "first_name", "last_name"]


class BoardSerializer(serializers.ModelSerializer):
    """``owner`` is writable on update: the owner hands the board over to a colleague."""

    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())

    class Meta:
        model = Board
        fields = ["id", "name", "owner"]

    def validate_owner(self, owner):
        request = self.context["request"]
        if self.instance is None or self.instance.owner != request.user:
            return request.user  # a new board is the creator's; only the owner hands over
        return owner
