"""What every pagination check does first: the actor's first page, the paginator behind it,
more rows than a page holds, and the rows of a page."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
from django.core.paginator import UnorderedObjectListWarning
from django.db import transaction
from django.db.models import Model

from ...declare.discovery import Route
from ...endpoint.paging import Paging, paging_of
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import body_of, describe, row_id, row_ids, unreadable
from ...endpoint.rows import CannotAdd, add_row
from .. import Context


def first_page(ctx: Context, route: Route) -> tuple[ActionRequest, Any]:
    """The measuring actor's request of ``route``, answered with a 2xx."""
    request = ctx.measuring_request(route)
    return request, answered(ctx, request, ctx.send(request))


def answered(ctx: Context, request: ActionRequest, response: Any, url: str = "") -> Any:
    """``response``, insisting on a 2xx: a refused list shows no pages to judge."""
    if not 200 <= response.status_code < 300:
        raise ctx.could_not_verify(
            request,
            f"{request.actor}'s request{' of ' + url if url else ''} answered "
            f"{describe(response)}: there are no pages to judge",
            f"make the list answer {request.actor} (Guard.params, Guard.headers) or declare "
            "Guard.measure_as",
        )
    return response


def paginator_of(request: ActionRequest) -> Any:
    return getattr(request.view(), "paginator", None)


def paging_or_stop(ctx: Context, request: ActionRequest, response: Any) -> Paging:
    """The view's paging; a list that is not paginated is reported once, by ``-paginated``."""
    paginator = paginator_of(request)
    if paginator is None or isinstance(body_of(response), list):
        name = ctx.case.id.rsplit("-", 1)[0]
        pytest.skip(f"the list is not paginated: reported once, on pagination[{name}-paginated]")
    return paging_of(paginator)


def page_size(ctx: Context, request: ActionRequest, paging: Paging) -> int:
    if paging.page_size is None:
        raise ctx.could_not_verify(
            request,
            f"cannot tell how many rows a page of {paging.name} holds (no page_size)",
            f"give {paging.name} a page_size (or REST_FRAMEWORK's PAGE_SIZE)",
        )
    return paging.page_size


def add_rows(ctx: Context, request: ActionRequest, count: int) -> list[Model]:
    """``count`` rows the actor sees in this list (under the same parent on nested routes)."""
    if ctx.declaration.factory is None or request.url_object is None:
        raise ctx.could_not_verify(
            request,
            "no factory to make rows with: a page can only be judged with more rows than fit",
            "declare Guard.factory (and owner) for the rows the list answers",
        )
    try:
        with transaction.atomic():  # a failed insert must not break the test's transaction
            return [
                add_row(ctx.declaration, request.user, request.obj, ctx.resolve)
                for _ in range(count)
            ]
    except Exception as error:
        why = str(error) if isinstance(error, CannotAdd) else f"{type(error).__name__}: {error}"
        raise ctx.could_not_verify(
            request, f"adding rows failed: {why}", "declare Guard.make or Guard.owner"
        ) from None


def rows_of(ctx: Context, request: ActionRequest, response: Any) -> list[Any]:
    listing = request.listing(response)
    if listing.rows is None:
        raise ctx.could_not_verify(request, *unreadable(listing.shape))
    return listing.rows


def ids_of(ctx: Context, request: ActionRequest, rows: list[Any]) -> tuple[str, list[str]]:
    """The key rows are told apart by, and each row's value, in page order."""
    lookup = getattr(ctx.endpoint.view, "lookup_field", "pk")
    found = row_ids(rows, lookup)
    if found is None:
        raise ctx.could_not_verify(
            request,
            "cannot tell the rows apart: they carry no id, pk, uuid, slug or url",
            "add the primary key (or the lookup field) to the serializer's fields",
        )
    key = found[0]
    return key, [row_id(row, key) for row in rows if isinstance(row, dict)]


def quietly(check: Callable[[Route, Context], None], route: Route, ctx: Context) -> None:
    """Run ``check`` with Django's unordered-page warning silenced: the ``complete`` check
    reports it (a project running with ``-W error`` would otherwise see a 500 in every check).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnorderedObjectListWarning)
        check(route, ctx)
