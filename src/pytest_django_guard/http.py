"""Requests as an actor, inside a sandbox: frozen time, no network, a savepoint per request."""

from __future__ import annotations

import datetime as dt
import json
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import responses
import time_machine
from django.db import transaction
from django.db.models import Model
from rest_framework.test import APIClient

# Every generated test sees the same clock, so dates in payloads and lock files are stable.
FROZEN_AT = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)


@dataclass
class Sandbox:
    """What the code under test tried to do outside the database."""

    network: responses.RequestsMock

    def network_attempts(self) -> list[str]:
        return [f"{call.request.method} {call.request.url}" for call in self.network.calls]


@contextmanager
def sandbox() -> Iterator[Sandbox]:
    """Freeze time and refuse outgoing HTTP (requests library) for the duration."""
    with (
        time_machine.travel(FROZEN_AT, tick=False),
        responses.RequestsMock(assert_all_requests_are_fired=False) as network,
    ):
        yield Sandbox(network)


def send(user: Any, method: str, url: str, payload: Any = None) -> Any:
    """One request as ``user`` (None: anonymous); a server error becomes a 500 response."""
    client = APIClient()
    client.raise_request_exception = False
    if user is not None:
        client.force_authenticate(user)
    data = None if payload is None else json.dumps(payload, default=str)
    with transaction.atomic():
        return client.generic(method, url, data=data or "", content_type="application/json")


def describe(response: Any) -> str:
    """``403 Forbidden {"detail": ...}``, cut short, for failure messages."""
    body = response.content.decode(errors="replace").strip().replace("\n", " ")
    if len(body) > 200:
        body = body[:200] + "…"
    return f"{response.status_code} {response.reason_phrase} {body}".rstrip()


def server_error(response: Any) -> str:
    """The exception behind a 500, with the innermost frame of project code."""
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return describe(response)
    _, error, tb = exc_info
    frames = [f for f in traceback.extract_tb(tb) if "site-packages" not in f.filename]
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{response.status_code}: {type(error).__name__}: {error}{where}"


Rows = dict[Any, dict[str, Any]]


def snapshot(model: type[Model]) -> Rows:
    """Every row of the model's table, keyed by pk (the base manager sees soft-deleted rows)."""
    pk = model._meta.pk.attname
    return {row[pk]: row for row in model._base_manager.order_by().values()}


def changes(before: Rows, after: Rows) -> list[str]:
    """What differs between two snapshots, one line per row, for failure messages."""
    lines = [f"row {pk} was created" for pk in after.keys() - before.keys()]
    lines += [f"row {pk} was deleted" for pk in before.keys() - after.keys()]
    for pk in before.keys() & after.keys():
        changed = [
            f"{name} {before[pk][name]!r} → {after[pk][name]!r}"
            for name in before[pk]
            if before[pk][name] != after[pk][name]
        ]
        if changed:
            lines.append(f"row {pk} changed: {', '.join(changed)}")
    return sorted(lines)
