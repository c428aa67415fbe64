from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import generics, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import IsAdminUser, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.versioning import URLPathVersioning
from rest_framework.views import APIView

from config.permissions import IsAuthorOrReadOnly
from library.models import Article, Attachment, Board, Webhook
from library.pagination import ItemsPagination
from library.serializers import (
    ArticleSerializer,
    AttachmentSerializer,
    BoardSerializer,
    MeSerializer,
    WebhookSerializer,
)


class ArticleViewSet(viewsets.ModelViewSet):
    """RealWorld-style: {"article": {...}} in and out, lists as {"articles": [...], ...}."""

    serializer_class = ArticleSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, IsAuthorOrReadOnly]
    lookup_field = "slug"
    pagination_class = None

    class Guard:
        factory = "library.factories.ArticleFactory"
        owner = "author"
        policy = "public_read"
        envelope = "article"  # write bodies are {"article": {...}}
        unpaginated = "RealWorld's article list answers {articles, articlesCount} whole"

    def get_queryset(self):
        return Article.objects.select_related("author").order_by("slug")

    def get_serializer(self, *args, **kwargs):
        if "data" in kwargs:  # unwrap {"article": {...}}
            kwargs["data"] = kwargs["data"].get("article", {})
        return super().get_serializer(*args, **kwargs)

    def list(self, request, *args, **kwargs):
        rows = self.get_serializer(self.get_queryset(), many=True).data
        return Response({"articles": rows, "articlesCount": len(rows)})

    def finalize_response(self, request, response, *args, **kwargs):
        wrapped = isinstance(getattr(response, "data", None), dict)
        if self.action != "list" and wrapped and 200 <= response.status_code < 300:
            response.data = {"article": response.data}
        return super().finalize_response(request, response, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.save(author=self.request.user)


class AttachmentViewSet(viewsets.ModelViewSet):
    """Private uploads (multipart), listed as {"items": [...], "total": n}."""

    serializer_class = AttachmentSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = ItemsPagination

    class Guard:
        factory = "library.factories.AttachmentFactory"
        owner = "owner"

    def get_queryset(self):
        return Attachment.objects.filter(owner=self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class WebhookViewSet(viewsets.ModelViewSet):
    """Private webhooks under /api/<version>/webhooks/; the secret is write-only."""

    serializer_class = WebhookSerializer
    permission_classes = [IsAuthenticated]
    versioning_class = URLPathVersioning

    class Guard:
        factory = "library.factories.WebhookFactory"
        owner = "owner"
        url_kwargs = {"version": "v1"}
        soft_delete = "deleted_at"  # DELETE keeps the row and stamps it

    def get_queryset(self):
        return Webhook.objects.filter(owner=self.request.user, deleted_at=None).order_by("id")

    def perform_destroy(self, instance):
        instance.deleted_at = timezone.now()
        instance.save(update_fields=["deleted_at"])

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class MeView(generics.RetrieveUpdateAPIView):
    """GET/PUT/PATCH /api/me/: the signed-in user's own account; no lookup in the URL."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    queryset = get_user_model().objects.all()

    class Guard:
        factory = "config.factories.UserFactory"
        owner = "self"  # the object is the user

    def get_object(self):
        return self.request.user


class ReadingStatsView(APIView):
    """GET /api/reading-stats/: a plain APIView (no queryset) for signed-in users only."""

    permission_classes = [IsAuthenticated]

    class Guard:
        policy = "private"  # anonymous callers are refused; every signed-in user may call it

    def get(self, request):
        return Response({"articles": Article.objects.filter(author=request.user).count()})


@api_view(["GET", "POST"])
@permission_classes([IsAdminUser])
def reindex(request):
    """An @api_view function for staff; declared from conftest.py (functions hold no Guard)."""
    return Response({"reindexed": request.method == "POST"})


class AttachmentDownloadView(APIView):
    """GET /api/attachments/<pk>/download/: a plain APIView naming an object by its URL."""

    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "library.factories.AttachmentFactory"  # the objects {pk} names
        owner = "owner"

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment, pk=pk, owner=request.user)
        return Response({"id": attachment.pk, "url": attachment.file.url})


class BoardViewSet(viewsets.ModelViewSet):
    """Private boards: the owner may hand one over (``owner`` on PATCH), PUT is not offered,
    and ``fields`` needs ``?only=``."""

    serializer_class = BoardSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "library.factories.BoardFactory"
        owner = "owner"
        transfer = "owner"  # the owner hands a board over on purpose
        params = {"fields": {"only": "id,name"}}  # the action needs ?only=
        access = {"update": {"owner": "deny"}}  # PUT answers 405: only PATCH is offered

    def get_queryset(self):
        return Board.objects.filter(owner=self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise MethodNotAllowed(request.method)
        return super().update(request, *args, **kwargs)

    @action(detail=True)
    def fields(self, request, pk=None):
        """A sparse view of the board: ``?only=name,id`` is required."""
        only = request.query_params.get("only")
        if not only:
            return Response({"only": ["This query parameter is required."]}, status=400)
        data = self.get_serializer(self.get_object()).data
        return Response({name: data[name] for name in only.split(",") if name in data})
