"""A routed method that answers 405 even to the actors its policy allows: reported once.

A view that disables a method by raising ``MethodNotAllowed`` (or a handler that is routed
but not offered) answers 405 to everybody. That is one fact about the endpoint, not one
ownership flaw per actor: the first allowed actor's case reports it with every actor it
asked; the other allowed actors' cases point there instead of repeating it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from ...declare.outcomes import ALLOWED, outcome_for
from .run import PermissionRun


def expect_method_offered(run: PermissionRun, response: Any) -> None:
    """Fail (or, after the first allowed actor, skip pointing at its failure) on a 405."""
    if response.status_code != 405:
        return
    allowed = _allowed_actors(run)
    refused = [actor for actor in allowed if _answers_405(run, actor)]
    case = run.ctx.case.id.removesuffix(f"-{run.exp.actor}")
    first = allowed[0]
    if first != run.exp.actor and first in refused and len(refused) == len(allowed):
        pytest.skip(
            f"{run.route.method} answers 405 to every actor the policy allows: reported once, "
            f"on permissions[{case}-{first}]"
        )
    denials = ", ".join(f'"{actor}": "deny"' for actor in allowed)
    everyone = len(refused) == len(allowed)
    raise run.failure(
        run.expected_text(),
        f"405 Method Not Allowed to {', '.join(refused)}"
        + (
            " — every actor the policy allows: the method is routed but offered to nobody"
            if everyone
            else ""
        ),
        f"if {run.route.action} is not offered, take it off the route (http_method_names, or "
        f"a viewset without its mixin); if it is refused on purpose, declare "
        f'access = {{"{run.route.action}": {{{denials}}}}}',
    )


def _allowed_actors(run: PermissionRun) -> list[str]:
    declaration = run.ctx.declaration
    return [
        actor
        for actor in declaration.all_actors
        if outcome_for(declaration, run.route, actor)[0] in ALLOWED
    ]


def _answers_405(run: PermissionRun, actor: str) -> bool:
    """Whether ``actor`` gets 405 too (the probe is rolled back: it may have been answered)."""
    if actor == run.exp.actor:
        return True
    request = run.ctx.request(run.route, actor)
    with transaction.atomic():
        status: int = request.send(request.build_payload()).status_code
        transaction.set_rollback(True)
    return status == 405
