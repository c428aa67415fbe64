import factory

from config.factories import UserFactory
from feeds.models import Entry


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Entry {n}")
