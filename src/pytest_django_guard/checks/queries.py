"""Query-count locks: each endpoint action, requested as its owner, matches its lock entry."""

from __future__ import annotations

from functools import partial

from ..action_request import ActionRequest
from ..declaration import Declaration
from ..discovery import Endpoint, Route
from ..failures import GuardFailure, report
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


def check(route: Route, key: str, ctx: Context) -> None:
    actor = measuring_actor(ctx.declaration)
    request = ActionRequest(ctx, route, actor)
    payload = request.build_payload()
    response, entry = measure(lambda: request.send(payload))
    title = f"{ctx.endpoint.label}: {route.action} as {actor} ({route.method} {request.url})"
    problem = request.unexpected(response)
    if problem is not None:
        got, hint = problem
        raise GuardFailure(report(title=title, expected="a request to measure", got=got, hint=hint))
    lock = query_lock(ctx.config)
    why = lock.compare(key, entry, ctx.declaration.queries.get(route.action))
    if why is not None:
        raise GuardFailure(
            report(
                title=title,
                expected=f"the query count locked for {key}",
                got=why,
                hint="add select_related()/prefetch_related() for the new queries, or if the "
                "change is intended run pytest --guard-update and commit the lock file",
            )
        )
