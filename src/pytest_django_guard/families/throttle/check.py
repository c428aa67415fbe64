"""Each throttle applying a rate bites: with its history full, the next request answers 429
with ``Retry-After``; with it empty, the same request is not refused (the control)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from ...declare.discovery import Route
from ...declare.outcomes import ALLOWED, outcome_for
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import describe
from ...endpoint.throttles import HISTORY, MAX_HISTORY, Rate, applied_rate, recording
from .. import Context

INI = "guard_throttle_required"
HINT = "add throttle_classes = [...] to the view (e.g. a ScopedRateThrottle with throttle_scope)"


def answered_actors(ctx: Context, route: Route) -> list[str]:
    """The actors the declaration says are answered on the route, anonymous first."""
    return [
        actor
        for actor in ctx.data.users
        if outcome_for(ctx.declaration, route, actor)[0] in ALLOWED
    ]


def check_route(route: Route, required: bool, ctx: Context, defaults: bool = False) -> None:
    """Every rate a throttle applies to an answered actor bites; a required route has one.

    For the project's defaults (``defaults``), every rate throttle among them must apply to
    one of the actors: the route is answered to anonymous and signed-in callers alike.
    """
    actors = answered_actors(ctx, route)
    if not actors:
        raise ctx.could_not_verify(
            None, f"no actor is answered on {route.action}", "declare Guard.access"
        )
    bitten: set[str] = set()
    idle: set[str] = set()
    for actor in actors:
        request = ctx.request(route, actor)
        payload = request.build_payload()
        control, rates, others = _control(ctx, request, payload, idle)
        if required and actor == actors[0] and not rates and not others:
            raise ctx.failure(
                request,
                expected=f"a throttle on {route.method} {request.url}: the project marks it as "
                "needing one (login, one-time codes, password reset)",
                got=f"no throttle applies to {route.method} {request.url} as {actor}"
                f"{_naming(_names(request))}",
                hint=HINT,
            )
        for rate in rates:
            if rate.name not in bitten:
                bitten.add(rate.name)
                _bite(ctx, request, payload, rate, control)
        if others:
            raise ctx.could_not_verify(
                request,
                f"{others[0]} is no SimpleRateThrottle: its history cannot be filled to prove it "
                "bites",
                "base it on SimpleRateThrottle, or skip the action (Guard.skip) with a reason",
            )
    if defaults and idle - bitten:
        raise ctx.could_not_verify(
            None,
            f"{', '.join(sorted(idle - bitten))} of DEFAULT_THROTTLE_CLASSES applied no rate to "
            f"any of {', '.join(actors)} on {route.method} {route.path}",
            "give it a rate in DEFAULT_THROTTLE_RATES, or remove it from the defaults",
        )
    if not bitten:
        pytest.skip(f"no throttle applies a rate to the actors answered ({', '.join(actors)})")


def _names(request: ActionRequest) -> list[str]:
    view = request.view()
    return [type(t).__name__ for t in view.get_throttles()]


def _naming(names: list[str]) -> str:
    return f" (its throttles: {', '.join(names)})" if names else " (its throttle_classes is empty)"


def _control(
    ctx: Context, request: ActionRequest, payload: Any, idle: set[str]
) -> tuple[int, list[Rate], list[str]]:
    """The request with every history empty: its status, the rates applied, and throttles that
    are no rate throttle; rate throttles (not scoped ones) that applied none go to ``idle``."""
    HISTORY.clear()
    with recording(ctx.endpoint.view) as seen:
        response = ctx.send(request, payload)
    if response.status_code == 429:
        raise ctx.could_not_verify(
            request,
            "the request answered 429 with every throttle history empty",
            "check the throttle's allow_request(): it refuses a first request",
        )
    rates: list[Rate] = []
    others: list[str] = []
    for view, throttles in seen:
        for throttle in throttles:
            if not isinstance(throttle, SimpleRateThrottle):
                others.append(type(throttle).__name__)
                continue
            rate = applied_rate(throttle, view)
            if rate is not None:
                rates.append(rate)
            elif not isinstance(throttle, ScopedRateThrottle):
                idle.add(type(throttle).__name__)
    return response.status_code, rates, others


def _bite(ctx: Context, request: ActionRequest, payload: Any, rate: Rate, control: int) -> None:
    """Fill the rate's window, send the same request: 429 with Retry-After."""
    actor, sent = request.actor, f"{request.route.method} {request.url}"
    allowed = f"{rate.num_requests} requests per {rate.duration}s"
    if rate.num_requests > MAX_HISTORY:
        raise ctx.failure(
            request,
            expected=f"a rate that bites: {rate.describe()} for {actor}",
            got=f"{rate.describe()} allows {allowed}: it never bites in practice",
            hint="lower the rate (DEFAULT_THROTTLE_RATES or the throttle's rate)",
        )
    HISTORY.clear()
    rate.prefill()
    response = ctx.send(request, payload)
    expected = f"429 with Retry-After once {rate.describe()} has seen {allowed} from {actor}"
    if response.status_code != 429:
        raise ctx.failure(
            request,
            expected=expected,
            got=f"{sent} answered {control} with the history empty, then {describe(response)} "
            f"with {rate.num_requests} requests in the window: {rate.name} never bites",
            hint=f"{rate.name}: check allow_request() and get_cache_key() (the key must be the "
            "same for every request of one client)",
        )
    if not response.get("Retry-After"):
        raise ctx.failure(
            request,
            expected=expected,
            got=f"{sent} answered 429 without a Retry-After header",
            hint=f"{rate.name}.wait() must return the seconds to wait",
        )
