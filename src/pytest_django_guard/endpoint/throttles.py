"""DRF throttles as a generated test meets them: a history of their own, read as DRF reads it.

Every generated test sends many requests as the same users from the same address at one frozen
instant, so a throttle keeping its history in the project's cache would refuse later tests for
what earlier ones sent. Inside ``isolated()`` every ``SimpleRateThrottle`` class keeps its
history in one local cache, emptied before and after: throttle history never crosses tests,
and the project's own cache is left alone (its contents can change query counts).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle, SimpleRateThrottle

HISTORY = LocMemCache("pytest-django-guard-throttles", {"TIMEOUT": None})
MAX_HISTORY = 100_000  # a rate allowing more requests than this per window never bites


def _rate_throttles() -> Iterator[type[SimpleRateThrottle]]:
    """SimpleRateThrottle and every subclass loaded, defined where the project wrote it."""
    seen, todo = set(), [SimpleRateThrottle]
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            todo.extend(cls.__subclasses__())
            yield cls


@contextmanager
def isolated() -> Iterator[None]:
    """Every rate throttle's ``cache`` is the local ``HISTORY`` cache, empty, for the block."""
    HISTORY.clear()
    with ExitStack() as stack:
        for cls in _rate_throttles():
            if "cache" in vars(cls):
                stack.enter_context(mock.patch.object(cls, "cache", HISTORY))
        try:
            yield
        finally:
            HISTORY.clear()


@contextmanager
def recording(view_class: type[Any]) -> Iterator[list[tuple[Any, list[BaseThrottle]]]]:
    """The (view, throttles) of each request the view answers in the block, as DRF built them."""
    seen: list[tuple[Any, list[BaseThrottle]]] = []
    original = view_class.get_throttles

    def get_throttles(self: Any) -> list[BaseThrottle]:
        throttles = list(original(self))
        seen.append((self, throttles))
        return throttles

    with mock.patch.object(view_class, "get_throttles", get_throttles):
        yield seen


@dataclass(frozen=True)
class Rate:
    """A rate throttle applied to one request: its history key and its limit."""

    throttle: SimpleRateThrottle
    key: str
    rate: str
    num_requests: int
    duration: int

    @property
    def name(self) -> str:
        return type(self.throttle).__name__

    def describe(self) -> str:
        scope = getattr(self.throttle, "scope", None)
        return f"{self.name} (scope {scope!r}, rate {self.rate!r})"

    def prefill(self) -> None:
        """A full window: ``num_requests`` requests made at this (frozen) instant."""
        now = self.throttle.timer()
        self.throttle.cache.set(self.key, [now] * self.num_requests, self.duration)


def applied_rate(throttle: BaseThrottle, view: Any) -> Rate | None:
    """The rate ``throttle`` applies to the view's request, read as DRF's allow_request reads it
    (not by calling it: an ``allow_request`` that always answers True must not hide the rate).

    None when it applies none: no rate (a scope set to None), no ``throttle_scope`` on the view
    for a ScopedRateThrottle, or no history key for this actor (AnonRateThrottle and a user).
    """
    assert isinstance(throttle, SimpleRateThrottle)
    if isinstance(throttle, ScopedRateThrottle):
        scope = getattr(view, throttle.scope_attr, None)
        if not scope:
            return None
        throttle.scope = scope
        throttle.rate = throttle.get_rate()
    rate = getattr(throttle, "rate", None)
    if rate is None:
        return None
    key = throttle.get_cache_key(view.request, view)
    if key is None:
        return None
    num_requests, duration = throttle.parse_rate(rate)
    assert num_requests is not None
    assert duration is not None
    return Rate(throttle, key, rate, num_requests, duration)
