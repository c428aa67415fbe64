"""Hostile bodies for create, update, partial update and custom actions with a serializer
of their own, sent as an actor who may write.

A refusal proves something only when the same write with a valid body succeeds: the valid
write is sent first (rolled back), and a refused one makes the item "could not verify". Each
hostile body then runs in a savepoint of its own, the watched tables compared around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Model

from ...declare.discovery import Route
from ...endpoint import hostile, payloads, rejection, tables
from ...endpoint.client import Upload
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import describe
from ...findings import SentRequest
from .. import Context
from . import explore, strategies

Attempt = tuple[rejection.Problem, SentRequest]
MOST = 8  # hostile bodies listed in a failure; the count says how many more


class Body:
    """One write action's serializer, valid payload and the tables its refusals must keep."""

    def __init__(self, ctx: Context, route: Route) -> None:
        self.ctx = ctx
        self.request: ActionRequest = ctx.measuring_request(route)
        self.partial = route.action == "partial_update"
        # A custom action (``@action(serializer_class=...)``) may validate partially: a
        # required field it leaves out is its choice, so the fields are bound partial and
        # say nothing of a missing key (a 5xx for one is still a failure).
        self.custom = route.action not in payloads.DERIVED
        instance = self.request.obj if route.detail else None
        try:
            # Bound as the view binds it (partial on a PATCH), so each field's own verdict
            # is the one the view's validation reaches.
            view = self.request.view()
            self.serializer = view.get_serializer(instance, partial=self.partial or self.custom)
        except Exception as error:
            raise ctx.could_not_verify(
                self.request,
                f"no serializer found for {route.action}: {type(error).__name__}: {error}",
                "give the view serializer_class (or get_serializer_class()), or declare "
                f'Guard.skip = {{"{route.action}": "<why>"}}',
            ) from None
        self.valid = self.valid_payload()
        self.models = watched(ctx, self.serializer)
        # A file field makes the body multipart, which carries strings only: JSON types,
        # null and nesting cannot be sent, and what arrives is the value's text.
        self.multipart = any(isinstance(v, Upload) for v in self.valid.values())
        # PUT already sends every field's hostile values; PATCH adds each field alone.
        self.hostile_fields = not self.partial or not ctx.endpoint.routes_for("update")
        # A PUT beside a create of the same serializer: the fields' own limits were proven
        # through the create; the PUT sends what tests the view (types, required fields).
        self.brief = route.action == "update" and self.created_alike()

    def created_alike(self) -> bool:
        """Whether the endpoint's create, for the same actor, uses this serializer class."""
        for route in self.ctx.endpoint.routes_for("create"):
            try:
                view = self.ctx.request(route, self.request.actor).view()
                return type(view.get_serializer()) is type(self.serializer)
            except Exception:
                return False
        return False

    def valid_payload(self) -> dict[str, Any]:
        """The derived payload (every writable field for a partial update, not just one)."""
        request = self.request
        if not self.partial:
            return dict(request.build_payload() or {})
        declaration = request.declaration
        payload = payloads.derive(
            self.serializer,
            related_from=request.related_source(),
            values_from=declaration.factory.build(),
        )
        payload.update(payloads.declared(declaration, "partial_update", request.user, request.obj))
        return payload

    def control(self) -> None:
        """The valid write must succeed, or no refusal below proves anything."""
        body = self.valid if not self.partial else self.request.build_payload()
        with transaction.atomic():
            response = self.request.send(body)
            transaction.set_rollback(True)
        self.ctx.judge(self.request, response, during="the valid write")
        if not 200 <= response.status_code < 300:
            raise self.ctx.could_not_verify(
                self.request,
                f"the valid write answered {describe(response)}: a refused hostile body "
                "would prove nothing",
                f"make the write succeed for {self.request.actor} (Guard.payload, "
                "Guard.measure_as)",
            )
        self.before = {model: tables.snapshot(model) for model in self.models}
        self.baseline: set[str] = set()  # none yet: refused_anyway() reads changes()
        self.baseline = set(self.refused_anyway())

    def refused_anyway(self) -> list[str]:
        """What a write changes before it reads its body (a body that cannot be parsed): an
        access counter, a last-seen stamp. Not the input's doing, so not held against it."""
        with rejection.quietly(), transaction.atomic():
            response = self.request.send(hostile.MALFORMED_JSON)
            changed = [] if 200 <= response.status_code < 300 else self.changes()
            transaction.set_rollback(True)
        return changed

    def attempt(
        self, body: Any, label: str, values: Mapping[hostile.Path, Any] | None = None
    ) -> Attempt | None:
        """Send ``body`` in a savepoint; the problem with its answer, if any. ``values``: the
        hostile value at each field path, which the fields themselves then judge."""
        values = dict(values or {})
        if self.multipart:  # multipart carries text: what arrives is the value's text
            if any(not isinstance(v, str | int | float) or v is True for v in values.values()):
                return None
            values = {path: str(value) for path, value in values.items()}
        with rejection.quietly(), transaction.atomic():
            response = self.request.send(body)
            changed = [] if 200 <= response.status_code < 300 else self.changes()
            transaction.set_rollback(True)
        self.ctx.judge_network()
        problem = rejection.judge(
            response,
            label,
            field=tuple(sorted({path[0] for path in values})) or None,
            invalid=self.invalid(values) if 200 <= response.status_code < 300 else None,
            changed=changed,
        )
        return None if problem is None else (problem, self.request.sent)

    def invalid(self, values: Mapping[hostile.Path, Any]) -> str | None:
        """The first field that calls its value invalid, in its own words."""
        for path, value in values.items():
            field = hostile.field_at(self.serializer, path)
            refused = hostile.field_refuses(field, value) if field is not None else None
            if refused is not None:
                return (
                    f"{'.'.join(path)} says {refused!r}"
                    if len(values) > 1
                    else (f"the field says {refused!r}")
                )
        return None

    def changes(self) -> list[str]:
        """What differs from the tables before: every probe is rolled back, so the tables
        read once before the first one stand for the state before each."""
        found = [
            f"{model._meta.label} {line}"
            for model, rows in self.before.items()
            for line in tables.changes(rows, tables.snapshot(model))
        ]
        return [line for line in found if line not in self.baseline]

    def fixed(self) -> tuple[list[Attempt], int]:
        """The fixed list: every probe of every field, then (partial) each field alone."""
        probes = (
            hostile.body_probes(self.serializer, self.partial, self.brief)
            if self.hostile_fields
            else []
        )
        found = [
            a
            for p in probes
            if (a := self.attempt(p.body(self.valid), p.label, {p.path: p.value} if p.path else {}))
        ]
        sent = len(probes)
        if self.partial:
            for name, value in self.valid.items():
                outcome = self.attempt({name: value}, f"{name} alone")
                found += [outcome] if outcome else []
            outcome = self.attempt({}, "an empty body")
            found += [outcome] if outcome else []
            sent += len(self.valid) + 1
        return found, sent

    def random(self) -> Attempt | None:
        """Hypothesis's examples within the budget; the shrunk failing one."""
        ctx = self.ctx
        node = f"{ctx.endpoint.label}::{ctx.family}[{ctx.case.id}]"

        def one(values: dict[hostile.Path, Any]) -> Attempt | None:
            body: Any = self.valid
            for path, value in values.items():
                body = hostile.put(body, path, value)
            label = ", ".join(f"{'.'.join(path)}: {value!r}" for path, value in values.items())
            return self.attempt(body, label[:200], values)

        strategy = strategies.bodies(self.serializer, self.partial)
        examples = explore.budget(ctx.config)
        return explore.explore(strategy, one, examples, node, explore.home(ctx.config))


