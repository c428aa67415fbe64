"""Reading list responses: where the rows are, and which key tells them apart."""

import sys
from typing import Any

import pytest
from catalogue.models import Product
from rest_framework.pagination import (
    CursorPagination,
    LimitOffsetPagination,
    PageNumberPagination,
)
from shop.models import Order

from pytest_django_guard.endpoint.responses import (
    identity,
    read_list,
    results_key,
    row_ids,
    server_error,
    shape_of,
)


class FakeResponse:
    """What read_list uses of a test-client response: ``json()``."""

    def __init__(self, body: Any = None, *, json_error: bool = False) -> None:
        self.body = body
        self.json_error = json_error

    def json(self) -> Any:
        if self.json_error:
            raise ValueError("Content-Type is not JSON")
        return self.body


@pytest.mark.parametrize(
    ("body", "rows"),
    [
        pytest.param([{"id": 1}, {"id": 2}], [{"id": 1}, {"id": 2}], id="bare-array"),
        pytest.param([], [], id="empty-array"),
        pytest.param({"count": 1, "results": [{"id": 1}]}, [{"id": 1}], id="drf-page"),
        pytest.param({"count": 0, "results": []}, [], id="empty-drf-page"),
        pytest.param({"data": [{"id": 1}], "total": 1}, [{"id": 1}], id="the-only-array"),
        pytest.param({"a": [1], "b": [2]}, None, id="two-arrays-no-results"),
        pytest.param({"results": "none", "count": 0}, None, id="results-not-an-array"),
        pytest.param({"count": 3}, None, id="no-array"),
        pytest.param({}, None, id="empty-object"),
        pytest.param("rows", None, id="a-string"),
        pytest.param(None, None, id="null"),
    ],
)
def test_the_rows_of_a_list_body(body: Any, rows: list[Any] | None):
    assert read_list(FakeResponse(body)).rows == rows


def test_results_wins_over_another_array():
    body = {"links": ["next"], "results": [{"id": 1}]}

    assert read_list(FakeResponse(body)).rows == [{"id": 1}]


def test_a_body_that_is_not_json_has_no_rows():
    listing = read_list(FakeResponse(json_error=True))

    assert (listing.rows, listing.shape) == (None, "not JSON")


@pytest.mark.parametrize(
    ("declared", "rows"),
    [
        ("data.items", [3]),
        ("data", None),  # a dict, not an array
        ("data.missing", None),
        (lambda body: body["data"]["items"], [3]),
        (lambda body: body["nope"], None),  # a failing callable reads no rows
    ],
    ids=["key-path", "path-to-an-object", "missing-key", "callable", "failing-callable"],
)
def test_declared_rows_are_read_where_the_declaration_says(declared: Any, rows: Any):
    body = {"data": {"items": [3]}, "results": [1]}

    assert read_list(FakeResponse(body), declared=declared).rows == rows


@pytest.mark.parametrize(
    "paginator", [PageNumberPagination(), LimitOffsetPagination(), CursorPagination()]
)
def test_drf_paginators_put_their_rows_under_results(paginator: Any):
    assert results_key(paginator) == "results"


def test_no_paginator_names_no_key():
    assert results_key(None) is None


@pytest.mark.parametrize(
    ("body", "shape"),
    [
        ({"count": 1, "results": []}, 'an object with keys "count", "results"'),
        ({}, "an empty object"),
        ([1, 2, 3], "an array of 3"),
        (
            {str(n): n for n in range(10)},
            'an object with keys "0", "1", "2", "3", "4", "5", "6", "7"',
        ),
    ],
)
def test_shape_describes_a_body_for_messages(body: Any, shape: str):
    assert shape_of(body) == shape
    assert read_list(FakeResponse(body)).shape == shape


@pytest.mark.parametrize(
    ("rows", "lookup_field", "expected"),
    [
        pytest.param(
            [{"uuid": "u1", "id": 1}, {"uuid": "u2", "id": 2}],
            "uuid",
            ("uuid", {"u1", "u2"}),
            id="lookup-field-first",
        ),
        pytest.param([{"id": 1}, {"id": 2}], "pk", ("id", {"1", "2"}), id="id"),
        pytest.param([{"pk": 7, "slug": "a"}], "pk", ("pk", {"7"}), id="pk"),
        pytest.param([{"uuid": "u", "slug": "s"}], "pk", ("uuid", {"u"}), id="uuid-before-slug"),
        pytest.param([{"slug": "tea", "name": "Tea"}], "pk", ("slug", {"tea"}), id="slug"),
        pytest.param(
            [{"url": "http://t/api/products/tea/"}, {"url": "http://t/api/products/cake"}],
            "slug",
            ("url", {"tea", "cake"}),
            id="url-last-segment",
        ),
        pytest.param(
            [{"id": 1, "name": "a"}, {"name": "b", "pk": 2}],
            "pk",
            None,
            id="no-key-common-to-all-rows",
        ),
        pytest.param([{"name": "a"}], "pk", None, id="no-key"),
        pytest.param([], "pk", None, id="no-rows"),
        pytest.param([1, 2], "pk", None, id="rows-not-objects"),
        pytest.param([{"id": 1}, "junk", 3], "pk", ("id", {"1"}), id="non-object-rows-ignored"),
    ],
)
def test_row_ids_pick_the_first_key_every_row_has(
    rows: list[Any], lookup_field: str, expected: tuple[str, set[str]] | None
):
    assert row_ids(rows, lookup_field) == expected


def test_the_lookup_field_defaults_to_pk():
    assert row_ids([{"pk": 1, "id": 2}]) == ("pk", {"1"})


def test_the_identity_of_an_object_is_what_its_row_shows():

    tea = Product(pk=3, slug="tea")

    assert identity(Order(pk=5), "id") == "5"
    assert identity(Order(pk=5), "pk") == "5"
    assert identity(tea, "slug", "slug") == "tea"
    assert identity(tea, "url", "slug") == "tea"  # a URL ends with the lookup value
    assert identity(Order(pk=5), "url") == "5"


def test_a_server_error_is_told_in_one_line_whatever_the_database_adds():
    """PostgreSQL's IntegrityError carries DETAIL lines; the report keeps the first."""
    try:
        raise ValueError('violates check constraint "ends_after_start"\nDETAIL:  Failing row')
    except ValueError:
        exc_info = sys.exc_info()
    response = type("Response", (), {"status_code": 500, "exc_info": exc_info})()

    told = server_error(response)

    assert told.startswith('500: ValueError: violates check constraint "ends_after_start"')
    assert "\n" not in told
    assert "DETAIL" not in told
