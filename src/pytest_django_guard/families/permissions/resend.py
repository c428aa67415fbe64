"""Probes of an allowed write: the write sent again with one part forged.

The re-send carries a freshly derived payload (new unique values, new related rows, room made
where the model allows one row per owner), never the first request's: sent again, a unique slug
collides with the row just written, and the 400 would pass for a refusal. A refusal proves
something only when the same re-send without the forged part succeeds: the control request.
Every probe that passes on a refusal (mass assignment, references, privilege fields, objects
named in a custom action's body) sends its control through ``send_control`` and reports a
failed one through ``unproven``, so they all say "could not verify" the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model

from ... import verdicts
from ...endpoint.responses import describe
from ...findings import GuardFailure
from .run import PermissionRun


@dataclass(frozen=True)
class Resent:
    """A probe's re-send: its response, the body and URL sent, and the payload it forged."""

    response: Any
    body: dict[str, Any]
    url: str | None
    payload: dict[str, Any]  # the fresh payload, without the forged part


def fresh_payload(run: PermissionRun, room_for: Iterable[Model] = ()) -> dict[str, Any]:
    """A payload that collides with no stored row (``derive_payload``), for one or more
    re-sends whose refusals one control request can prove."""
    payload, _ = run.request.derive_payload(room_for=room_for)
    return dict(payload or {})


def resend(
    run: PermissionRun,
    forged: Mapping[str, Any],
    probe: str,
    room_for: Iterable[Model] = (),
    at: str | None = None,
    payload: Mapping[str, Any] | None = None,
) -> Resent:
    """Send the write again with ``forged`` over a fresh payload (inside the caller's atomic
    block: making room deletes rows). ``at``: another row's URL (the actor's own account);
    ``payload``: one already derived, shared by re-sends that differ only in what they forge."""
    url = at or run.probe_url(created=run.route.action == "create")
    fresh = dict(payload) if payload is not None else fresh_payload(run, room_for)
    body = {**fresh, **forged}
    return Resent(run.send_probe(body, url, probe), body, url, fresh)


def send_control(run: PermissionRun, body: Any, url: str | None, probe: str) -> Any:
    """The request without the forged part, rolled back: what a refusal is measured against."""
    with transaction.atomic():
        control = run.send_probe(body, url, f"{probe}, control re-send")
        transaction.set_rollback(True)
    return control


def succeeded(response: Any) -> bool:
    return bool(200 <= response.status_code < 300)


def unproven(
    run: PermissionRun, why: str, without: str, control: Any, hint: str | None = None
) -> GuardFailure:
    """could not verify: ``why`` (what was refused), and the control was refused too, so the
    refusal proves nothing. ``without``: how the control differs ("without the reference",
    "naming the actor's own row instead")."""
    return run.ctx.could_not_verify(
        run.request,
        verdicts.unproven(why, without, control),
        hint or run.payload_hint(control),
    )


def expect_refusal_proven(run: PermissionRun, resent: Resent, probe: str, forged: str) -> None:
    """A refused probe passes only when the same re-send without ``forged`` succeeds."""
    control = send_control(run, resent.payload, resent.url, probe)
    if not succeeded(control):
        why = f"the {probe} answered {describe(resent.response)}"
        raise unproven(run, why, f"without {forged}", control)
