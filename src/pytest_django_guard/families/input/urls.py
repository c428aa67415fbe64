"""Hostile URLs: lookup values no row can have (non-numeric, negative, beyond 64 bits, odd
unicode) answer a 4xx, and every query parameter a list reads survives wrong types, huge
values, unknown ordering fields and NUL bytes — never a 5xx.

The plain request must succeed first: a list or detail refused to the actor proves nothing
about its input.
"""

from __future__ import annotations

from urllib.parse import quote

from ...declare.discovery import Route
from ...endpoint import hostile, rejection
from ...endpoint.paging import paging_of, with_param
from ...endpoint.query_params import ORDERING, query_params, read_by_hand
from ...endpoint.requests import ActionRequest, url_for
from ...endpoint.responses import describe
from .. import Context

LOOKUP_EXPECTED = (
    "a 4xx (404) for a lookup value no row has, never a 5xx — a malformed id in a URL is a "
    "missing object"
)
LOOKUP_HINT = (
    "give the route a converter or pattern that refuses it (<int:pk>), or let get_object() "
    "look it up (it turns a malformed value into a 404)"
)
QUERY_EXPECTED = "never a 5xx for a malformed query parameter — validate it, answer a 400"


def answered(ctx: Context, route: Route) -> ActionRequest:
    """The plain request, which must succeed for what follows to prove anything."""
    request = ctx.measuring_request(route)
    response = ctx.send(request)
    if not 200 <= response.status_code < 300:
        raise ctx.could_not_verify(
            request,
            f"the plain request answered {describe(response)}: a refusal of a hostile one "
            "would prove nothing",
            f"make {route.action} succeed for {request.actor} (Guard.measure_as, Guard.params)",
        )
    return request


def check_lookup(route: Route, ctx: Context) -> None:
    request = answered(ctx, route)
    problems: list[str] = []
    crashed = False
    for value in hostile.LOOKUPS:
        url = url_for(ctx.endpoint, ctx.declaration, route, request.url_object, quote(value))
        with rejection.quietly():
            response = request.send(None, url)
        ctx.judge_network()
        if not 400 <= response.status_code < 500:
            problem = rejection.judge(response, f"lookup {value!r}")
            crashed = crashed or response.status_code >= 500
            got = problem.got if problem else f"lookup {value!r}: {describe(response)}"
            problems.append(got)
    if problems:
        raise ctx.failure(
            request,
            expected=LOOKUP_EXPECTED,
            got=f"{len(problems)} of {len(hostile.LOOKUPS)} malformed lookups were not refused",
            details=problems,
            hint=rejection.CRASH_HINT if crashed else LOOKUP_HINT,
        )


def parameters(request: ActionRequest) -> list[tuple[str, bool]]:
    """(name, is an ordering) of every query parameter the list reads: its filter backends',
    its paginator's, those its own code reads and those declared (Guard.input_params)."""
    view = request.view()
    found: dict[str, bool] = {}
    for param in query_params(view):
        for name in param.names:
            found.setdefault(name, param.kind == ORDERING)
    paginator = getattr(view, "paginator", None)
    if paginator is not None:
        paging = paging_of(paginator)
        for knob in (paging.page_param, paging.size_param, paging.offset_param):
            if knob:
                found.setdefault(knob, False)
    for name in read_by_hand(type(view)):
        found.setdefault(name, False)
    for name in request.declaration.family_fields.get("input_params", ()):
        found.setdefault(name, False)
    return list(found.items())


def check_query(route: Route, ctx: Context) -> None:
    import pytest

    request = answered(ctx, route)
    params = parameters(request)
    if not params:
        pytest.skip(
            "the list reads no query parameter that could be found (no filter backend, "
            "paginator or query_params read in the view); declare Guard.input_params if it does"
        )
    problems: list[str] = []
    sent = 0
    for name, ordering in params:
        values: tuple[str, ...] = hostile.QUERY_VALUES
        if ordering:
            values = (*values, hostile.UNKNOWN_ORDERING, f"-{hostile.UNKNOWN_ORDERING}")
        for value in values:
            url = with_param(request.url, name, value)
            with rejection.quietly():
                response = request.send(None, url)
            ctx.judge_network()
            sent += 1
            problem = rejection.judge(response, f"?{name}={value!r}")
            if problem is not None:
                problems.append(problem.got)
    if problems:
        raise ctx.failure(
            request,
            expected=QUERY_EXPECTED,
            got=f"{len(problems)} of {sent} malformed query values were not refused",
            details=problems,
            hint=rejection.CRASH_HINT,
        )
