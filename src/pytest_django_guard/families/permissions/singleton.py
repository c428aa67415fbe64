"""Singleton ("me") routes: each actor is served, and changes, its own object and no other."""

from __future__ import annotations

from typing import Any

from ...endpoint import tables
from ...endpoint.responses import identity, row_ids
from .run import PermissionRun


def expect_own_object(run: PermissionRun, response: Any, before: tables.Rows | None) -> None:
    """A read shows the actor's object; a write leaves every other row as it was."""
    if before is not None:
        others_before = {pk: row for pk, row in before.items() if pk != run.url_object.pk}
        after = tables.snapshot(run.model)
        others_after = {pk: row for pk, row in after.items() if pk in others_before}
        changed = tables.changes(others_before, others_after)
        if changed:
            raise run.failure(
                f"only {run.exp.actor}'s own object changed",
                "the request changed another user's object",
                "get_object() must return the requesting user's object",
                details=changed,
            )
        return
    if run.route.method != "GET":
        return
    shown = _shown(run, response)
    if shown is None:
        raise run.ctx.could_not_verify(
            run.request,
            "the body carries no id, pk, url or lookup field to tell whose object it is",
            "include the lookup field in the serializer",
        )
    own, served = shown
    if served is not None:
        raise run.failure(
            f"{run.exp.actor}'s own object ({own})",
            f"the endpoint served {served}, another user's object",
            "get_object() must return the requesting user's object, e.g. self.request.user",
        )


def expect_named_object(run: PermissionRun, response: Any) -> None:
    """An allowed retrieve shows the object its URL names (when the body carries an id)."""
    if not 200 <= response.status_code < 300:
        return  # expect_allowed explains a refusal
    shown = _shown(run, response)
    if shown is None:
        return  # nothing to tell objects apart by: 2xx is what "allow" claims
    named, served = shown
    if served is not None:
        raise run.failure(
            f"the object the URL names ({named})",
            f"the endpoint served {served}",
            "look the object up with self.get_object() (it uses lookup_field and the URL)",
        )


def _shown(run: PermissionRun, response: Any) -> tuple[str, str | None] | None:
    """("key=value" of the request's object, what else the body shows or None when it shows
    that object); None when the body carries no id to tell objects apart."""
    lookup_field = getattr(run.ctx.endpoint.view, "lookup_field", "pk")
    try:
        body = response.json()
    except ValueError:
        return None
    ids = row_ids([body], lookup_field) if isinstance(body, dict) else None
    if ids is None:
        return None
    key, seen = ids
    expected = identity(run.url_object, key, lookup_field)
    if expected in seen:
        return f"{key}={expected}", None
    return f"{key}={expected}", ", ".join(f"{key}={value}" for value in sorted(seen))


def expect_parent_respected(run: PermissionRun, response: Any) -> None:
    """The owner's row, requested under another parent's URL, is not found there (404/403):
    a nested detail view must look the row up under the parent its URL names. The refusal
    counts because the same row under its own parent (the case's request) was served."""
    if not 200 <= response.status_code < 300:
        return  # the control (the row under its own parent) failed: expect_allowed says so
    other = run.ctx.data.own_object.get("other")
    if other is None or run.parent_values(other) == run.parent_values(run.url_object):
        return
    url = run.request.url_across(other, run.url_object)
    crossed = run.send(None, url)
    if 200 <= crossed.status_code < 300:
        raise run.failure(
            f"404 for the owner's row under another parent's URL ({url})",
            f"{crossed.status_code}: the row was served under a parent it does not belong to",
            "filter get_queryset() by the parent kwarg of the URL as well as by the user",
        )
