"""The database side of each rule, and the one per-project check for pending model changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import router, transaction
from django.db.models import Model

from ...endpoint.rows import add_row
from .. import Context
from .database import (
    MISSING_HINT,
    check_violation,
    in_schema,
    judged_violation,
    nullable_columns,
    refused,
    unique_violation,
)
from .rules import UNIQUE, Rule

Factories = Callable[[type[Model]], Any]


def maker(ctx: Context, model: type[Model], factory_for: Factories) -> Callable[[], Model]:
    """Saved valid rows of ``model``: as the endpoint makes its own rows, else by a factory
    found for the model."""
    declaration = ctx.declaration
    own = declaration.model is not None and declaration.model._meta.concrete_model is model
    if own and declaration.factory is not None and ctx.data.target is not None:
        users = ctx.data.users
        user = users.get("owner") or users.get("other")
        target = ctx.data.target

        def build() -> Model:
            return add_row(declaration, user, target, ctx.resolve)
    else:
        factory = factory_for(model)
        if factory is None:
            raise ctx.could_not_verify(
                None,
                f"no factory makes {model._meta.label} rows (none beside any Guard.factory)",
                f"name one in the ini: guard_constraint_models = {model._meta.label}=<dotted "
                "factory>",
            )
        build = factory

    def make() -> Model:
        try:
            with transaction.atomic(using=router.db_for_write(model)):
                return build()
        except Exception as error:
            raise ctx.could_not_verify(
                None,
                f"making a valid {model._meta.label} row failed: {type(error).__name__}: {error}",
                "fix the factory (Guard.factory, Guard.make or Guard.owner)",
            ) from None

    return make


def check_rule(
    rule: Rule, factory_for: Factories, declared: Mapping[str, Any], ctx: Context
) -> None:
    """The rule is in the schema, and the database refuses the row breaking it."""
    table = rule.model._meta.db_table
    if not in_schema(rule):
        raise ctx.failure(
            None,
            expected=f"{rule.label} enforced by the database (table {table})",
            got=f"the table has no such constraint: {rule.model._meta.label} declares it, "
            "no applied migration created it",
            hint=MISSING_HINT,
        )
    make = maker(ctx, rule.model, factory_for)
    if rule.kind == UNIQUE:
        row, values = unique_violation(ctx, rule, make, declared)
        judged_violation(ctx, rule, row, values)
    else:
        row = make()
        values = check_violation(ctx, rule, row, declared)
    if refused(rule, row, values) is None:
        raise ctx.failure(
            None,
            expected=f"IntegrityError: the database refuses a row breaking {rule.label}",
            got=f"the database stored {rule.model._meta.label} {row.pk} with {values}",
            hint=f"the table has a constraint named {rule.db_name or 'for these columns'}, but it "
            "does not refuse the row: compare its definition in the database with the model's "
            "(a migration edited by hand, a condition that differs)",
        )


def check_not_null(rule: Rule, factory_for: Factories, ctx: Context) -> None:
    """Each non-null column without a default refuses NULL."""
    nullable = nullable_columns(rule)
    if nullable:
        raise ctx.failure(
            None,
            expected=f"{rule.label}: NOT NULL in the database, as the model says (null=False)",
            got=f"the columns of {', '.join(nullable)} accept NULL in table "
            f"{rule.model._meta.db_table}",
            hint=MISSING_HINT,
        )
    row = maker(ctx, rule.model, factory_for)()
    stored = [name for name in rule.fields if refused(rule, row, {name: None}) is None]
    if stored:
        raise ctx.failure(
            None,
            expected=f"IntegrityError for NULL in {rule.label}",
            got=f"the database stored NULL in {', '.join(stored)}",
            hint=MISSING_HINT,
        )


def check_migrations(ctx: Context) -> None:
    """No model change lacks its migration: what ``makemigrations --check`` reports."""
    from .migrations import pending

    changes, notes = pending()
    if changes:
        raise ctx.failure(
            None,
            expected="no model change without its migration (makemigrations --check --dry-run)",
            got=f"{len(changes)} model changes have no migration",
            details=[*changes, *notes],
            hint="run `manage.py makemigrations` and commit the migrations",
        )
