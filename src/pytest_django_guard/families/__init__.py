"""What a check family is, and what its cases get to work with.

A family turns one declared endpoint into cases; each case becomes one generated test. A
family never imports another one: what two families share lives in ``endpoint/`` (data,
requests, responses) or ``queries/`` (capture, lock file). The family object is also
registered as a pytest plugin, so it may implement any pytest or ``pytest_guard_*`` hook
for its session life cycle (the query lock does: start, deselect, flush, xdist merge).
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import pytest

from ..findings import Finding, GuardFailure, SentRequest, raised_at

if TYPE_CHECKING:  # this module loads without Django: families are listed before it is set up
    from ..declare.declaration import Declaration, FieldParser
    from ..declare.discovery import Endpoint, Route
    from ..endpoint.data import EndpointData, Resolve
    from ..endpoint.requests import ActionRequest
    from ..queries.lockfile import LockEntry


class Family(Protocol):
    """A generated check family; see docs/architecture.md, "How to add a family"."""

    name: str  # the node id part: guard::<endpoint>::<name>[<case>]
    marker: str  # pytest marker of its items (besides "guard")
    description: str  # the marker's help text
    fields: Mapping[str, FieldParser]  # Guard fields this family owns, with their parsers

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterable[Case]: ...


@dataclass(frozen=True)
class Case:
    """One generated test: ``id`` becomes ``family[id]`` in the node id."""

    id: str
    run: Callable[[Context], None]
    action: str
    actor: str | None = None
    expected: str | None = None  # the outcome promised, where the family has one
    skip: str | None = None  # the declared reason, when the declaration skips the action


@dataclass
class Context:
    """What a running case may use: its endpoint, declaration, shared data and the session."""

    family: str
    case: Case
    endpoint: Endpoint
    declaration: Declaration
    data: EndpointData
    resolve: Resolve
    network_attempts: Callable[[], list[str]]
    config: pytest.Config

    def request(self, route: Route, actor: str) -> ActionRequest:
        """``route`` requested as ``actor``, the way every family requests it."""
        from ..endpoint.requests import ActionRequest

        return ActionRequest(self.endpoint, self.declaration, self.data, self.resolve, route, actor)

    def send(self, request: ActionRequest, payload: Any = None, url: str | None = None) -> Any:
        """Send, then apply the checks every family shares: never a 5xx, never the network."""
        response = request.send(payload, url)
        self.judge(request, response)
        return response

    def measure(self, request: ActionRequest, payload: Any = None) -> tuple[Any, LockEntry]:
        """Send as ``send`` does, and return the response with the queries it made."""
        from ..queries.capture import capture, warm_caches

        warm_caches()
        with capture() as entries:
            response = request.send(payload)
        self.judge(request, response)
        return response, entries[0]

    def measuring_request(self, route: Route) -> ActionRequest:
        """The request of the case's measuring actor (Guard.measure_as, else the first answered)."""
        if self.case.actor is None:
            raise self.could_not_verify(
                None,
                f"no actor is answered on {route.action} under this declaration, so there is "
                "no successful request to measure",
                "declare Guard.measure_as = {action: actor} or skip the action",
            )
        return self.request(route, self.case.actor)

    def measure_answered(
        self, request: ActionRequest, payload: Any = None
    ) -> tuple[Any, LockEntry]:
        """``measure``, insisting on a 2xx: a refused or failed request counts the error path."""
        from ..endpoint.responses import describe

        response, entry = self.measure(request, payload)
        if not 200 <= response.status_code < 300:
            raise self.could_not_verify(
                request,
                f"{request.actor}'s request answered {describe(response)}: its query count "
                "would be the error path's",
                f"make the request succeed for {request.actor} (Guard.payload) or declare "
                "Guard.measure_as",
            )
        return response, entry

    def judge(
        self,
        request: ActionRequest,
        response: Any,
        during: str = "",
        sent: SentRequest | None = None,
    ) -> None:
        """The checks every family shares: never a 5xx, never the network. ``during`` names
        the probe that sent ``sent`` when it is not the case's own request."""
        from . import common

        problem = common.unexpected(response, self.network_attempts())
        if problem is not None:
            got, hint = problem
            got = f"{during}: {got}" if during else got
            raise self.failure(request, expected=common.EXPECTED, got=got, hint=hint, sent=sent)

    def judge_network(self) -> None:
        """Fail when the case's code tried the network, even if it swallowed the refusal."""
        from . import common

        attempts = self.network_attempts()
        if attempts:
            got, hint = common.network(attempts)
            raise self.failure(None, expected=common.EXPECTED, got=got, hint=hint)

    def finding(
        self,
        request: ActionRequest | None,
        *,
        expected: str,
        got: str,
        hint: str = "",
        details: Iterable[str] = (),
        sent: SentRequest | None = None,
        verified: bool = True,
    ) -> Finding:
        """A finding about this case; ``sent`` defaults to the request's last one."""
        return Finding(
            family=self.family,
            endpoint=self.endpoint.label,
            action=request.route.action if request else self.case.action,
            actor=request.actor if request else self.case.actor,
            expected=expected,
            got=got,
            hint=hint,
            details=tuple(details),
            request=sent or (request.sent if request else None),
            verified=verified,
        )

    def failure(self, request: ActionRequest | None, **fields: Any) -> GuardFailure:
        return GuardFailure(self.finding(request, **fields))

    def stopped(self, error: Exception) -> GuardFailure:
        """A check that raised instead of reaching its verdict: where it stopped, and why.

        One line; the traceback only under ``-vv``, for whoever debugs the plugin or the view.
        """
        trace: tuple[str, ...] = ()
        if self.config.get_verbosity() >= 2:
            trace = tuple("".join(traceback.format_exception(error)).rstrip().splitlines())
        finding = self.finding(
            None,
            expected="",
            got=f"{self.family} on {self.endpoint.label}: {type(error).__name__}: {error}"
            f"{raised_at(error.__traceback__)}",
            hint="fix the code or the declaration it names; a place inside pytest_django_guard "
            "is a bug of the plugin, please report it (-vv shows the traceback)",
            details=trace,
            verified=False,
        )
        return GuardFailure(dataclasses.replace(finding, stopped=True))

    def could_not_verify(
        self, request: ActionRequest | None, why: str, declare: str
    ) -> GuardFailure:
        """ "could not verify: <why> — <what to declare>", never a silent pass."""
        return GuardFailure(
            self.finding(request, expected="", got=why, hint=declare, verified=False)
        )


def named_routes(endpoint: Endpoint) -> Iterator[tuple[str, Route]]:
    """Each route with its case name: the action, plus ``:method`` when it has several."""
    for action in endpoint.actions:
        routes = endpoint.routes_for(action)
        for route in routes:
            yield (f"{action}:{route.method.lower()}" if len(routes) > 1 else action), route