def check_body(route: Route, ctx: Context) -> None:
    body = Body(ctx, route)
    body.control()
    found, sent = body.fixed()
    if not found:
        shrunk = body.random()
        if shrunk is not None:
            problem, request = shrunk
            raise ctx.failure(
                body.request,
                expected=rejection.EXPECTED,
                got=f"a generated body was not refused (shrunk by Hypothesis): {problem.got}",
                details=problem.details,
                hint=problem.hint,
                sent=request,
            )
        return
    problem, request = found[0]
    raise ctx.failure(
        body.request,
        expected=rejection.EXPECTED,
        got=f"{len(found)} of {sent} hostile bodies were not refused",
        details=[p.got for p, _ in found[:MOST]]
        + ([f"… and {len(found) - MOST} more"] if len(found) > MOST else [])
        + list(problem.details),
        hint=problem.hint,
        sent=request,
    )


def watched(ctx: Context, serializer: Any) -> list[type[Model]]:
    """The endpoint's model and the models of its nested serializers."""
    models: list[type[Model]] = []
    if ctx.declaration.model is not None:
        models.append(ctx.declaration.model)
    for field in payloads.writable_fields_nested(serializer).values():
        meta = getattr(getattr(field, "child", field), "Meta", None)
        model = getattr(meta, "model", None)
        if isinstance(model, type) and issubclass(model, Model) and model not in models:
            models.append(model)
    return models


def _value_at(body: Any, path: hostile.Path) -> Any:
    for name in path:
        if isinstance(body, list):
            body = body[0] if body else {}
        if not isinstance(body, Mapping) or name not in body:
            return hostile.MISSING
        body = body[name]
    return body
