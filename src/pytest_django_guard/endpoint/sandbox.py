"""The sandbox every generated request runs in: frozen time, no outgoing HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import responses
import time_machine
from django.test import override_settings

# Every generated test sees the same clock, so dates in payloads and lock files are stable.
FROZEN_AT = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)


@dataclass
class Sandbox:
    """What the code under test tried to do outside the database."""

    network: responses.RequestsMock

    def network_attempts(self) -> list[str]:
        return [f"{call.request.method} {call.request.url}" for call in self.network.calls]


@contextmanager
def sandbox(media_root: Path) -> Iterator[Sandbox]:
    """Freeze time, refuse outgoing HTTP (requests library), keep files out of MEDIA_ROOT.

    Factories and uploads write files; they go to ``media_root``, a temporary directory,
    never to the project's own media.
    """
    with (
        time_machine.travel(FROZEN_AT, tick=False),
        override_settings(MEDIA_ROOT=str(media_root)),
        responses.RequestsMock(assert_all_requests_are_fired=False) as network,
    ):
        yield Sandbox(network)
