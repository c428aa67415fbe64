from decimal import Decimal

import factory

from config.factories import UserFactory
from flawed.models import Item, Note, NoteComment


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


class NoteCommentFactory(factory.django.DjangoModelFactory):
    """Found by the N+1 check beside NoteFactory to add comments to a note."""

    class Meta:
        model = NoteComment

    note = factory.SubFactory(NoteFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")


class PublishedNoteFactory(NoteFactory):
    """Published notes, for lists that show only those (NoteFactory builds unpublished ones)."""

    published = True


def make_own_comment(user):
    """A comment by `user` on a note of `user`'s own (both private to that user)."""
    return NoteCommentFactory(author=user, note=NoteFactory(owner=user))
