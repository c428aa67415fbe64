"""Policies: which outcome each actor should get for each kind of action.

Everything not explicitly allowed by a preset is denied (default-deny).
"""

from __future__ import annotations

from enum import StrEnum

BUILTIN_ACTORS = ("anonymous", "owner", "other", "staff")


class Kind(StrEnum):
    """What an action does, which decides which outcomes make sense for it."""

    COLLECTION_READ = "collection read"  # list, and list-level GET @actions
    CREATE = "create"  # create, and list-level unsafe @actions
    DETAIL_READ = "detail read"  # retrieve, and detail GET @actions
    DETAIL_WRITE = "detail write"  # update, partial_update, destroy, detail unsafe @actions
    READ = "read"  # a plain APIView or @api_view answering a safe method
    WRITE = "write"  # a plain APIView or @api_view answering an unsafe method

    @property
    def is_write(self) -> bool:
        return self in (Kind.CREATE, Kind.DETAIL_WRITE, Kind.WRITE)

    @property
    def is_detail(self) -> bool:
        return self in (Kind.DETAIL_READ, Kind.DETAIL_WRITE)


# Outcome words a declaration may use, per kind of action.
OUTCOMES: dict[Kind, tuple[str, ...]] = {
    Kind.COLLECTION_READ: ("own", "all", "permitted", "deny"),
    Kind.CREATE: ("allow", "deny"),
    Kind.DETAIL_READ: ("allow", "deny", "hide"),
    Kind.DETAIL_WRITE: ("allow", "deny", "hide"),
    Kind.READ: ("allow", "deny"),
    Kind.WRITE: ("allow", "deny"),
}

OUTCOME_MEANING = {
    "allow": "2xx",
    "own": "2xx listing only the actor's own rows",
    "all": "2xx listing every row",
    "permitted": "2xx listing exactly the rows the actor holds the view permission on",
    "deny": "401, 403 or 405, nothing changed",
    "hide": "404 identical to a missing object, nothing changed",
}

_R, _C, _DR, _DW = Kind.COLLECTION_READ, Kind.CREATE, Kind.DETAIL_READ, Kind.DETAIL_WRITE
_DENY_ALL = {_R: "deny", _C: "deny", _DR: "deny", _DW: "deny"}
_OWNER_ALL = {_R: "own", _C: "allow", _DR: "allow", _DW: "allow"}
_READ_ALL = {_R: "all", _C: "allow", _DR: "allow", _DW: "deny"}

# preset -> actor -> kind -> outcome. "staff" and custom actors fall back to "other".
PRESETS: dict[str, dict[str, dict[Kind, str]]] = {
    "private": {
        "anonymous": _DENY_ALL,
        "owner": _OWNER_ALL,
        "other": {_R: "own", _C: "allow", _DR: "hide", _DW: "hide"},
    },
    "authenticated_read": {
        "anonymous": _DENY_ALL,
        "owner": {**_OWNER_ALL, _R: "all"},
        "other": _READ_ALL,
    },
    "public_read": {
        "anonymous": {_R: "all", _C: "deny", _DR: "allow", _DW: "deny"},
        "owner": {**_OWNER_ALL, _R: "all"},
        "other": _READ_ALL,
    },
    "staff_write": {
        "anonymous": {_R: "all", _C: "deny", _DR: "allow", _DW: "deny"},
        "other": {_R: "all", _C: "deny", _DR: "allow", _DW: "deny"},
        "staff": {_R: "all", _C: "allow", _DR: "allow", _DW: "allow"},
    },
    "staff_only": {
        "anonymous": _DENY_ALL,
        "other": _DENY_ALL,
        "staff": {_R: "all", _C: "allow", _DR: "allow", _DW: "allow"},
    },
    # DjangoModelPermissions: signed-in users read; writes need the model's add/change/delete
    # permission (declared permission actors hold them; see declare/outcomes.py).
    "model_permissions": {
        "anonymous": _DENY_ALL,
        "other": {_R: "all", _C: "deny", _DR: "allow", _DW: "deny"},
    },
    # DjangoObjectPermissions with ObjectPermissionsFilter (django-guardian): what each actor
    # holds decides every outcome but anonymous's (see declare/outcomes.py).
    "object_permissions": {
        "anonymous": _DENY_ALL,
        "other": {_R: "permitted", _C: "deny", _DR: "hide", _DW: "deny"},
    },
}

OWNER_POLICIES = ("private", "authenticated_read", "public_read")
WHY = {
    "private": "objects are private to their owner",
    "authenticated_read": "signed-in users may read, only the owner may write",
    "public_read": "anyone may read, only the owner may write",
    "staff_write": "anyone may read, only staff may write",
    "staff_only": "only staff may use this endpoint",
    "model_permissions": "signed-in users read; writing needs the model's add, change or "
    "delete permission",
    "object_permissions": "an actor sees the objects it holds the view permission on; writing "
    "needs the permission on the model and on the object",
}


def preset_outcome(policy: str, actor: str, kind: Kind, *, read: str = "public") -> str:
    """The outcome a preset gives ``actor`` for an action of ``kind``."""
    if kind in (Kind.READ, Kind.WRITE):
        return _plain_outcome(policy, actor, kind is Kind.WRITE, read)
    table = PRESETS[policy]
    outcome = table.get(actor, table["other"])[kind]
    if policy == "staff_write" and read == "authenticated" and actor == "anonymous":
        return "deny"
    return outcome


def _plain_outcome(policy: str, actor: str, write: bool, read: str) -> str:
    """A view without objects: who may call it at all, by the preset's spirit."""
    if policy == "staff_only" or (policy == "staff_write" and write):
        return "allow" if actor == "staff" else "deny"
    if actor != "anonymous":
        return "allow"
    if policy == "public_read" and not write:
        return "allow"
    if policy == "staff_write" and read == "public":
        return "allow"
    return "deny"
