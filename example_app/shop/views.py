from datetime import timedelta

from django.utils import timezone
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shop.models import Order
from shop.serializers import OrderSerializer


class OrderViewSet(viewsets.ModelViewSet):
    """Each user sees and manages only their own orders; everyone else gets 404."""

    serializer_class = OrderSerializer

    class Guard:
        factory = "shop.factories.OrderFactory"
        owner = "user"
        policy = "private"
        max_page_size = 100

    def get_queryset(self):
        return (
            Order.objects.filter(user=self.request.user)
            .select_related("user")
            .order_by("-created_at", "-id")
        )

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Scoped through get_object(), so only the owner can cancel."""
        order = self.get_object()
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status"])
        return Response(self.get_serializer(order).data)

    @action(detail=False, methods=["get"])
    def recent(self, request):
        """The caller's orders from the last 30 days."""
        since = timezone.now() - timedelta(days=30)
        queryset = self.get_queryset().filter(created_at__gte=since)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
