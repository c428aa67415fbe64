"""What the view does on purpose: query parameters its actions read, ownership it hands over.

Without these the checks would either never reach the code (a custom action that reads
``?id=`` answers 400 to every request) or flag a feature as a flaw (an owner who hands an
object to a colleague is not a mass assignment).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .fields import FieldCheck

QueryParams = Mapping[str, Any] | Callable[[Any], Mapping[str, Any]]


def params(check: FieldCheck, raw: Mapping[str, Any]) -> dict[str, QueryParams]:
    """``{action: {param: value}}`` or ``{action: obj -> {param: value}}``: query parameters
    sent with every request of the action (``obj`` is the object the request is about)."""
    declared = raw.get("params") or {}
    if not isinstance(declared, Mapping):
        raise check.fail("params", "must be a dict: {action: {param: value}}")
    for action, params in declared.items():
        check.routes_of(action, "params")
        if not (callable(params) or isinstance(params, Mapping)):
            raise check.fail(
                "params",
                f"{action!r}: {params!r} must be a dict of values or a callable obj -> dict",
            )
    return dict(declared)


def transfer(check: FieldCheck, raw: Mapping[str, Any], owner: str | None) -> tuple[str, ...]:
    """Serializer fields through which the owner hands the object to another user on purpose.

    Only the owner may use them: the mass-assignment probe stops flagging the owner's own
    transfer and checks that every other allowed actor still cannot move the object.
    """
    declared = raw.get("transfer")
    if declared is None:
        return ()
    names = (declared,) if isinstance(declared, str) else declared
    if (
        not isinstance(names, list | tuple)
        or not names
        or not all(isinstance(name, str) and name for name in names)
    ):
        raise check.fail("transfer", f"{declared!r} must be a serializer field name (or a list)")
    if owner is None or owner == "self":
        raise check.fail("transfer", "needs Guard.owner: a transfer moves the object's owner")
    return tuple(names)


def params_for(declared: QueryParams | None, obj: Any) -> Mapping[str, Any]:
    """The query parameters of one request about ``obj``."""
    if declared is None:
        return {}
    return declared(obj) if callable(declared) else declared


# Django's own fields that grant privilege: raised values must come only from a grantor.
USER_PRIVILEGES = ("is_staff", "is_superuser", "groups", "user_permissions")


def privileges(
    check: FieldCheck, raw: Mapping[str, Any], project: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``{field: raised value}``: a project's own privilege fields (``{"role": "admin"}``),
    probed besides Django's ``is_staff``, ``is_superuser``, ``groups`` and ``user_permissions``;
    ``project``: the ``guard_privilege_fields`` ini option, which the declaration overrides.
    None for a value: the raised forms follow the field (true, a group or permission)."""
    declared = raw.get("privileges") or {}
    if not isinstance(declared, Mapping) or not all(isinstance(k, str) for k in declared):
        raise check.fail(
            "privileges", 'must be a dict: {field: raised value}, e.g. {"role": "admin"}'
        )
    return {**(project or {}), **declared}


def grantors(
    check: FieldCheck,
    raw: Mapping[str, Any],
    actors: tuple[str, ...],
    privileged: Mapping[str, Any],
) -> dict[str, tuple[str, ...]]:
    """``{actor: [privilege fields it may set]}``; without it only a superuser grants."""
    declared = raw.get("grantors") or {}
    if not isinstance(declared, Mapping):
        raise check.fail("grantors", "must be a dict: {actor: [privilege fields it may set]}")
    known = {*USER_PRIVILEGES, *privileged}
    result: dict[str, tuple[str, ...]] = {}
    for actor, fields in declared.items():
        if actor not in ("owner", "other", "staff", *actors):
            raise check.fail("grantors", f"unknown actor {actor!r}")
        names = (fields,) if isinstance(fields, str) else fields
        if not isinstance(names, list | tuple) or not set(names) <= known:
            raise check.fail(
                "grantors",
                f"{actor!r}: {fields!r} must list privilege fields ({', '.join(sorted(known))})",
            )
        result[actor] = tuple(names)
    return result
