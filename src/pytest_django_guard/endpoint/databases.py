"""Which database aliases generated tests use, and the transactions that keep them clean.

An endpoint's data is built before pytest-django's per-test set-up, so nothing Django's test
case does (test databases, transactions, refusing aliases a test does not declare) covers it on
its own. Here the endpoint's transaction and each item's savepoint span every alias of
``guard_databases`` (all of ``DATABASES`` by default: pytest-django then points each at its test
database), and the other aliases are refused while the data is built, so a signal or a
``save(using=...)`` never reaches a database that is not a test database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import connections, transaction

ALL = "__all__"

# pytest-django fixtures that make a test a TransactionTestCase, which flushes every table (and
# closes the connections) after each test: the rows an endpoint's tests share would be gone.
TRANSACTIONAL = ("transactional_db", "live_server", "django_db_reset_sequences",
                 "django_db_serialized_rollback")  # fmt: skip


class OutsideGuardDatabases(AssertionError):
    """A query to an alias generated tests do not use (``guard_databases``)."""


def unknown_aliases(declared: Sequence[str]) -> str | None:
    """One line naming aliases of ``guard_databases`` that DATABASES does not have."""
    unknown = [alias for alias in declared if alias != ALL and alias not in connections]
    if not unknown:
        return None
    return (
        f"guard_databases names {', '.join(map(repr, unknown))}, which DATABASES does not "
        f"define (it has {', '.join(connections)})"
    )


def aliases(declared: Sequence[str]) -> list[str]:
    """The aliases generated tests use (a replica mirroring one of them reads its test database)."""
    return list(connections) if not declared or ALL in declared else list(declared)


def marker_databases(declared: Sequence[str]) -> str | list[str]:
    """``django_db(databases=...)`` for generated items: pytest-django sets these up."""
    return ALL if not declared or ALL in declared else list(declared)


def without_test_case(item: Any) -> None:
    """Take the ``django_db`` marker off a generated item once its databases exist.

    The marker told pytest-django which test databases to create. Its per-test TestCase adds
    nothing to a generated test, which runs in a savepoint of its own inside the endpoint's
    transaction, and costs more as the project grows (its tear-down checks the foreign keys
    of every table), so the marker goes before pytest-django's autouse fixture reads it. The
    test refuses other aliases itself (``only``), as the TestCase did.
    """
    item.own_markers[:] = [mark for mark in item.own_markers if mark.name != "django_db"]


@contextmanager
def atomic(names: Iterable[str]) -> Iterator[None]:
    """A transaction (or savepoint) on each alias but mirrors (as in TestCase), rolled back."""
    names = [a for a in names if not connections[a].settings_dict.get("TEST", {}).get("MIRROR")]
    with ExitStack() as stack:
        for alias in names:
            stack.enter_context(transaction.atomic(using=alias))
        try:
            yield
        finally:
            for alias in names:
                transaction.set_rollback(True, using=alias)


@contextmanager
def only(names: Iterable[str]) -> Iterator[None]:
    """Refuse connections and queries on every alias outside ``names`` (as Django's tests do)."""
    allowed = set(names)
    patched: list[tuple[Any, str, Any]] = []
    for alias in connections:
        if alias in allowed:
            continue
        connection = connections[alias]
        for method in ("connect", "temporary_connection", "cursor", "chunked_cursor"):
            patched.append((connection, method, connection.__dict__.get(method)))
            setattr(connection, method, _refused(alias))
    try:
        yield
    finally:
        for connection, method, before in reversed(patched):
            if before is None:
                delattr(connection, method)
            else:
                setattr(connection, method, before)


def _refused(alias: str) -> Any:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OutsideGuardDatabases(
            f"a query to database {alias!r}, which generated tests do not use: add {alias!r} "
            "to guard_databases (the ini setting) so it gets a test database and a transaction"
        )

    return refuse


def transactional_conflict(item: Any) -> str | None:
    """One line when a fixture every generated test gets flushes the database after each test."""
    fixtureinfo = getattr(item, "_fixtureinfo", None)
    closure = set(getattr(item, "fixturenames", ()))
    found = [name for name in TRANSACTIONAL if name in closure]
    if not found:
        return None
    defs = getattr(fixtureinfo, "name2fixturedefs", {})
    culprits = [
        name
        for name in getattr(fixtureinfo, "initialnames", ())
        if name not in found and found[0] in _closure(name, defs)
    ]
    via = f"the autouse fixture `{culprits[0]}`" if culprits else "a fixture every test gets"
    return (
        f"generated tests cannot run beside `{found[0]}` ({via} requests it): it flushes "
        "the rows an endpoint's tests share after each test; request it only in tests without "
        "the `guard` marker (e.g. `if request.node.get_closest_marker('guard') is None: "
        f"request.getfixturevalue('{found[0]}')`), or run with --no-guard"
    )


def _closure(name: str, defs: Any, seen: set[str] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    for fixturedef in defs.get(name, ())[-1:]:
        for arg in fixturedef.argnames:
            if arg not in seen:
                seen.add(arg)
                _closure(arg, defs, seen)
    return seen
