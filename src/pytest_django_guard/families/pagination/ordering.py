"""Whether a queryset's order is total: every row has one place, so pages neither repeat nor
skip rows whose sort keys are equal.

Conservative: an ordering it cannot read (expressions, annotations, related fields) is
never called partial; only plain fields of the model, none of them unique, are.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, UniqueConstraint


def ordering_of(queryset: Any) -> list[Any]:
    """The queryset's ``order_by``, else the model's ``Meta.ordering``."""
    query = queryset.query
    if query.order_by:
        return list(query.order_by)
    if query.default_ordering:
        return list(query.get_meta().ordering or ())
    return []


def partial_order(model: type[Model], ordering: list[Any]) -> list[str] | None:
    """The field names of an ordering that leaves ties (None: total, or cannot tell)."""
    names: list[str] = []
    for item in ordering:
        if not isinstance(item, str):
            return None  # an expression: cannot tell
        name = item.lstrip("-+")
        if name == "?":
            return None
        if name == "pk":
            return None
        try:
            field = model._meta.get_field(name)
        except Exception:  # an annotation or a related path: cannot tell
            return None
        if getattr(field, "primary_key", False) or getattr(field, "unique", False):
            return None
        names.append(getattr(field, "name", name))
    if not names or _unique_together(model, set(names)):
        return None
    return names


def _unique_together(model: type[Model], names: set[str]) -> bool:
    """Whether some unconditional unique set of fields lies within ``names``."""
    sets = [set(group) for group in model._meta.unique_together]
    sets += [
        set(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
    ]
    return any(group <= names for group in sets)
