"""``Guard.filters``: query parameters a list reads by hand, and where the owner's value is.

``{"list": {"organization": "organization_id", "q": "title", "flag": None}}``: each parameter
maps to an ORM path from the row (its value on the other user's row is what the probe sends),
a callable ``row -> value``, or None (it carries no identifier: not probed). An action may
also map to a callable ``row -> {parameter: value}``. Filter backends' own parameters need no
declaration; a declared name replaces what was read from the backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldError
from django.db.models import Model

from ...declare.fields import FieldCheck
from ...declare.policy import Kind

SHAPE = '{action: {parameter: "path from the row" | callable row -> value | None}}'


def parse_filters(value: Any, check: FieldCheck) -> dict[str, Any]:
    """Validate ``Guard.filters``; a bad value is one line naming the view and the field."""

    def one_action(action: str, declared: Any) -> None:
        if any(route.kind != Kind.COLLECTION_READ for route in check.routes_of(action)):
            raise check.error(f"{action!r} does not answer a list: only list actions filter")
        if callable(declared):
            return
        if not isinstance(declared, Mapping):
            raise check.error(f"{action!r}: {declared!r} must be a dict {SHAPE}")
        for name, spec in declared.items():
            if not isinstance(name, str) or not name:
                raise check.error(f"{action!r}: {name!r} must be a query parameter name")
            if spec is None or callable(spec):
                continue
            if not isinstance(spec, str) or not spec:
                raise check.error(
                    f"{action!r}: {name!r}: {spec!r} must be a path, a callable or None"
                )
            problem = path_problem(view_model(check.endpoint.view), spec)
            if problem:
                raise check.error(f"{action!r}: {name!r}: {problem}")

    return check.per_action(value, SHAPE, one_action)


def path_problem(model: type[Model] | None, path: str) -> str:
    """Why ``path`` is not a value path of ``model`` ("" when it is, or the model is unknown)."""
    if model is None:
        return ""
    try:
        model._base_manager.values_list(path)
    except FieldError as error:
        return f"{path!r} is not a path from {model._meta.label}: {error}"
    return ""


def view_model(view: Any) -> type[Model] | None:
    """The model a view serves, when its class says so (a queryset, or a ModelSerializer's)."""
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None:
        meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
        model = getattr(meta, "model", None)
    return model if isinstance(model, type) and issubclass(model, Model) else None
