from rest_framework import serializers

from thirdparty.models import Tag


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name", "created_by"]
        read_only_fields = ["created_by"]
