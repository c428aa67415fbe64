"""The sandbox every generated request runs in: frozen time, no network, files kept aside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import responses
import time_machine
from django.db import connections
from django.test import override_settings

from ..settings import settings
from . import throttles
from .network import Allowed, Attempt, allowed, refuse_connections

# Every generated test sees the same clock, so dates in payloads and lock files are stable.
FROZEN_AT = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)


@dataclass
class Sandbox:
    """What the code under test tried to do outside the database."""

    http: responses.RequestsMock
    refused: list[Attempt]

    def reset(self) -> None:
        """A clean slate for the next test in the same sandbox: no calls, no refusals and no
        throttle history (the clock is frozen, so it needs nothing)."""
        self.http.calls.reset()
        self.refused.clear()
        throttles.HISTORY.clear()

    def network_attempts(self) -> list[str]:
        """Each call that tried to leave: requests' by method and URL, others by host:port."""
        calls = [f"{call.request.method} {call.request.url}" for call in self.http.calls]
        return calls + [attempt.describe() for attempt in dict.fromkeys(self.refused)]


@contextmanager
def sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """Freeze time, refuse outgoing connections, keep files out of MEDIA_ROOT, and keep
    throttle history to the block (``throttles.isolated``; ``Sandbox.reset`` between tests).

    Entered once per endpoint, with its transaction (items.py): patching and unpatching the
    clock, the sockets, ``requests`` and the settings for every test cost as much as a
    request, and nothing of it differs between an endpoint's tests.

    ``responses`` answers the ``requests`` library (so its failure names the method and URL);
    every other client is refused at the socket (``network.py``). Factories and uploads write
    files to a temporary directory, never to the project's own media.
    """
    with (
        time_machine.travel(FROZEN_AT, tick=False),
        override_settings(MEDIA_ROOT=str(media_root(request))),
        responses.RequestsMock(assert_all_requests_are_fired=False) as http,
        refuse_connections(allowed_hosts(request.config)) as refused,
        throttles.isolated(),
    ):
        yield Sandbox(http, refused)


MEDIA_ROOT = pytest.StashKey[Path]()
ALLOWED = pytest.StashKey[Allowed]()


def media_root(request: pytest.FixtureRequest) -> Path:
    """One temporary MEDIA_ROOT per session for files written by generated tests."""
    config = request.config
    if MEDIA_ROOT not in config.stash:
        factory = request.getfixturevalue("tmp_path_factory")
        config.stash[MEDIA_ROOT] = factory.mktemp("guard-media")
    return config.stash[MEDIA_ROOT]


def allowed_hosts(config: pytest.Config) -> Allowed:
    """``guard_allow_hosts`` and the databases' hosts, read once per session."""
    if ALLOWED not in config.stash:
        databases = [connections[alias].settings_dict for alias in connections]
        config.stash[ALLOWED] = allowed(settings(config).allow_hosts, databases)
    return config.stash[ALLOWED]
