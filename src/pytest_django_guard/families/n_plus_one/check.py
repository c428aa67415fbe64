"""The N+1 checks: measure, add rows or children, measure again, explain any growth."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework.serializers import ListSerializer

from ...declare.discovery import Endpoint, Route
from ...endpoint.all_fields import declared_fields
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import page_size, unreadable
from ...endpoint.rows import CannotAdd, add_children, add_row, one_per_user
from ...queries import growth
from ...queries.lockfile import LockEntry
from ...settings import settings
from .. import Context

EXTRA = 3  # rows (or children) added for the second measurement; two would do, three is clearer


def nested_many_fields(endpoint: Endpoint) -> list[str]:
    """Sources of ``many=True`` nested serializers on the view's serializer class."""
    serializer_class = getattr(endpoint.view, "serializer_class", None)
    fields = declared_fields(serializer_class) if serializer_class is not None else None
    if fields is None:  # none, or one that needs context at construction: nothing to scale
        return []
    return [str(f.source) for f in fields.values() if isinstance(f, ListSerializer)]


def check_list(route: Route, ctx: Context) -> None:
    request = ctx.measuring_request(route)
    response, small = ctx.measure_answered(request)
    rows = _rows(ctx, request, response)
    size = page_size(request.view())
    extra = EXTRA if size is None else min(EXTRA, size - len(rows))
    if extra < 2:
        raise ctx.could_not_verify(
            request,
            f"a page of {size} rows holds {len(rows)} already: no room for 2 more",
            "give the endpoint a larger page size, or skip list in Guard.skip with a reason",
        )
    try:
        with transaction.atomic():  # a failed insert must not break the test's transaction
            for _ in range(extra):
                add_row(ctx.declaration, request.user, request.obj, ctx.resolve)
    except Exception as error:
        why = str(error) if isinstance(error, CannotAdd) else _failed(error)
        raise ctx.could_not_verify(request, why, "declare Guard.make or Guard.owner") from None
    response, large = ctx.measure_answered(request)
    shown = _rows(ctx, request, response)
    if len(shown) < len(rows) + extra:
        raise ctx.could_not_verify(request, *_not_shown(ctx, request, extra, len(rows), len(shown)))
    _compare(ctx, request, small, large, growth.rows(len(rows)), growth.rows(len(shown)))


def _not_shown(
    ctx: Context, request: ActionRequest, extra: int, before: int, after: int
) -> tuple[str, str]:
    """Why the added rows are missing from the list, and what to declare."""
    counts = f"({before} rows, then {after})"
    link = one_per_user(ctx.declaration)
    if link is not None:
        return (
            f"{link} is one-to-one, so the {extra} rows were added for new users, and the "
            f"list does not show them to {request.actor} {counts}",
            "a list of one row per user cannot grow: skip list in Guard.skip with a reason",
        )
    return (
        f"the {extra} rows added for {request.actor} did not appear in the list {counts}",
        "Guard.factory / owner / parents must make rows the list shows to that actor",
    )


def _rows(ctx: Context, request: ActionRequest, response: Any) -> list[Any]:
    listing = request.listing(response)
    if listing.rows is None:
        raise ctx.could_not_verify(request, *unreadable(listing.shape))
    return listing.rows


def check_retrieve(route: Route, ctx: Context) -> None:
    request = ctx.measuring_request(route)
    sources = nested_many_fields(ctx.endpoint)
    _, small = ctx.measure_answered(request)
    try:
        with transaction.atomic():
            for source in sources:
                add_children(ctx.declaration, request.obj, source, EXTRA)
    except Exception as error:
        why = str(error) if isinstance(error, CannotAdd) else _failed(error)
        raise ctx.could_not_verify(
            request, f"cannot add children: {why}", "define a factory for the child model"
        ) from None
    _, large = ctx.measure_answered(request)
    added = EXTRA * len(sources)
    _compare(
        ctx, request, small, large, f"the row's {', '.join(sources)}", f"{added} more children"
    )


def _failed(error: Exception) -> str:
    return f"adding rows failed: {type(error).__name__}: {error}"


def _compare(
    ctx: Context,
    request: ActionRequest,
    small: LockEntry,
    large: LockEntry,
    small_text: str,
    large_text: str,
) -> None:
    if large.count > small.count:
        backend = settings(ctx.config).nplusone_backend
        got, details = growth.explain(small, large, lambda: request.send(), backend)
        raise ctx.failure(
            request,
            expected=growth.expected(small_text, large_text),
            got=got,
            details=details,
            hint=growth.HINT,
        )
