"""List outcomes: ``own`` shows exactly the actor's rows, ``all`` every row."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import Model

from ... import verdicts
from ...declare.outcomes import sees
from ...endpoint.responses import Listing, describe, identity, row_ids, unreadable
from .filters import expect_query_params_respected
from .listed import Shown, ordered_ids
from .run import PermissionRun


def expect_listed(run: PermissionRun, response: Any) -> None:
    if not 200 <= response.status_code < 300:
        raise run.failure(run.expected_text(), describe(response), run.allow_hint(response))
    listing = _read(run, response)
    key, seen, lookup_field = _ids(run, listing.rows or [], "")
    same_parent = [
        obj
        for obj in run.ctx.data.rows
        if run.parent_values(obj) == run.parent_values(run.url_object)
    ]
    leaked = _leaked(run, same_parent, key, seen, lookup_field)
    missing = [
        f"{key}={identity(obj, key, lookup_field)}"
        for obj in same_parent
        if run.route.action == "list"
        and _visible(run, obj)
        and identity(obj, key, lookup_field) not in seen
    ]
    if leaked:
        raise run.failure(
            run.expected_text(),
            verdicts.LEAKED_GOT,
            run.scope_hint(),
            details=[f"leaked: {', '.join(leaked)}", f"rows read from {listing.source}"],
        )
    if missing:
        raise run.failure(
            run.expected_text(),
            verdicts.MISSING_GOT,
            verdicts.MISSING_HINT,
            details=[f"missing: {', '.join(missing)}"],
        )
    if run.ctx.declaration.parents and run.exp.outcome == "own" and run.exp.actor != "owner":
        expect_nothing_under_owners_parent(run)
    if run.route.action == "list":  # query parameters narrow the list, never widen it
        shown = Shown(key, lookup_field, ordered_ids(listing.rows or [], key))
        expect_query_params_respected(run, shown, partial(_shown_ids, run, key, lookup_field))


def _shown_ids(
    run: PermissionRun, key: str, lookup_field: str, response: Any, where: str
) -> list[str]:
    """The ids a later list response shows, read like the first one (a 2xx is read)."""
    rows = _read(run, response).rows or []
    if rows:
        _ids(run, rows, where)  # rows that carry no id are a could-not-verify, not an empty list
    return ordered_ids(rows, key)


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
    listing = _read(run, response)
    key, seen, lookup_field = _ids(run, listing.rows or [], f" listed under {url}")
    leaked = _leaked(run, run.ctx.data.rows, key, seen, lookup_field)
    if leaked:
        raise run.failure(
            run.expected_text(),
            f"listed under the owner's parent ({url}), the list showed rows the actor must not see",
            run.scope_hint() + " — filtering by the parent in the URL is not enough",
            details=[f"leaked: {', '.join(leaked)}", f"rows read from {listing.source}"],
        )


def _read(run: PermissionRun, response: Any) -> Listing:
    listing = run.request.listing(response)
    if listing.rows is None:
        raise run.ctx.could_not_verify(run.request, *unreadable(listing.shape))
    return listing


def _ids(run: PermissionRun, rows: list[Any], where: str) -> tuple[str, set[str], str]:
    """(the key rows are told apart by, the values shown, the view's lookup field)."""
    lookup_field = getattr(run.ctx.endpoint.view, "lookup_field", "pk")
    if not rows:
        return ("id" if lookup_field == "pk" else lookup_field), set(), lookup_field
    ids = row_ids(rows, lookup_field)
    if ids is None:
        raise run.ctx.could_not_verify(
            run.request,
            f"the rows{where} carry no id, pk, url or lookup field to tell them apart",
            "include the lookup field in the serializer",
        )
    return ids[0], ids[1], lookup_field


def _visible(run: PermissionRun, obj: Model) -> bool:
    """Whether the outcome lets the actor see ``obj``: every row, the rows it holds the view
    permission on, or its own."""
    declaration, data = run.ctx.declaration, run.ctx.data
    if run.exp.outcome == "permitted":
        return sees(declaration, run.exp.actor, obj, data.target)
    return run.exp.outcome == "all" or data.owns(declaration, run.exp.actor, obj)


def _leaked(
    run: PermissionRun, objs: list[Model], key: str, seen: set[str], lookup_field: str
) -> list[str]:
    """The rows shown that the actor must not see, as ``id=3 (owner's)``."""
    return [
        f"{key}={identity(obj, key, lookup_field)} ({run.owner_label(obj)})"
        for obj in objs
        if identity(obj, key, lookup_field) in seen and not _visible(run, obj)
    ]
