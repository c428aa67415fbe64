from django.db.models import Prefetch
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from gallery.models import Album, Profile, Reaction
from gallery.permissions import IsProfileOwnerOrReadOnly
from gallery.serializers import AlbumSerializer, ProfileSerializer


class ProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The member directory: one profile per user (a one-to-one), read by every signed-in user.

    Profiles are made with their user, so there is no create; each list row joins its user.
    """

    serializer_class = ProfileSerializer
    permission_classes = [IsAuthenticated, IsProfileOwnerOrReadOnly]

    class Guard:
        factory = "gallery.factories.ProfileFactory"
        owner = "user"
        policy = "authenticated_read"

    def get_queryset(self):
        return Profile.objects.select_related("user").order_by("id")


class AlbumViewSet(viewsets.ModelViewSet):
    """Private albums, each shown with its photos, tags and reactions (and who reacted)."""

    serializer_class = AlbumSerializer

    class Guard:
        factory = "gallery.factories.AlbumFactory"
        owner = "owner"

    def get_queryset(self):
        reactions = Reaction.objects.select_related("author").order_by("id")
        return (
            Album.objects.filter(owner=self.request.user)
            .prefetch_related("photos", "tags", Prefetch("reactions", queryset=reactions))
            .order_by("id")
        )

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)
