"""Paginated, capped, and refusing malformed paging input: three checks of one list action."""

from __future__ import annotations

from typing import Any

from ...declare.discovery import Route
from ...endpoint.paging import CONVENTIONAL_SIZE, HUGE, bad_inputs, with_param
from ...endpoint.responses import body_of, describe, next_link, server_error, shape_of
from ...findings import SentRequest
from .. import Context
from .base import (
    add_rows,
    answered,
    first_page,
    page_size,
    paginator_of,
    paging_or_stop,
    rows_of,
)

PAGINATED = (
    "a paginated list: at most a page of rows and a link to the next — an unpaginated list "
    "answers every row the table will ever hold in one response"
)
UNPAGINATED_HINT = (
    'set pagination_class (or REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] and "PAGE_SIZE"); '
    'if the list stays small on purpose, declare Guard.unpaginated = "<why>"'
)


def check_paginated(route: Route, ctx: Context) -> None:
    request, response = first_page(ctx, route)
    body, paginator = body_of(response), paginator_of(request)
    if isinstance(body, list) or paginator is None:
        if isinstance(body, list):
            why = "pagination_class = None"
            if paginator is not None:
                why = f"{type(paginator).__name__} has no page size"
            got = f"a bare array of every row, {len(body)} now ({why})"
        else:
            got = f"{shape_of(body)} with every row: the view has no pagination class"
        raise ctx.failure(request, expected=PAGINATED, got=got, hint=UNPAGINATED_HINT)
    paging = paging_or_stop(ctx, request, response)
    size = page_size(ctx, request, paging)
    add_rows(ctx, request, size + 1)
    response = answered(ctx, request, ctx.send(request))
    rows = rows_of(ctx, request, response)
    if len(rows) > size:
        raise ctx.failure(
            request,
            expected=f"at most {size} rows on a page ({paging.name}.page_size)",
            got=f"{len(rows)} rows on one page after {size + 1} more were added",
            hint="answer self.get_paginated_response(...) of self.paginate_queryset(queryset)",
        )
    if next_link(body_of(response)) is None:
        raise ctx.could_not_verify(
            request,
            f"after adding {size + 1} rows the page shows {len(rows)} and links to no next page",
            "Guard.factory / owner / parents must make rows this list shows to that actor",
        )


def check_capped(route: Route, ctx: Context) -> None:
    request, response = first_page(ctx, route)
    paging = paging_or_stop(ctx, request, response)
    declared = ctx.declaration.max_page_size
    if paging.size_param and paging.cap is None:
        raise ctx.failure(
            request,
            expected=f"a capped page size — {_why_capped(paging.size_param)}",
            got=f"{paging.name} honours ?{paging.size_param}= and has no {paging.cap_source}",
            hint=f"set {paging.name}.{paging.cap_source} = {declared or 100} "
            "(the most rows a page may hold)",
        )
    cap, source = _cap(paging.name, paging, declared)
    param = paging.size_param or CONVENTIONAL_SIZE
    add_rows(ctx, request, cap + 1)
    url = with_param(request.url, param, HUGE)
    sent = SentRequest(request.route.method, url, None, request.headers())
    response = answered(ctx, request, ctx.send(request, url=url), url)
    rows = rows_of(ctx, request, response)
    if len(rows) > cap:
        hint = (
            f"lower {paging.name}.{paging.cap_source} to {declared}, or raise Guard.max_page_size"
            if declared
            else f"set {paging.name}.{paging.cap_source} = {cap}"
        )
        raise ctx.failure(
            request,
            expected=f"at most {cap} rows ({source}) — {_why_capped(param)}",
            got=f"{len(rows)} rows for ?{param}={HUGE}",
            hint=hint,
            sent=sent,
        )
    if next_link(body_of(response)) is None:
        raise ctx.could_not_verify(
            request,
            f"after adding {cap + 1} rows, ?{param}={HUGE} shows {len(rows)} and no next page",
            "Guard.factory / owner / parents must make rows this list shows to that actor",
        )


def _why_capped(param: str) -> str:
    return f"?{param}={HUGE} must not make one request read and serialise every row"


def _cap(name: str, paging: Any, declared: int | None) -> tuple[int, str]:
    if declared:
        return declared, "Guard.max_page_size"
    if paging.cap:
        return paging.cap, f"{name}.{paging.cap_source}"
    return paging.page_size or 0, f"{name}.page_size: the class offers no size parameter"


def check_bad_input(route: Route, ctx: Context) -> None:
    request, response = first_page(ctx, route)
    paging = paging_or_stop(ctx, request, response)
    inputs = bad_inputs(paging)
    problems: list[str] = []
    for bad in inputs:
        url = with_param(request.url, bad.param, bad.value)
        response = request.send(url=url)
        if response.status_code >= 500:
            problems.append(f"{bad.label}: {server_error(response)}")
            continue
        ctx.judge(request, response)  # the network, still
        if bad.must_refuse and not 400 <= response.status_code < 500:
            problems.append(f"{bad.label}: {describe(response)}, not a 4xx")
    if problems:
        raise ctx.failure(
            request,
            expected=(
                "a 4xx to malformed paging input, never a 5xx (a page or cursor that cannot "
                "be read is a 404; a size or offset that cannot be read may be ignored)"
            ),
            got=f"{len(problems)} of {len(inputs)} malformed values were not refused",
            details=problems,
            hint="validate paging parameters and raise NotFound / ValidationError, as DRF's "
            "own pagination classes do",
        )
