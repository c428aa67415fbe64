from django.contrib.auth import get_user_model
from rest_framework import serializers

from vault.models import Secret


class SecretSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(  # the login, whichever user model is installed
        slug_field=get_user_model().USERNAME_FIELD, read_only=True
    )

    class Meta:
        model = Secret
        fields = ["id", "owner", "name", "value", "updated_at"]
        read_only_fields = ["updated_at"]
