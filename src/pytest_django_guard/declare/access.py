"""Who may do what: the policy, custom actors and per-action overrides of a declaration."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .fields import FieldCheck
from .policy import BUILTIN_ACTORS, OUTCOMES, OWNER_POLICIES, PRESETS


def policy(
    check: FieldCheck, raw: Mapping[str, Any], default: str, needs_owner: bool
) -> tuple[str, str]:
    """The preset (the project default when none is named) and ``read`` for staff_write.

    ``needs_owner``: objects without a declared owner, where owner-based presets cannot work.
    """
    name = raw.get("policy") or default
    if not isinstance(name, str) or name not in PRESETS:
        raise check.fail("policy", f"{name!r} is not a policy ({', '.join(PRESETS)})")
    if name in OWNER_POLICIES and needs_owner:
        raise check.fail(
            "owner",
            f"policy {name!r} needs the path from the object to its owning user,"
            ' e.g. owner = "user" (or Guard.make)',
        )
    read = raw.get("read", "public")
    if read not in ("public", "authenticated"):
        raise check.fail("read", f"{read!r} must be 'public' or 'authenticated'")
    return name, read


def actors(
    check: FieldCheck,
    raw: Mapping[str, Any],
    fixture_exists: Callable[[str], bool],
    granted: Mapping[str, Any],
) -> tuple[str, ...]:
    """Custom actors, declared in ``actors`` or named in ``access``.

    Each is defined by what it holds (``granted``) or by its ``guard_actor_<name>`` fixture.
    """
    declared = raw.get("actors") or ()
    if not isinstance(declared, list | tuple | Mapping) or not all(
        isinstance(a, str) for a in declared
    ):
        raise check.fail("actors", "must be a list of custom actor names, or a dict")
    access = raw.get("access") or {}
    if not isinstance(access, Mapping):
        raise check.fail("access", "must be a dict: {action: {actor: outcome}}")
    mentioned = [
        actor for actors in access.values() if isinstance(actors, Mapping) for actor in actors
    ]
    custom: list[str] = []
    for actor in [*declared, *mentioned]:
        if actor in BUILTIN_ACTORS or actor in custom:
            continue
        if actor in granted:
            custom.append(actor)
            continue
        if not fixture_exists(f"guard_actor_{actor}"):
            field_name = "actors" if actor in declared else "access"
            raise check.fail(
                field_name,
                f"unknown actor {actor!r}: define a fixture "
                f"'guard_actor_{actor}' returning a callable (obj) -> user",
            )
        custom.append(actor)
    return tuple(custom)


def access(
    check: FieldCheck, raw: Mapping[str, Any], actors: tuple[str, ...], has_owner: bool
) -> dict[str, dict[str, str]]:
    """Per action and actor outcome overrides, each a word the action's kind allows."""
    access = raw.get("access") or {}
    if not isinstance(access, Mapping):
        raise check.fail("access", "must be a dict: {action: {actor: outcome}}")
    known_actors = {*BUILTIN_ACTORS, *actors}
    result: dict[str, dict[str, str]] = {}
    for action, outcomes in access.items():
        routes = check.routes_of(action, "access")
        if not isinstance(outcomes, Mapping):
            raise check.fail("access", f"{action!r} must map actors to outcomes")
        for actor, outcome in outcomes.items():
            if actor not in known_actors:
                raise check.fail("access", f"{action!r}: unknown actor {actor!r}")
            if actor == "owner" and not has_owner:
                raise check.fail("access", f"{action!r}: 'owner' needs Guard.owner or make")
            for route in routes:
                allowed = OUTCOMES[route.kind]
                if outcome not in allowed:
                    raise check.fail(
                        "access",
                        f"{action!r} for {actor!r}: {outcome!r} is not an "
                        f"outcome of a {route.kind.value} action (use {', '.join(allowed)})",
                    )
                if outcome == "own" and not has_owner:
                    raise check.fail("access", f"{action!r}: 'own' needs Guard.owner")
        result[action] = dict(outcomes)
    return result


def measure_as(
    check: FieldCheck, raw: Mapping[str, Any], actors: tuple[str, ...], has_owner: bool
) -> str | dict[str, str] | None:
    """``Guard.measure_as``: the actor (or ``{action: actor}``) whose requests are measured."""
    declared = raw.get("measure_as")
    if declared is None:
        return None
    known = {*(a for a in BUILTIN_ACTORS if a != "anonymous"), *actors} - (
        set() if has_owner else {"owner"}
    )
    per_action = declared if isinstance(declared, Mapping) else {None: declared}
    for action, actor in per_action.items():
        if action is not None:
            check.routes_of(action, "measure_as")
        if not isinstance(actor, str) or actor not in known:
            raise check.fail(
                "measure_as", f"{actor!r} is not an actor here ({', '.join(sorted(known))})"
            )
    return dict(declared) if isinstance(declared, Mapping) else str(declared)


def refusal(check: FieldCheck, raw: Mapping[str, Any], default: str) -> str:
    """``"hide"`` (404 like a missing object) or ``"deny"`` (403: existence is not secret)."""
    value = raw.get("refusal", default)
    if not isinstance(value, str) or value not in ("hide", "deny"):
        where = "Guard.refusal" if "refusal" in raw else "the guard_refusal ini option"
        raise check.fail("refusal", f"{value!r} ({where}) must be 'hide' or 'deny'")
    return str(value)
