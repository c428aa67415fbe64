"""Count and read the SQL a request runs, with Django's own CaptureQueriesContext."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import sql as sql_text
from .frames import project_frame
from .lockfile import LockEntry

T = TypeVar("T")


def measure(run: Callable[[], T]) -> tuple[T, LockEntry]:
    """Run ``run`` and return its result with the queries it made."""
    with capture() as entries:
        result = run()
    return result, entries[0]


def warm_caches() -> None:
    """Fill Django's content type cache for every model before a measurement.

    The first generic relation of the process looks its content type up once, then never
    again: without this, a count would depend on which tests ran before it (``-k``, xdist).
    """
    from django.apps import apps

    if apps.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


@contextmanager
def capture() -> Iterator[list[LockEntry]]:
    """Capture the block's queries; the list holds one entry once the block ends.

    Transaction control (SAVEPOINT, RELEASE, ROLLBACK TO) is the test's bookkeeping, not
    the endpoint's work, so it is not counted.
    """
    entries: list[LockEntry] = []
    with CaptureQueriesContext(connection) as context:
        yield entries
    queries = [
        sql_text.normalise(query["sql"])
        for query in context.captured_queries
        if not sql_text.is_transaction_control(query["sql"])
    ]
    entries.append(LockEntry(count=len(queries), sql=tuple(queries)))


def repeated(small: LockEntry, large: LockEntry) -> Counter[str]:
    """Queries the larger run made more often, with how many more times."""
    return Counter(large.sql) - Counter(small.sql)


@contextmanager
def origins() -> Iterator[Counter[tuple[str, str]]]:
    """Count (normalised query, project file:line that ran it) pairs; slow, failures only."""
    found: Counter[tuple[str, str]] = Counter()

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not sql_text.is_transaction_control(sql):
            found[sql_text.normalise(sql), project_frame()] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield found
