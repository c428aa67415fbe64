"""Correct exposure shapes: a private field dropped for other readers, a token shown once to
its owner, a nested owner rendered without its account's secrets."""

from rest_framework import mixins, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated

from profiles.factories import make_card
from profiles.models import ApiToken, Card
from profiles.serializers import ApiTokenSerializer, CardSerializer, NewApiTokenSerializer


class IsOwnerOrReadOnly(BasePermission):
    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or obj.owner_id == request.user.id


class CardViewSet(viewsets.ModelViewSet):
    """Every signed-in user reads every card; only its owner changes it."""

    serializer_class = CardSerializer
    permission_classes = [IsAuthenticated, IsOwnerOrReadOnly]
    queryset = Card.objects.select_related("owner").order_by("id")

    class Guard:
        factory = "profiles.factories.CardFactory"
        make = staticmethod(make_card)
        owner = "owner"
        policy = "authenticated_read"
        private_fields = {"contact_email": ["owner", "staff"]}

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class ApiTokenViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A user's own tokens; the value is in the answer to the creation, and never again."""

    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "profiles.factories.ApiTokenFactory"
        owner = "owner"
        exposed_to_owner = ["token"]  # shown once, to the user who made it

    def get_queryset(self):
        return ApiToken.objects.filter(owner=self.request.user).order_by("id")

    def get_serializer_class(self):
        return NewApiTokenSerializer if self.action == "create" else ApiTokenSerializer

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)
