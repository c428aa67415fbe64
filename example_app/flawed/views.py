"""One `<Flaw>Flawed` / `<Flaw>Fixed` pair per mistake; both declare the policy they intend.

Every Note view is meant to be `private`: only the owner sees or changes a note, other
signed-in users get 404, anonymous users get 401/403.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import (
    AllowAny,
    BasePermission,
    DjangoModelPermissions,
    DjangoObjectPermissions,
    IsAuthenticated,
    IsAuthenticatedOrReadOnly,
)
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_guardian.filters import ObjectPermissionsFilter

from accounts.models import Profile, Team
from accounts.serializers import ProfileSerializer, TeamSerializer
from config.permissions import IsStaffOrReadOnly
from flawed.models import Item, Note, NoteComment
from flawed.serializers import (
    AnnotatedCommentCountNoteSerializer,
    CommentCountNoteSerializer,
    CommentOnAnyNoteSerializer,
    CommentOnOwnNoteSerializer,
    ItemSerializer,
    LiteralTrueOnlyUserSerializer,
    NoteCommentSerializer,
    NoteSerializer,
    NoteWithCommentsSerializer,
    OwnerNameNoteSerializer,
    OwnerTransferNoteSerializer,
    StaffGrantingUserSerializer,
    TransferNoteSerializer,
    WritableOwnerNoteSerializer,
)
from gallery.models import Album
from gallery.models import Profile as GalleryProfile
from gallery.views import AlbumViewSet, ProfileViewSet
from library.pagination import ItemsPagination
from useradmin.serializers import UserAdminSerializer
from vault.models import Secret
from vault.serializers import SecretSerializer


class PrivateNoteGuard:
    factory = "flawed.factories.NoteFactory"
    owner = "owner"
    policy = "private"


class StaffItemGuard:
    factory = "flawed.factories.ItemFactory"
    policy = "staff_write"


def all_notes():
    return Note.objects.order_by("id")


def count_view(note):
    note.views += 1
    note.save(update_fields=["views"])


class IsNoteOwner(BasePermission):
    def has_object_permission(self, request, view, obj):
        return obj.owner_id == request.user.id


class NoteViewSet(viewsets.ModelViewSet):
    """The correct private endpoint that each flaw departs from (not routed itself)."""

    serializer_class = NoteSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return all_notes().filter(owner=self.request.user)

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


# a. Retrieve is not scoped.
class UnscopedRetrieveFlawed(NoteViewSet):
    """FLAW: retrieve skips the owner filter ("for share links"): anyone reads any note."""

    Guard = PrivateNoteGuard

    def get_queryset(self):
        if self.action == "retrieve":
            return all_notes()
        return super().get_queryset()


class UnscopedRetrieveFixed(NoteViewSet):
    Guard = PrivateNoteGuard


# b. Writes are not scoped.
class UnscopedWriteFlawed(NoteViewSet):
    """FLAW: update/partial_update/destroy look notes up unscoped: anyone edits any note."""

    Guard = PrivateNoteGuard

    def get_queryset(self):
        if self.action in {"update", "partial_update", "destroy"}:
            return all_notes()
        return super().get_queryset()


class UnscopedWriteFixed(NoteViewSet):
    Guard = PrivateNoteGuard


# c. List is not scoped.
class ListLeakFlawed(NoteViewSet):
    """FLAW: list returns every user's notes."""

    Guard = PrivateNoteGuard

    def get_queryset(self):
        if self.action == "list":
            return all_notes()
        return super().get_queryset()


class ListLeakFixed(NoteViewSet):
    Guard = PrivateNoteGuard


