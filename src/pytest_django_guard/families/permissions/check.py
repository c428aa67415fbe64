"""One permission case: send the request, then hold response and database to the outcome."""

from __future__ import annotations

from ...endpoint import tables
from .. import Context
from . import Expectation
from .lists import expect_listed
from .run import PermissionRun
from .singleton import expect_named_object, expect_own_object, expect_parent_respected
from .writes import expect_allowed


def check(expectation: Expectation, ctx: Context) -> None:
    """Send the request and hold the response and the database to the expected outcome."""
    run = PermissionRun(expectation, ctx)
    run.payload = run.request.build_payload()
    outcome = expectation.outcome
    refused = outcome in ("deny", "hide")
    # Refused requests, reads included, must leave the rows as they were (no side effect).
    has_rows = ctx.declaration.model is not None  # a plain view may declare no objects
    watch = has_rows and (run.route.kind.is_write or refused)
    before = tables.snapshot(run.model) if watch else None
    run.refused_before = before if refused else None
    response = run.send(run.payload)
    if outcome == "deny":
        run.expect_denied(response)
    elif outcome == "hide":
        run.expect_hidden(response)
    elif outcome in ("own", "all", "permitted"):
        expect_listed(run, response)
    else:
        if run.route.singleton:  # first: whose object was served or changed explains the rest
            expect_own_object(run, response, before)
        elif run.route.action == "retrieve":
            expect_named_object(run, response)
            if ctx.declaration.parents and expectation.actor == "owner":
                expect_parent_respected(run, response)
        expect_allowed(run, response, before)
    if run.refused_before is not None:
        run.expect_unchanged(run.refused_before)
