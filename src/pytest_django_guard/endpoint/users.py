"""The default user maker: a user of any user model, with unique values where it needs them.

Custom user models are the rule in real projects (email-only login, a unique ``username``
beside the email, extra ``REQUIRED_FIELDS``); users are made through the model's manager
(``create_user``) with a fresh value for every field that must be present or unique.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models


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
