"""Factories live with the project's tests in real life; kept here to keep the example small."""

import factory

from config.factories import UserFactory
from thirdparty.models import Tag


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")
    created_by = factory.SubFactory(UserFactory)
