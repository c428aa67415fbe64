"""What the objects are: the factory that builds them and the path to the user who owns them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, UniqueConstraint
from django.utils.module_loading import import_string
from factory.base import BaseFactory

from ..findings import DeclarationError
from .fields import FieldCheck


def factory(check: FieldCheck, raw: Mapping[str, Any]) -> tuple[Any, type[Model]]:
    """The factory_boy factory and the model it builds (which the view must serve)."""
    factory = raw.get("factory")
    if factory is None:
        raise check.fail("factory", "missing: name the factory_boy factory for the objects")
    if isinstance(factory, str):
        try:
            factory = import_string(factory)
        except ImportError as error:
            raise check.fail("factory", f"cannot import {factory!r} ({error})") from None
    model = getattr(getattr(factory, "_meta", None), "model", None)
    is_factory = isinstance(factory, type) and issubclass(factory, BaseFactory)
    if not (is_factory and isinstance(model, type) and issubclass(model, Model)):
        raise check.fail("factory", f"{factory!r} is not a factory_boy DjangoModelFactory")
    queryset = getattr(check.endpoint.view, "queryset", None)
    view_model = getattr(queryset, "model", None)
    if view_model is not None and not issubclass(model, view_model):
        raise check.fail(
            "factory",
            f"builds {model._meta.label} but the view serves {view_model._meta.label}",
        )
    return factory, model


def owner(check: FieldCheck, raw: Mapping[str, Any], model: type[Model]) -> str | None:
    """The ORM path from the object to its user (``"self"``: the object is the user)."""
    owner = raw.get("owner")
    if owner is None:
        return None
    if not isinstance(owner, str) or not owner:
        raise check.fail("owner", f"{owner!r} must be an ORM path such as 'user'")
    if owner == "self":  # the object is the user itself
        if not issubclass(model, get_user_model()):
            raise check.fail("owner", f"'self' needs a factory of users, not {model._meta.label}")
        return owner
    current: Any = model
    for part in owner.split("__"):
        try:
            model_field = current._meta.get_field(part)
        except FieldDoesNotExist:
            names = sorted(f.name for f in current._meta.get_fields())
            raise check.fail(
                "owner",
                f"{owner!r}: {part!r} is not a field of {current._meta.label} "
                f"(fields: {', '.join(names)})",
            ) from None
        if model_field.related_model is None:
            raise check.fail(
                "owner", f"{owner!r}: {part!r} on {current._meta.label} is not a relation"
            )
        if part != model_field.name:  # "user_id": the column, not the relation
            raise check.fail("owner", f"{owner!r}: use the relation {model_field.name!r}")
        current = model_field.related_model
    user_model = get_user_model()
    if not issubclass(current, user_model):
        raise check.fail(
            "owner",
            f"{owner!r} leads to {current._meta.label}, not to the user model "
            f"{user_model._meta.label}",
        )
    return owner


def check_lookup(check: FieldCheck, model: type[Model]) -> None:
    """A detail URL must name one row: the view's ``lookup_field`` is unique (alone, or
    together with other fields a scoped queryset fixes, e.g. unique per user)."""
    name = getattr(check.endpoint.view, "lookup_field", "pk")
    if name == "pk" or "__" in name or not any(r.detail for r in check.endpoint.routes):
        return
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return  # a property or annotation: the view's own business
    together = [set(fields) for fields in model._meta.unique_together]
    together += [set(c.fields) for c in model._meta.constraints if isinstance(c, UniqueConstraint)]
    if getattr(field, "unique", False) or any(name in fields for fields in together):
        return
    raise DeclarationError(
        f"{check.endpoint.label}: lookup_field = {name!r} is not unique on "
        f"{model._meta.label}: two rows could answer one URL (a 500 on get_object()) — "
        "make the field unique, or look objects up by pk"
    )
