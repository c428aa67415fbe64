import factory
from django.contrib.contenttypes.models import ContentType

from config.factories import UserFactory
from gallery.models import Album, Photo, Profile, Reaction, Tag


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    bio = factory.Sequence(lambda n: f"Bio {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")


class AlbumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Album

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Album {n}")


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    album = factory.SubFactory(AlbumFactory)
    caption = factory.Sequence(lambda n: f"Photo {n}")


class ReactionFactory(factory.django.DjangoModelFactory):
    """The generic foreign key is set through its name, as factory_boy's docs recommend."""

    class Meta:
        model = Reaction
        exclude = ["target"]

    target = factory.SubFactory(AlbumFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.SelfAttribute("target.pk")
    author = factory.SubFactory(UserFactory)
    emoji = "+1"
