"""The permission matrix: every action as every actor gets the outcome its policy promises."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model

from .. import http, payloads
from ..action_request import DERIVED, ActionRequest
from ..declaration import Declaration
from ..discovery import Endpoint, Route
from ..endpoint_data import attribute, owned_by
from ..failures import GuardFailure, report
from ..policy import OUTCOME_MEANING, WHY, preset_outcome
from . import Case, Context, named_routes


class PermissionChecks:
    name = "permissions"
    marker = "guard_permissions"

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> list[Case]:
        result = []
        for name, route in named_routes(endpoint):
            for actor in declaration.all_actors:
                outcome, reason = expected(declaration, route, actor)
                result.append(
                    Case(
                        id=f"{name}-{actor}",
                        run=partial(check, Expectation(route, actor, outcome, reason)),
                        skip=declaration.skip.get(route.action),
                        info={"action": route.action, "actor": actor, "expected": outcome},
                    )
                )
        return result


@dataclass(frozen=True)
class Expectation:
    route: Route
    actor: str
    outcome: str
    reason: str  # why this outcome: the policy or the access override


def expected(declaration: Declaration, route: Route, actor: str) -> tuple[str, str]:
    """The outcome for ``actor`` on ``route`` and the sentence that justifies it."""
    override = declaration.access.get(route.action, {}).get(actor)
    if override is not None:
        return override, f'Guard.access["{route.action}"]["{actor}"] = "{override}"'
    outcome = preset_outcome(declaration.policy, actor, route.kind, read=declaration.read)
    return outcome, f'policy "{declaration.policy}": {WHY[declaration.policy]}'


def check(expectation: Expectation, ctx: Context) -> None:
    """Send the request and hold the response and the database to the expected outcome."""
    _Run(expectation, ctx).check()


class _Run:
    def __init__(self, expectation: Expectation, ctx: Context) -> None:
        self.exp, self.ctx = expectation, ctx
        self.route = expectation.route
        self.request = ActionRequest(ctx, self.route, expectation.actor)
        self.user = self.request.user
        self.url = self.request.url
        self.url_object = self.request.url_object
        self.model = ctx.declaration.model
        self.refused_before: http.Rows | None = None  # table before a request to be refused
        self.title = self.request.title

    # -- running -------------------------------------------------------------------------

    def check(self) -> None:
        self.payload = self.request.build_payload()
        refused = self.exp.outcome in ("deny", "hide")
        # Refused requests, reads included, must leave the rows as they were (no side effect).
        before = http.snapshot(self.model) if self.route.kind.is_write or refused else None
        self.refused_before = before if refused else None
        response = self.send(self.payload)
        outcome = self.exp.outcome
        if outcome == "deny":
            self.expect_denied(response)
        elif outcome == "hide":
            self.expect_hidden(response)
        elif outcome in ("own", "all"):
            self.expect_listed(response)
        else:
            self.expect_allowed(response, before)
        if self.refused_before is not None:
            self.expect_unchanged(self.refused_before)

    def send(self, payload: Any, url: str | None = None) -> Any:
        response = self.request.send(payload, url)
        problem = self.request.unexpected(response)
        if problem is not None:
            raise self.failure(self.expected_text(), *problem)
        return response

    # -- outcomes ------------------------------------------------------------------------

    def expect_denied(self, response: Any) -> None:
        if response.status_code in (401, 403):
            return
        if self.exp.actor == "anonymous":
            hint = "require authentication, e.g. permission_classes = [IsAuthenticated]"
        elif self.ctx.declaration.policy == "staff_write":
            hint = "restrict writes to staff, e.g. a permission that checks request.user.is_staff"
        elif response.status_code == 404:
            hint = (
                "the policy wants 403 here (the actor may see the object but not do this); "
                f'if hiding is intended declare access = {{"{self.route.action}": '
                f'{{"{self.exp.actor}": "hide"}}}}'
            )
        else:
            hint = "check ownership in has_object_permission() or restrict permission_classes"
        raise self.failure(self.expected_text(), http.describe(response), hint)

    def expect_hidden(self, response: Any) -> None:
        if response.status_code != 404:
            if response.status_code == 403:
                hint = (
                    "the 403 tells another user that the object exists: filter "
                    "get_queryset() to the user's objects so they get 404"
                )
            else:
                hint = self.scope_hint()
            raise self.failure(self.expected_text(), http.describe(response), hint)
        missing_url = self.request.missing_url()
        missing = self.send(self.payload, missing_url)
        if (missing.status_code, missing.content) != (response.status_code, response.content):
            raise self.failure(
                self.expected_text(),
                f"a 404 that differs from a missing object's: "
                f"{http.describe(response)}  vs  {http.describe(missing)} for {missing_url}",
                "answer exactly as for a missing object (get_object() on a scoped queryset does)",
            )

    def expect_unchanged(self, before: http.Rows) -> None:
        changed = http.changes(before, http.snapshot(self.model))
        if changed:
            raise self.failure(
                f"{self.exp.outcome}: nothing changed in {self.model._meta.label}",
                "the request was refused but the database changed",
                "check permissions before writing (self.get_object() runs the checks)",
                details=changed,
            )

    def expect_listed(self, response: Any) -> None:
        if not 200 <= response.status_code < 300:
            raise self.failure(
                self.expected_text(), http.describe(response), self.allow_hint(response)
            )
        rows = list_rows(response)
        if rows is None:
            return  # a custom action answering something other than a list of rows
        ids = row_ids(rows, self.ctx.endpoint)
        if ids is None:
            if rows and self.exp.outcome == "own":
                raise self.failure(
                    self.expected_text(),
                    "rows without an id, pk, url or lookup field",
                    "include the lookup field in the serializer so rows can be told apart",
                )
            return
        key, seen = ids
        lookup_field = getattr(self.ctx.endpoint.view, "lookup_field", "pk")
        same_parent = [
            obj
            for obj in self.ctx.data.rows
            if self.parent_values(obj) == self.parent_values(self.url_object)
        ]
        leaked, missing = [], []
        for obj in same_parent:
            visible = self.exp.outcome == "all" or self.ctx.data.owns(
                self.ctx.declaration, self.exp.actor, obj
            )
            shown = identity(obj, key, lookup_field) in seen
            if shown and not visible:
                leaked.append(f"{key}={identity(obj, key, lookup_field)} ({self.owner_label(obj)})")
            elif visible and not shown and self.route.action == "list":
                missing.append(f"{key}={identity(obj, key, lookup_field)}")
        if leaked:
            raise self.failure(
                self.expected_text(),
                "the list showed rows the actor must not see",
                self.scope_hint(),
                details=[f"leaked: {', '.join(leaked)}"],
            )
        if missing:
            raise self.failure(
                self.expected_text(),
                "rows the actor may see are missing",
                "check the queryset's filter",
                details=[f"missing: {', '.join(missing)}"],
            )

    def expect_allowed(self, response: Any, before: http.Rows | None) -> None:
        if not 200 <= response.status_code < 300:
            raise self.failure(
                self.expected_text(), http.describe(response), self.allow_hint(response)
            )
        action = self.route.action
        if before is None or action not in (*DERIVED, "destroy"):  # before: a write's table
            return
        after = http.snapshot(self.model)
        if action == "create":
            created = sorted(after.keys() - before.keys(), key=str)
            if not created:
                raise self.failure(
                    "a created row",
                    f"{response.status_code} but no new {self.model._meta.label} row",
                    "save the object",
                )
            self.expect_created_row_owned(created[-1])
            self.expect_no_mass_assignment(created_before=after)
        elif action == "destroy":
            if self.model._default_manager.filter(pk=self.ctx.data.target.pk).exists():
                raise self.failure(
                    "the row deleted",
                    f"{response.status_code} but the row still exists",
                    "delete the object in perform_destroy()",
                )
        else:
            self.expect_stored()
            self.expect_no_mass_assignment(created_before=None)

    def expect_created_row_owned(self, pk: Any) -> None:
        declaration = self.ctx.declaration
        if declaration.owner is None or self.user is None:
            return
        if not owned_by(self.model, pk, declaration.owner, self.user):
            raise self.failure(
                f"the created row owned by the acting user ({declaration.owner})",
                f"row {pk} belongs to someone else",
                self.ownership_hint(),
            )

    def expect_stored(self) -> None:
        view = self.request.view()
        serializer = payloads.serializer_for(view, self.ctx.data.target)
        row = self.model._base_manager.get(pk=self.ctx.data.target.pk)
        for name in self.request.changed:
            if not payloads.stored(serializer, name, self.payload[name], row):
                raise self.failure(
                    f"{name} stored as sent ({self.payload[name]!r})",
                    f"the row holds {payloads.represent(serializer.fields[name], row)!r}",
                    "save the validated data in perform_update()",
                )

    def expect_no_mass_assignment(self, created_before: http.Rows | None) -> None:
        """Send another user's ids in ownership fields: ownership must not move to them."""
        declaration = self.ctx.declaration
        victim = "other" if self.exp.actor == "owner" else "owner"
        victim_user = self.ctx.data.users.get(victim)
        victim_object = self.ctx.data.own_object.get(victim)
        if declaration.owner is None or victim_user is None or victim_object is None:
            return
        forged = self.forged_fields(victim_user, victim_object)
        target = self.ctx.data.target
        before = None if created_before is not None else self.ownership(target, victim_user)
        with transaction.atomic():
            response = self.send({**self.payload, **forged})
            if 200 <= response.status_code < 300:
                if created_before is not None:
                    rows = [pk for pk in http.snapshot(self.model) if pk not in created_before]
                    moved = [
                        pk for pk in rows if not self.ownership(self.model(pk=pk), victim_user)[0]
                    ]
                else:
                    moved = [target.pk] if self.ownership(target, victim_user) != before else []
                if moved:
                    sent = ", ".join(f"{k}={v!r}" for k, v in forged.items())
                    raise self.failure(
                        "mass assignment refused: ownership does not follow client-sent ids",
                        f"sending {sent} ({victim}'s) moved row {moved[0]} away from "
                        f"{self.exp.actor} towards {victim}",
                        self.ownership_hint(),
                    )
            transaction.set_rollback(True)

    def ownership(self, obj: Model, victim_user: Any) -> tuple[bool, bool]:
        """(actor owns obj, victim owns obj), read from the database."""
        owner = str(self.ctx.declaration.owner)
        return (
            self.user is not None and owned_by(self.model, obj.pk, owner, self.user),
            owned_by(self.model, obj.pk, owner, victim_user),
        )

    def forged_fields(self, victim_user: Any, victim_object: Model) -> dict[str, Any]:
        """The ownership fields of the payload, pointed at the victim's user and rows."""
        owner = self.ctx.declaration.owner
        assert owner is not None
        first_hop = owner.split("__")[0]
        fields = payloads.writable_fields(payloads.serializer_for(self.request.view()))
        forged: dict[str, Any] = {
            first_hop: getattr(attribute(victim_object, first_hop), "pk", None)
        }
        user_model = get_user_model()
        for name, field in fields.items():
            relation = getattr(field, "child_relation", field)
            model = getattr(getattr(relation, "queryset", None), "model", None)
            if field.source == first_hop:
                forged[name] = payloads.represent(field, victim_object)
            elif model is not None and issubclass(model, user_model):
                forged[name] = [victim_user.pk] if relation is not field else victim_user.pk
        return forged

    # -- messages ------------------------------------------------------------------------

    def expected_text(self) -> str:
        return f"{self.exp.outcome} ({OUTCOME_MEANING[self.exp.outcome]}) — {self.exp.reason}"

    def failure(
        self, expected: str, got: str, hint: str, details: list[str] | None = None
    ) -> GuardFailure:
        if details is None and self.refused_before is not None:  # list what it changed
            details = http.changes(self.refused_before, http.snapshot(self.model))
        return GuardFailure(
            report(title=self.title, expected=expected, got=got, hint=hint, details=details)
        )

    def allow_hint(self, response: Any) -> str:
        if response.status_code == 400:
            return (
                f"the payload derived from the factory was rejected: {response.content.decode()}"
                f"; declare the missing values, e.g. Guard.payload = {{...}}"
            )
        return (
            f"the policy allows this; if the endpoint is right, declare "
            f'access = {{"{self.route.action}": {{"{self.exp.actor}": "deny"}}}} (or "hide")'
        )

    def scope_hint(self) -> str:
        owner = self.ctx.declaration.owner or "<owner>"
        return (
            f"scope get_queryset() to request.user, e.g. "
            f"{self.model.__name__}.objects.filter({owner}=self.request.user)"
        )

    def ownership_hint(self) -> str:
        field = (self.ctx.declaration.owner or "owner").split("__")[0]
        return (
            f"make '{field}' read-only in the serializer (or validate it belongs to the user) "
            f"and set it in perform_create(), e.g. serializer.save({field}=...)"
        )

    def owner_label(self, obj: Model) -> str:
        for actor, own in self.ctx.data.own_object.items():
            if own == obj:
                return f"{actor}'s"
        return "not the actor's"

    def parent_values(self, obj: Model) -> dict[str, str]:
        return {
            kwarg: str(attribute(obj, path)) for kwarg, path in self.ctx.declaration.parents.items()
        }


