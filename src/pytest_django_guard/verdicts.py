"""The access verdicts the permission family and the toolkit's assertions share.

One implementation per check: a generated permission case and a hand-written
``assert_denied`` / ``assert_hidden`` / ``assert_scoped`` / ``assert_no_mass_assignment`` judge a
response with these functions and word the finding with these texts, so the same flaw reads
the same in both. Nothing here sends a request or knows a declaration.
"""

from __future__ import annotations

from typing import Any

from .declare.policy import OUTCOME_MEANING
from .endpoint.responses import describe

DENIED_STATUSES = (401, 403, 405)  # 405: the method is refused to this actor
HIDDEN_STATUSES = (404, 405)  # 405: refused before any lookup, as for a missing object
AUTH_HINT = "require authentication, e.g. permission_classes = [IsAuthenticated]"
OWNERSHIP_CHECK_HINT = "check ownership in has_object_permission() or restrict permission_classes"
HIDE_403_HINT = (
    "the 403 tells another user that the object exists: filter "
    "get_queryset() to the user's objects so they get 404"
)
HIDE_DIFFERS_HINT = (
    "answer exactly as for a missing object (get_object() on a scoped queryset does)"
)
OBJECT_FILTER_HINT = (
    "filter by the view permission on each object, e.g. filter_backends = "
    "[ObjectPermissionsFilter] (rest_framework_guardian.filters)"
)
UNCHANGED_GOT = "the request was refused but the database changed"
UNCHANGED_HINT = "check permissions before writing (self.get_object() runs the checks)"
LEAKED_GOT = "the list showed rows the actor must not see"
MISSING_GOT = "rows the actor may see are missing"
MISSING_HINT = "check the queryset's filter"
MASS_ASSIGNMENT_EXPECTED = "mass assignment refused: ownership does not follow client-sent ids"


def expected_text(outcome: str, reason: str) -> str:
    """``deny (401, 403 or 405, nothing changed) — <why>``."""
    return f"{outcome} ({OUTCOME_MEANING[outcome]}) — {reason}"


def deny_hint(
    response: Any, *, anonymous: bool, policy: str | None, action: str, actor: str
) -> str:
    """How to refuse a request that should have been denied, by what the policy relies on."""
    if anonymous:
        return AUTH_HINT
    if policy == "model_permissions":
        return (
            "require the model permission, e.g. permission_classes = "
            "[DjangoModelPermissions] (the view needs a queryset)"
        )
    if policy == "object_permissions" and response.status_code != 404:
        return (
            "check the permission on the object too, e.g. permission_classes = "
            "[DjangoObjectPermissions] (DjangoModelPermissions checks the model only)"
        )
    if policy == "staff_write":
        return "restrict writes to staff, e.g. a permission that checks request.user.is_staff"
    if response.status_code == 404:
        return (
            "the policy wants 403 here (the actor may see the object but not do this); "
            f'if hiding is intended declare access = {{"{action}": {{"{actor}": "hide"}}}}'
        )
    return OWNERSHIP_CHECK_HINT


def hide_hint(response: Any, policy: str | None, scope: str) -> str:
    """Why a response to a hidden object is wrong: a 403 reveals it, anything else serves it."""
    if response.status_code == 403 and policy != "object_permissions":
        return HIDE_403_HINT
    return scope


def hidden_differs(response: Any, missing: Any, missing_url: str) -> str | None:
    """What tells the hidden object's 404 apart from a missing object's (None: nothing)."""
    if (missing.status_code, missing.content) == (response.status_code, response.content):
        return None
    return (
        f"a 404 that differs from a missing object's: "
        f"{describe(response)}  vs  {describe(missing)} for {missing_url}"
    )


def unchanged_expected(outcome: str, label: str) -> str:
    return f"{outcome}: nothing changed in {label}"


def scope_hint(model_name: str, owner: str | None, *, plain: bool = False) -> str:
    """Scope the lookup (a plain view) or ``get_queryset()`` to the user."""
    owner = owner or "<owner>"
    if plain:
        return (
            f"look the object up among the user's own, e.g. "
            f"get_object_or_404({model_name}.objects.filter({owner}=request.user), pk=...)"
        )
    return (
        f"scope get_queryset() to request.user, e.g. "
        f"{model_name}.objects.filter({owner}=self.request.user)"
    )


def ownership_hint(owner: str | None) -> str:
    field = (owner or "owner").split("__")[0]
    return (
        f"make '{field}' read-only in the serializer (or validate it belongs to the user) "
        f"and set it in perform_create(), e.g. serializer.save({field}=...)"
    )


def moved_text(values: str, victim: str, pk: Any, holder: str) -> str:
    """What a mass-assignment probe did: ``sending owner=2 (other's) moved row 5 ...``."""
    return f"sending {values} ({victim}'s) moved row {pk} away from {holder} towards {victim}"


def forged_values(forged: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in forged.items())


def unproven(why: str, without: str, control: Any) -> str:
    """A refused probe whose control (the same request without the forged part) was refused
    too: the refusal proves nothing."""
    return (
        f"{why}, and the same re-send {without} was refused too ({describe(control)}): "
        "the refusal proves nothing"
    )
