"""The plugin's assertions used in hand-written tests, against the same guard.lock."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from config.factories import UserFactory
from shop.factories import OrderFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(settings.ROOT_URLCONF != "config.urls", reason="needs config.urls"),
]


def test_order_history_query_count_is_locked(assert_query_lock):
    user = UserFactory()
    OrderFactory.create_batch(3, user=user)
    client = APIClient()
    client.force_authenticate(user)

    with assert_query_lock("tests.order_history"):
        response = client.get("/api/orders/recent/")

    assert response.status_code == 200


def test_order_list_has_no_n_plus_one(assert_no_n_plus_one):
    user = UserFactory()
    client = APIClient()
    client.force_authenticate(user)

    assert_no_n_plus_one(
        lambda count: OrderFactory.create_batch(count, user=user),
        lambda: client.get("/api/orders/"),
    )


def test_feed_entries_are_paginated(assert_paginated):
    from feeds.factories import EntryFactory

    user = UserFactory()
    client = APIClient()
    client.force_authenticate(user)

    assert_paginated(
        client,
        "/api/feed-entries/",
        max_page_size=12,
        size_param="size",
        make_rows=lambda count: EntryFactory.create_batch(count, owner=user),
    )


def test_feed_timeline_is_paginated(assert_paginated):
    from feeds.factories import EntryFactory

    user = UserFactory()
    EntryFactory.create_batch(16, owner=user)
    client = APIClient()
    client.force_authenticate(user)

    assert_paginated(client, "/api/feed-timeline/", max_page_size=15, size_param="limit")


def test_booking_constraints_are_in_the_database(assert_integrity_error):
    from bookings.factories import BookingFactory
    from bookings.models import Booking

    booking = BookingFactory()

    assert_integrity_error(BookingFactory, start=booking.start, end=booking.start)
    assert_integrity_error(BookingFactory, room=booking.room, start=booking.start)
    error = assert_integrity_error(
        Booking, owner=booking.owner, room=booking.room, start=booking.end, end=booking.end
    )
    assert "booking_ends_after_start" in str(error) or "CHECK" in str(error).upper()
    assert Booking.objects.count() == 1  # each refused row rolled back with its savepoint
