"""Values that break one rule, derived from the rule's own ``Q`` and a saved row, and judged
by Django's ``constraint.validate()`` before the database is asked.

A comparison ``end__gt=F("start")`` is made false by ``end = start`` (or ``start = end``),
``capacity__gte=1`` by ``capacity = 0``; a condition ``Q(confirmed=True)`` is made true by
``confirmed = True``. Only simple lookups are derived; anything else is declared
(``Guard.violations``). Django, not this module, decides whether the values do break the rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, FieldError, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F, Model, Q

MIRROR = {"gt": "lt", "lt": "gt", "gte": "lte", "lte": "gte", "exact": "exact"}


def breaking(condition: Q, row: Model) -> Iterator[dict[str, Any]]:
    """Assignments that each make one comparison of ``condition`` false on ``row``, then all
    of them at once (what an OR of comparisons needs)."""
    every: dict[str, Any] = {}
    count = 0
    for leaf in leaves(condition):
        candidates = list(_falsify(leaf, row))
        if candidates:
            count += 1
            every = {**candidates[0], **every}
        yield from candidates
    if count > 1:
        yield every


def satisfying(condition: Q | None) -> dict[str, Any] | None:
    """Values that make a unique constraint's condition true (``{}`` without one); None when
    a comparison is not a simple ``field=value`` / ``field__isnull`` / order lookup."""
    if condition is None:
        return {}
    values: dict[str, Any] = {}
    for lhs, rhs in leaves(condition):
        field, lookup = _split(lhs)
        if field is None or isinstance(rhs, F) or hasattr(rhs, "resolve_expression"):
            return None
        if lookup == "isnull":
            if rhs:
                values[field] = None
            continue
        value = _true_for(lookup, rhs)
        if value is None:
            return None
        values[field] = value
    return None if condition.negated or condition.connector != Q.AND else values


def leaves(condition: Q) -> Iterator[tuple[str, Any]]:
    for child in condition.children:
        if isinstance(child, Q):
            yield from leaves(child)
        elif isinstance(child, tuple):
            yield child


def violates(constraint: Any, model: type[Model], row: Model) -> bool:
    """Whether Django's own validation sees ``row`` breaking ``constraint``."""
    try:
        with transaction.atomic(using=row._state.db):
            constraint.validate(model, row, using=row._state.db or "default")
    except ValidationError:
        return True
    except (DatabaseError, FieldError, ValueError, TypeError):
        return False
    return False


def assign(row: Model, values: Mapping[str, Any]) -> None:
    """Put ``values`` on ``row``; a relation given by its key goes to its column attribute."""
    for name, value in values.items():
        try:
            field = row._meta.get_field(name)
        except FieldDoesNotExist:
            setattr(row, name, value)
            continue
        is_key = getattr(field, "is_relation", False) and not isinstance(value, Model)
        setattr(row, field.attname if is_key else name, value)  # type: ignore[union-attr]


def value_of(row: Model, name: str) -> Any:
    """``row``'s stored value of field ``name`` (a relation's key, not the related row)."""
    field = row._meta.get_field(name)
    return getattr(row, getattr(field, "attname", name))


def _split(lhs: str) -> tuple[str | None, str]:
    parts = lhs.split("__")
    if len(parts) > 2:
        return None, ""
    return parts[0], parts[1] if len(parts) == 2 else "exact"


def _falsify(leaf: tuple[str, Any], row: Model) -> Iterator[dict[str, Any]]:
    field, lookup = _split(leaf[0])
    rhs = leaf[1]
    if field is None:
        return
    if isinstance(rhs, F):
        other = str(getattr(rhs, "name", ""))
        if "__" in other:
            return
        value = _false_for(lookup, value_of(row, other))
        if value is not None:
            yield {field: value}
        if lookup in MIRROR:
            mirrored = _false_for(MIRROR[lookup], value_of(row, field))
            if mirrored is not None:
                yield {other: mirrored}
    elif not hasattr(rhs, "resolve_expression"):
        value = _false_for(lookup, rhs)
        if value is not None or (lookup == "isnull" and rhs is False):
            yield {field: value}


def _step(value: Any) -> Any:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return type(value)(1)
    if isinstance(value, datetime.date):  # datetimes too
        return datetime.timedelta(days=1)
    return None


def _false_for(lookup: str, bound: Any) -> Any:
    """A value ``v`` for which ``v <lookup> bound`` is false (None: none derived)."""
    if lookup in ("gt", "lt"):
        return bound
    step = _step(bound)
    if lookup == "exact":
        if isinstance(bound, bool):
            return not bound
        if isinstance(bound, str):
            return bound + "~"
        return None if step is None else bound + step
    if lookup == "range" and isinstance(bound, list | tuple) and len(bound) == 2:
        return _false_for("gte", bound[0])
    if step is None:
        return None
    if lookup == "gte":
        return bound - step
    if lookup == "lte":
        return bound + step
    return None


def _true_for(lookup: str, bound: Any) -> Any:
    """A value ``v`` for which ``v <lookup> bound`` is true (None: none derived)."""
    if lookup in ("exact", "gte", "lte", "iexact"):
        return bound
    if lookup == "in" and isinstance(bound, list | tuple | set | frozenset) and bound:
        return next(iter(bound))
    step = _step(bound)
    if step is None:
        return None
    return bound + step if lookup == "gt" else bound - step if lookup == "lt" else None
