from rest_framework import serializers

from vault.models import Secret


class SecretSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Secret
        fields = ["id", "owner", "name", "value", "updated_at"]
        read_only_fields = ["updated_at"]
