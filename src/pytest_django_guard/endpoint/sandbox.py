"""The sandbox every generated request runs in: frozen time, no outgoing HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import responses
import time_machine

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