# d. Anonymous reads.
class AnonymousReadFlawed(NoteViewSet):
    """FLAW: reads are AllowAny, and anonymous callers get the unscoped queryset."""

    Guard = PrivateNoteGuard

    def get_permissions(self):
        if self.action in {"list", "retrieve"}:
            return [AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        if self.request.user.is_authenticated:
            return super().get_queryset()
        return all_notes()


class AnonymousReadFixed(NoteViewSet):
    Guard = PrivateNoteGuard


# e. Anonymous writes.
class AnonymousWriteFlawed(NoteViewSet):
    """FLAW: create is AllowAny, so anonymous callers create ownerless notes (201)."""

    Guard = PrivateNoteGuard

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return super().get_permissions()

    def perform_create(self, serializer):
        user = self.request.user
        serializer.save(owner=user if user.is_authenticated else None)


class AnonymousWriteFixed(NoteViewSet):
    Guard = PrivateNoteGuard


# f. Mass assignment of the owner.
class MassAssignmentFlawed(NoteViewSet):
    """FLAW: `owner` is writable and trusted on create and update."""

    Guard = PrivateNoteGuard
    serializer_class = WritableOwnerNoteSerializer

    def perform_create(self, serializer):
        serializer.save(owner=serializer.validated_data.get("owner") or self.request.user)


class MassAssignmentFixed(NoteViewSet):
    """`owner` is read-only and always the caller."""

    Guard = PrivateNoteGuard


# g. 403 instead of 404.
class ForbiddenNotHiddenFlawed(NoteViewSet):
    """FLAW: detail lookups are unscoped and an object permission answers 403, which tells
    other users that the note exists."""

    Guard = PrivateNoteGuard
    permission_classes = [IsAuthenticated, IsNoteOwner]

    def get_queryset(self):
        if self.action == "list":
            return super().get_queryset()
        return all_notes()


class ForbiddenNotHiddenFixed(NoteViewSet):
    """The scoped queryset answers 404 before the object permission is consulted."""

    Guard = PrivateNoteGuard
    permission_classes = [IsAuthenticated, IsNoteOwner]


# h. Custom action that bypasses get_object().
class CustomActionFlawed(NoteViewSet):
    """FLAW: `publish` fetches the note itself, skipping get_queryset() and permissions."""

    Guard = PrivateNoteGuard

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        note = get_object_or_404(all_notes(), pk=pk)
        note.published = True
        note.save(update_fields=["published"])
        return Response(self.get_serializer(note).data)


class CustomActionFixed(NoteViewSet):
    Guard = PrivateNoteGuard

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        note = self.get_object()
        note.published = True
        note.save(update_fields=["published"])
        return Response(self.get_serializer(note).data)


# i. A rejected request that still writes.
class SideEffectFlawed(NoteViewSet):
    """FLAW: counts a view on any note before the scoped lookup rejects the caller with 404,
    so a hidden request still changes the row."""

    Guard = PrivateNoteGuard

    def get_object(self):
        count_view(get_object_or_404(all_notes(), pk=self.kwargs["pk"]))
        return super().get_object()


class SideEffectFixed(NoteViewSet):
    """Counts the view only once the scoped lookup has succeeded."""

    Guard = PrivateNoteGuard

    def get_object(self):
        note = super().get_object()
        count_view(note)
        return note


# j. Staff-only writes open to every signed-in user.
class StaffWriteFlawed(viewsets.ModelViewSet):
    """FLAW: IsAuthenticatedOrReadOnly lets any signed-in user write staff-maintained items."""

    Guard = StaffItemGuard
    queryset = Item.objects.order_by("id")
    serializer_class = ItemSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]


class StaffWriteFixed(viewsets.ModelViewSet):
    Guard = StaffItemGuard
    queryset = Item.objects.order_by("id")
    serializer_class = ItemSerializer
    permission_classes = [IsStaffOrReadOnly]


# k. N+1 through a foreign key.
class ListForeignKeyNPlusOneFlawed(NoteViewSet):
    """FLAW: the serializer shows `owner.username` but the queryset does not join the owner,
    so listing N notes runs N more queries."""

    Guard = PrivateNoteGuard
    serializer_class = OwnerNameNoteSerializer


class ListForeignKeyNPlusOneFixed(NoteViewSet):
    Guard = PrivateNoteGuard
    serializer_class = OwnerNameNoteSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("owner")


# l. N+1 through a reverse foreign key.
class ListReverseNPlusOneFlawed(NoteViewSet):
    """FLAW: `comment_count` runs one COUNT query per listed note."""

    Guard = PrivateNoteGuard
    serializer_class = CommentCountNoteSerializer


class ListReverseNPlusOneFixed(NoteViewSet):
    """The database counts the comments of every note in the list query itself."""

    Guard = PrivateNoteGuard
    serializer_class = AnnotatedCommentCountNoteSerializer

    def get_queryset(self):
        return super().get_queryset().annotate(comment_count=Count("comments"))


# m. N+1 in a nested serializer.
class NestedDetailNPlusOneFlawed(NoteViewSet):
    """FLAW: the nested comments, and each comment's author, are loaded one query at a time:
    a note with N comments costs N more queries to retrieve (and each listed note one more)."""

    Guard = PrivateNoteGuard
    serializer_class = NoteWithCommentsSerializer


class NestedDetailNPlusOneFixed(NoteViewSet):
    Guard = PrivateNoteGuard
    serializer_class = NoteWithCommentsSerializer

    def get_queryset(self):
        comments = NoteComment.objects.select_related("author").order_by("id")
        return super().get_queryset().prefetch_related(Prefetch("comments", queryset=comments))


# n. One more query than the lock file records.
class QueryGrowthFlawed(NoteViewSet):
    """FLAW: a new response header counts the caller's notes on every retrieve: one query
    more than the entry for this endpoint in flawed.lock, which records the fixed behaviour."""

    Guard = PrivateNoteGuard

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["X-Note-Count"] = str(self.get_queryset().count())
        return response


class QueryGrowthFixed(NoteViewSet):
    Guard = PrivateNoteGuard


# o. A list leak behind a paginator of its own shape ({"items": [...], "total": n}).
class ItemsPageLeakFlawed(NoteViewSet):
    """FLAW: the list returns every user's notes; its pages answer {"items", "total", "next"},
    which the checks read through the paginator's response schema."""

    Guard = PrivateNoteGuard
    pagination_class = ItemsPagination

    def get_queryset(self):
        if self.action == "list":
            return all_notes()
        return super().get_queryset()


