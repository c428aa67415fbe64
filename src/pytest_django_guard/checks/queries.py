"""Query-count locks: each endpoint action, requested as its owner, matches its lock entry."""

from __future__ import annotations

from functools import partial
from typing import Any

from ..action_request import ActionRequest
from ..declaration import Declaration
from ..discovery import Endpoint, Route
from ..failures import GuardFailure, report
from ..lockfile import LockEntry
from ..query_capture import measure
from ..query_lock import query_lock
from . import Case, Context, named_routes


class QueryLockChecks:
    name = "queries"
    marker = "guard_queries"

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> list[Case]:
        result = []
        for name, route in named_routes(endpoint):
            key = f"{endpoint.label}::{name}"
            result.append(
                Case(
                    id=name,
                    run=partial(check, route, key),
                    skip=declaration.skip.get(route.action),
                    info={"action": route.action, "lock_key": key},
                )
            )
        return result


def measuring_actor(declaration: Declaration) -> str:
    """Counts are taken as the owner (staff where objects have no owner): the normal path."""
    return "owner" if declaration.has_owner else "staff"


def measured(request: ActionRequest, payload: Any = None) -> tuple[Any, LockEntry]:
    """The response and the queries of one request; a 5xx or a network call fails the check."""
    response, entry = measure(lambda: request.send(payload))
    problem = request.unexpected(response)
    if problem is not None:
        got, hint = problem
        raise GuardFailure(
            report(title=request.title, expected="a request to measure", got=got, hint=hint)
        )
    return response, entry


def check(route: Route, key: str, ctx: Context) -> None:
    request = ActionRequest(ctx, route, measuring_actor(ctx.declaration))
    _, entry = measured(request, request.build_payload())
    lock = query_lock(ctx.config)
    why = lock.compare(key, entry, ctx.declaration.queries.get(route.action))
    if why is not None:
        raise GuardFailure(
            report(
                title=request.title,
                expected=f"the query count locked for {key}",
                got=why,
                hint="add select_related()/prefetch_related() for the new queries, or if the "
                "change is intended run pytest --guard-update and commit the lock file",
            )
        )
