"""Derived payloads that never collide with a row that exists: fresh values, fresh related rows,
and room made where the model allows one row per owner.

The row a write would store is put together from the payload (and, for what the server sets,
the actor and the row the actor's request is about), then held to every uniqueness rule of
the model. A rule the payload breaks gets fresh factory values, then a fresh related row the
actor may use (a new plan to subscribe to); a rule made only of ownership fields (a
``OneToOneField`` to the user) cannot be satisfied by any payload, so the actor's existing row
is removed first — inside the test's savepoint, rolled back with it — and the write is sent in
the state where it can succeed: a user without a profile creates one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import ForeignKey, Model
from factory.declarations import SubFactory
from rest_framework import serializers

from ..declare.declaration import Declaration
from . import payloads
from .rows import _factory_for
from .uniqueness import UniqueSet, one_per_owner, unique_sets


@dataclass
class Settled:
    """What settling a payload did: the rows it removed, and the rules it could not satisfy."""

    made_room: list[str] = field(default_factory=list)  # "removed accounts.Profile 3 (...)"
    clashes: list[str] = field(default_factory=list)  # labels of rules still broken


def settle(
    declaration: Declaration,
    serializer: Any,
    payload: dict[str, Any],
    *,
    user: Any,
    related_from: Model,
    stored: Model | None,
    declared: Mapping[str, Any],
    room_for: Iterable[Model] = (),
) -> Settled:
    """Change ``payload`` in place so it breaks no uniqueness rule; ``stored`` is the row an
    update writes (None for a create); ``room_for`` are other users' rows whose one-per-owner
    place a probe needs free (the victim of a forged owner)."""
    model = declaration.model
    settled = Settled()
    if model is None or declaration.factory is None:
        return settled
    fields = _model_fields(model, payloads.writable_fields(serializer))
    row = _would_be(model, fields, payload, declared, user, related_from, stored)
    single = one_per_owner(model, declaration.owner)
    for rule in unique_sets(model):
        if not rule.violated_by(model, row):
            continue
        if rule in single:
            settled.made_room += _make_room(model, rule, row, "the actor's")
        elif not _refresh(declaration, rule, fields, payload, declared, row, user):
            settled.clashes.append(rule.label)
    for other in room_for:
        for rule in single:
            settled.made_room += _make_room(model, rule, other, "the victim's")
    return settled


def _model_fields(
    model: type[Model], fields: Mapping[str, Any]
) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
    """Writable serializer fields that write one concrete model field (by its source)."""
    concrete = {f.name for f in model._meta.concrete_fields}
    return {name: f for name, f in fields.items() if f.source in concrete}


def _would_be(
    model: type[Model],
    fields: Mapping[str, Any],
    payload: Mapping[str, Any],
    declared: Mapping[str, Any],
    user: Any,
    related_from: Model,
    stored: Model | None,
) -> Model:
    """The row the write would store: the payload's values on the stored row (an update), or
    on a new row whose other relations come from the actor's row and whose user is the actor."""
    if stored is not None:
        row: Model = model._base_manager.get(pk=stored.pk)
    else:
        row = model()
        user_model = get_user_model()
        for relation in model._meta.concrete_fields:
            if isinstance(relation, ForeignKey):
                is_user = relation.related_model is user_model
                value = user if is_user else getattr(related_from, relation.name, None)
                setattr(row, relation.name, value)
    for name, value in payload.items():
        if name in fields:
            _set(row, fields[name], value, related_from if name not in declared else None)
    return row


def _set(row: Model, field: Any, value: Any, related_from: Model | None) -> None:
    """Put a payload value on ``row`` as the serializer would store it."""
    source = str(field.source)
    if related_from is not None and isinstance(field, serializers.RelatedField):
        setattr(row, source, getattr(related_from, source, None))
        return
    try:
        setattr(row, source, field.to_internal_value(value))
    except (serializers.ValidationError, TypeError, ValueError):
        return


def _make_room(model: type[Model], rule: UniqueSet, holder: Model, whose: str) -> list[str]:
    """Remove the rows that hold ``holder``'s values in the rule's fields."""
    values = {name: getattr(holder, name, None) for name in rule.fields}
    rows = rule.rows_like(model, values)  # the holder too, when it is the victim's own row
    removed = [str(pk) for pk in rows.values_list("pk", flat=True)]
    if removed:
        rows.delete()
    label = model._meta.label
    return [f"removed {whose} {label} {pk} first: one per owner ({rule.label})" for pk in removed]


def _refresh(
    declaration: Declaration,
    rule: UniqueSet,
    fields: Mapping[str, Any],
    payload: dict[str, Any],
    declared: Mapping[str, Any],
    row: Model,
    user: Any,
) -> bool:
    """Fresh values for the rule's payload fields, then fresh related rows; whether it holds."""
    model = type(row)
    own = [
        (name, f)
        for name, f in fields.items()
        if f.source in rule.fields and name in payload and name not in declared
    ]
    plain = [(name, f) for name, f in own if not isinstance(f, serializers.RelatedField)]
    if plain:
        built = declaration.factory.build()
        for name, f in plain:
            setattr(row, f.source, getattr(built, f.source))
            payload[name] = payloads.represent(f, built)
        if not rule.violated_by(model, row):
            return True
    for name, f in own:
        fresh = _fresh_related(declaration, f.source, payloads.related_model(f), user)
        if fresh is not None:
            setattr(row, f.source, fresh)
            payload[name] = payloads.represent(f, row)
    return not rule.violated_by(model, row)


def _fresh_related(
    declaration: Declaration, source: str, model: type[Model] | None, user: Any
) -> Model | None:
    """A new row of ``model`` the actor may use: made by the SubFactory Guard.factory declares
    for ``source`` (or a factory beside it), its user relations pointing at the actor."""
    user_model = get_user_model()
    if model is None or issubclass(model, user_model):
        return None  # another user is never a fresh value: that is the mass-assignment probe's
    declared = declaration.factory._meta.declarations.get(source)
    if isinstance(declared, SubFactory):
        make = declared.get_factory()  # type: ignore[no-untyped-call]
    else:
        make = _factory_for(model, declaration.factory)
    if make is None:
        return None
    owners = {
        f.name: user
        for f in model._meta.concrete_fields
        if isinstance(f, ForeignKey) and f.related_model is user_model and user is not None
    }
    fresh: Model = make(**owners)
    return fresh
