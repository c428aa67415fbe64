"""The state of one permission case, its refusal checks and its messages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Model

from ... import verdicts
from ...declare.outcomes import object_view_permission, sees
from ...endpoint import tables
from ...endpoint.data import attribute
from ...endpoint.responses import describe
from ...findings import GuardFailure, SentRequest
from .. import Context
from . import Expectation

# How DRF (UniqueValidator, UniqueTogetherValidator) and Django (validate_unique, a
# UniqueConstraint's default message) word a uniqueness violation, in English.
UNIQUE = re.compile(r"already exists|must make a unique set|must be unique|is violated")


class PermissionRun:
    """The state of one case: its request, payload and the table before a refusal."""

    def __init__(self, expectation: Expectation, ctx: Context) -> None:
        self.exp, self.ctx = expectation, ctx
        self.route = expectation.route
        self.request = ctx.request(self.route, expectation.actor)
        self.user = self.request.user
        self.payload: Any = None
        self.refused_before: tables.Rows | None = None  # table before a request to be refused

    @property
    def url_object(self) -> Model:
        return self.request.obj

    @property
    def model(self) -> type[Model]:
        """The served model (every check that reads rows runs on a view that has one)."""
        model = self.ctx.declaration.model
        assert model is not None, "a plain view declared without objects"
        return model

    def send(self, payload: Any, url: str | None = None) -> Any:
        return self.ctx.send(self.request, payload, url)

    # -- probes of allowed writes ----------------------------------------------------------

    def victim(self, third_party: bool = False) -> tuple[str, Any, Model] | None:
        """(actor, user, own row) of the user whose rows a probe points at: the owner, or
        "other" when the owner acts; None when there is no such user or row.

        ``third_party``: neither the actor nor the owner ("other"), so a probe on the
        owner's row can move it away from the owner (a transfer only the owner may make).
        """
        name = "other" if self.exp.actor == "owner" else "owner"
        if third_party and self.exp.actor != "other":
            name = "other"
        user, row = self.ctx.data.users.get(name), self.ctx.data.own_object.get(name)
        return None if user is None or row is None else (name, user, row)

    def stored(self, obj: Model) -> Model:
        """``obj`` as stored now (a write may have changed it, its lookup value included)."""
        row: Model = self.model._base_manager.get(pk=obj.pk)
        return row

    def probe_url(self, created: bool) -> str | None:
        """Where a probe re-sends: the row's current URL after an update (the first write may
        have changed the lookup, e.g. a fresh slug); None (the route's URL) after a create."""
        return None if created else self.request.url_under(self.stored(self.url_object))

    def probe_sent(self, body: Any, url: str | None) -> SentRequest:
        return SentRequest(self.route.method, url or self.request.url, self.request.wrap(body))

    def send_probe(self, body: Any, url: str | None, probe: str) -> Any:
        """A probe's request: a 5xx or a network call fails naming the probe and its body."""
        url = url or self.request.url  # given, so the case's own request stays the one shown
        response = self.request.send(body, url)
        self.ctx.judge(self.request, response, during=probe, sent=self.probe_sent(body, url))
        return response

    # -- refusals ------------------------------------------------------------------------

    def expect_denied(self, response: Any) -> None:
        if response.status_code in verdicts.DENIED_STATUSES:
            return
        hint = verdicts.deny_hint(
            response,
            anonymous=self.exp.actor == "anonymous",
            policy=self.ctx.declaration.policy,
            action=self.route.action,
            actor=self.exp.actor,
        )
        raise self.failure(self.expected_text(), describe(response), hint)

    def expect_hidden(self, response: Any) -> None:
        """404, or a 405 (the method refused before any lookup): either way exactly what a
        missing object gets, so the answer tells nothing about existence."""
        if response.status_code not in verdicts.HIDDEN_STATUSES:
            hint = verdicts.hide_hint(response, self.ctx.declaration.policy, self.scope_hint())
            raise self.failure(self.expected_text(), describe(response), hint)
        missing_url = self.request.missing_url()
        missing = self.send(self.payload, missing_url)
        differs = verdicts.hidden_differs(response, missing, missing_url)
        if differs is not None:
            raise self.failure(self.expected_text(), differs, verdicts.HIDE_DIFFERS_HINT)

    def expect_unchanged(self, before: tables.Rows) -> None:
        changed = tables.changes(before, tables.snapshot(self.model))
        if changed:
            raise self.failure(
                verdicts.unchanged_expected(self.exp.outcome, self.model._meta.label),
                verdicts.UNCHANGED_GOT,
                verdicts.UNCHANGED_HINT,
                details=changed,
            )

    # -- messages ------------------------------------------------------------------------

    def expected_text(self) -> str:
        return verdicts.expected_text(self.exp.outcome, self.exp.reason)

    def failure(
        self,
        expected: str,
        got: str,
        hint: str,
        details: Iterable[str] | None = None,
        sent: SentRequest | None = None,
    ) -> GuardFailure:
        if details is None and self.refused_before is not None:  # list what it changed
            details = tables.changes(self.refused_before, tables.snapshot(self.model))
        return self.ctx.failure(
            self.request, expected=expected, got=got, hint=hint, details=details or (), sent=sent
        )

    def allow_hint(self, response: Any) -> str:
        if response.status_code in (400, 422):  # 422: a common mapping of validation errors
            return self.payload_hint(response)
        return (
            f"the policy allows this; if the endpoint is right, declare "
            f'access = {{"{self.route.action}": {{"{self.exp.actor}": "deny"}}}} (or "hide")'
        )

    def payload_hint(self, response: Any) -> str:
        """Why a payload was refused with 400, and what to declare."""
        errors = response.content.decode(errors="replace")
        declared = self.ctx.declaration.payload
        if isinstance(declared, Mapping) and response.status_code == 400 and UNIQUE.search(errors):
            return (
                "the payload collides with an existing row on a unique field; Guard.payload is "
                "a fixed dict, sent again with every write: declare a callable payload(action, "
                "user, obj) -> dict that returns fresh values on each call"
            )
        clashes = self.request.settled.clashes
        if clashes:
            return (
                f"the payload derived from the factory was rejected: {errors}; no fresh value "
                f"satisfies {', '.join(clashes)}: give the factory a Sequence for those fields "
                "(and a factory for their related rows), or declare a callable Guard.payload"
            )
        return (
            f"the payload derived from the factory was rejected: {errors}"
            f"; declare the missing values, e.g. Guard.payload = {{...}}"
        )

    def scope_hint(self) -> str:
        if self.ctx.declaration.policy == "object_permissions":
            return self.object_filter_hint()
        name = getattr(self.ctx.declaration.model, "__name__", "Model")
        return verdicts.scope_hint(name, self.ctx.declaration.owner, plain=self.route.plain)

    def object_filter_hint(self) -> str:
        """The view lacks the filter, unless the actor holds the view permission on rows the
        declaration does not give it (a factory or ``make`` granting it)."""
        declaration, data = self.ctx.declaration, self.ctx.data
        view = object_view_permission(declaration)
        undeclared = [
            row
            for row in data.rows
            if self.user is not None
            and not sees(declaration, self.exp.actor, row, data.target)
            and self.user.has_perm(view, row)
        ]
        if undeclared:
            return (
                f"{self.exp.actor} holds {view} on {len(undeclared)} row(s) Guard.actors does "
                "not grant (does the factory or make grant it?): grant object permissions in "
                "the view (e.g. perform_create()), or declare them in Guard.actors"
            )
        return verdicts.OBJECT_FILTER_HINT

    def ownership_hint(self) -> str:
        return verdicts.ownership_hint(self.ctx.declaration.owner)

    def owner_label(self, obj: Model) -> str:
        for actor, own in self.ctx.data.own_object.items():
            if own == obj:
                return f"{actor}'s"
        return "not the actor's"

    def parent_values(self, obj: Model) -> dict[str, str]:
        return {
            kwarg: str(attribute(obj, path)) for kwarg, path in self.ctx.declaration.parents.items()
        }
