from rest_framework import serializers

from flawed.models import Item, Note


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ["id", "owner", "title", "body", "secret", "views", "published"]
        read_only_fields = ["owner", "views", "published"]


class WritableOwnerNoteSerializer(serializers.ModelSerializer):
    """FLAW: `__all__` leaves `owner` writable, so clients can assign notes to anyone."""

    class Meta:
        model = Note
        fields = "__all__"


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "name", "price"]
