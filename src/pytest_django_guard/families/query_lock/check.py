"""The query-lock check: the action's count, measured as the owner, against its entry."""

from __future__ import annotations

from ...declare.discovery import Route
from ...queries.lock import query_lock
from .. import Context
from . import ceilings, lock_key

HINT = (
    "add select_related()/prefetch_related() for the new queries, or if the change is "
    "intended run pytest --guard-update and commit the lock file"
)
NEW_HINT = "a new endpoint action: run pytest --guard-update and commit the lock file"


def check(route: Route, ctx: Context) -> None:
    request = ctx.measuring_request(route)
    _, entry = ctx.measure_answered(request, request.build_payload())
    key = lock_key(ctx.endpoint.label, ctx.case.id)
    lock = query_lock(ctx.config)
    why = lock.compare(key, entry, ceilings(ctx.declaration).get(route.action))
    if why is not None:
        hint = HINT if key in lock.recorded else NEW_HINT
        raise ctx.failure(request, expected=f"the query count locked for {key}", got=why, hint=hint)
