"""``assert_integrity_error``: the constraints family's database check for one hand-written row.

A test names the violation (``BookingFactory, end=start``); the row is written inside a
savepoint, so the IntegrityError (which aborts a PostgreSQL transaction) leaves the test's
own transaction usable. It shares nothing with the generated checks but the finding's text:
a test has the values, not a declaration to derive them from.
"""

from __future__ import annotations

from typing import Any, NoReturn

import pytest

from ..findings import Finding


def assert_integrity_error(model_or_factory: Any, /, **violation: Any) -> Exception:
    """Write a row of ``model_or_factory`` (a model class, or a factory_boy factory whose other
    fields make a valid row) with ``violation``'s values; the database must refuse it with an
    IntegrityError, which is returned (its message names the constraint on most backends)."""
    from django.db import IntegrityError, router, transaction
    from django.db.models import Model

    model = _model_of(model_or_factory)
    label = model._meta.label
    subject = f"{label}({', '.join(f'{k}={v!r}' for k, v in violation.items())})"
    is_model = isinstance(model_or_factory, type) and issubclass(model_or_factory, Model)
    try:
        with transaction.atomic(using=router.db_for_write(model)):
            if is_model:
                row = model._base_manager.create(**violation)
            else:
                row = model_or_factory(**violation)
    except IntegrityError as error:
        refused: Exception = error
    else:
        _fail(subject, f"the database stored it as {label} {getattr(row, 'pk', None)}")
    return refused


def _model_of(model_or_factory: Any) -> Any:
    from django.db.models import Model

    if isinstance(model_or_factory, type) and issubclass(model_or_factory, Model):
        return model_or_factory
    model = getattr(getattr(model_or_factory, "_meta", None), "model", None)
    if isinstance(model, type) and issubclass(model, Model):
        return model
    raise TypeError(
        f"assert_integrity_error({model_or_factory!r}): pass a model class or a factory_boy "
        "factory of one"
    )


def _fail(subject: str, got: str) -> NoReturn:
    finding = Finding(
        family="constraints",
        endpoint=subject,
        expected="IntegrityError: the database refuses the row",
        got=got,
        hint="add the constraint to the model's Meta.constraints (or the field), run "
        "makemigrations and migrate",
    )
    pytest.fail(finding.render(), pytrace=False)
