"""Extra rows for an endpoint: more rows in one list, more children under one object.

Used by checks that compare an endpoint before and after the data grows (N+1, pagination).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
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
        # A one-to-one owner holds one row per user: each added row gets a user of its own.
        fresh = one_per_user(declaration) is not None
        same_parent[declaration.owner] = resolve("guard_user_factory")("extra") if fresh else user
    elif declaration.has_owner:
        raise CannotAdd("nested rows made by Guard.make cannot be put under one parent")
    row: Model = declaration.factory(**same_parent)
    return row


def one_per_user(declaration: Declaration) -> str | None:
    """``app.Model.field`` when ``Guard.owner`` is a one-to-one (or unique) link to the user."""
    owner, model = declaration.owner, declaration.model
    if owner is None or owner == SELF or "__" in owner or model is None:
        return None
    try:
        field = model._meta.get_field(owner)
    except FieldDoesNotExist:  # e.g. "user_id": the plain column, checked elsewhere
        return None
    if field.is_relation and (field.one_to_one or getattr(field, "unique", False)):
        return f"{model._meta.label}.{field.name}"
    return None


def add_children(declaration: Declaration, target: Model, source: str, count: int) -> None:
    """Add ``count`` children under ``target.<source>``, through a factory beside Guard.factory.

    A reverse foreign key or a generic relation (``GenericRelation``) gets children made
    pointing at ``target``; a many-to-many gets new rows added through its manager.
    """
    manager = getattr(target, source)
    model = manager.model
    make = _factory_for(model, declaration.factory) or _cloner(manager)
    if make is None:
        raise CannotAdd(
            f"no factory for {model._meta.label} beside Guard.factory, and no child to copy"
        )
    link = _link(manager, target)
    for _ in range(count):
        if link is not None:
            make(**link)
        else:
            manager.add(make())


def _link(manager: Any, target: Model) -> dict[str, Any] | None:
    """The fields that point a new child at ``target``; None for a many-to-many."""
    field = getattr(manager, "field", None)
    if field is not None:  # a reverse foreign key
        return {field.name: target}
    content_type = getattr(manager, "content_type_field_name", None)
    if content_type is None:
        return None
    from django.contrib.contenttypes.fields import GenericForeignKey

    object_id = manager.object_id_field_name
    for private in manager.model._meta.private_fields:  # set through the child's own GFK
        if isinstance(private, GenericForeignKey) and (private.ct_field, private.fk_field) == (
            content_type,
            object_id,
        ):
            return {private.name: target}
    return {content_type: manager.content_type, object_id: manager.pk_val}


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
