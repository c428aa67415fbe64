from rest_framework import serializers

from accounts.models import Label, Plan, Profile, Subscription, Team


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "slug", "name", "price"]  # unique fields get DRF's UniqueValidator


class ProfileSerializer(serializers.ModelSerializer):
    """The user is the caller; a second profile is a 400, not an IntegrityError (500).

    Validators on a HiddenField never run (DRF skips them for a default value), and DRF adds
    no UniqueValidator to a declared field: the check has to be the serializer's own.
    """

    user = serializers.HiddenField(default=serializers.CurrentUserDefault())

    class Meta:
        model = Profile
        fields = ["id", "user", "bio", "website"]

    def validate(self, attrs):
        if "user" not in attrs:  # a partial update: the user does not change
            return attrs
        others = Profile.objects.filter(user=attrs["user"])
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError("You already have a profile.")
        return attrs


class SubscriptionSerializer(serializers.ModelSerializer):
    """A hidden current user makes DRF add UniqueTogetherValidator for (user, plan): a second
    subscription to the same plan answers 400 "The fields user, plan must make a unique set."."""

    user = serializers.HiddenField(default=serializers.CurrentUserDefault())

    class Meta:
        model = Subscription
        fields = ["id", "user", "plan", "seats", "primary"]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "slug", "name", "owner"]
        read_only_fields = ["owner"]


class OwnTeamField(serializers.PrimaryKeyRelatedField):
    """Only the caller's own teams can be referenced."""

    def get_queryset(self):
        return Team.objects.filter(owner=self.context["request"].user)


class LabelSerializer(serializers.ModelSerializer):
    """DRF validates (team, color) itself; the case-insensitive name (an expression
    constraint) it cannot see, so it is checked here: a clash is a 400, not a 500."""

    team = OwnTeamField()

    class Meta:
        model = Label
        fields = ["id", "team", "name", "color"]

    def validate(self, attrs):
        team = attrs.get("team", getattr(self.instance, "team", None))
        name = attrs.get("name", getattr(self.instance, "name", None))
        if team is None or name is None:
            return attrs
        others = Label.objects.filter(team=team, name__iexact=name)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError({"name": "The team has a label of this name."})
        return attrs