class ItemsPageLeakFixed(NoteViewSet):
    Guard = PrivateNoteGuard
    pagination_class = ItemsPagination


# p. A list leak in a hand-made envelope ({"notes": [...], "count": n}), unpaginated.
def notes_envelope(view):
    notes = view.get_serializer(view.filter_queryset(view.get_queryset()), many=True).data
    return Response({"notes": notes, "count": len(notes)})


class EnvelopeLeakFlawed(NoteViewSet):
    """FLAW: the list returns every user's notes, in a {"notes": [...], "count": n} envelope."""

    class Guard(PrivateNoteGuard):
        unpaginated = "a fixture for the list checks' readings of an envelope, not a real list"

    pagination_class = None

    def get_queryset(self):
        if self.action == "list":
            return all_notes()
        return super().get_queryset()

    def list(self, request, *args, **kwargs):
        return notes_envelope(self)


class EnvelopeLeakFixed(NoteViewSet):
    class Guard(PrivateNoteGuard):
        unpaginated = "a fixture for the list checks' readings of an envelope, not a real list"

    pagination_class = None

    def list(self, request, *args, **kwargs):
        return notes_envelope(self)


# q. A list whose rows the checks cannot find without Guard.rows.
def nested_notes(view):
    notes = view.get_serializer(view.filter_queryset(view.get_queryset()), many=True).data
    return Response({"data": {"notes": notes}})


class UnreadableListFlawed(NoteViewSet):
    """FLAW (of the declaration, not the view): the list answers {"data": {"notes": [...]}}
    and the Guard does not say where the rows are, so the list checks cannot verify it."""

    class Guard(PrivateNoteGuard):
        unpaginated = "a fixture for the list checks' readings of an envelope, not a real list"

    pagination_class = None

    def list(self, request, *args, **kwargs):
        return nested_notes(self)


class UnreadableListFixed(NoteViewSet):
    """The same view; the Guard names the key path of the rows."""

    class Guard:
        factory = "flawed.factories.NoteFactory"
        owner = "owner"
        policy = "private"
        rows = "data.notes"
        unpaginated = "a fixture for the list checks' readings of an envelope, not a real list"

    pagination_class = None

    def list(self, request, *args, **kwargs):
        return nested_notes(self)


# r. A list that shows only published notes, declared with a factory of unpublished ones.
class PublishedNoteViewSet(NoteViewSet):
    """Lists only the caller's published notes; details reach every note of the caller."""

    def get_queryset(self):
        if self.action == "list":
            return super().get_queryset().filter(published=True)
        return super().get_queryset()


class PublishedOnlyFlawed(PublishedNoteViewSet):
    """FLAW (of the declaration, not the view): the list shows only published notes, but
    NoteFactory builds unpublished ones, so the actors' own notes never appear in it."""

    Guard = PrivateNoteGuard


class PublishedOnlyFixed(PublishedNoteViewSet):
    """The same view; the Guard's factory builds published notes."""

    class Guard:
        factory = "flawed.factories.PublishedNoteFactory"
        owner = "owner"
        policy = "private"


class MeGuard:
    factory = "config.factories.UserFactory"
    owner = "self"  # a "me" endpoint: the object is the requesting user
    policy = "private"


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name"]


class MeFlawed(generics.RetrieveUpdateAPIView):
    """FLAW: the "me" endpoint serves the first account, not the requesting user's."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    queryset = get_user_model().objects.all()
    Guard = MeGuard

    def get_object(self):
        return get_user_model().objects.order_by("id").first()


class MeFixed(MeFlawed):
    """Serves request.user."""

    def get_object(self):
        return self.request.user


class NoteCountApiViewFlawed(APIView):
    """FLAW: a plain APIView meant for signed-in users answers anonymous callers too."""

    permission_classes = [AllowAny]

    class Guard:
        policy = "private"  # anonymous callers are refused

    def get(self, request):
        return Response({"notes": Note.objects.count()})


class NoteCountApiViewFixed(NoteCountApiViewFlawed):
    """Requires authentication."""

    permission_classes = [IsAuthenticated]


class IsNoteOwnerOrReadOnly(BasePermission):
    def has_object_permission(self, request, view, obj):
        return request.method in ("GET", "HEAD", "OPTIONS") or obj.owner_id == request.user.id


class WrongObjectFlawed(NoteViewSet):
    """FLAW: retrieve ignores the URL and serves the newest note (public notes, owner writes)."""

    permission_classes = [IsAuthenticatedOrReadOnly, IsNoteOwnerOrReadOnly]

    class Guard:
        factory = "flawed.factories.NoteFactory"
        owner = "owner"
        policy = "public_read"
        exposed_to_all = {"secret": "notes are public here, their secret included"}

    def get_queryset(self):
        return all_notes()

    def retrieve(self, request, *args, **kwargs):
        note = self.get_queryset().order_by("-id").first()
        return Response(self.get_serializer(note).data)


class WrongObjectFixed(WrongObjectFlawed):
    """Looks the note up with get_object()."""

    def retrieve(self, request, *args, **kwargs):
        return viewsets.ModelViewSet.retrieve(self, request, *args, **kwargs)


class NoteSummaryApiViewFlawed(APIView):
    """FLAW: a plain APIView looks the note named by its URL up without scoping it."""

    permission_classes = [IsAuthenticated]
    Guard = PrivateNoteGuard

    def get(self, request, pk):
        note = get_object_or_404(Note.objects.all(), pk=pk)
        return Response({"id": note.pk, "title": note.title})


class NoteSummaryApiViewFixed(NoteSummaryApiViewFlawed):
    """Looks it up among the user's own notes."""

    def get(self, request, pk):
        note = get_object_or_404(Note.objects.filter(owner=request.user), pk=pk)
        return Response({"id": note.pk, "title": note.title})


