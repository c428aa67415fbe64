"""The database side: each rule is in the schema, and the database refuses a row breaking it.

Every write is inside a savepoint (``transaction.atomic``): on PostgreSQL an IntegrityError
aborts the transaction, so only the savepoint is rolled back and the next item runs. A
deferrable constraint is made immediate first: it would otherwise be checked at commit, never.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import IntegrityError, connections, router, transaction
from django.db.models import Model

from .. import Context
from .derive import assign, breaking, satisfying, value_of, violates
from .rules import CHECK, UNIQUE, Rule

Make = Callable[[], Model]
MISSING_HINT = "run `manage.py makemigrations` and commit the migration (then `migrate`)"


def in_schema(rule: Rule) -> bool:
    """Whether the database has the rule: by name when declared, else a unique set of columns."""
    connection = connections[router.db_for_write(rule.model)]
    table = rule.model._meta.db_table
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    if rule.db_name is not None:
        info = found.get(rule.db_name)
        return info is not None and bool(info["check"] if rule.kind == CHECK else info["unique"])
    columns = sorted(rule.columns())
    return any(
        info["unique"] and sorted(map(str, info["columns"])) == columns for info in found.values()
    )


def nullable_columns(rule: Rule) -> list[str]:
    """The rule's non-null fields whose column the database lets hold NULL."""
    connection = connections[router.db_for_write(rule.model)]
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, rule.model._meta.db_table)
    nullable = {column.name for column in table if column.null_ok}
    return [
        name for name, column in zip(rule.fields, rule.columns(), strict=True) if column in nullable
    ]


def refused(rule: Rule, row: Model, values: Mapping[str, Any]) -> IntegrityError | None:
    """Write ``values`` over ``row`` in a savepoint: the IntegrityError, or None if stored."""
    alias = row._state.db or router.db_for_write(rule.model)
    try:
        with transaction.atomic(using=alias):
            deferrable = getattr(rule.constraint, "deferrable", None)
            if deferrable is not None and connections[alias].vendor == "postgresql":
                with connections[alias].cursor() as cursor:
                    cursor.execute(f'SET CONSTRAINTS "{rule.db_name}" IMMEDIATE')
            rule.model._base_manager.using(alias).filter(pk=row.pk).update(**values)
    except IntegrityError as error:
        return error
    return None


def unique_violation(
    ctx: Context, rule: Rule, make: Make, declared: Mapping[str, Any]
) -> tuple[Model, dict[str, Any]]:
    """A second row and the values that make it collide with a first one (both saved)."""
    when = satisfying(rule.condition)
    if when is None and not declared:
        raise ctx.could_not_verify(
            None,
            f"cannot derive values meeting the condition of {rule.label} ({rule.condition})",
            f"declare Guard.violations = {{{rule.name!r}: {{field: value, ...}}}} "
            "(values meeting the condition)",
        )
    when = {**(when or {}), **declared}
    first, second = make(), make()
    if when and refused(rule, first, when) is not None:
        raise ctx.could_not_verify(
            None,
            f"the database refused the first row's values {when} before any collision",
            f"declare Guard.violations[{rule.name!r}] with values a single row may hold",
        )
    first.refresh_from_db()
    copied = {name: value_of(first, name) for name in rule.fields}
    nulls = [name for name, value in copied.items() if value is None]
    if nulls and getattr(rule.constraint, "nulls_distinct", None) is not False:
        raise ctx.could_not_verify(
            None,
            f"the factory's row has no value in {', '.join(nulls)}: NULLs never collide",
            f"make the factory fill {', '.join(nulls)}, or declare Guard.violations[{rule.name!r}]",
        )
    return second, {**copied, **when}


def check_violation(
    ctx: Context, rule: Rule, row: Model, declared: Mapping[str, Any]
) -> dict[str, Any]:
    """Values that break the check on ``row``, as Django's validation judges them."""
    condition = rule.condition
    candidates = (
        [dict(declared)] if declared else list(breaking(condition, row)) if condition else []
    )
    for values in candidates:
        probe = type(row)._base_manager.get(pk=row.pk)
        assign(probe, values)
        if violates(rule.constraint, rule.model, probe):
            return values
    why = "the declared values do not" if declared else "no simple value derived from it does"
    raise ctx.could_not_verify(
        None,
        f"{why} break {rule.label} as Django validates it",
        f"declare Guard.violations = {{{rule.name!r}: {{field: value, ...}}}} (a row breaking it)",
    )


def judged_violation(ctx: Context, rule: Rule, row: Model, values: Mapping[str, Any]) -> None:
    """Insist that Django itself sees ``values`` breaking the rule (no false alarm from a
    mis-derived row)."""
    probe = type(row)._base_manager.get(pk=row.pk)
    assign(probe, values)
    if rule.kind == UNIQUE and not violates(rule.constraint, rule.model, probe):
        raise ctx.could_not_verify(
            None,
            f"the derived row {dict(values)} does not break {rule.label} as Django validates it",
            f"declare Guard.violations[{rule.name!r}] = {{field: value, ...}}",
        )
