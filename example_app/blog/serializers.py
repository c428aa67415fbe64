from rest_framework import serializers

from blog.models import Comment, Page, Post


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "author", "title", "body", "published", "created_at"]
        read_only_fields = ["author", "created_at"]


class CommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Comment
        fields = ["id", "post", "author", "body", "created_at"]
        # The post comes from the URL and the author from the request.
        read_only_fields = ["post", "author", "created_at"]


class PageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Page
        fields = ["id", "author", "title", "body", "updated_at"]
        read_only_fields = ["author", "updated_at"]
