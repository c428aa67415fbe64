"""The N+1 checks: measure, add rows or children, measure again, explain any growth."""

from __future__ import annotations

import pytest
from rest_framework.serializers import ListSerializer

from ...declare.discovery import Endpoint, Route
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import list_rows, page_size
from ...endpoint.rows import CannotAdd, add_children, add_row
from ...queries import growth
from ...queries.lockfile import LockEntry
from ...settings import settings
from .. import Context

EXTRA = 3  # rows (or children) added for the second measurement; two would do, three is clearer


def nested_many_fields(endpoint: Endpoint) -> list[str]:
    """Sources of ``many=True`` nested serializers on the view's serializer class."""
    serializer_class = getattr(endpoint.view, "serializer_class", None)
    if serializer_class is None:
        return []
    try:
        fields = serializer_class().fields
    except Exception:  # a serializer that needs context at construction: nothing to scale
        return []
    return [str(f.source) for f in fields.values() if isinstance(f, ListSerializer)]


def check_list(route: Route, ctx: Context) -> None:
    request = ctx.request(route, ctx.declaration.measuring_actor)
    response, small = ctx.measure(request)
    rows = list_rows(response)
    if rows is None:
        pytest.skip("the list response holds no rows to count")
    size = page_size(request.view())
    extra = EXTRA if size is None else min(EXTRA, size - len(rows))
    if extra < 2:
        pytest.skip(f"a page of {size} rows leaves no room to add rows within one page")
    try:
        for _ in range(extra):
            add_row(ctx.declaration, request.user, request.url_object, ctx.resolve)
    except CannotAdd as error:
        pytest.skip(str(error))
    response, large = ctx.measure(request)
    shown = list_rows(response) or []
    if len(shown) < len(rows) + extra:
        pytest.skip(f"the {extra} rows added for {request.actor} did not appear in the list")
    _compare(ctx, request, small, large, f"{len(rows)} rows", f"{len(shown)} rows")


def check_retrieve(route: Route, ctx: Context) -> None:
    request = ctx.request(route, ctx.declaration.measuring_actor)
    sources = nested_many_fields(ctx.endpoint)
    _, small = ctx.measure(request)
    try:
        for source in sources:
            add_children(ctx.declaration, ctx.data.target, source, EXTRA)
    except CannotAdd as error:
        pytest.skip(f"{error}: cannot add children")
    _, large = ctx.measure(request)
    added = EXTRA * len(sources)
    _compare(
        ctx, request, small, large, f"the row's {', '.join(sources)}", f"{added} more children"
    )


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
            expected=f"the same number of queries for {small_text} and for {large_text}",
            got=got,
            details=details,
            hint=growth.HINT,
        )