class CrossParentLeakFlawed(viewsets.ModelViewSet):
    """FLAW: comments nested under a note are filtered by the note in the URL only, so anyone
    listing under another user's note sees that user's private comments."""

    serializer_class = NoteCommentSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "flawed.factories.NoteCommentFactory"
        owner = "author"
        policy = "private"
        parents = {"note_pk": "note_id"}

    def get_queryset(self):
        return NoteComment.objects.filter(note_id=self.kwargs["note_pk"]).select_related("author")

    def perform_create(self, serializer):
        serializer.save(note_id=self.kwargs["note_pk"], author=self.request.user)


class CrossParentLeakFixed(CrossParentLeakFlawed):
    """Filters by the note and by the requesting author."""

    def get_queryset(self):
        return super().get_queryset().filter(author=self.request.user)


class ModelPermissionsFlawed(viewsets.ModelViewSet):
    """FLAW: meant for DjangoModelPermissions, but any signed-in user may write."""

    serializer_class = NoteSerializer
    permission_classes = [IsAuthenticated]
    queryset = Note.objects.order_by("id")

    class Guard:
        factory = "flawed.factories.NoteFactory"
        policy = "model_permissions"
        exposed_to_all = {"secret": "every reader of a note reads its secret here"}
        actors = {
            "editor": {"permissions": ["flawed.add_note", "flawed.change_note"]},
            "admin": {"superuser": True},
        }


class ModelPermissionsFixed(ModelPermissionsFlawed):
    """Writes need the model permission."""

    permission_classes = [DjangoModelPermissions]


class ParentIgnoredFlawed(CrossParentLeakFlawed):
    """FLAW: scoped to the author but not to the note in the URL, so the owner's comment is
    served under any note's URL (a parent the user may have lost access to)."""

    def get_queryset(self):
        return NoteComment.objects.filter(author=self.request.user).select_related("author")


class ParentIgnoredFixed(CrossParentLeakFixed):
    """Scoped to the note and to the author."""


