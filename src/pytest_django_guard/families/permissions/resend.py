"""Probes of an allowed write: the write sent again with one part forged.

The re-send carries a freshly derived payload (new unique values, new related rows, room made
where the model allows one row per owner), never the first request's: sent again, a unique slug
collides with the row just written, and the 400 would pass for a refusal. A refusal proves
something only when the same re-send without the forged part succeeds: the control request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model

from ...endpoint.responses import describe
from .run import PermissionRun


@dataclass(frozen=True)
class Resent:
    """A probe's re-send: its response, the body and URL sent, and the payload it forged."""

    response: Any
    body: dict[str, Any]
    url: str | None
    payload: dict[str, Any]  # the fresh payload, without the forged part


def resend(
    run: PermissionRun, forged: Mapping[str, Any], probe: str, room_for: Iterable[Model] = ()
) -> Resent:
    """Send the write again with ``forged`` over a fresh payload (inside the caller's atomic
    block: making room deletes rows)."""
    url = run.probe_url(created=run.route.action == "create")
    payload, _ = run.request.derive_payload(room_for=room_for)
    body = {**payload, **forged}
    return Resent(run.send_probe(body, url, probe), body, url, dict(payload))


def expect_refusal_proven(run: PermissionRun, resent: Resent, probe: str, forged: str) -> None:
    """A refused probe passes only when the same re-send without ``forged`` succeeds."""
    with transaction.atomic():
        control = run.send_probe(resent.payload, resent.url, f"{probe}, control re-send")
        transaction.set_rollback(True)
    if 200 <= control.status_code < 300:
        return
    raise run.ctx.could_not_verify(
        run.request,
        f"the {probe} answered {describe(resent.response)}, and the same re-send without "
        f"{forged} was refused too ({describe(control)}): the refusal proves nothing",
        run.payload_hint(control),
    )
