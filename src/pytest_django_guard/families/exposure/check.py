"""Reads: every actor the action answers gets a response free of hashes, secrets (but its own,
where declared) and other users' private fields; and the ``fields = "__all__"`` item."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Model

from ...declare.discovery import Endpoint, Route
from ...declare.policy import Kind
from ...endpoint import secrets
from ...endpoint.all_fields import all_over_user
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import body_of, describe, row_ids, unreadable
from ...findings import GuardFailure
from .. import Context
from . import anyone_may_read, owner_may_read

ALL_FIELDS_EXPECTED = (
    "explicit fields on a serializer over a user model — "
    '"__all__" renders the password hash, and every field the model gains later'
)


def whole_users(endpoint: Endpoint) -> list[str]:
    """The serializers of the view rendering a user-like model with ``fields = "__all__"``."""
    serializer = getattr(endpoint.view, "serializer_class", None)
    return all_over_user(serializer) if serializer is not None else []


def check_serializer(found: list[str], ctx: Context) -> None:
    raise ctx.failure(
        None,
        expected=ALL_FIELDS_EXPECTED,
        got=f'fields = "__all__" on {found[0]}',
        details=found[1:],
        hint="list the fields the API shows in Meta.fields (never password); "
        "make a writable password write_only=True",
    )


def leaked(ctx: Context, request: ActionRequest, found: list[secrets.Leak]) -> GuardFailure:
    """The failure for what a response carried: the worst first, the rest as details."""
    return ctx.failure(
        request,
        expected=secrets.EXPECTED,
        got=secrets.got(found),
        details=[leak.line() for leak in found[1:]],
        hint=secrets.hint(found[0]),
    )


def row_of(ctx: Context, body: Any) -> Any:
    """A detail or write answer's row: inside ``Guard.envelope`` (``{"user": {...}}``) when
    declared, so the row's own fields are read as its own, not as nested ones."""
    envelope = ctx.declaration.envelope
    if envelope and isinstance(body, dict) and isinstance(body.get(envelope), dict):
        return body[envelope]
    return body


class Reading:
    """One actor's response: its rows, which of them the actor owns, and what it leaks."""

    def __init__(self, ctx: Context, request: ActionRequest, response: Any) -> None:
        self.ctx, self.request, self.response = ctx, request, response
        self.body = body_of(response)
        self.rows = self._rows()
        self.own = [row for row in self.rows if self._owns(row)]

    def _rows(self) -> list[dict[str, Any]]:
        if self.request.route.kind is Kind.COLLECTION_READ:
            listing = self.request.listing(self.response)
            if listing.rows is None:
                raise self.ctx.could_not_verify(self.request, *unreadable(listing.shape))
            rows: list[Any] = listing.rows
        else:
            rows = self.body if isinstance(self.body, list) else [row_of(self.ctx, self.body)]
        return [row for row in rows if isinstance(row, dict) and row]

    def _owns(self, row: dict[str, Any]) -> bool:
        obj = self.request.url_object if self.request.route.detail else self._object(row)
        data, declaration = self.ctx.data, self.ctx.declaration
        return obj is not None and data.owns(declaration, self.request.actor, obj)

    def _object(self, row: dict[str, Any]) -> Model | None:
        """The stored row a list row shows (by its id, pk or lookup value); None: unknown."""
        model = self.ctx.declaration.model
        lookup = getattr(self.ctx.endpoint.view, "lookup_field", "pk")
        found = row_ids([row], lookup)
        if model is None or found is None:
            return None
        key, values = found
        field = lookup if key == "url" else ("pk" if key in ("id", "pk") else key)
        try:
            return model._base_manager.filter(**{field: next(iter(values))}).first()
        except (ValueError, TypeError, LookupError):
            return None

    def leaks(self) -> list[secrets.Leak]:
        actor, family = self.request.actor, self.ctx.declaration.family_fields
        exposed, public = owner_may_read(self.ctx), anyone_may_read(self.ctx)
        private: dict[str, frozenset[str]] = family.get("private_fields", {})
        hidden = {name for name, who in private.items() if actor not in who - {"owner"}}
        own = {id(row) for row in self.own}
        foreign = {id(node) for row in self.rows if id(row) not in own for node in _objects(row)}
        return secrets.leaks(
            self.body,
            allowed=lambda field, holder: (
                field in public or (field in exposed and id(holder) in own)
            ),
            private=lambda field, holder: field in hidden and id(holder) in foreign,
        )


def _objects(row: Any) -> Iterator[Any]:
    """The row and every object nested in it."""
    yield row
    for _, _, value, _ in secrets.walk(row):
        if isinstance(value, dict):
            yield value


def _text_answer(ctx: Context, request: ActionRequest, response: Any) -> str:
    """A 2xx that is not JSON: searched for hashes (a leak fails); its content type."""
    kind = str(response.get("Content-Type", "no content type")).split(";")[0]
    text = response.content.decode("utf-8", errors="replace") if response.content else ""
    found = secrets.hashes_in_text(text)
    if found:
        raise leaked(ctx, request, found)
    return kind


def check_read(route: Route, ctx: Context) -> None:
    readings: list[Reading] = []
    refused: list[str] = []
    text_only: list[tuple[ActionRequest, str]] = []
    from . import answered

    for actor in answered(ctx.declaration, route):
        request = ctx.request(route, actor)
        response = ctx.send(request)
        if not 200 <= response.status_code < 300:
            refused.append(f"{actor}: {describe(response)}")
            continue
        if body_of(response) is None:
            text_only.append((request, _text_answer(ctx, request, response)))
            continue
        reading = Reading(ctx, request, response)
        found = reading.leaks()
        if found:
            raise leaked(ctx, request, found)
        readings.append(reading)
    if text_only and not readings:
        raise ctx.could_not_verify(
            text_only[0][0],
            f"the answer is not JSON ({text_only[0][1]}): it was searched for password hashes "
            "(none), but it has no fields to read for secret names or private fields",
            "if the action serves no user data (a schema, a rendered page), declare "
            'Guard.skip = {"<action>": "<why>"}; otherwise answer JSON',
        )
    if not any(reading.rows for reading in readings):
        raise ctx.could_not_verify(
            readings[0].request if readings else None,
            "no actor's response showed a row, so no field was looked at"
            + (f" (refused: {'; '.join(refused)})" if refused else ""),
            "Guard.factory / owner / parents must make rows the action shows to its actors",
        )
