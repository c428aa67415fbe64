"""Permission actors: users holding Django model permissions, groups, or superuser status,
and per-object permissions granted through django-guardian.

Declared in one line each (``actors = {"editor": {"permissions": ["blog.change_page"]}}``),
so projects on ``DjangoModelPermissions`` or ``DjangoObjectPermissions`` need no hand-written
actor fixture.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from .fields import FieldCheck

_PERMISSION = re.compile(r"^\w+\.\w+$")  # "app_label.codename"
_KEYS = ("permissions", "groups", "superuser", "staff", "object_permissions")
GUARDIAN_BACKEND = "guardian.backends.ObjectPermissionBackend"


@dataclass(frozen=True)
class Grant:
    """What a permission actor holds; groups carry their own permissions.

    ``object_permissions`` are held on the owner's object only (the row detail routes target),
    assigned with django-guardian's ``assign_perm``.
    """

    permissions: tuple[str, ...] = ()
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    superuser: bool = False
    staff: bool = False
    object_permissions: tuple[str, ...] = ()

    def holds(self, permission: str) -> bool:
        """Whether the actor has ``app_label.codename``, directly, by a group, or as superuser."""
        grouped = {p for permissions in self.groups.values() for p in permissions}
        return self.superuser or permission in self.permissions or permission in grouped

    def holds_on_object(self, permission: str) -> bool:
        """Whether the actor has ``permission`` on the owner's object, as guardian answers it
        (a model permission does not count: ModelBackend answers no object check)."""
        return self.superuser or permission in self.object_permissions


def grants(check: FieldCheck, raw: Mapping[str, Any]) -> dict[str, Grant]:
    """The actors ``Guard.actors`` defines by what they hold (a dict entry that is not None)."""
    declared = raw.get("actors")
    if not isinstance(declared, Mapping):
        return {}
    return {name: _grant(check, name, spec) for name, spec in declared.items() if spec is not None}


def _grant(check: FieldCheck, name: str, spec: Any) -> Grant:
    if not isinstance(spec, Mapping) or set(spec) - set(_KEYS):
        raise check.fail(
            "actors", f"{name!r}: must be a dict of {', '.join(_KEYS)} (or None for a fixture)"
        )
    if name == "anonymous":
        raise check.fail("actors", "'anonymous' holds nothing: it is never signed in")
    groups = spec.get("groups") or {}
    if not isinstance(groups, Mapping):  # a list of names: groups without permissions
        groups = dict.fromkeys(groups, ())
    return Grant(
        permissions=_permissions(check, name, spec.get("permissions") or ()),
        groups={group: _permissions(check, name, perms or ()) for group, perms in groups.items()},
        superuser=bool(spec.get("superuser", False)),
        staff=bool(spec.get("staff", False)),
        object_permissions=_permissions(
            check, name, spec.get("object_permissions") or (), "object_permissions"
        ),
    )


def _permissions(
    check: FieldCheck, name: str, permissions: Any, key: str = "permissions"
) -> tuple[str, ...]:
    if isinstance(permissions, str | bytes) or not all(
        isinstance(p, str) and _PERMISSION.match(p) for p in permissions
    ):
        example = "'blog.change_page'" if key == "permissions" else "['vault.view_secret']"
        raise check.fail(
            "actors", f"{name!r}: {key} are 'app_label.codename' strings, e.g. {example}"
        )
    return tuple(permissions)


def check_object_grants(
    check: FieldCheck, granted: Mapping[str, Grant], model: type[Model] | None, policy: str
) -> None:
    """Object permissions name permissions of the served model, and guardian is set up."""
    holders = [name for name, held in granted.items() if held.object_permissions]
    if holders or policy == "object_permissions":
        field_name, who = ("actors", f"{holders[0]!r}: ") if holders else ("policy", "")
        missing = guardian_missing()
        if missing:
            raise check.fail(field_name, f"{who}object permissions need django-guardian: {missing}")
    for name in holders:
        if model is None:
            raise check.fail("actors", f"{name!r}: object_permissions need objects (Guard.factory)")
        meta = model._meta
        codenames = {f"{verb}_{meta.model_name}" for verb in meta.default_permissions}
        codenames |= {codename for codename, _ in meta.permissions}
        known = sorted(f"{meta.app_label}.{codename}" for codename in codenames)
        for permission in granted[name].object_permissions:
            if permission not in known:
                raise check.fail(
                    "actors",
                    f"{name!r}: {permission!r} is not a permission of {meta.label} "
                    f"(object_permissions are held on its rows: {', '.join(known)})",
                )


def guardian_missing() -> str | None:
    """What the project lacks for django-guardian's object permissions, or None."""
    from django.apps import apps
    from django.conf import settings

    if not apps.is_installed("guardian"):
        return 'add "guardian" to INSTALLED_APPS (pip install django-guardian)'
    if GUARDIAN_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        return f'add "{GUARDIAN_BACKEND}" to AUTHENTICATION_BACKENDS'
    return None
