"""List outcomes: ``own`` shows exactly the actor's rows, ``all`` every row."""

from __future__ import annotations

from typing import Any

from ...endpoint.responses import describe, identity, row_ids, unreadable
from .run import PermissionRun


def expect_listed(run: PermissionRun, response: Any) -> None:
    if not 200 <= response.status_code < 300:
        raise run.failure(run.expected_text(), describe(response), run.allow_hint(response))
    listing = run.request.listing(response)
    if listing.rows is None:
        raise run.ctx.could_not_verify(run.request, *unreadable(listing.shape))
    lookup_field = getattr(run.ctx.endpoint.view, "lookup_field", "pk")
    empty = ("id" if lookup_field == "pk" else lookup_field, set[str]())
    ids = row_ids(listing.rows, lookup_field) if listing.rows else empty
    if ids is None:
        raise run.ctx.could_not_verify(
            run.request,
            "the rows carry no id, pk, url or lookup field to tell them apart",
            "include the lookup field in the serializer",
        )
    key, seen = ids
    data = run.ctx.data
    same_parent = [
        obj for obj in data.rows if run.parent_values(obj) == run.parent_values(run.url_object)
    ]
    leaked, missing = [], []
    for obj in same_parent:
        visible = run.exp.outcome == "all" or data.owns(run.ctx.declaration, run.exp.actor, obj)
        shown = identity(obj, key, lookup_field) in seen
        if shown and not visible:
            leaked.append(f"{key}={identity(obj, key, lookup_field)} ({run.owner_label(obj)})")
        elif visible and not shown and run.route.action == "list":
            missing.append(f"{key}={identity(obj, key, lookup_field)}")
    if leaked:
        raise run.failure(
            run.expected_text(),
            "the list showed rows the actor must not see",
            run.scope_hint(),
            details=[f"leaked: {', '.join(leaked)}", f"rows read from {listing.source}"],
        )
    if missing:
        raise run.failure(
            run.expected_text(),
            "rows the actor may see are missing",
            "check the queryset's filter",
            details=[f"missing: {', '.join(missing)}"],
        )
    if run.ctx.declaration.parents and run.exp.outcome == "own" and run.exp.actor != "owner":
        expect_nothing_under_owners_parent(run)


def expect_nothing_under_owners_parent(run: PermissionRun) -> None:
    """Listed under the owner's parent (``/posts/<owner's post>/comments/``), the actor still
    sees none of the rows it may not see: a nested list must scope by user, not by parent."""
    target = run.ctx.data.target
    if target is None or run.parent_values(target) == run.parent_values(run.url_object):
        return
    url = run.request.url_under(target)
    response = run.send(None, url)
    if not 200 <= response.status_code < 300:
        return  # the owner's parent itself is refused: nothing can leak through it
    listing = run.request.listing(response)
    if listing.rows is None:
        raise run.ctx.could_not_verify(run.request, *unreadable(listing.shape))
    lookup_field = getattr(run.ctx.endpoint.view, "lookup_field", "pk")
    ids = row_ids(listing.rows, lookup_field)
    if ids is None and listing.rows:
        raise run.ctx.could_not_verify(
            run.request,
            f"the rows listed under {url} carry no id, pk, url or lookup field",
            "include the lookup field in the serializer",
        )
    if ids is None:
        return  # an empty list under the owner's parent: nothing leaked
    key, seen = ids
    data = run.ctx.data
    leaked = [
        f"{key}={identity(obj, key, lookup_field)} ({run.owner_label(obj)})"
        for obj in data.rows
        if identity(obj, key, lookup_field) in seen
        and not data.owns(run.ctx.declaration, run.exp.actor, obj)
    ]
    if leaked:
        raise run.failure(
            run.expected_text(),
            f"listed under the owner's parent ({url}), the list showed rows the actor must not see",
            run.scope_hint() + " — filtering by the parent in the URL is not enough",
            details=[f"leaked: {', '.join(leaked)}", f"rows read from {listing.source}"],
        )
