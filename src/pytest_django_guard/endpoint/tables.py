"""Snapshots of a model's table, to prove a refused request changed nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

Rows = dict[Any, dict[str, Any]]


def snapshot(model: type[Model]) -> Rows:
    """Every row of the model's table, keyed by pk (the base manager sees soft-deleted rows)."""
    pk = model._meta.pk.attname
    return {row[pk]: row for row in model._base_manager.order_by().values()}


def created_since(model: type[Model], before: Rows) -> list[Any]:
    """Primary keys of the rows created after the ``before`` snapshot."""
    return [pk for pk in snapshot(model) if pk not in before]


def changes(before: Rows, after: Rows) -> list[str]:
    """What differs between two snapshots, one line per row, for failure messages."""
    lines = [f"row {pk} was created" for pk in after.keys() - before.keys()]
    lines += [f"row {pk} was deleted" for pk in before.keys() - after.keys()]
    for pk in before.keys() & after.keys():
        changed = [
            f"{name} {before[pk][name]!r} → {after[pk][name]!r}"
            for name in before[pk]
            if before[pk][name] != after[pk][name]
        ]
        if changed:
            lines.append(f"row {pk} changed: {', '.join(changed)}")
    return sorted(lines)
