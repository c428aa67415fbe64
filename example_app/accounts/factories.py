import factory

from accounts.models import Label, Plan, Profile, Subscription, Team
from config.factories import UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    slug = factory.Sequence(lambda n: f"plan-{n}")
    name = factory.Sequence(lambda n: f"Plan {n}")
    price = 10


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    bio = factory.Sequence(lambda n: f"Bio {n}")
    website = factory.Sequence(lambda n: f"https://example.com/{n}")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    user = factory.SubFactory(UserFactory)
    plan = factory.SubFactory(PlanFactory)
    seats = factory.Sequence(lambda n: n % 5 + 1)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    owner = factory.SubFactory(UserFactory)
    slug = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Label

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Label {n}")
    color = factory.Sequence(lambda n: f"#{n:06x}")
