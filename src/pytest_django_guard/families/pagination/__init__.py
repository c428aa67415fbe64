"""Pagination: every list action is paginated, its page size capped, its order stable and its
pages complete, malformed paging input refused, and deep pages no dearer than the first.

A list that is small on purpose is declared (``Guard.unpaginated = "<why>"``): its
``-paginated`` item is then a declared skip, counted in the summary, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from ...declare.outcomes import measuring_actor, refused_to_all
from ...declare.policy import Kind
from .. import Case, named_routes

if TYPE_CHECKING:
    from ...declare.declaration import Declaration
    from ...declare.discovery import Endpoint
    from ...declare.fields import FieldCheck, FieldParser

CHECKS = ("paginated", "capped", "complete", "bad_input")


def parse_unpaginated(value: Any, check: FieldCheck) -> dict[str, str]:
    """``Guard.unpaginated = "<why>"`` (every list action) or ``{action: "<why>"}``."""
    if value is None:
        return {}
    lists = [r.action for r in check.endpoint.routes if r.kind == Kind.COLLECTION_READ]
    if isinstance(value, str):
        if not value.strip():
            raise check.error("needs a reason: why is the list small enough to answer whole?")
        return dict.fromkeys(lists, value)

    def reason(action: str, why: Any) -> None:
        if action not in lists:
            raise check.error(f"{action!r} is not a list action (lists: {', '.join(lists)})")
        if not isinstance(why, str) or not why.strip():
            raise check.error(f"{action!r} needs a reason")

    return check.per_action(value, '"<why>" or {action: "<why>"}', reason)


class PaginationChecks:
    name = "pagination"
    marker = "guard_pagination"
    description = "generated pagination test: paginated, capped, stable order, bad input"
    fields: Mapping[str, FieldParser] = {"unpaginated": parse_unpaginated}

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        from .base import quietly
        from .check import check_bad_input, check_capped, check_paginated
        from .walk import check_complete

        runs = {
            "paginated": check_paginated,
            "capped": check_capped,
            "complete": check_complete,
            "bad_input": check_bad_input,
        }
        unpaginated: Mapping[str, str] = declaration.family_fields.get("unpaginated", {})
        for name, route in named_routes(endpoint):
            if route.kind != Kind.COLLECTION_READ or route.method != "GET":
                continue
            if refused_to_all(declaration, route):  # declared: nobody is answered, nothing runs
                continue
            actor = measuring_actor(declaration, route)
            skip = declaration.skip.get(route.action)
            why = unpaginated.get(route.action)
            for check in CHECKS[:1] if why else CHECKS:
                yield Case(
                    id=f"{name}-{check}",
                    run=partial(quietly, runs[check], route),
                    action=route.action,
                    actor=actor,
                    skip=skip or (f"declared unpaginated: {why}" if why else None),
                )
