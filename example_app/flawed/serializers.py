from django.contrib.auth import get_user_model
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from flawed.models import Item, Note, NoteComment


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


class OwnerNameNoteSerializer(NoteSerializer):
    """Shows the owner's username: one query per row unless the queryset joins the owner."""

    owner_name = serializers.SerializerMethodField()

    class Meta(NoteSerializer.Meta):
        fields = [*NoteSerializer.Meta.fields, "owner_name"]

    def get_owner_name(self, note):
        return note.owner.username


class CommentCountNoteSerializer(NoteSerializer):
    """FLAW: counts each note's comments with a query of its own."""

    comment_count = serializers.SerializerMethodField()

    class Meta(NoteSerializer.Meta):
        fields = [*NoteSerializer.Meta.fields, "comment_count"]

    def get_comment_count(self, note):
        return note.comments.count()


class AnnotatedCommentCountNoteSerializer(NoteSerializer):
    """Reads `comment_count` from the queryset's annotate(); a new note has no comments."""

    comment_count = serializers.SerializerMethodField()

    class Meta(NoteSerializer.Meta):
        fields = [*NoteSerializer.Meta.fields, "comment_count"]

    def get_comment_count(self, note):
        return getattr(note, "comment_count", 0)


class NoteCommentSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = NoteComment
        fields = ["id", "author_name", "body"]


class NoteWithCommentsSerializer(NoteSerializer):
    """Nests every comment with its author's name: two relations deep."""

    comments = NoteCommentSerializer(many=True, read_only=True)

    class Meta(NoteSerializer.Meta):
        fields = [*NoteSerializer.Meta.fields, "comments"]


class CommentOnAnyNoteSerializer(serializers.ModelSerializer):
    """FLAW: any note id is accepted, including another user's private note."""

    class Meta:
        model = NoteComment
        fields = ["id", "note", "body"]


class OwnNoteField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Note.objects.filter(owner=self.context["request"].user)


class CommentOnOwnNoteSerializer(CommentOnAnyNoteSerializer):
    note = OwnNoteField()


class TransferNoteSerializer(serializers.ModelSerializer):
    """FLAW: ``owner`` is writable by anyone who may update the note, not only its owner."""

    class Meta:
        model = Note
        fields = ["id", "owner", "title", "body"]
        read_only_fields = []


class OwnerTransferNoteSerializer(TransferNoteSerializer):
    """Only the note's owner hands it over; anybody else's ``owner`` is ignored."""

    def validate_owner(self, owner):
        user = self.context["request"].user
        if self.instance is None:
            return user
        return owner if self.instance.owner == user else self.instance.owner


class StaffGrantingUserSerializer(serializers.ModelSerializer):
    """FLAW: a user admin may set is_staff, is_superuser and groups."""

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "is_active", "is_staff", "is_superuser", "groups"]


class LiteralTrueOnlyUserSerializer(StaffGrantingUserSerializer):
    """FLAW: refuses only the JSON literal true; "true", 1 or "on" still make staff."""

    def validate(self, attrs):
        user = self.context["request"].user
        raw = self.initial_data
        if not user.is_superuser and True in (raw.get("is_staff"), raw.get("is_superuser")):
            raise PermissionDenied("only a superuser may grant staff or superuser")
        return attrs
