import datetime

import factory

from bookings.models import Booking, Room
from config.factories import UserFactory

EPOCH = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = factory.Sequence(lambda n: n % 8 + 2)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    owner = factory.SubFactory(UserFactory)
    room = factory.SubFactory(RoomFactory)
    start = factory.Sequence(lambda n: EPOCH + datetime.timedelta(hours=n))
    # Far after any start the sequence makes: a partial update sending one bound keeps end > start.
    end = factory.LazyAttribute(lambda booking: booking.start + datetime.timedelta(days=400))
