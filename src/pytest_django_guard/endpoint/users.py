"""The default user maker: a user of any user model, with unique values where it needs them.

Custom user models are the rule in real projects (email-only login, a unique ``username``
beside the email, extra ``REQUIRED_FIELDS``); users are made through the model's manager
(``create_user``) with a fresh value for every field that must be present or unique.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Model

from ..declare.grants import Grant


def make_user(handle: str, *, is_staff: bool = False) -> Any:
    """A saved user without a usable password; ``handle`` is unique per user."""
    model: Any = get_user_model()
    fields = user_fields(model, handle)
    if any(f.name == "is_staff" for f in model._meta.concrete_fields):
        fields["is_staff"] = is_staff
    create_user = getattr(model._default_manager, "create_user", None)
    if create_user is not None:
        return create_user(**fields)  # no password given: an unusable one
    user = model(**fields)
    user.set_unusable_password()
    user.save()
    return user


def user_fields(model: Any, handle: str) -> dict[str, Any]:
    """Values for USERNAME_FIELD, REQUIRED_FIELDS, ``email``, and every other unique text field."""
    concrete = {field.name: field for field in model._meta.concrete_fields}
    names = [model.USERNAME_FIELD, *model.REQUIRED_FIELDS]
    if "email" in concrete:
        names.append("email")
    names += [
        name
        for name, field in concrete.items()
        if field.unique
        and not field.primary_key
        and isinstance(field, models.CharField)
        and not field.has_default()
    ]
    return {
        name: _value(concrete[name], handle) for name in dict.fromkeys(names) if name in concrete
    }


def _value(field: Any, handle: str) -> Any:
    if isinstance(field, models.EmailField):
        return f"{handle}@example.com"
    if isinstance(field, models.CharField):
        return handle[-field.max_length :] if field.max_length else handle  # keep the number
    if isinstance(field, models.DateTimeField):
        return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    if isinstance(field, models.DateField):
        return dt.date(2000, 1, 1)
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(field, models.BooleanField):
        return True
    return handle


def grant(user: Any, held: Grant, obj: Model | None = None) -> Any:
    """Give ``user`` the permissions, groups and status a permission actor declares, and its
    object permissions on ``obj`` (the owner's object) through django-guardian."""
    from django.contrib.auth.models import Group, Permission

    if held.superuser or held.staff:
        user.is_staff = True
        user.is_superuser = held.superuser
        user.save(update_fields=["is_staff", "is_superuser"])
    user.user_permissions.add(*(_permission(Permission, name) for name in held.permissions))
    for group_name, permissions in held.groups.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*(_permission(Permission, name) for name in permissions))
        user.groups.add(group)
    if held.object_permissions and obj is not None:
        grant_on_object(user, held.object_permissions, obj)
    return user


def grant_on_object(user: Any, permissions: Iterable[str], obj: Model) -> None:
    """``assign_perm`` each ``app_label.codename`` to ``user`` on ``obj`` (guardian is imported
    only here: only declarations with object permissions need it)."""
    from guardian.shortcuts import assign_perm

    for permission in permissions:
        assign_perm(permission, user, obj)


def _permission(permission_model: Any, name: str) -> Any:
    app_label, codename = name.split(".", 1)
    try:
        return permission_model.objects.get(content_type__app_label=app_label, codename=codename)
    except permission_model.DoesNotExist:
        message = f"no permission {name!r} (Guard.actors): check the app and codename"
        raise LookupError(message) from None
