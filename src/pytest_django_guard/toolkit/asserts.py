"""Assertions for hand-written tests, sharing the generated checks' lock file and findings.

The toolkit imports no family: it uses the same shared layers (``queries/``, ``findings``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest

from ..findings import Finding
from ..public import ASSERTIONS
from ..queries import growth
from ..queries.capture import capture, measure
from ..queries.lock import GENERATED_KEY_SEPARATOR, QueryLock, query_lock
from ..queries.lockfile import LockFileError
from ..settings import settings
from .access import assert_denied as assert_denied
from .access import assert_hidden as assert_hidden
from .integrity import assert_integrity_error as assert_integrity_error
from .paginated import assert_paginated as assert_paginated
from .rejects import assert_rejects as assert_rejects
from .scoped import assert_no_mass_assignment as assert_no_mass_assignment
from .scoped import assert_scoped as assert_scoped
from .secrets import assert_no_secrets as assert_no_secrets
from .subject import Subject

__all__ = list(ASSERTIONS)


@contextmanager
def assert_query_lock(
    config: pytest.Config, key: str, ceiling: int | None = None
) -> Iterator[None]:
    """The block's queries must match lock entry ``key`` (recorded with --guard-update)."""
    if GENERATED_KEY_SEPARATOR in key:
        raise ValueError(f"assert_query_lock({key!r}): '::' is reserved for generated entries")
    lock = _query_lock(config)
    lock.known_keys.add(key)
    with capture() as entries:
        yield
    why = lock.compare(key, entries[0], ceiling)
    if why is not None:
        pytest.fail(f"{key}: {why}", pytrace=False)


@contextmanager
def assert_num_queries(
    config: pytest.Config,
    counted: Callable[..., AbstractContextManager[Any]],
    num: int,
    *,
    lock: str | None = None,
) -> Iterator[None]:
    """pytest-django's count check (``counted``: its ``django_assert_num_queries`` or
    ``django_assert_max_num_queries``) around the block, plus lock entry ``lock``: the block's
    queries compared with the recorded ones, with the SQL diff when they drift."""
    with counted(num):
        if lock is None:
            yield
        else:
            with assert_query_lock(config, lock):
                yield


def _query_lock(config: pytest.Config) -> QueryLock:
    """The session's lock; a broken lock file fails the test in one line, not a traceback."""
    try:
        return query_lock(config)
    except LockFileError as error:
        problem = str(error)
    pytest.fail(problem, pytrace=False)  # outside the except: no chained traceback


def assert_no_n_plus_one(
    config: pytest.Config,
    make_rows: Callable[[int], Any],
    request: Callable[[], Any],
    *,
    rows: int = 3,
) -> None:
    """``request()`` makes as many queries after ``make_rows(rows)`` as after ``make_rows(1)``;
    a failure names the culprit queries and, when ``request()`` returns a test client's
    response, the endpoint, action and actor, as the generated N+1 check does."""
    make_rows(1)
    response, small = measure(request)
    make_rows(rows)
    _, large = measure(request)
    if large.count > small.count:
        got, details = growth.explain(small, large, request, settings(config).nplusone_backend)
        expected = growth.expected(growth.rows(1), growth.rows(rows + 1))
        if hasattr(response, "wsgi_request"):
            subject = Subject.of_response(response)
            subject.fail(expected, got, growth.HINT, details, family="n_plus_one")
        finding = Finding(
            family="n_plus_one",
            endpoint=f"N+1 in {getattr(request, '__name__', 'request')}",
            expected=expected,
            got=got,
            details=tuple(details),
            hint=growth.HINT,
        )
        pytest.fail(finding.render(), pytrace=False)
