from django.contrib.auth import get_user_model
from rest_framework import serializers

from library.models import Article, Attachment, Board, Webhook


class ArticleSerializer(serializers.ModelSerializer):
    author = serializers.ReadOnlyField(source="author.get_username")  # any user model

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


def _account_fields(model):
    """The login field, the email and the name fields of whichever user model is installed."""
    names = [model.USERNAME_FIELD, "email", "first_name", "last_name", "full_name"]
    present = {field.name for field in model._meta.concrete_fields}
    return ["id", *(name for name in dict.fromkeys(names) if name in present)]


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = _account_fields(model)


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
