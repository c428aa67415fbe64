"""Collection tree of generated tests: ``guard`` / endpoint / ``family[case]``.

The execution model (docs/architecture.md): each endpoint's users and rows are built once,
inside a transaction opened by the first of its items and rolled back when pytest leaves the
endpoint (like Django's ``setUpTestData``), in the sandbox (frozen time, no network) entered
with it; every item runs in a savepoint of its own inside it, the sandbox reset for it. Both
span every alias of ``guard_databases``
(endpoint/databases.py). No family sees any of this: a case gets a ``Context`` and raises
``GuardFailure`` with a ``Finding``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, cast

import pytest
from _pytest._code.code import ExceptionInfo, TerminalRepr

from . import closure
from .bad_declaration import DeclarationItem
from .declare.declaration import Declaration, parse
from .declare.discovery import Endpoint
from .declare.locate import source_line
from .endpoint import databases
from .endpoint.data import EndpointData, build, every_actor_owns
from .endpoint.network import HINT as NETWORK_HINT
from .endpoint.sandbox import Sandbox, sandbox
from .families import Case, Context, Family
from .families.registry import families
from .findings import DeclarationError, Finding, GuardFailure
from .settings import settings
from .state import STATE


class GuardRoot(pytest.Collector):
    """The ``guard`` node: one child per declared endpoint."""

    def collect(self) -> Iterator[EndpointNode]:
        # Said once, here: every generated test would break the same way.
        probe = pytest.Function.from_parent(self, name="probe", callobj=_generated_test)
        problem = databases.unknown_aliases(settings(self.config).databases)
        problem = problem or databases.transactional_conflict(probe)
        state = self.config.stash[STATE]
        if problem is not None:
            state.collection_errors += 1  # the lock must not call every entry stale
            raise self.CollectError(problem)
        for endpoint in state.endpoints:
            raw = state.raw_declaration(endpoint)
            if raw is not None:
                yield EndpointNode.from_parent(
                    self, name=endpoint.label, endpoint=endpoint, raw=raw
                )


class EndpointNode(pytest.Collector):
    """One routed endpoint; owns the shared data of its items."""

    def __init__(self, *, endpoint: Endpoint, raw: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.endpoint = endpoint
        self.raw = raw
        self.declaration: Declaration | None = None
        self.data: EndpointData | None = None
        self.box: Sandbox | None = None
        self.build_error: GuardFailure | None = None

    def collect(self) -> Iterator[pytest.Item]:
        state = self.config.stash[STATE]
        registered = families(self.config)
        try:
            self.declaration = parse(
                self.endpoint,
                self.raw,
                default_policy=settings(self.config).default_policy,
                default_refusal=settings(self.config).refusal,
                project_privileges=dict(settings(self.config).privilege_fields),
                fixture_exists=self.fixture_exists,
                family_fields={n: p for f in registered for n, p in f.fields.items()},
            )
        except DeclarationError as error:  # this endpoint's error; the others still run
            state.collection_errors += 1
            yield DeclarationItem.of(self, error, [family.marker for family in registered])
            return
        self.endpoint = self.endpoint.with_kinds(self.declaration.kinds)
        # Every item of the endpoint runs the same function at the same place, so they share
        # one fixture closure: computed once, not per item (pytest's most costly step here).
        fixtureinfo = None
        for family in registered:
            for case in family.cases(self.endpoint, self.declaration):
                item = GuardItem.from_parent(
                    self,
                    name=f"{family.name}[{case.id}]",
                    callobj=_generated_test,
                    fixtureinfo=fixtureinfo,
                    case=case,
                    family=family,
                )
                fixtureinfo = item._fixtureinfo
                yield item

    def fixture_exists(self, name: str) -> bool:
        return bool(self.session._fixturemanager.getfixturedefs(name, self))

    def open(self, request: pytest.FixtureRequest) -> EndpointData:
        """Build the shared data on first use; later items of the endpoint reuse it."""
        if self.data is not None:
            return self.data
        if self.build_error is not None:
            raise self.build_error
        assert self.declaration is not None
        blocker = request.getfixturevalue("django_db_blocker")
        names = databases.aliases(settings(self.config).databases)
        with blocker.unblock():
            held = ExitStack()  # the transaction, then the sandbox: left in reverse order
            held.enter_context(databases.atomic(names))
            self.addfinalizer(lambda: self._close(held, blocker))
            self.box = held.enter_context(sandbox(request))
            self.data = self._build(request, names, self.box)
        return self.data

    def _build(
        self, request: pytest.FixtureRequest, names: list[str], box: Sandbox
    ) -> EndpointData:
        """Build in the sandbox; a failure is kept and raised again for every later item."""
        assert self.declaration is not None
        data, error = None, None
        # Other aliases are refused: pytest-django's guard is not in place yet.
        with databases.only(names):
            try:
                owns = every_actor_owns(self.endpoint)
                data = build(self.declaration, request.getfixturevalue, every_actor_owns=owns)
            except Exception as caught:
                error = caught
        tried = ", ".join(box.network_attempts())
        if data is not None and not tried:
            return data
        # A refused connection is the cause to name, even when it surfaced as another error.
        if tried:
            self.build_error = self._failure(f"tried to reach {tried}", NETWORK_HINT)
        else:
            self.build_error = self._failure(f"failed: {type(error).__name__}: {error}")
        raise self.build_error from error

    def _failure(self, what: str, hint: str = "") -> GuardFailure:
        return GuardFailure(
            Finding(
                family="setup",
                endpoint=self.endpoint.label,
                expected="the endpoint's users and rows",
                got=f"building them {what}",
                hint=hint or "check Guard.factory / Guard.make and the guard_user_factory fixture",
            )
        )

    def _close(self, held: ExitStack, blocker: Any) -> None:
        with blocker.unblock():
            held.close()
        self.data = self.box = None

    def reportinfo(self) -> tuple[Path, int, str]:
        path, line = source_line(cast(Any, self.endpoint.view))
        return path, line, self.endpoint.label


def _generated_test(django_db_blocker: Any) -> None:
    """Placeholder whose signature pulls the fixtures; GuardItem.runtest does the work."""


class GuardItem(pytest.Function):
    """One generated test; its failure text is the check's own report, not a traceback."""

    def __init__(self, *, case: Case, family: Family, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        parent_id: Any = getattr(self.parent, "id", None)
        if hasattr(parent_id, "child"):
            # pytest >= 9.2 keeps structured ids; --lf parses "family[case]" as name + params.
            self._id = parent_id.child(family.name).with_params(case.id)
        self.case = case
        self.family = family
        for mark in closure.marks(self.config, family.marker):
            self.add_marker(mark)
        # JUnit writes these as <properties>; reports read them on the xdist controller too.
        properties = (
            ("guard_endpoint", self.endpoint_node.endpoint.label),
            ("guard_action", case.action),
            ("guard_actor", case.actor),
            ("guard_check", family.name),
            ("guard_expected", case.expected),
        )
        self.user_properties.extend(p for p in properties if p[1] is not None)

    @property
    def endpoint_node(self) -> EndpointNode:
        assert isinstance(self.parent, EndpointNode)
        return self.parent

    def setup(self) -> None:
        if self.case.skip:
            # Reported at the view's Guard (reportinfo), not at this line of the plugin.
            raise pytest.skip.Exception(self.case.skip, _use_item_location=True)
        self._request.getfixturevalue("django_db_setup")
        databases.without_test_case(self)
        # Before the item's own fixtures: a user's autouse `db` must nest inside our transaction.
        self.endpoint_node.open(self._request)
        closure.fill(self)  # Function.setup, less pytest-django's idle fixtures
        # A fixture asked for with getfixturevalue() escapes the check at collection.
        if (conflict := databases.transactional_conflict(self._request)) is not None:
            pytest.fail(conflict, pytrace=False)

    def runtest(self) -> None:
        node = self.endpoint_node
        box, data, declaration = node.box, node.data, node.declaration
        assert box is not None
        assert data is not None
        assert declaration is not None
        blocker: Any = self.funcargs["django_db_blocker"]
        names = databases.aliases(settings(self.config).databases)
        box.reset()
        with blocker.unblock(), databases.only(names), databases.atomic(names):
            context = Context(
                family=self.family.name,
                case=self.case,
                endpoint=node.endpoint,
                declaration=declaration,
                data=data,
                resolve=self._request.getfixturevalue,
                network_attempts=box.network_attempts,
                config=self.config,
            )
            try:
                self.case.run(context)
            except (GuardFailure, pytest.skip.Exception, pytest.fail.Exception):
                raise
            except Exception as error:  # the project's code, or ours: one line, no traceback
                context.judge_network()  # a refused connection is the cause to name
                raise context.stopped(error) from error
            # Even when the view swallowed the refusal, or the case sent without judging.
            context.judge_network()

    def repr_failure(
        self, excinfo: ExceptionInfo[BaseException], style: Any = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, GuardFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        # The domain must carry no dots: pytest shows "a.b" as "a::b" in -v lines.
        path, line = source_line(cast(Any, self.endpoint_node.endpoint.view))
        return path, line, self.name
