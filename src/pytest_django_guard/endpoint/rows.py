"""Extra rows for an endpoint: more rows in one list, more children under one object.

Used by checks that compare an endpoint before and after the data grows (N+1, pagination).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.db.models import Model
from factory.base import BaseFactory as FactoryBase

from ..declare.declaration import Declaration
from ..declare.outcomes import object_view_permission
from .data import SELF, Resolve, attribute, make_owned
from .users import grant_on_object


class CannotAdd(Exception):
    """The rows cannot be made from the declaration; the message says why."""


def add_row(declaration: Declaration, user: Any, url_object: Model, resolve: Resolve) -> Model:
    """A row ``user`` sees in the same list as ``url_object`` (same parent on nested routes).

    Under ``object_permissions`` seeing a row takes the view permission on it: it is assigned.
    """
    row = _new_row(declaration, user, url_object, resolve)
    if declaration.policy == "object_permissions" and user is not None:
        grant_on_object(user, [object_view_permission(declaration)], row)
    return row


def _new_row(declaration: Declaration, user: Any, url_object: Model, resolve: Resolve) -> Model:
    same_parent = {
        name: attribute(url_object, name)
        for name in (
            path.split("__")[0].removesuffix("_id") for path in declaration.parents.values()
        )
    }
    if declaration.make is not None and not same_parent:
        return make_owned(declaration, user, resolve)
    if declaration.owner == SELF:
        return declaration.factory()  # type: ignore[no-any-return]  # rows are users
    if declaration.owner is not None:
        same_parent[declaration.owner] = user
    elif declaration.has_owner:
        raise CannotAdd("nested rows made by Guard.make cannot be put under one parent")
    row: Model = declaration.factory(**same_parent)
    return row


def add_children(declaration: Declaration, target: Model, source: str, count: int) -> None:
    """Add ``count`` children under ``target.<source>``, through a factory beside Guard.factory."""
    manager = getattr(target, source)
    model = manager.model
    make = _factory_for(model, declaration.factory) or _cloner(manager)
    if make is None:
        raise CannotAdd(
            f"no factory for {model._meta.label} beside Guard.factory, and no child to copy"
        )
    link = getattr(getattr(manager, "field", None), "name", None)  # None: many-to-many
    for _ in range(count):
        if link is not None:
            make(**{link: target})
        else:
            manager.add(make())


def _factory_for(model: type[Model], factory: Any) -> Callable[..., Any] | None:
    """A factory_boy factory for ``model`` in the module that defines ``Guard.factory``."""
    module = sys.modules.get(factory.__module__)
    for candidate in vars(module).values() if module else ():
        is_factory = isinstance(candidate, type) and issubclass(candidate, FactoryBase)
        if is_factory and getattr(candidate._meta, "model", None) is model:
            return candidate  # type: ignore[no-any-return]
    return None


def _cloner(manager: Any) -> Callable[..., Any] | None:
    existing = manager.first()
    if existing is None:
        return None

    def clone(**fields: Any) -> Model:
        copy: Model = manager.model._base_manager.get(pk=existing.pk)
        copy.pk = None
        copy._state.adding = True
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save()
        return copy

    return clone
