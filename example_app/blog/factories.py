import factory

from blog.models import Comment, Page, Post
from config.factories import UserFactory


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Post {n}")
    body = factory.LazyAttribute(lambda o: f"The body of {o.title}.")
    published = True


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Page {n}")
    body = factory.LazyAttribute(lambda o: f"What {o.title} says.")
