"""Rooms (public catalogue, staff writes) and a user's own bookings; all correct."""

from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from bookings.models import Booking, Room
from bookings.serializers import BookingSerializer, RoomSerializer
from config.permissions import IsStaffOrReadOnly


class RoomViewSet(viewsets.ModelViewSet):
    serializer_class = RoomSerializer
    permission_classes = [IsStaffOrReadOnly]
    queryset = Room.objects.order_by("id")

    class Guard:
        factory = "bookings.factories.RoomFactory"
        policy = "staff_write"


class BookingViewSet(viewsets.ModelViewSet):
    serializer_class = BookingSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "bookings.factories.BookingFactory"
        owner = "owner"

    def get_queryset(self):
        return Booking.objects.filter(owner=self.request.user).order_by("id")
