"""References in the body: a write must not attach another user's private row.

A comment on someone else's private note, an order line on someone else's cart: each writable
relation is sent pointing at the victim's related row. It passes on a refusal (4xx) or when
the stored row does not carry the reference.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model
from rest_framework.fields import empty

from ...endpoint import payloads, tables
from ...endpoint.data import attribute
from .resend import expect_refusal_proven, resend
from .run import PermissionRun


def expect_no_foreign_references(run: PermissionRun, created_before: tables.Rows | None) -> None:
    victim = run.victim()
    if run.user is None or victim is None:
        return
    victim_name, victim_user, victim_object = victim
    fields = payloads.writable_fields(payloads.serializer_for(run.request.view()))
    first_hop = (run.ctx.declaration.owner or "").split("__")[0]
    for name, field in fields.items():
        model = payloads.related_model(field)
        if model is None or field.source == first_hop or issubclass(model, get_user_model()):
            continue  # not a relation, or the ownership the mass-assignment probe covers
        theirs = payloads.represent(field, victim_object)
        related = _related(victim_object, str(field.source))
        if theirs in (empty, None, [], run.payload.get(name)) or related is None:
            continue
        if _private_to(related, victim_user, run.user):
            whose = f"{victim_name}'s {related._meta.label}"
            _probe(run, name, field, theirs, whose, created_before)


def _probe(
    run: PermissionRun,
    name: str,
    field: Any,
    theirs: Any,
    whose: str,
    created_before: tables.Rows | None,
) -> None:
    probe = f"reference probe (the {run.route.action} re-sent with {name}={theirs!r}, {whose})"
    with transaction.atomic():
        resent = resend(run, {name: theirs}, probe)
        refused = not 200 <= resent.response.status_code < 300
        if refused:
            expect_refusal_proven(run, resent, probe, f"the reference to {whose}")
        for row in [] if refused else _written_rows(run, created_before):
            if payloads.represent(field, row) == theirs:
                raise run.failure(
                    "a reference to another user's row refused (4xx) or not stored",
                    f"sending {name}={theirs!r} ({whose}) stored it on row {row.pk}",
                    f"limit the '{name}' field's queryset to rows of request.user (or "
                    f"check it in validate_{name}())",
                    sent=run.probe_sent(resent.body, resent.url),
                )
        transaction.set_rollback(True)


def _written_rows(run: PermissionRun, created_before: tables.Rows | None) -> list[Model]:
    if created_before is None:
        return [run.stored(run.url_object)]
    created = tables.created_since(run.model, created_before)
    return list(run.model._base_manager.filter(pk__in=created))


def _related(obj: Model, source: str) -> Model | None:
    value = attribute(obj, source)
    if hasattr(value, "all"):  # many-to-many: its first row stands for them
        value = value.all().first()
    return value if isinstance(value, Model) else None


def _private_to(row: Model, victim: Any, actor: Any) -> bool:
    """``row`` points at the victim through a user foreign key, and not at the actor."""
    user_model = get_user_model()
    owners = {
        getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.is_relation and field.related_model and issubclass(field.related_model, user_model)
    }
    return victim.pk in owners and actor.pk not in owners
