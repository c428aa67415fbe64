"""The pure parts of the pagination checks: what a class offers, what is sent, what is total."""

from typing import Any

import pytest
from django.db import models
from feeds.models import Entry
from feeds.pagination import SizedPagination, StreamCursorPagination, WindowPagination
from feeds.views import EntryViewSet
from rest_framework.pagination import PageNumberPagination

from pytest_django_guard.declare.discovery import discover
from pytest_django_guard.declare.fields import FieldCheck
from pytest_django_guard.endpoint.paging import HUGE, bad_inputs, paging_of, with_param
from pytest_django_guard.families.pagination import parse_unpaginated
from pytest_django_guard.families.pagination.ordering import ordering_of, partial_order
from pytest_django_guard.findings import DeclarationError


def test_a_page_number_class_with_a_custom_size_parameter() -> None:
    paging = paging_of(SizedPagination())

    assert (paging.name, paging.page_size, paging.size_param, paging.cap) == (
        "SizedPagination",
        5,
        "size",
        12,
    )
    assert (paging.page_param, paging.offset_param, paging.cursor_param) == ("page", None, None)
    assert paging.strict_pages
    assert paging.cap_source == "max_page_size"


def test_a_limit_offset_class() -> None:
    paging = paging_of(WindowPagination())

    assert (paging.page_size, paging.size_param, paging.cap) == (5, "limit", 15)
    assert (paging.page_param, paging.offset_param) == (None, "offset")
    assert paging.cap_source == "max_limit"


def test_a_cursor_class_reads_its_cursor_not_a_page() -> None:
    paging = paging_of(StreamCursorPagination())

    assert (paging.page_size, paging.size_param, paging.cap) == (5, "count", 20)
    assert (paging.page_param, paging.cursor_param, paging.strict_pages) == (None, "cursor", True)


def test_a_class_reading_pages_its_own_way_may_answer_a_bad_page_with_a_page() -> None:
    class Clamping(PageNumberPagination):
        page_size = 10

        def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
            return super().paginate_queryset(queryset, request, view)

    paging = paging_of(Clamping())

    assert not paging.strict_pages
    assert {bad.must_refuse for bad in bad_inputs(paging)} == {False}


def test_bad_input_refused_for_pages_and_cursors_ignored_for_sizes() -> None:
    sized = {(b.param, b.must_refuse) for b in bad_inputs(paging_of(SizedPagination()))}
    window = {(b.param, b.must_refuse) for b in bad_inputs(paging_of(WindowPagination()))}
    cursor = {(b.param, b.must_refuse) for b in bad_inputs(paging_of(StreamCursorPagination()))}

    assert sized == {("page", True), ("size", False)}
    assert window == {("limit", False), ("offset", False)}
    assert cursor == {("cursor", True), ("count", False)}


def test_a_class_without_a_page_size_has_none() -> None:
    assert paging_of(PageNumberPagination()).page_size is None  # no PAGE_SIZE setting


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/x/", f"/api/x/?page_size={HUGE}"),
        ("/api/x/?only=id&page_size=2", f"/api/x/?only=id&page_size={HUGE}"),
        ("http://testserver/api/x/?a=1", f"http://testserver/api/x/?a=1&page_size={HUGE}"),
    ],
)
def test_with_param_sets_one_parameter_and_keeps_the_others(url: str, expected: str) -> None:
    assert with_param(url, "page_size", HUGE) == expected


def test_an_ordering_ending_in_a_unique_key_is_total() -> None:
    assert partial_order(Entry, ["-created_at", "-id"]) is None
    assert partial_order(Entry, ["pk"]) is None


def test_an_ordering_of_shared_keys_only_is_partial() -> None:
    assert partial_order(Entry, ["-created_at"]) == ["created_at"]
    assert partial_order(Entry, ["title", "owner"]) == ["title", "owner"]


def test_what_cannot_be_read_is_never_called_partial() -> None:
    assert partial_order(Entry, [models.F("title").asc()]) is None
    assert partial_order(Entry, ["owner__username"]) is None
    assert partial_order(Entry, ["?"]) is None
    assert partial_order(Entry, []) is None


def test_a_unique_set_of_fields_makes_an_ordering_total() -> None:
    class Seat(models.Model):
        row = models.IntegerField()
        number = models.IntegerField()

        class Meta:
            app_label = "feeds"
            constraints = [models.UniqueConstraint(fields=["row", "number"], name="one_seat")]

    assert partial_order(Seat, ["row", "number"]) is None
    assert partial_order(Seat, ["row"]) == ["row"]


def test_ordering_of_reads_order_by_then_meta_ordering() -> None:
    assert ordering_of(Entry.objects.order_by("title", "id")) == ["title", "id"]
    assert ordering_of(Entry.objects.all()) == []


@pytest.fixture(scope="module")
def entries() -> Any:
    return next(e for e in discover("config.urls") if e.view is EntryViewSet)


def test_unpaginated_for_every_list_action_or_per_action(entries: Any) -> None:
    check = FieldCheck(entries, "unpaginated")

    assert parse_unpaginated(None, check) == {}
    assert parse_unpaginated("small", check) == {"list": "small"}
    assert parse_unpaginated({"list": "small"}, check) == {"list": "small"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("  ", "needs a reason: why is the list small enough to answer whole?"),
        ({"retrieve": "x"}, "'retrieve' is not a list action (lists: list)"),
        ({"list": ""}, "'list' needs a reason"),
        (["list"], 'must be a dict: "<why>" or {action: "<why>"}'),
    ],
)
def test_a_wrong_unpaginated_fails_in_one_line(entries: Any, value: Any, message: str) -> None:
    with pytest.raises(DeclarationError) as raised:
        parse_unpaginated(value, FieldCheck(entries, "unpaginated"))

    assert str(raised.value) == f"feeds.EntryViewSet: Guard.unpaginated: {message}"
