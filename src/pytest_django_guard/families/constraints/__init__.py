"""Constraints: every rule a model declares (unique fields, ``unique_together``,
``UniqueConstraint``, ``CheckConstraint``, non-null columns) is in the database and refuses a
row breaking it; one check per project finds model changes without their migration; and the
API answers the same violation with a 4xx naming the field, never a 500 (``constraints_api``).

Model items live under the first declared endpoint serving the model (docs/decisions.md):
``guard::<endpoint>::constraints[<app>.<Model>.<rule>]``. Models no endpoint serves are listed
in the ini (``guard_constraint_models``) and, with the migrations check, go under the first.
A violation the plugin cannot derive is declared: ``Guard.violations = {rule: {field: value}}``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import pytest

from .. import Case

if TYPE_CHECKING:
    from django.db.models import Model

    from ...declare.declaration import Declaration
    from ...declare.discovery import Endpoint
    from ...declare.fields import FieldCheck, FieldParser

INI = "guard_constraint_models"


def parse_violations(value: Any, check: FieldCheck) -> dict[str, dict[str, Any]]:
    """``Guard.violations = {"<constraint name>": {field: value, ...}}``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise check.error("must be a dict: {constraint name: {field: value, ...}}")
    for name, values in value.items():
        if not isinstance(name, str) or not isinstance(values, Mapping) or not values:
            raise check.error(f"{name!r} needs a dict of field values breaking it")
    return {name: dict(values) for name, values in value.items()}


class ConstraintChecks:
    name = "constraints"
    marker = "guard_constraints"
    description = "generated database-constraint test: the database refuses what the model forbids"
    fields: Mapping[str, FieldParser] = {"violations": parse_violations}

    def __init__(self) -> None:
        self.claimed: set[str] = set()  # model labels whose items are placed
        self.factories: list[Any] = []  # every Guard.factory: factories are looked for beside
        self.declared: dict[str, dict[str, dict[str, Any]]] = {}  # model -> rule -> values
        self.extra: list[str] = []
        self.placed = False  # whether the project's items (migrations, ini models) are placed

    @pytest.hookimpl
    def pytest_configure(self, config: pytest.Config) -> None:
        self.extra = list(config.getini(INI))

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        from .check import check_migrations

        first, self.placed = not self.placed, True
        models: list[type[Model]] = []
        if declaration.factory is not None:
            self.factories.append(declaration.factory)
        if declaration.model is not None:
            model = declaration.model._meta.concrete_model
            assert model is not None
            violations = declaration.family_fields.get("violations", {})
            self.declared.setdefault(model._meta.label, {}).update(violations)
            models.append(model)
            yield from _unknown_violations(model, violations)
        if first:
            yield Case(id="migrations", run=check_migrations, action="migrations")
            extra, errors = _extra_models(self.extra)
            yield from errors
            models.extend(extra)
        for model in models:
            if model._meta.label not in self.claimed:
                self.claimed.add(model._meta.label)
                yield from self._model_cases(model)

    def _model_cases(self, model: type[Model]) -> Iterator[Case]:
        from .check import check_not_null
        from .rules import NOT_NULL, rules

        if not model._meta.managed:
            return  # the project's schema is not Django's to judge
        for rule in rules(model):
            if rule.kind == NOT_NULL:
                run = partial(check_not_null, rule, self.factory_for)
            else:
                declared = self.declared.get(model._meta.label, {})
                run = partial(self._run_rule, rule, declared)
            yield Case(id=rule.case_id, run=run, action="database", skip=rule.skip)

    def _run_rule(self, rule: Any, declared: Mapping[str, Any], ctx: Any) -> None:
        from .check import check_rule

        check_rule(rule, self.factory_for, declared.get(rule.name, {}), ctx)

    def factory_for(self, model: type[Model]) -> Any:
        """A factory for ``model``: named in the ini, else beside a declared Guard.factory."""
        from django.utils.module_loading import import_string

        from ...endpoint.rows import _factory_for

        for line in self.extra:
            label, _, dotted = line.partition("=")
            if label.strip() == model._meta.label and dotted.strip():
                return import_string(dotted.strip())
        for factory in self.factories:
            found = _factory_for(model, factory)
            if found is not None:
                return found
        return None


class ConstraintApiChecks:
    """``constraints_api[create-<rule>]`` and ``[update-<rule>]``: the API refuses what the
    database would, with a 4xx naming the field."""

    name = "constraints_api"
    marker = "guard_constraints"
    description = ConstraintChecks.description
    fields: Mapping[str, FieldParser] = {}

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        from ...declare.outcomes import measuring_actor, refused_to_all
        from .api import applies, check_create
        from .rules import CHECK, UNIQUE, rules
        from .update import check_update

        checks = {"create": check_create, "update": check_update}

        model = declaration.model
        if model is None or declaration.factory is None or not model._meta.managed:
            return
        violations = declaration.family_fields.get("violations", {})
        routes = [
            route
            for action, method in (("create", "POST"), ("update", "PUT"))
            for route in endpoint.routes_for(action)
            if route.method == method and not refused_to_all(declaration, route)
        ]
        for route in routes:
            actor = measuring_actor(declaration, route)
            for rule in rules(model._meta.concrete_model or model):
                if rule.kind not in (UNIQUE, CHECK) or rule.skip:
                    continue
                if not applies(rule, endpoint, declaration.owner):
                    continue
                yield Case(
                    id=f"{route.action}-{rule.name}",
                    run=partial(checks[route.action], rule, violations.get(rule.name, {}), route),
                    action=route.action,
                    actor=actor,
                    skip=declaration.skip.get(route.action),
                )


def _extra_models(lines: list[str]) -> tuple[list[type[Model]], list[Case]]:
    """The ini's models; a name that is no model becomes a failing item saying so."""
    from django.apps import apps

    models: list[type[Model]] = []
    errors: list[Case] = []
    for line in lines:
        label = line.partition("=")[0].strip()
        try:
            models.append(apps.get_model(label))
        except (LookupError, ValueError) as error:
            errors.append(Case(id=label, run=partial(_bad_name, label, str(error)), action="ini"))
    return models, errors


def _unknown_violations(model: type[Model], violations: Mapping[str, Any]) -> Iterator[Case]:
    """A ``Guard.violations`` key naming no rule of the model fails, never silently unused."""
    from .rules import rules

    if not violations:
        return
    known = sorted({rule.name for rule in rules(model)})
    for name in violations:
        if name not in known:
            why = f"names no rule of {model._meta.label} (its rules: {', '.join(known) or 'none'})"
            yield Case(f"violations-{name}", partial(_bad_violation, name, why), "violations")


def _bad_violation(name: str, why: str, ctx: Any) -> None:
    raise ctx.failure(
        None,
        expected="Guard.violations keyed by the names of the model's rules",
        got=f"Guard.violations[{name!r}] {why}",
        hint="use a name the constraints items show, or remove the entry",
    )


def _bad_name(label: str, why: str, ctx: Any) -> None:
    raise ctx.failure(
        None,
        expected=f"{INI} names models as app_label.ModelName",
        got=f"{label!r}: {why}",
        hint=f"fix {INI} in the ini file",
    )