class BodyReferenceFlawed(viewsets.ModelViewSet):
    """FLAW: a comment may be posted on (or moved to) another user's private note."""

    serializer_class = CommentOnAnyNoteSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "flawed.factories.NoteCommentFactory"
        make = "flawed.factories.make_own_comment"
        owner = "author"
        policy = "private"

    def get_queryset(self):
        return NoteComment.objects.filter(author=self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.save(author=self.request.user)


class BodyReferenceFixed(BodyReferenceFlawed):
    """The note must be one of the user's own."""

    serializer_class = CommentOnOwnNoteSerializer


class TransferGuard(PrivateNoteGuard):
    transfer = "owner"  # the owner may hand a note over; staff may edit, not hand over
    access = {
        "list": {"staff": "all"},
        **{
            action: {"staff": "allow"}
            for action in ("retrieve", "update", "partial_update", "destroy")
        },
    }


class TransferFlawed(NoteViewSet):
    """FLAW: staff, who may edit any note, may also hand it to another user."""

    Guard = TransferGuard
    serializer_class = TransferNoteSerializer

    def get_queryset(self):
        notes = all_notes()
        return notes if self.request.user.is_staff else notes.filter(owner=self.request.user)


class TransferFixed(TransferFlawed):
    """Only the owner's ``owner`` is taken."""

    serializer_class = OwnerTransferNoteSerializer


class MethodRefusedFlawed(NoteViewSet):
    """FLAW: PUT is routed but refused to everybody (only PATCH is meant to be offered)."""

    Guard = PrivateNoteGuard

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise MethodNotAllowed(request.method)
        return super().update(request, *args, **kwargs)


class MethodRefusedFixed(MethodRefusedFlawed):
    """PUT is taken off the route."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


class UserAdminGuard:
    factory = "config.factories.UserFactory"
    owner = "self"
    policy = "model_permissions"
    actors = {
        "user_admin": {"permissions": ["auth.add_user", "auth.change_user", "auth.delete_user"]},
        "root": {"superuser": True},
    }


class PrivilegeGrantFlawed(viewsets.ModelViewSet):
    """FLAW: a user admin (not a superuser) makes anyone staff, superuser or a group member."""

    Guard = UserAdminGuard
    serializer_class = StaffGrantingUserSerializer
    permission_classes = [DjangoModelPermissions]
    queryset = get_user_model().objects.prefetch_related("groups").order_by("id")


class PrivilegeGrantFixed(PrivilegeGrantFlawed):
    """Only a superuser grants privilege; anyone else gets 403."""

    serializer_class = UserAdminSerializer


class LiteralTrueOnlyFlawed(PrivilegeGrantFlawed):
    """FLAW: only the JSON literal true is refused."""

    serializer_class = LiteralTrueOnlyUserSerializer


class LiteralTrueOnlyFixed(PrivilegeGrantFixed):
    """Every form DRF's BooleanField accepts is refused."""


class ObjectInBodyFlawed(NoteViewSet):
    """FLAW: a list-level action loads the note its body names from every note."""

    class Guard(PrivateNoteGuard):
        payload = staticmethod(lambda action, user, note: {"id": note.pk})

    @action(detail=False, methods=["post"])
    def reveal(self, request):
        note = get_object_or_404(all_notes(), pk=request.data.get("id"))
        return Response({"secret": note.secret})


class ObjectInBodyFixed(ObjectInBodyFlawed):
    """The note is looked up among the user's own."""

    @action(detail=False, methods=["post"])
    def reveal(self, request):
        note = get_object_or_404(self.get_queryset(), pk=request.data.get("id"))
        return Response({"secret": note.secret})


class WritableOwnerTeamSerializer(serializers.ModelSerializer):
    """FLAW: `owner` is writable, so clients can hand a team to anyone."""

    class Meta:
        model = Team
        fields = ["id", "slug", "name", "owner"]


class SlugOwnerFlawed(viewsets.ModelViewSet):
    """FLAW: a team's owner is client-sent and trusted; teams are named in URLs by their unique
    slug, which an update changes too (the re-send must follow the row to its new URL, and must
    not collide with the slug the first write took)."""

    serializer_class = WritableOwnerTeamSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "slug"

    class Guard:
        factory = "accounts.factories.TeamFactory"
        owner = "owner"

    def get_queryset(self):
        return Team.objects.filter(owner=self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.save(owner=serializer.validated_data.get("owner") or self.request.user)


class SlugOwnerFixed(SlugOwnerFlawed):
    """The owner is read-only and always the caller."""

    serializer_class = TeamSerializer


class SecretGuard:
    factory = "vault.factories.SecretFactory"
    owner = "owner"
    policy = "object_permissions"


class ObjectPermissionsFlawed(viewsets.ModelViewSet):
    """FLAW: DjangoModelPermissions on a per-object vault: whoever may see a secret and holds
    the model's change or delete permission changes or deletes it."""

    serializer_class = SecretSerializer
    permission_classes = [DjangoModelPermissions]
    filter_backends = [ObjectPermissionsFilter]
    queryset = Secret.objects.select_related("owner").order_by("id")

    class Guard(SecretGuard):
        actors = {
            "reviewer": {
                "permissions": ["vault.change_secret"],
                "object_permissions": ["vault.view_secret", "vault.change_secret"],
            },
            # Sees the secret; holds change and delete on the model but not on this secret.
            "auditor": {
                "permissions": ["vault.change_secret", "vault.delete_secret"],
                "object_permissions": ["vault.view_secret"],
            },
            "admin": {"superuser": True},
        }

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class WritableUserProfileSerializer(serializers.ModelSerializer):
    """FLAW: `__all__` leaves the one-to-one `user` writable."""

    class Meta:
        model = Profile
        fields = "__all__"


class ProfileOwnerFlawed(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """FLAW: one profile per user, and the user is client-sent: a profile can be made for, or
    moved to, another user (once that user's own profile is out of the way)."""

    serializer_class = WritableUserProfileSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "accounts.factories.ProfileFactory"
        owner = "user"

    def get_queryset(self):
        return Profile.objects.filter(user=self.request.user)


class ProfileOwnerFixed(ProfileOwnerFlawed):
    """The user is the caller (a hidden field); a second profile is refused with 400."""

    serializer_class = ProfileSerializer


# N+1 across every kind of relation, on the gallery app's models (gallery/models.py).
class ProfileListNPlusOneFlawed(ProfileViewSet):
    """FLAW: the directory shows each profile's login, but the queryset does not join the user
    (a one-to-one): one query per listed profile."""

    def get_queryset(self):
        return GalleryProfile.objects.order_by("id")


class ProfileListNPlusOneFixed(ProfileViewSet):
    """gallery.ProfileViewSet: select_related("user")."""


class AlbumRelationsNPlusOneFlawed(AlbumViewSet):
    """FLAW: nothing is prefetched: every listed album costs a query for its photos (reverse
    foreign key), its tags (many-to-many) and its reactions (generic relation), and every
    reaction one more for its author."""

    def get_queryset(self):
        return Album.objects.filter(owner=self.request.user).order_by("id")


class AlbumRelationsNPlusOneFixed(AlbumViewSet):
    """gallery.AlbumViewSet: prefetch_related("photos", "tags", reactions with their authors)."""


class ObjectPermissionsFixed(ObjectPermissionsFlawed):
    """The permission is checked on the secret too."""

    permission_classes = [DjangoObjectPermissions]


class UnfilteredObjectsFlawed(viewsets.ModelViewSet):
    """FLAW: DjangoObjectPermissions without ObjectPermissionsFilter: reads need no permission
    in DRF's perms_map, so every signed-in user lists and reads every secret."""

    serializer_class = SecretSerializer
    permission_classes = [DjangoObjectPermissions]
    queryset = Secret.objects.select_related("owner").order_by("id")

    class Guard(SecretGuard):
        actors = {
            "viewer": {"object_permissions": ["vault.view_secret"]},
            "editor": {"permissions": ["vault.add_secret", "vault.change_secret"]},
            "admin": {"superuser": True},
        }

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class UnfilteredObjectsFixed(UnfilteredObjectsFlawed):
    """Lists and lookups show only the secrets the user may view."""

    filter_backends = [ObjectPermissionsFilter]


# -- query parameters: filters narrow the user's rows, ordering never sorts by a secret ------

from rest_framework.filters import OrderingFilter  # noqa: E402

from directory.models import Contact  # noqa: E402
from directory.serializers import ContactSerializer  # noqa: E402


class QueryParamTenantLeakFlawed(viewsets.ReadOnlyModelViewSet):
    """FLAW: ?organization=<id> widens the list to that whole organization, so anyone who
    learns another tenant's id reads its contacts."""

    serializer_class = ContactSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "directory.factories.ContactFactory"
        owner = "owner"
        filters = {"list": {"organization": "organization_id"}}  # read by hand, not a backend

    def get_queryset(self):
        if organization := self.request.query_params.get("organization"):
            return self.contacts().filter(organization_id=organization)
        return self.contacts().filter(owner=self.request.user)

    def contacts(self):
        return Contact.objects.select_related("organization").order_by("id")


class QueryParamTenantLeakFixed(QueryParamTenantLeakFlawed):
    """The organization narrows the user's own contacts; a malformed id is a 400 (it was a
    500 until the input family sent ?organization=abc)."""

    def get_queryset(self):
        contacts = self.contacts().filter(owner=self.request.user)
        if organization := self.request.query_params.get("organization"):
            field = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
            try:
                organization = field.run_validation(organization)
            except serializers.ValidationError as error:
                raise serializers.ValidationError({"organization": error.detail}) from None
            contacts = contacts.filter(organization_id=organization)
        return contacts


class OrderingSecretLeakFlawed(viewsets.ReadOnlyModelViewSet):
    """FLAW: a people directory with ordering_fields = "__all__": ?ordering=password sorts the
    users by their password hashes, one comparison at a time."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    queryset = get_user_model().objects.order_by("id")
    filter_backends = [OrderingFilter]
    ordering_fields = "__all__"

    class Guard:
        factory = "config.factories.UserFactory"
        owner = "self"
        policy = "authenticated_read"


class OrderingSecretLeakFixed(OrderingSecretLeakFlawed):
    """Only the fields the directory shows may order it."""

    ordering_fields = ["username", "first_name"]


# Pagination. A list without pages answers every row the table will ever hold.
class UnpaginatedListFlawed(NoteViewSet):
    """FLAW: pagination switched off: the list is a bare array of every note."""

    Guard = PrivateNoteGuard
    pagination_class = None


class UnpaginatedListFixed(NoteViewSet):
    """Pages of the project's StandardPagination."""

    Guard = PrivateNoteGuard


class UncappedPagination(PageNumberPagination):
    page_size = 10
    page_size_query_param = "page_size"  # and no max_page_size


class CappedPagination(UncappedPagination):
    max_page_size = 50


class UncappedPageSizeFlawed(NoteViewSet):
    """FLAW: ?page_size=1000000 returns every note in one page."""

    Guard = PrivateNoteGuard
    pagination_class = UncappedPagination


class UncappedPageSizeFixed(NoteViewSet):
    Guard = PrivateNoteGuard
    pagination_class = CappedPagination


class UnorderedPageFlawed(NoteViewSet):
    """FLAW: pages of a queryset in no order: the database may repeat or skip rows between
    pages; ``latest`` (a list-style action) pages the same queryset."""

    Guard = PrivateNoteGuard

    def get_queryset(self):
        return Note.objects.filter(owner=self.request.user)

    @action(detail=False)
    def latest(self, request):
        page = self.paginate_queryset(self.get_queryset().filter(published=False))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class UnorderedPageFixed(UnorderedPageFlawed):
    def get_queryset(self):
        return super().get_queryset().order_by("id")


class TiedOrderFlawed(NoteViewSet):
    """FLAW: ordered by a key many rows share (``published``): rows with equal keys have no
    fixed place, so a page boundary among them repeats or skips rows."""

    Guard = PrivateNoteGuard

    def get_queryset(self):
        return Note.objects.filter(owner=self.request.user).order_by("-published")


class TiedOrderFixed(TiedOrderFlawed):
    def get_queryset(self):
        return super().get_queryset().order_by("-published", "id")


class AccountStatusSerializer(serializers.ModelSerializer):
    """FLAW: the "status flags" a user admin toggles include is_staff."""

    class Meta:
        model = get_user_model()
        fields = ["id", "is_active", "is_staff"]


class PrivilegeInActionFlawed(PrivilegeGrantFixed):
    """FLAW: create and update refuse privilege, but a custom action with a body has a
    serializer of its own that lets a user admin make anyone staff."""

    class Guard(UserAdminGuard):
        payload = staticmethod(
            lambda action, user, obj: {"is_active": False} if action == "set_active" else {}
        )

    @action(detail=True, methods=["post"], serializer_class=AccountStatusSerializer)
    def set_active(self, request, pk=None):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class PrivilegeInActionFixed(PrivilegeInActionFlawed):
    """The action uses the admin serializer, which refuses privilege to all but a superuser."""

    @action(detail=True, methods=["post"], serializer_class=UserAdminSerializer)
    def set_active(self, request, pk=None):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


# -- Database constraints: the API must refuse what the database would (a 400, never a 500) --

from bookings.models import Booking  # noqa: E402
from bookings.serializers import BookingSerializer  # noqa: E402


class BookingGuard:
    factory = "bookings.factories.BookingFactory"
    owner = "owner"


class OwnBookingViewSet(viewsets.ModelViewSet):
    permission_classes = [IsAuthenticated]
    Guard = BookingGuard

    def get_queryset(self):
        return Booking.objects.filter(owner=self.request.user).order_by("id")


class UnvalidatedUniqueBookingSerializer(BookingSerializer):
    """No unique validators: DRF's UniqueTogetherValidators for (room, start) and the confirmed
    (owner, room) are dropped."""

    class Meta(BookingSerializer.Meta):
        validators = []


class DuplicateBookingFlawed(OwnBookingViewSet):
    """FLAW: a second booking of a room at the same start reaches the database: its
    IntegrityError is a 500 (so is a second confirmed booking of one room)."""

    serializer_class = UnvalidatedUniqueBookingSerializer


class DuplicateBookingFixed(OwnBookingViewSet):
    serializer_class = BookingSerializer


class UncheckedRangeBookingSerializer(BookingSerializer):
    def validate(self, attrs):
        return attrs  # the end-after-start check is left to the database


class InvertedRangeFlawed(OwnBookingViewSet):
    """FLAW: a booking ending before it starts reaches the database's CheckConstraint: a 500."""

    serializer_class = UncheckedRangeBookingSerializer


class InvertedRangeFixed(OwnBookingViewSet):
    serializer_class = BookingSerializer


# -- Throttling: sign-in endpoints an attacker hammers (signin/ holds the correct ones) --
from rest_framework.throttling import ScopedRateThrottle  # noqa: E402

from signin.views import LoginView  # noqa: E402


class UnthrottledLoginFlawed(LoginView):
    """FLAW: the login is exempted from throttling ("it must stay fast"), though its Guard
    says credentials are guessed here."""

    throttle_classes = []


class UnthrottledLoginFixed(LoginView):
    pass


class MonitoringOnlyThrottle(ScopedRateThrottle):
    """Meant as a dry run before enforcing: it records each attempt and ignores the verdict."""

    def allow_request(self, request, view):
        super().allow_request(request, view)
        return True


class NeverBitingThrottleFlawed(LoginView):
    """FLAW: the login's throttle applies a rate (login: 5/minute) that never refuses."""

    throttle_classes = [MonitoringOnlyThrottle]


class NeverBitingThrottleFixed(LoginView):
    throttle_classes = [ScopedRateThrottle]
# -- Exposure: what a response shows of users (profiles/ holds the correct shapes) ------------

from profiles.models import ApiToken  # noqa: E402
from profiles.serializers import CardSerializer, OwnerSerializer  # noqa: E402
from profiles.views import CardViewSet  # noqa: E402


class WholeUserSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = "__all__"


class WholeOwnerCardSerializer(CardSerializer):
    owner = WholeUserSerializer(read_only=True)


class WholeUserFlawed(CardViewSet):
    """FLAW: a card's owner rendered by a user serializer with fields = "__all__": every
    reader gets the owner's password hash (and every account field the model gains later)."""

    serializer_class = WholeOwnerCardSerializer
    queryset = CardViewSet.queryset.prefetch_related("owner__groups", "owner__user_permissions")


class WholeUserFixed(CardViewSet):
    pass


class CardTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["name", "token"]


class TokenOwnerSerializer(OwnerSerializer):
    api_tokens = CardTokenSerializer(many=True, read_only=True)

    class Meta(OwnerSerializer.Meta):
        fields = [*OwnerSerializer.Meta.fields, "api_tokens"]


class TokenCardSerializer(CardSerializer):
    """A card showing its owner's tokens, value and all."""

    owner = TokenOwnerSerializer(read_only=True)


class TokenInCardFlawed(CardViewSet):
    """FLAW: every reader of a profile card gets its owner's API tokens (nested)."""

    serializer_class = TokenCardSerializer
    queryset = CardViewSet.queryset.prefetch_related("owner__api_tokens")


class TokenInCardFixed(CardViewSet):
    pass


class ShownEmailCardSerializer(CardSerializer):
    def to_representation(self, instance):
        return serializers.ModelSerializer.to_representation(self, instance)


class PrivateEmailShownFlawed(CardViewSet):
    """FLAW: the card's private contact e-mail is shown to every reader, not its owner alone."""

    serializer_class = ShownEmailCardSerializer


class PrivateEmailShownFixed(CardViewSet):
    pass
# -- Hostile input: a 4xx that changes nothing, never a 5xx (docs/input.md) --

from intake.models import Application  # noqa: E402
from intake.serializers import ApplicationSerializer  # noqa: E402
from intake.views import DETAILS, query_value  # noqa: E402


class ApplicationGuard:
    factory = "intake.factories.ApplicationFactory"
    owner = "owner"
    payload = {"details": DETAILS}


class OwnApplications:
    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    Guard = ApplicationGuard

    def get_queryset(self):
        return Application.objects.filter(owner=self.request.user).order_by("id")


class UnvalidatedFilterFlawed(OwnApplications, viewsets.ReadOnlyModelViewSet):
    """FLAW: ?min_amount= reaches the ORM as the client sent it: ?min_amount=abc is a 500
    (Django's ValidationError, which DRF does not turn into a 400)."""

    def get_queryset(self):
        rows = super().get_queryset()
        if "min_amount" in self.request.query_params:
            rows = rows.filter(amount__gte=self.request.query_params["min_amount"])
        return rows


class UnvalidatedFilterFixed(OwnApplications, viewsets.ReadOnlyModelViewSet):
    """The amount goes through a serializer field first: malformed is a 400."""

    def get_queryset(self):
        rows = super().get_queryset()
        if "min_amount" in self.request.query_params:
            field = serializers.DecimalField(max_digits=8, decimal_places=2)
            value = query_value(field, "min_amount", self.request.query_params["min_amount"])
            rows = rows.filter(amount__gte=value)
        return rows


class BothBoundsSerializer(ApplicationSerializer):
    def validate(self, attrs):
        if attrs["closes"] < attrs["opens"]:  # a PATCH carrying one bound: KeyError, a 500
            raise serializers.ValidationError({"closes": "An application closes after it opens."})
        return attrs


class PartialValidateFlawed(
    OwnApplications, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """FLAW: validate() indexes both bounds, which a partial update need not send."""

    serializer_class = BothBoundsSerializer


class PartialValidateFixed(
    OwnApplications, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """ApplicationSerializer.validate() falls back to the stored bound."""


class RenameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["title"]


def renaming(action, user, obj):
    return {"title": "Renamed"} if action == "rename" else {"details": DETAILS}


class ActionBodyFlawed(
    OwnApplications, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """FLAW: the custom action names a serializer but reads the body by hand: a title that
    is not text (or none at all) is a 500, and a 61-character one is stored."""

    class Guard(ApplicationGuard):
        payload = staticmethod(renaming)

    @action(detail=True, methods=["post"], serializer_class=RenameSerializer)
    def rename(self, request, pk=None):
        application = self.get_object()
        application.title = request.data["title"].strip()
        application.save(update_fields=["title"])
        return Response({"id": application.pk, "title": application.title})


class ActionBodyFixed(ActionBodyFlawed):
    """The action validates its body with its serializer: a bad title is a 400."""

    @action(detail=True, methods=["post"], serializer_class=RenameSerializer)
    def rename(self, request, pk=None):
        serializer = self.get_serializer(self.get_object(), data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class PlainTextField(serializers.Field):
    """Any string as it came: DRF's CharField would refuse NUL bytes and long strings."""

    def to_internal_value(self, data):
        return str(data)

    def to_representation(self, value):
        return value


class PlainTitleSerializer(ApplicationSerializer):
    title = PlainTextField()


class NulByteFlawed(
    OwnApplications, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """FLAW: a title with a NUL byte reaches the database: PostgreSQL refuses it, a 500
    (SQLite stores it, so this flaw is caught on PostgreSQL only)."""

    serializer_class = PlainTitleSerializer


class NulByteFixed(
    OwnApplications, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """ApplicationSerializer's title is DRF's CharField: NUL bytes and length are a 400."""
