from django.shortcuts import get_object_or_404
from rest_framework import viewsets
from rest_framework.permissions import (
    DjangoModelPermissions,
    IsAuthenticated,
    IsAuthenticatedOrReadOnly,
)

from blog.models import Comment, Page, Post
from blog.serializers import CommentSerializer, PageSerializer, PostSerializer
from config.permissions import IsAuthorOrReadOnly


class PostViewSet(viewsets.ModelViewSet):
    """Anyone reads every post; signed-in users write; only the author edits (others get 403)."""

    serializer_class = PostSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, IsAuthorOrReadOnly]

    class Guard:
        factory = "blog.factories.PostFactory"
        owner = "author"
        policy = "public_read"
        max_page_size = 100

    def get_queryset(self):
        return Post.objects.select_related("author").order_by("-created_at", "-id")

    def perform_create(self, serializer):
        serializer.save(author=self.request.user)


class CommentViewSet(viewsets.ModelViewSet):
    """Comments nested under a post; each user sees and edits only their own comments."""

    serializer_class = CommentSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "blog.factories.CommentFactory"
        owner = "author"
        policy = "private"
        parents = {"post_pk": "post_id"}

    def get_queryset(self):
        return (
            Comment.objects.filter(post_id=self.kwargs["post_pk"], author=self.request.user)
            .select_related("post", "author")
            .order_by("created_at", "id")
        )

    def perform_create(self, serializer):
        post = get_object_or_404(Post, pk=self.kwargs["post_pk"])
        serializer.save(post=post, author=self.request.user)


class PageViewSet(viewsets.ModelViewSet):
    """The internal wiki: signed-in users read every page; only the author edits (others 403)."""

    serializer_class = PageSerializer
    permission_classes = [IsAuthenticated, IsAuthorOrReadOnly]

    class Guard:
        factory = "blog.factories.PageFactory"
        owner = "author"
        policy = "authenticated_read"
        max_page_size = 100

    def get_queryset(self):
        return Page.objects.select_related("author").order_by("title", "id")

    def perform_create(self, serializer):
        serializer.save(author=self.request.user)


class PageAdminViewSet(viewsets.ModelViewSet):
    """The wiki's back office: Django model permissions decide who writes (no ownership)."""

    serializer_class = PageSerializer
    permission_classes = [DjangoModelPermissions]
    queryset = Page.objects.select_related("author").order_by("title", "id")

    class Guard:
        factory = "blog.factories.PageFactory"
        policy = "model_permissions"
        actors = {  # one line per permission actor: no fixture needed
            "editor": {"permissions": ["blog.add_page", "blog.change_page"]},
            "moderator": {"groups": {"moderators": ["blog.delete_page"]}},
            "admin": {"superuser": True},
        }

    def perform_create(self, serializer):
        serializer.save(author=self.request.user)
