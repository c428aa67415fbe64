"""What a model's uniqueness rules allow a write: read from the model, checked by Django.

A derived payload must not trip a unique field or constraint of a correct endpoint (a 400
"already exists" would read as a refusal, or fail an allowed write). Every rule — a field's
``unique=True`` or ``OneToOneField``, ``unique_together``, a ``UniqueConstraint`` with fields or
expressions, with or without a condition — becomes one ``UniqueSet`` whose check is Django's own
``UniqueConstraint.validate()``, so conditions and expressions are judged as Django judges them.
A set made only of ownership fields (the user, the owner path's first hop) allows one row per
owner: no payload can avoid it, the existing row must make room.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F, Model, Q, QuerySet, UniqueConstraint


@dataclass(frozen=True)
class UniqueSet:
    """One uniqueness rule: the model fields it reads and how the model declares it."""

    label: str  # as the model declares it: "slug (unique=True)", "UniqueConstraint 'x' (a, b)"
    fields: frozenset[str]  # model field names, those its expressions read included
    constraint: UniqueConstraint

    @property
    def expressions(self) -> bool:
        """Whether the rule compares expressions (``Lower("name")``) rather than plain fields."""
        return bool(self.constraint.expressions)

    def violated_by(self, model: type[Model], instance: Model) -> bool:
        """Whether saving ``instance`` would break the rule, as Django validates it.

        A rule Django cannot validate on this row (an expression the backend refuses) counts as
        kept: the write then shows what the database says. The savepoint keeps a failed query
        from breaking the test's transaction on PostgreSQL.
        """
        try:
            with transaction.atomic():
                self.constraint.validate(model, instance)
        except ValidationError:
            return True
        except (DatabaseError, FieldError, ValueError):
            return False
        return False

    def rows_like(self, model: type[Model], values: dict[str, Any]) -> QuerySet[Model]:
        """The rows that hold ``values`` in the rule's fields (and meet its condition)."""
        rows = model._base_manager.filter(**values)
        condition = self.constraint.condition
        return rows.filter(condition) if isinstance(condition, Q) else rows


def unique_sets(model: type[Model]) -> list[UniqueSet]:
    """Every uniqueness rule of ``model`` but its primary key, in declaration order."""
    meta = model._meta
    sets = [
        _fields_set(
            f"{field.name} ({'OneToOneField' if field.one_to_one else 'unique=True'})",
            (field.name,),
        )
        for field in meta.concrete_fields
        if field.unique and not field.primary_key
    ]
    sets.extend(
        _fields_set(f"unique_together ({', '.join(names)})", names)
        for names in meta.unique_together
    )
    for constraint in meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            names = constraint.fields or tuple(_referenced(constraint.expressions))
            when = " when ..." if constraint.condition is not None else ""
            label = f"UniqueConstraint '{constraint.name}' ({', '.join(names)}){when}"
            sets.append(UniqueSet(label, frozenset(names), constraint))
    return sets


def ownership_fields(model: type[Model], owner: str | None) -> frozenset[str]:
    """Fields the server sets to say whose row it is: relations to the user model and the
    first hop of the owner path (``org`` for ``org__memberships__user``)."""
    user_model = get_user_model()
    names = {
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation
        and isinstance(field.related_model, type)
        and issubclass(field.related_model, user_model)
    }
    if owner and owner != "self":
        names.add(owner.split("__")[0])
    return frozenset(names)


def one_per_owner(model: type[Model], owner: str | None) -> list[UniqueSet]:
    """The rules that allow each owner a single row: every field they read is an ownership
    field, so no client-sent value can make a second row differ from the first."""
    owned = ownership_fields(model, owner)
    return [rule for rule in unique_sets(model) if rule.fields and rule.fields <= owned]


def _fields_set(label: str, names: Iterable[str]) -> UniqueSet:
    names = tuple(names)
    constraint = UniqueConstraint(fields=names, name=f"guard_{'_'.join(names)}")
    return UniqueSet(label, frozenset(names), constraint)


def _referenced(expressions: Iterable[Any]) -> list[str]:
    """The field names an expression list reads (``Lower("name"), "team"`` -> name, team)."""
    names: list[str] = []
    for expression in expressions:
        nodes = [expression] if isinstance(expression, F) else expression.flatten()
        for node in nodes:
            name = getattr(node, "name", None) if isinstance(node, F) else None
            if isinstance(name, str) and name not in names:
                names.append(name)
    return names
