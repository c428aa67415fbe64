"""``assert_paginated``: the pagination family's checks for one URL of a hand-written test.

It shares the reading of pages (``endpoint/responses``) and of paging parameters
(``endpoint/paging``) with the generated checks, not their code: a test has a client and a
URL, not a declaration.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any, NoReturn

import pytest
from django.core.paginator import UnorderedObjectListWarning

from ..endpoint.paging import HUGE, with_param
from ..endpoint.responses import describe, next_link, read_list, row_id, row_ids
from ..findings import Finding

MAX_PAGES = 60
# Malformed paging input a page, size, offset or cursor parameter may receive: never a 5xx.
BAD_INPUT = (
    ("page", "abc"),
    ("page", "0"),
    ("page", "-1"),
    ("page", "99999"),
    ("offset", "abc"),
    ("cursor", "not-a-cursor"),
)


def assert_paginated(
    client: Any,
    url: str,
    *,
    max_page_size: int,
    make_rows: Callable[[int], Any] | None = None,
    size_param: str = "page_size",
    rows: str | Callable[[Any], Any] | None = None,
) -> None:
    """``url`` answers pages of at most ``max_page_size`` rows, even for a huge
    ``?<size_param>=``; walking ``next`` shows every row exactly once, in a stable order; bad
    paging input is never a 5xx. ``make_rows(n)`` first makes ``n`` rows the URL lists."""
    if make_rows is not None:
        make_rows(max_page_size + 1)
    subject = f"assert_paginated({url!r})"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnorderedObjectListWarning)
        _capped(client, url, subject, max_page_size, size_param, rows)
        ids, count = _walk(client, url, subject, rows)
    if any(issubclass(w.category, UnorderedObjectListWarning) for w in caught):
        _fail(
            subject,
            "a stable order",
            "Django warned: pages of an unordered queryset",
            'order the queryset by a unique key last, e.g. .order_by("-created_at", "id")',
        )
    twice = sorted(value for value, n in Counter(ids).items() if n > 1)
    if twice or (count is not None and count != len(ids)):
        _fail(
            subject,
            "every row exactly once walking next from the first page",
            f"{len(ids)} rows walked, count says {count}; shown twice: {', '.join(twice)}",
            'order the queryset by a unique key last, e.g. .order_by("-created_at", "id")',
        )
    _bad_input(client, url, subject, size_param)


def _capped(client: Any, url: str, subject: str, cap: int, size_param: str, rows: Any) -> None:
    asked = with_param(url, size_param, HUGE)
    response = _get(client, asked, subject)
    listing = _rows(response, subject, rows)
    if len(listing) > cap:
        _fail(
            subject,
            f"at most {cap} rows on a page, even for ?{size_param}={HUGE}",
            f"{len(listing)} rows",
            "set max_page_size (PageNumberPagination) or max_limit (LimitOffsetPagination)",
        )
    if next_link(response.json()) is None:
        _fail(
            subject,
            "more rows than a page holds, to see the cap at work",
            f"{len(listing)} rows and no next page for ?{size_param}={HUGE}",
            f"pass make_rows= (making n rows {url} lists), or make more than {cap} first",
            verified=False,
        )


def _walk(client: Any, url: str, subject: str, rows: Any) -> tuple[list[str], int | None]:
    found: list[Any] = []
    count: int | None = None
    link: str | None = url
    for _ in range(MAX_PAGES):
        if link is None:
            break
        response = _get(client, link, subject)
        body = response.json()
        found += _rows(response, subject, rows)
        if count is None and isinstance(body, dict) and isinstance(body.get("count"), int):
            count = body["count"]
        link = next_link(body)
    key = row_ids(found)
    if key is None:
        _fail(
            subject,
            "rows told apart by id, pk, uuid, slug or url",
            "rows without one",
            "add the primary key to the serializer's fields",
            verified=False,
        )
    return [row_id(row, key[0]) for row in found], count


def _bad_input(client: Any, url: str, subject: str, size_param: str) -> None:
    problems = []
    for param, value in (*BAD_INPUT, (size_param, "abc"), (size_param, "-1")):
        response = _get(client, with_param(url, param, value), subject, server_errors=True)
        if response is None or response.status_code >= 500:
            problems.append(f"?{param}={value}: {describe(response) if response else 'raised'}")
    if problems:
        _fail(
            subject,
            "a 4xx (or an ignored parameter) for malformed paging input, never a 5xx",
            f"{len(problems)} malformed values failed the server",
            "validate paging input",
            details=problems,
        )


def _get(client: Any, url: str, subject: str, *, server_errors: bool = False) -> Any:
    try:
        response = client.get(url)
    except Exception as error:  # a test client re-raises the view's exception
        if server_errors:
            return None
        _fail(subject, "a 2xx page", f"{type(error).__name__}: {error}", "fix the exception")
    if not server_errors and not 200 <= response.status_code < 300:
        _fail(
            subject,
            "a 2xx page",
            describe(response),
            "request a URL the client may read",
            verified=False,
        )
    return response


def _rows(response: Any, subject: str, rows: Any) -> list[Any]:
    listing = read_list(response, None, rows)
    if isinstance(response.json(), list):
        _fail(
            subject,
            "a paginated list",
            f"a bare array of every row, {len(listing.rows or [])} now",
            "set pagination_class (or DEFAULT_PAGINATION_CLASS and PAGE_SIZE)",
        )
    if listing.rows is None:
        _fail(
            subject,
            "the rows of a page",
            f"cannot find them: the body is {listing.shape}",
            'pass rows="<key>" (a key path such as "data.items") or a callable',
            verified=False,
        )
    return listing.rows or []


def _fail(
    subject: str,
    expected: str,
    got: str,
    hint: str,
    *,
    verified: bool = True,
    details: list[str] | None = None,
) -> NoReturn:
    """Fail the test with the finding's text (``could not verify`` when ``verified`` is False)."""
    finding = Finding(
        family="pagination",
        endpoint=subject,
        expected=expected,
        got=got,
        hint=hint,
        details=tuple(details or ()),
        verified=verified,
    )
    pytest.fail(finding.render(), pytrace=False)
