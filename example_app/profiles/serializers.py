from django.contrib.auth import get_user_model
from rest_framework import serializers

from profiles.models import ApiToken, Card


class OwnerSerializer(serializers.ModelSerializer):
    """A user as other users see them: an id and a name, nothing of the account."""

    name = serializers.CharField(source="get_username", read_only=True)

    class Meta:
        model = get_user_model()
        fields = ["id", "name"]


class CardSerializer(serializers.ModelSerializer):
    """The contact e-mail is rendered for the card's owner and staff only."""

    owner = OwnerSerializer(read_only=True)

    class Meta:
        model = Card
        fields = ["id", "owner", "display_name", "bio", "contact_email"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not (user.is_staff or instance.owner_id == user.id):
            data.pop("contact_email")
        return data


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as listed: its name, never its value."""

    class Meta:
        model = ApiToken
        fields = ["id", "name"]


class NewApiTokenSerializer(serializers.ModelSerializer):
    """The answer to a token's creation: the only time its value is shown."""

    class Meta:
        model = ApiToken
        fields = ["id", "name", "token"]
        read_only_fields = ["token"]
