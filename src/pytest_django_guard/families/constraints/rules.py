"""What a model promises its database enforces, read from Django's own ``_meta``.

Each promise is one ``Rule``: a unique field, a ``unique_together`` set, a ``UniqueConstraint``
(fields or expressions, with a condition, with ``nulls_distinct``), a ``CheckConstraint``
(``condition=``, which Django 5.1+ reads for ``check=`` too), and the model's non-null columns
without a default. A rule the plugin cannot exercise carries its reason (``skip``): it is
reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import (
    NOT_PROVIDED,
    BaseConstraint,
    CheckConstraint,
    F,
    Field,
    Model,
    Q,
    UniqueConstraint,
)

UNIQUE, CHECK, NOT_NULL = "unique", "check", "not_null"


@dataclass(frozen=True)
class Rule:
    """One promise of ``model``; ``name`` is the item id part after the model label."""

    model: type[Model]
    name: str
    kind: str  # UNIQUE | CHECK | NOT_NULL
    label: str  # as the model declares it
    fields: tuple[str, ...]  # model field names it reads
    constraint: BaseConstraint | None = None  # a synthesised UniqueConstraint for fields
    db_name: str | None = None  # the name the database knows it by; None: found by columns
    skip: str | None = None

    @property
    def case_id(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    @property
    def condition(self) -> Q | None:
        condition = getattr(self.constraint, "condition", None)
        return condition if isinstance(condition, Q) else None

    def columns(self) -> list[str]:
        meta = self.model._meta
        return [str(getattr(meta.get_field(name), "column", name)) for name in self.fields]


def rules(model: type[Model]) -> list[Rule]:
    """Every rule of ``model`` in declaration order: fields, unique_together, Meta.constraints,
    then its non-null columns."""
    meta = model._meta
    found = [
        _synthesised(model, f"{field.name}-unique", _unique_label(field), (field.name,))
        for field in meta.local_concrete_fields  # a parent's (multi-table) are the parent's
        if field.unique and not field.primary_key
    ]
    found.extend(
        _synthesised(model, "unique_together-" + "-".join(names), label, tuple(names))
        for names in meta.unique_together
        for label in [f"unique_together ({', '.join(names)})"]
    )
    found.extend(_declared(model, constraint) for constraint in meta.constraints)
    required = not_null_fields(model)
    if required:
        label = f"non-null columns without a default ({', '.join(required)})"
        found.append(Rule(model, "not_null", NOT_NULL, label, required))
    return found


def not_null_fields(model: type[Model]) -> tuple[str, ...]:
    """Concrete, non-null, stored columns with no Python or database default (the primary
    key, generated columns and the database's own defaults excluded)."""
    return tuple(
        field.name
        for field in model._meta.local_concrete_fields
        if not field.null
        and not field.primary_key
        and not field.has_default()
        and getattr(field, "db_default", NOT_PROVIDED) is NOT_PROVIDED
        and not getattr(field, "generated", False)
    )


def referenced(expressions: Iterable[Any]) -> list[str]:
    """The field names expressions and Q objects read (``Lower("name")``, ``Q(end__gt=F("a"))``)."""
    names: list[str] = []
    for expression in expressions:
        for name in _names(expression):
            if name not in names:
                names.append(name)
    return names


def _names(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node.split("__")[0]
    elif isinstance(node, F):
        yield str(getattr(node, "name", "")).split("__")[0]
    elif isinstance(node, tuple) and len(node) == 2:  # a Q child: ("end__gt", F("start"))
        yield from _names(node[0])
        if not isinstance(node[1], str):  # a string there is a value, not a field
            yield from _names(node[1])
    elif isinstance(node, Q):
        for child in node.children:
            yield from _names(child)
    elif hasattr(node, "get_source_expressions"):
        for source in node.get_source_expressions():
            yield from _names(source)


def _unique_label(field: Field[Any, Any]) -> str:
    return f"{field.name} ({'OneToOneField' if field.one_to_one else 'unique=True'})"


def _synthesised(model: type[Model], name: str, label: str, fields: tuple[str, ...]) -> Rule:
    constraint = UniqueConstraint(fields=fields, name=f"guard_{'_'.join(fields)}")
    return Rule(model, name, UNIQUE, label, fields, constraint)


def _declared(model: type[Model], constraint: BaseConstraint) -> Rule:
    """A ``Meta.constraints`` entry as a rule, with the reason when it cannot be exercised."""
    name = constraint.name
    if isinstance(constraint, UniqueConstraint):
        fields = tuple(constraint.fields) or tuple(referenced(constraint.expressions))
        shown = ", ".join(constraint.fields or map(str, constraint.expressions))
        when = " when ..." if constraint.condition is not None else ""
        label = f"UniqueConstraint '{name}' ({shown}){when}"
        return Rule(
            model,
            name,
            UNIQUE,
            label,
            fields,
            constraint,
            name,
            _unique_skip(model, constraint, fields),
        )
    if isinstance(constraint, CheckConstraint):
        condition = getattr(constraint, "condition", None)
        fields = tuple(referenced([condition]))
        label = f"CheckConstraint '{name}'"
        skip = (
            None
            if isinstance(condition, Q) and fields
            else ("its condition is an expression, not a Q of fields: no violation can be derived")
        )
        return Rule(model, name, CHECK, label, fields, constraint, name, skip)
    kind = type(constraint).__name__
    return Rule(
        model,
        name,
        kind,
        f"{kind} '{name}'",
        (),
        constraint,
        name,
        f"a {kind} is not exercised by the plugin: test it with assert_integrity_error",
    )


def _unique_skip(
    model: type[Model], constraint: UniqueConstraint, fields: tuple[str, ...]
) -> str | None:
    if not fields:
        return "an expression-based UniqueConstraint reading no field: no violation can be derived"
    if constraint.nulls_distinct is False:
        features = connections[router.db_for_write(model)].features
        if not features.supports_nulls_distinct_unique_constraints:
            return "nulls_distinct=False: this database cannot enforce it (Django skips it)"
    return None
