"""Throttling: where a view's throttles apply a rate, the request after the allowed number is
answered 429 with ``Retry-After``; endpoints a project marks as needing a throttle (login, OTP,
password reset: ``Guard.throttled`` or the ini's ``guard_throttle_required``) have one.

A view keeping the project's ``DEFAULT_THROTTLE_CLASSES`` is served by one item per project,
``throttle[defaults]``, on the first route of such an endpoint answered to anonymous and
signed-in callers alike (so an AnonRateThrottle and a UserRateThrottle each have an actor):
the defaults are one piece of code, and proving them on every route would only repeat it
(docs/throttle.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import pytest

from ...declare.outcomes import refused_to_all
from .. import Case, named_routes

if TYPE_CHECKING:
    from ...declare.declaration import Declaration
    from ...declare.discovery import Endpoint
    from ...declare.fields import FieldCheck, FieldParser

INI = "guard_throttle_required"


def parse_throttled(value: Any, check: FieldCheck) -> frozenset[str]:
    """``Guard.throttled = True`` (every action) or a list of the actions needing a throttle."""
    if value is None or value is False:
        return frozenset()
    if value is True:
        return frozenset(check.endpoint.actions)
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise check.error("must be True or a list of actions, e.g. ['create']")
    for action in value:
        check.routes_of(action)
    return frozenset(value)


class ThrottleChecks:
    name = "throttle"
    marker = "guard_throttle"
    description = "generated throttle test: the request after the allowed number answers 429"
    fields: Mapping[str, FieldParser] = {"throttled": parse_throttled}

    def __init__(self) -> None:
        self.names: list[str] = []
        self.first = True  # the ini's names are judged once, under the first endpoint
        self.defaults_placed = False

    @pytest.hookimpl
    def pytest_configure(self, config: pytest.Config) -> None:
        self.names = list(config.getini(INI))
        self.urlconf = str(config.getini("guard_urlconf") or "")

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        from .check import check_route
        from .required import named_views, open_to_all, own_throttles, project_throttles, unknown

        views = named_views(self.urlconf, self.names)
        if self.first:
            self.first = False
            yield from (Case(id=n, run=partial(unknown, n), action="ini") for n in views.missing)
        throttled = declaration.family_fields.get("throttled", frozenset())
        for name, route in named_routes(endpoint):
            if refused_to_all(declaration, route):
                continue
            required = route.action in throttled or views.names(endpoint.view, route.action)
            skip = declaration.skip.get(route.action)
            if required or own_throttles(endpoint, route):
                run = partial(check_route, route, required)
                yield Case(id=name, run=run, action=route.action, skip=skip)
            elif (
                not self.defaults_placed
                and project_throttles()
                and not skip
                and open_to_all(declaration, route)  # every kind of throttle has its actor
            ):
                self.defaults_placed = True
                run = partial(check_route, route, False, defaults=True)
                yield Case(id="defaults", run=run, action=route.action)
