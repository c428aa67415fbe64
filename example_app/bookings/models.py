"""Rooms and their bookings: the database constraints a real booking API leans on.

A room's name is unique and its capacity positive (a CheckConstraint on a value); a booking
ends after it starts (a CheckConstraint comparing two columns, ``F("start")``), a room is
booked once per start time (a UniqueConstraint on two fields) and a user confirms at most one
booking per room (a conditional UniqueConstraint).
"""

from django.conf import settings
from django.db import models


class Room(models.Model):
    name = models.CharField(max_length=100, unique=True)
    capacity = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="room_has_seats")
        ]

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="bookings")
    start = models.DateTimeField()
    end = models.DateTimeField()
    confirmed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="booking_ends_after_start"
            ),
            models.UniqueConstraint(fields=["room", "start"], name="one_booking_per_room_start"),
            models.UniqueConstraint(
                fields=["owner", "room"],
                condition=models.Q(confirmed=True),
                name="one_confirmed_booking_per_room",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} from {self.start}"
