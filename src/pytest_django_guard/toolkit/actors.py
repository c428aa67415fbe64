"""Clients for the actors a project has, made like the generated tests' users.

The same user maker (the ``guard_user_factory`` fixture), the same ``guard_actor_<name>``
fixtures and the same permission grants (``Guard.actors``) as ``endpoint/data.py``: a
hand-written test's "other" or "editor" is the generated tests' "other" or "editor".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model

from ..declare.grants import Grant, grants
from ..endpoint.data import SELF, attribute
from ..endpoint.users import grant
from ..findings import DeclarationError
from .subject import ACTOR_ATTRIBUTE

BUILTIN = ("anonymous", "owner", "other", "staff")


class _GuardCheck:
    """Names the view in a bad ``Guard.actors`` entry, as the declaration's parser does."""

    def __init__(self, view: Any) -> None:
        self.label = getattr(view, "__qualname__", str(view))

    def fail(self, field_name: str, message: str) -> DeclarationError:
        return DeclarationError(f"{self.label}: Guard.{field_name}: {message}")


def declared_grants(view: Any) -> dict[str, Grant]:
    """The permission actors ``view.Guard.actors`` declares (what each holds)."""
    raw = getattr(view, "Guard", None)
    fields = {name: getattr(raw, name) for name in ("actors",) if hasattr(raw, name)}
    return grants(_GuardCheck(view), fields)  # type: ignore[arg-type]


def actor_user(
    actor: str,
    *,
    obj: Model | None,
    view: Any,
    owner: str | None,
    make_user: Callable[..., Any],
    fixture: Callable[[str], Any],
) -> Any:
    """The user who acts as ``actor`` (None for anonymous); ``obj``: the object "owner"
    owns, and the target a custom actor's fixture or an object permission is made for."""
    if actor == "anonymous":
        return None
    if actor == "owner":
        path = owner or getattr(getattr(view, "Guard", None), "owner", None)
        if obj is None or path is None:
            raise ValueError("guard_client('owner', obj, owner='<path>'): whose object?")
        return obj if path == SELF else attribute(obj, path)
    held = declared_grants(view).get(actor) if view is not None else None
    if actor in ("other", "staff"):
        user = make_user(actor, is_staff=actor == "staff")
        return grant(user, held, obj) if held else user
    if held is not None:
        return grant(make_user(actor), held, obj)
    return fixture(f"guard_actor_{actor}")(obj)


def client_for(user: Any, actor: str) -> Any:
    """An APIClient authenticated as ``user`` (anonymous when None), named after ``actor``."""
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        setattr(user, ACTOR_ATTRIBUTE, actor)
        client.force_authenticate(user)
    setattr(client, ACTOR_ATTRIBUTE, actor)
    client.guard_user = user  # type: ignore[attr-defined]  # the test's handle on the user
    return client
