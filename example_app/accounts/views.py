"""Account endpoints whose rows are unique per user, per plan, per team or by slug; all correct."""

from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from accounts.models import Label, Plan, Profile, Subscription, Team
from accounts.serializers import (
    LabelSerializer,
    PlanSerializer,
    ProfileSerializer,
    SubscriptionSerializer,
    TeamSerializer,
)
from config.permissions import IsStaffOrReadOnly


class PlanViewSet(viewsets.ModelViewSet):
    """The plan catalogue: public reads, staff writes; unique slug (the lookup) and name."""

    serializer_class = PlanSerializer
    permission_classes = [IsStaffOrReadOnly]
    queryset = Plan.objects.order_by("id")
    lookup_field = "slug"

    class Guard:
        factory = "accounts.factories.PlanFactory"
        policy = "staff_write"


class ProfileViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """One profile per user: create (once), retrieve and update one's own."""

    serializer_class = ProfileSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "accounts.factories.ProfileFactory"
        owner = "user"

    def get_queryset(self):
        return Profile.objects.filter(user=self.request.user)


class SubscriptionViewSet(viewsets.ModelViewSet):
    """A user's subscriptions, at most one per plan."""

    serializer_class = SubscriptionSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "accounts.factories.SubscriptionFactory"
        owner = "user"

    def get_queryset(self):
        return Subscription.objects.filter(user=self.request.user).order_by("id")


class TeamViewSet(viewsets.ModelViewSet):
    """A user's teams, named in URLs by slug; renaming the slug moves the team's URL."""

    serializer_class = TeamSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "slug"

    class Guard:
        factory = "accounts.factories.TeamFactory"
        owner = "owner"

    def get_queryset(self):
        return Team.objects.filter(owner=self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class LabelViewSet(viewsets.ModelViewSet):
    """Labels of the user's own teams; a name is unique per team, case-insensitively."""

    serializer_class = LabelSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "accounts.factories.LabelFactory"
        owner = "team__owner"

    def get_queryset(self):
        return Label.objects.filter(team__owner=self.request.user).order_by("id")
