"""Query-count locks: each endpoint action, requested as its owner, matches its lock entry.

The family also owns the lock file's life cycle in the session (it is registered as a pytest
plugin): start at collection, go partial on deselection, flush at the end, merge xdist
workers' measurements on the controller, and list what can be tightened or is stale.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import pytest

from ... import provenance
from ...declare.outcomes import measuring_actor, refused_to_all
from ...queries import fragments
from ...queries.lock import QUERY_LOCK, query_lock
from ...queries.lockfile import LockFileError
from ...settings import settings
from .. import Case, named_routes
from .summary import summary_lines

if TYPE_CHECKING:
    from ...declare.declaration import Declaration
    from ...declare.discovery import Endpoint
    from ...declare.fields import FieldCheck, FieldParser

LOCK_WRITTEN = pytest.StashKey[bool]()
LOCK_UNWRITTEN = pytest.StashKey[str]()  # why the lock file could not be written


def parse_ceilings(value: Any, check: FieldCheck) -> dict[str, int]:
    """``Guard.queries = {action: maximum query count}``."""

    def whole_number(action: str, ceiling: Any) -> None:
        if not isinstance(ceiling, int) or isinstance(ceiling, bool) or ceiling < 0:
            raise check.error(f"{action!r}: {ceiling!r} must be a whole number")

    return check.per_action(value, "{action: maximum query count}", whole_number)


def ceilings(declaration: Declaration) -> Mapping[str, int]:
    ceiling: Mapping[str, int] = declaration.family_fields.get("queries", {})
    return ceiling


class QueryLockChecks:
    name = "queries"
    marker = "guard_queries"
    description = "generated query-count lock / N+1 test"
    fields: Mapping[str, FieldParser] = {"queries": parse_ceilings}

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        from .check import check

        for name, route in named_routes(endpoint):
            if refused_to_all(declaration, route):  # declared: nobody is answered, nothing runs
                continue
            yield Case(
                id=name,
                run=partial(check, route),  # imported in cases(): needs Django
                action=route.action,
                actor=measuring_actor(declaration, route),
                skip=declaration.skip.get(route.action),
            )

    # -- the lock file's session life cycle (pytest hooks) ---------------------------------

    def _keys(self, items: Sequence[Any]) -> set[str]:
        return {
            lock_key(item.endpoint_node.endpoint.label, item.case.id)
            for item in items
            if getattr(item, "family", None) is self
        }

    def pytest_guard_generated(
        self, config: pytest.Config, items: Sequence[Any], complete: bool
    ) -> None:
        try:
            lock = query_lock(config, whole_suite=complete)
        except LockFileError as error:
            raise pytest.UsageError(str(error)) from None
        lock.known_keys.update(self._keys(items))

    def pytest_deselected(self, items: Sequence[pytest.Item]) -> None:
        # A -k/-m/--lf run saw only part of the endpoints: stale entries cannot be told apart.
        keys = self._keys(items)
        if keys and QUERY_LOCK in items[0].config.stash:
            lock = items[0].config.stash[QUERY_LOCK]
            lock.partial = True
            lock.deselected.update(keys)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """The xdist controller reads the lock file before starting workers.

        A worker's usage error at collection crashes xdist (INTERNALERROR); the controller's
        is one line, and no worker is started.
        """
        from pytest_django.lazy_django import django_settings_is_configured

        config = session.config
        controller = config.pluginmanager.has_plugin("dsession")
        if controller and settings(config).enabled and django_settings_is_configured():
            try:
                query_lock(config, whole_suite=True)  # partial only if a worker says so
            except LockFileError as error:
                raise pytest.UsageError(str(error)) from None

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        config = session.config
        if QUERY_LOCK not in config.stash:
            return
        lock = config.stash[QUERY_LOCK]
        workeroutput = getattr(config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller merges and writes
            workeroutput["guard_lock"] = lock.to_workeroutput()
            return
        fragment = settings(config).lock_fragment
        if fragment is not None:  # a CI shard: `python -m pytest_django_guard merge` writes
            fragments.write(fragment, lock, provenance.commit(config.rootpath))
            return
        try:
            config.stash[LOCK_WRITTEN] = lock.flush()
        except LockFileError as error:  # the summary prints what would have been written
            config.stash[LOCK_UNWRITTEN] = str(error)
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.USAGE_ERROR

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """On the xdist controller: take one worker's measurements."""
        output = getattr(node, "workeroutput", None)
        if output is not None and "guard_lock" not in output:
            return  # that worker generated no query checks
        lock = query_lock(node.config, whole_suite=True)  # each worker reports its own view
        lock.merge(None if output is None else output["guard_lock"])

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        if QUERY_LOCK in config.stash:
            lines = summary_lines(
                config.stash[QUERY_LOCK],
                written=config.stash.get(LOCK_WRITTEN, False),
                unwritten=config.stash.get(LOCK_UNWRITTEN, None),
            )
            if lines:
                terminalreporter.write_sep("-", "pytest-django-guard query lock")
                for line in lines:
                    terminalreporter.write_line(line)


def lock_key(endpoint_label: str, case_id: str) -> str:
    return f"{endpoint_label}::{case_id}"
