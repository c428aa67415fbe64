"""Who gets what: the outcome of each action for each actor, and who measures queries.

Shared by the permission matrix (what to expect) and the query families (whose successful
request to measure), so neither family imports the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .policy import WHY, preset_outcome

if TYPE_CHECKING:
    from .declaration import Declaration
    from .discovery import Route

ALLOWED = ("allow", "own", "all")  # outcomes under which a request is answered


def outcome_for(declaration: Declaration, route: Route, actor: str) -> tuple[str, str]:
    """The outcome for ``actor`` on ``route`` and the sentence that justifies it."""
    override = declaration.access.get(route.action, {}).get(actor)
    if override is not None:
        return override, f'Guard.access["{route.action}"]["{actor}"] = "{override}"'
    policy = declaration.policy
    why = f'policy "{policy}": {WHY[policy]}'
    if route.singleton and actor != "anonymous" and declaration.has_owner:
        # A "me" endpoint serves every signed-in actor its own object: each is its owner.
        outcome = preset_outcome(policy, "owner", route.kind, read=declaration.read)
        return outcome, f"{why}; a singleton route serves each actor its own object"
    outcome = preset_outcome(policy, actor, route.kind, read=declaration.read)
    held = declaration.grants.get(actor)
    if policy == "model_permissions" and held is not None and route.kind.is_write:
        permission = model_permission(declaration, route)
        if held.holds(permission):
            return "allow", f"{why}; {actor} holds {permission}"
        return "deny", f"{why}; {actor} does not hold {permission}"
    if outcome == "hide" and declaration.refusal == "deny":
        return "deny", f'{why}; refusal = "deny": the project answers 403, existence is no secret'
    return outcome, why


def model_permission(declaration: Declaration, route: Route) -> str:
    """``app.add_model`` / ``change`` / ``delete``, as DjangoModelPermissions maps methods."""
    verb = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}[route.method]
    meta = declaration.model._meta if declaration.model is not None else None
    return f"{meta.app_label}.{verb}_{meta.model_name}" if meta else f"{verb}_<model>"


def measuring_actor(declaration: Declaration, route: Route) -> str | None:
    """Who measures queries: ``Guard.measure_as``, else the first actor the action answers.

    Owner first (the normal path), then staff, other and custom actors; None when the policy
    answers nobody, so there is no successful request to measure.
    """
    declared = declaration.measure_as
    if isinstance(declared, Mapping):
        declared = declared.get(route.action)
    if declared is not None:
        return str(declared)
    order = ("owner", "staff", "other", *declaration.actors)
    for actor in (a for a in order if a in declaration.all_actors):
        if outcome_for(declaration, route, actor)[0] in ALLOWED:
            return actor
    return None


def refused_to_all(declaration: Declaration, route: Route) -> bool:
    """Whether the declaration itself refuses ``route`` to every actor (``Guard.access``
    turning the actors the policy would answer to "deny"): there is nothing to measure."""
    overrides = declaration.access.get(route.action, {})
    return bool(overrides) and measuring_actor(declaration, route) is None