# -- rows ------------------------------------------------------------------------------------


def list_rows(response: Any) -> list[Any] | None:
    """The rows of a list response, paginated or not; None when the body is no list."""
    try:
        body = response.json()
    except ValueError:
        return None
    if isinstance(body, dict):
        body = body.get("results")
    return body if isinstance(body, list) else None


_ID_KEYS = ("id", "pk", "uuid", "slug")


def row_ids(rows: list[Any], endpoint: Endpoint) -> tuple[str, set[str]] | None:
    """The key rows are identified by, and the set of values shown."""
    dict_rows = [row for row in rows if isinstance(row, dict)]
    if not dict_rows:
        return None
    lookup_field = getattr(endpoint.view, "lookup_field", "pk")
    for key in (lookup_field, *_ID_KEYS, "url"):
        if all(key in row for row in dict_rows):
            if key == "url":
                return key, {str(row[key]).rstrip("/").rsplit("/", 1)[-1] for row in dict_rows}
            return key, {str(row[key]) for row in dict_rows}
    return None


def identity(obj: Model, key: str, lookup_field: str = "pk") -> str:
    """The value a row for ``obj`` shows under ``key`` (a URL ends with the lookup value)."""
    if key == "url":
        key = lookup_field
    return str(obj.pk) if key in ("id", "pk") else str(attribute(obj, key))
