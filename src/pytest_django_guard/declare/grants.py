"""Permission actors: users holding Django model permissions, groups, or superuser status.

Declared in one line each (``actors = {"editor": {"permissions": ["blog.change_page"]}}``),
so projects on ``DjangoModelPermissions`` need no hand-written actor fixture.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .fields import FieldCheck

_PERMISSION = re.compile(r"^\w+\.\w+$")  # "app_label.codename"
_KEYS = ("permissions", "groups", "superuser", "staff")


@dataclass(frozen=True)
class Grant:
    """What a permission actor holds; groups carry their own permissions."""

    permissions: tuple[str, ...] = ()
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    superuser: bool = False
    staff: bool = False

    def holds(self, permission: str) -> bool:
        """Whether the actor has ``app_label.codename``, directly, by a group, or as superuser."""
        grouped = {p for permissions in self.groups.values() for p in permissions}
        return self.superuser or permission in self.permissions or permission in grouped


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
    groups = spec.get("groups") or {}
    if not isinstance(groups, Mapping):  # a list of names: groups without permissions
        groups = dict.fromkeys(groups, ())
    return Grant(
        permissions=_permissions(check, name, spec.get("permissions") or ()),
        groups={group: _permissions(check, name, perms or ()) for group, perms in groups.items()},
        superuser=bool(spec.get("superuser", False)),
        staff=bool(spec.get("staff", False)),
    )


def _permissions(check: FieldCheck, name: str, permissions: Any) -> tuple[str, ...]:
    if isinstance(permissions, str) or not all(
        isinstance(p, str) and _PERMISSION.match(p) for p in permissions
    ):
        raise check.fail(
            "actors",
            f"{name!r}: permissions are 'app_label.codename' strings, e.g. 'blog.change_page'",
        )
    return tuple(permissions)
