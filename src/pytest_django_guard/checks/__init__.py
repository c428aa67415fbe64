"""Check families. Each turns one endpoint and its declaration into cases; none knows the others."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import pytest

from ..declaration import Declaration
from ..discovery import Endpoint, Route
from ..endpoint_data import EndpointData, Resolve


@dataclass
class Context:
    """What a running case may use: the endpoint, its declaration and its shared data."""

    endpoint: Endpoint
    declaration: Declaration
    data: EndpointData
    resolve: Resolve
    network_attempts: Callable[[], list[str]]
    config: pytest.Config


@dataclass(frozen=True)
class Case:
    """One generated test: ``id`` becomes ``family[id]`` in the node id."""

    id: str
    run: Callable[[Context], None]
    skip: str | None = None
    info: dict[str, Any] | None = None  # action, actor, expected outcome (for reports)


class Family(Protocol):
    name: str
    marker: str

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> list[Case]: ...


def named_routes(endpoint: Endpoint) -> Iterator[tuple[str, Route]]:
    """Each route with its case name: the action, plus ``:method`` when it has several."""
    for action in endpoint.actions:
        routes = endpoint.routes_for(action)
        for route in routes:
            yield (f"{action}:{route.method.lower()}" if len(routes) > 1 else action), route


def families() -> list[Family]:
    """Every check family, in the order their items are generated."""
    from . import n_plus_one, permissions, queries

    return [permissions.PermissionChecks(), queries.QueryLockChecks(), n_plus_one.NPlusOneChecks()]
