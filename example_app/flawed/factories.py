from decimal import Decimal

import factory

from config.factories import UserFactory
from flawed.models import Item, Note


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Note {n}")
    body = factory.LazyAttribute(lambda o: f"The body of {o.title}.")
    secret = factory.Sequence(lambda n: f"secret-{n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    name = factory.Sequence(lambda n: f"Item {n}")
    price = factory.Sequence(lambda n: Decimal(n % 100) + Decimal("0.50"))
