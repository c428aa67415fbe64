import factory

from config.factories import UserFactory
from library.models import Article, Attachment, Board, Webhook


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    author = factory.SubFactory(UserFactory)
    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.LazyAttribute(lambda o: f"The body of {o.title}.")


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Attachment {n}")
    file = factory.django.FileField(filename="notes.txt", data=b"some notes")
    preview = factory.django.ImageField(width=2, height=2)


class WebhookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Webhook

    owner = factory.SubFactory(UserFactory)
    url = factory.Sequence(lambda n: f"https://hooks.example.com/{n}")
    secret = factory.Sequence(lambda n: f"whsec-{n}")


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
