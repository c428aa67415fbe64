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


_WARMED: dict[str, int] = {}  # database alias -> size of the content type cache once warmed


def warm_caches() -> None:
    """Fill Django's content type cache for every model before a measurement.

    The first generic relation of the process looks its content type up once, then never
    again: without this, a count would depend on which tests ran before it (``-k``, xdist).
    Filled once per process, and again only if something cleared it (a flush, a migrate):
    asking for every model's content type before each measurement cost 2.5 ms a test at 500
    models, the one per-test cost that grew with the project.
    """
    from django.apps import apps

    if apps.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.models import ContentType

        manager = ContentType.objects
        caches: dict[str, dict[Any, Any]] = getattr(manager, "_cache", {})  # Django's own
        if manager.db in _WARMED and _WARMED[manager.db] == len(caches.get(manager.db, {})):
            return
        manager.get_for_models(*apps.get_models(), for_concrete_models=False)
        _WARMED[manager.db] = len(caches.get(manager.db, {}))


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
