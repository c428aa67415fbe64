"""A filtered list as DRF projects write it: django-filter, search and ordering on one view.

Every filter only narrows the user's own contacts: the queryset is scoped to request.user
before the filter backends run, so ``?owner=<someone>`` or ``?organization=<their org>``
finds nothing of anyone else's.
"""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter, SearchFilter

from directory.models import Contact
from directory.serializers import ContactSerializer


class ContactViewSet(viewsets.ModelViewSet):
    serializer_class = ContactSerializer
    filter_backends = [DjangoFilterBackend, SearchFilter, OrderingFilter]
    filterset_fields = {
        "owner": ["exact"],
        "organization": ["exact", "in"],
        "organization__slug": ["exact"],
        "name": ["exact", "icontains"],
        "favourite": ["exact"],
        "created_at": ["gte", "lte"],
    }
    search_fields = ["name", "email", "organization__name"]
    ordering_fields = ["name", "created_at", "organization__name"]
    ordering = ["name", "id"]

    class Guard:
        factory = "directory.factories.ContactFactory"
        owner = "owner"

    def get_queryset(self):
        return Contact.objects.filter(owner=self.request.user).select_related("organization")

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)
