"""Stable order and complete: walking ``next`` from the first page shows every row once, and
the last page costs no more queries than the first."""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.paginator import UnorderedObjectListWarning
from rest_framework.pagination import CursorPagination

from ...declare.discovery import Route
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import body_of, identity, next_link, row_id
from ...findings import SentRequest
from ...queries.capture import capture, repeated
from ...queries.lockfile import LockEntry
from .. import Context
from .base import (
    add_rows,
    answered,
    first_page,
    ids_of,
    page_size,
    paginator_of,
    paging_or_stop,
    rows_of,
)
from .ordering import ordering_of, partial_order

STABLE = (
    "a stable order — without one the database may return rows in any order on every "
    "request, so pages repeat some rows and never show others"
)
ORDER_HINT = 'order the queryset by a unique key last, e.g. .order_by("-created_at", "id")'
MAX_PAGES = 60


@dataclass(frozen=True)
class Page:
    url: str
    rows: list[Any]
    queries: LockEntry


def check_complete(route: Route, ctx: Context) -> None:
    request, response = first_page(ctx, route)
    paging = paging_or_stop(ctx, request, response)
    _check_queryset_order(ctx, request)
    size = page_size(ctx, request, paging)
    added = add_rows(ctx, request, 2 * size + 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnorderedObjectListWarning)
        pages = _walk(ctx, request)
    unordered = [w for w in caught if issubclass(w.category, UnorderedObjectListWarning)]
    if unordered:
        raise ctx.failure(
            request, expected=STABLE, got=f"Django warned: {unordered[0].message}", hint=ORDER_HINT
        )
    key, ids = ids_of(ctx, request, [row for page in pages for row in page.rows])
    lookup = getattr(ctx.endpoint.view, "lookup_field", "pk")
    twice = sorted((value for value, n in Counter(ids).items() if n > 1), key=_natural)
    expected = {identity(obj, key, lookup) for obj in added}
    if not expected & set(ids):
        raise _unseen(ctx, request, pages, 0, len(added))
    missing = sorted(expected - set(ids), key=_natural)
    if twice or missing:
        details = [
            f"page {n}: {', '.join(row_id(r, key) for r in p.rows if isinstance(r, dict))}"
            for n, p in enumerate(pages, 1)
        ]
        raise ctx.failure(
            request,
            expected=f"every row exactly once walking next from page 1 ({STABLE})",
            got=f"{len(pages)} pages: "
            + "; ".join(
                part
                for part in (
                    twice and f"shown twice: {key}={', '.join(twice)}",
                    missing and f"never shown: {key}={', '.join(missing)}",
                )
                if part
            ),
            details=details[:10],
            hint=ORDER_HINT,
        )
    if len(pages) < 3:  # every row shown once, but the page boundaries were not all crossed
        raise _unseen(ctx, request, pages, len(expected), len(added))
    _check_deep_pages(ctx, request, pages)


def _unseen(ctx: Context, request: ActionRequest, pages: list[Page], seen: int, added: int) -> Any:
    return ctx.could_not_verify(
        request,
        f"walking next showed {len(pages)} page(s) and {seen} of the {added} rows added for "
        f"{request.actor} (enough for three pages)",
        "Guard.factory / owner / parents must make rows this list shows to that actor",
    )


def _check_queryset_order(ctx: Context, request: ActionRequest) -> None:
    """The list's queryset, where the view exposes it: ordered, and totally (ties broken)."""
    if ctx.case.action != "list" or isinstance(paginator_of(request), CursorPagination):
        return  # a custom action's rows come from its own code; a cursor orders by itself
    try:
        view = request.view()
        queryset = view.filter_queryset(view.get_queryset())
        ordered, ordering = queryset.ordered, ordering_of(queryset)
    except Exception:  # a view that builds its queryset another way: the walk still judges
        return
    if not ordered:
        got = f"{queryset.model._meta.label} rows in no order: no order_by(), no Meta.ordering"
        raise ctx.failure(request, expected=STABLE, got=got, hint=ORDER_HINT)
    ties = partial_order(queryset.model, ordering)
    if ties:
        raise ctx.failure(
            request,
            expected=STABLE,
            got=f"ordered by {', '.join(map(str, ordering))} only: rows with equal "
            f"{', '.join(ties)} have no fixed place between pages",
            hint=f'add a unique key last, e.g. .order_by({_quoted(ordering)}, "id")',
        )


def _walk(ctx: Context, request: ActionRequest) -> list[Page]:
    pages: list[Page] = []
    url: str | None = request.url
    while url is not None and len(pages) < MAX_PAGES:
        with capture() as entries:
            response = request.send(url=url)
        ctx.judge(request, response)
        answered(ctx, request, response, url)
        pages.append(Page(url, rows_of(ctx, request, response), entries[0]))
        url = next_link(body_of(response))
    if url is not None:
        raise ctx.failure(
            request,
            expected="next links that end",
            got=f"still a next link after {MAX_PAGES} pages: {url}",
            hint="the last page must answer next = null",
            sent=SentRequest(request.route.method, url, None, request.headers()),
        )
    return pages


def _check_deep_pages(ctx: Context, request: ActionRequest, pages: list[Page]) -> None:
    first, last = pages[0].queries, pages[-1].queries
    if last.count > first.count:
        more = repeated(first, last)
        raise ctx.failure(
            request,
            expected="the last page costs no more queries than the first (the cost of a page "
            "must not grow with its offset)",
            got=f"page 1: {first.count} queries, page {len(pages)}: {last.count}",
            details=[f"{n} x {sql}" for sql, n in more.most_common(5)],
            hint="page in the database (LIMIT/OFFSET or a cursor), never by reading the rows "
            "before the page",
            sent=SentRequest(request.route.method, pages[-1].url, None, request.headers()),
        )


def _quoted(ordering: list[Any]) -> str:
    return ", ".join(f'"{item}"' for item in ordering)


def _natural(value: str) -> tuple[int, str]:
    """Numbers in numeric order (ids), anything else after them in text order."""
    return (int(value), "") if value.isdigit() else (2**63, value)
