from rest_framework import generics, viewsets
from rest_framework.permissions import IsAuthenticated

from feeds.models import Entry
from feeds.pagination import SizedPagination, StreamCursorPagination, WindowPagination
from feeds.serializers import EntrySerializer


class EntryGuard:
    factory = "feeds.factories.EntryFactory"
    owner = "owner"


class EntryViewSet(viewsets.ModelViewSet):
    """Page-number pages with ?size= (at most 12)."""

    serializer_class = EntrySerializer
    permission_classes = [IsAuthenticated]
    pagination_class = SizedPagination
    Guard = EntryGuard

    def get_queryset(self):
        return Entry.objects.filter(owner=self.request.user).order_by("-created_at", "-id")

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class TimelineView(generics.ListAPIView):
    """A generic list view paged by ?limit=&offset= (at most 15)."""

    serializer_class = EntrySerializer
    permission_classes = [IsAuthenticated]
    pagination_class = WindowPagination
    Guard = EntryGuard

    def get_queryset(self):
        return Entry.objects.filter(owner=self.request.user).order_by("title", "id")


class StreamViewSet(viewsets.ReadOnlyModelViewSet):
    """Cursor pages, newest first (the cursor class orders the rows itself)."""

    serializer_class = EntrySerializer
    permission_classes = [IsAuthenticated]
    pagination_class = StreamCursorPagination
    Guard = EntryGuard

    def get_queryset(self):
        return Entry.objects.filter(owner=self.request.user)
