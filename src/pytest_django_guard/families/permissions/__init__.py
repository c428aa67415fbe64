"""The permission matrix: every action as every actor gets the outcome its policy promises."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from ...declare.outcomes import outcome_for
from .. import Case, named_routes

if TYPE_CHECKING:
    from ...declare.declaration import Declaration, FieldParser
    from ...declare.discovery import Endpoint, Route
    from ...declare.fields import FieldCheck


def parse_filters(value: Any, check: FieldCheck) -> dict[str, Any]:
    """``Guard.filters`` (see declared.py), imported when Django is ready."""
    from .declared import parse_filters

    return parse_filters(value, check)


@dataclass(frozen=True)
class Expectation:
    """What one case promises: the outcome for the actor on the route, and why."""

    route: Route
    actor: str
    outcome: str
    reason: str  # the policy or the access override


class PermissionChecks:
    name = "permissions"
    marker = "guard_permissions"
    description = "generated permission-matrix test (action x actor)"
    # policy, read, access and actors are core fields; filters: query parameters to probe
    fields: Mapping[str, FieldParser] = {"filters": parse_filters}

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        from .check import check

        for name, route in named_routes(endpoint):
            for actor in declaration.all_actors:
                outcome, reason = outcome_for(declaration, route, actor)
                yield Case(
                    id=f"{name}-{actor}",
                    run=partial(check, Expectation(route, actor, outcome, reason)),
                    action=route.action,
                    actor=actor,
                    expected=outcome,
                    skip=declaration.skip.get(route.action),
                )
