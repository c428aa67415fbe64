"""Who gets what: the outcome of each action for each actor, and who measures queries.

Shared by the permission matrix (what to expect) and the query families (whose successful
request to measure), so neither family imports the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .grants import Grant
from .policy import WHY, Kind, preset_outcome

if TYPE_CHECKING:
    from .declaration import Declaration
    from .discovery import Route

ALLOWED = ("allow", "own", "all", "permitted")  # outcomes under which a request is answered


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
    if policy == "object_permissions" and actor != "anonymous" and route.kind in _OBJECT:
        outcome, held_why = object_outcome(declaration, route, actor)
        why = f"{why}; {held_why}"
    if outcome == "hide" and declaration.refusal == "deny":
        return "deny", f'{why}; refusal = "deny": the project answers 403, existence is no secret'
    return outcome, why


def model_permission(declaration: Declaration, route: Route) -> str:
    """``app.add_model`` / ``change`` / ``delete``, as DjangoModelPermissions maps methods."""
    verb = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}[route.method]
    meta = declaration.model._meta if declaration.model is not None else None
    return f"{meta.app_label}.{verb}_{meta.model_name}" if meta else f"{verb}_<model>"


_OBJECT = (Kind.COLLECTION_READ, Kind.CREATE, Kind.DETAIL_READ, Kind.DETAIL_WRITE)


def object_outcome(declaration: Declaration, route: Route, actor: str) -> tuple[str, str]:
    """DRF's DjangoObjectPermissions with guardian's ObjectPermissionsFilter, step by step.

    ``has_permission`` first needs the model permission of the method (none for reads), so
    without it the answer is 403 before any lookup; ``get_object()`` then filters by the view
    permission on the object (404 when not held); ``has_object_permission`` last needs the
    method's permission on the object itself (403: the object is readable).
    """
    held = declaration.grants.get(actor, Grant())
    view = object_view_permission(declaration)
    if route.kind is Kind.COLLECTION_READ:
        if held.superuser:
            return "all", f"{actor} is a superuser"
        on = "the owner's object" if held.holds_on_object(view) else "no object"
        return "permitted", f"{actor} holds {view} on {on}"
    needed = model_permission(declaration, route) if route.kind.is_write else None
    if needed is not None and not held.holds(needed):
        return "deny", f"{actor} does not hold {needed} on the model (checked before the object)"
    if route.kind is Kind.CREATE:
        return "allow", f"{actor} holds {needed}"
    if not held.holds_on_object(view):
        return "hide", f"{actor} does not hold {view} on the object (the filter hides it)"
    if needed is not None and not held.holds_on_object(needed):
        return "deny", f"{actor} holds {view} but not {needed} on the object"
    return "allow", f"{actor} holds {needed or view} on the object"


def object_view_permission(declaration: Declaration) -> str:
    """``app.view_model``: what ObjectPermissionsFilter requires on each row."""
    meta = declaration.model._meta if declaration.model is not None else None
    return f"{meta.app_label}.view_{meta.model_name}" if meta else "view_<model>"


def sees(declaration: Declaration, actor: str, obj: Any, target: Any) -> bool:
    """Whether ``actor`` holds the view permission on ``obj`` (object permissions are held on
    the owner's object, ``target``, only; a superuser holds every permission)."""
    held = declaration.grants.get(actor, Grant())
    return held.superuser or (obj == target and sees_target(declaration, actor))


def sees_target(declaration: Declaration, actor: str) -> bool:
    """Whether ``actor`` holds the view permission on the owner's object."""
    held = declaration.grants.get(actor, Grant())
    return held.holds_on_object(object_view_permission(declaration))


def measuring_actor(declaration: Declaration, route: Route) -> str | None:
    """Who measures queries: ``Guard.measure_as``, else the first actor the action answers.

    Owner first (the normal path), then staff, other and custom actors; None when the policy
    answers nobody, so there is no successful request to measure. A ``permitted`` list is
    measured only by an actor who sees a row in it: an empty page runs no page query.
    """
    declared = declaration.measure_as
    if isinstance(declared, Mapping):
        declared = declared.get(route.action)
    if declared is not None:
        return str(declared)
    order = ("owner", "staff", "other", *declaration.actors)
    for actor in (a for a in order if a in declaration.all_actors):
        outcome = outcome_for(declaration, route, actor)[0]
        if outcome in ALLOWED and (outcome != "permitted" or sees_target(declaration, actor)):
            return actor
    return None


def refused_to_all(declaration: Declaration, route: Route) -> bool:
    """Whether the declaration itself refuses ``route`` to every actor (``Guard.access``
    turning the actors the policy would answer to "deny"): there is nothing to measure."""
    overrides = declaration.access.get(route.action, {})
    return bool(overrides) and measuring_actor(declaration, route) is None
