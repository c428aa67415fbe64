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
from ...findings import SentRequest
from .run import PermissionRun


def expect_no_foreign_references(run: PermissionRun, created_before: tables.Rows | None) -> None:
    data = run.ctx.data
    victim = "other" if run.exp.actor == "owner" else "owner"
    victim_user, victim_object = data.users.get(victim), data.own_object.get(victim)
    if run.user is None or victim_user is None or victim_object is None:
        return
    serializer = payloads.serializer_for(run.request.view())
    first_hop = (run.ctx.declaration.owner or "").split("__")[0]
    for name, field in payloads.writable_fields(serializer).items():
        relation = getattr(field, "child_relation", field)
        model = getattr(getattr(relation, "queryset", None), "model", None)
        if model is None or field.source == first_hop or issubclass(model, get_user_model()):
            continue  # not a relation, or the ownership the mass-assignment probe covers
        theirs = payloads.represent(field, victim_object)
        related = _related(victim_object, str(field.source))
        if theirs in (empty, None, [], run.payload.get(name)) or related is None:
            continue
        if _private_to(related, victim_user, run.user):
            _probe(run, name, theirs, f"{victim}'s {related._meta.label}", created_before)


def _probe(
    run: PermissionRun, name: str, theirs: Any, whose: str, created_before: tables.Rows | None
) -> None:
    body = {**run.payload, name: theirs}
    target = None if created_before is not None else run.url_object
    url = None if target is None else run.request.url_under(_current(run, target))
    with transaction.atomic():
        response = run.send(body, url)
        if 200 <= response.status_code < 300:
            for row in _written_rows(run, created_before, target):
                stored = payloads.represent(
                    payloads.writable_fields(payloads.serializer_for(run.request.view()))[name],
                    row,
                )
                if stored == theirs:
                    raise run.failure(
                        "a reference to another user's row refused (4xx) or not stored",
                        f"sending {name}={theirs!r} ({whose}) stored it on row {row.pk}",
                        f"limit the '{name}' field's queryset to rows of request.user (or "
                        f"check it in validate_{name}())",
                        sent=SentRequest(
                            run.route.method, url or run.request.url, run.request.wrap(body)
                        ),
                    )
        transaction.set_rollback(True)


def _written_rows(
    run: PermissionRun, created_before: tables.Rows | None, target: Model | None
) -> list[Model]:
    if target is not None:
        return [_current(run, target)]
    assert created_before is not None
    new = [pk for pk in tables.snapshot(run.model) if pk not in created_before]
    return list(run.model._base_manager.filter(pk__in=new))


def _current(run: PermissionRun, obj: Model) -> Model:
    row: Model = run.model._base_manager.get(pk=obj.pk)
    return row


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
