"""Assertions for hand-written tests, sharing the generated checks' lock file and reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from .checks.n_plus_one import growth_report
from .query_capture import capture, measure
from .query_lock import GENERATED_KEY_SEPARATOR, query_lock


@contextmanager
def assert_query_lock(
    config: pytest.Config, key: str, ceiling: int | None = None
) -> Iterator[None]:
    """The block's queries must match lock entry ``key`` (recorded with --guard-update)."""
    if GENERATED_KEY_SEPARATOR in key:
        raise ValueError(f"assert_query_lock({key!r}): '::' is reserved for generated entries")
    lock = query_lock(config)
    lock.known_keys.add(key)
    with capture() as entries:
        yield
    why = lock.compare(key, entries[0], ceiling)
    if why is not None:
        pytest.fail(f"{key}: {why}", pytrace=False)


def assert_no_n_plus_one(
    config: pytest.Config,
    make_rows: Callable[[int], Any],
    request: Callable[[], Any],
    *,
    rows: int = 3,
) -> None:
    """``request()`` makes as many queries after ``make_rows(rows)`` as after ``make_rows(1)``."""
    make_rows(1)
    _, small = measure(request)
    make_rows(rows)
    _, large = measure(request)
    if large.count > small.count:
        backend = config.getini("guard_nplusone_backend") or "zeal"
        title = f"N+1 in {getattr(request, '__name__', 'request')}"
        message = growth_report(
            title, small, large, request, backend, small_text="1 row", large_text=f"{rows + 1} rows"
        )
        pytest.fail(message, pytrace=False)
