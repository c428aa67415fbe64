"""Hostile input: bodies, lookups and query strings a client may send answer a 4xx that
changes nothing, never a 5xx (docs/input.md).

``input[<action>-body]`` for create, update, partial update and custom write actions with
a serializer of their own (``@action(serializer_class=...)``; an action without one may
ignore its body, so nothing it accepts would prove anything): the fixed list of hostile
values derived from the serializer's fields, then Hypothesis's examples within a budget.
``input[<action>-lookup]`` for detail reads, ``input[<action>-query]`` for lists. Each is
sent as an actor the declaration lets do the action (``Guard.measure_as``, else the first
answered), after the same request with valid input succeeded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from ...declare.outcomes import measuring_actor, refused_to_all
from ...declare.policy import Kind
from .. import Case, named_routes

if TYPE_CHECKING:
    from ...declare.declaration import Declaration
    from ...declare.discovery import Endpoint, Route
    from ...declare.fields import FieldCheck, FieldParser

BODY_ACTIONS = {"create": "POST", "update": "PUT", "partial_update": "PATCH"}


def parse_params(value: Any, check: FieldCheck) -> tuple[str, ...]:
    """``Guard.input_params = ["since", "limit"]``: query parameters the list reads that no
    filter backend, paginator or ``query_params`` read in the view's source names."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v for v in value):
        raise check.error('must be a list of query parameter names, e.g. ["since"]')
    return tuple(value)


class InputChecks:
    name = "input"
    marker = "guard_input"
    description = "generated hostile-input test: bad bodies, lookups and query values get a 4xx"
    fields: Mapping[str, FieldParser] = {"input_params": parse_params}

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        for name, route in named_routes(endpoint):
            check = _check_for(endpoint, route)
            if check is None or refused_to_all(declaration, route):
                continue
            if check[1] == "query" and not _reads_query(endpoint.view, declaration):
                continue  # a bare list: no parameter to send anything in
            run, suffix = check
            yield Case(
                id=f"{name}-{suffix}",
                run=partial(run, route),
                action=route.action,
                actor=measuring_actor(declaration, route),
                expected="a 4xx that changes nothing, never a 5xx",
                skip=declaration.skip.get(route.action),
            )


def _reads_query(view: Any, declaration: Declaration) -> bool:
    """Whether the list may read a query parameter: filter backends, a paginator, a
    parameter its source reads, or one declared."""
    from ...endpoint.query_params import read_by_hand

    if getattr(view, "filter_backends", None) or getattr(view, "pagination_class", None):
        return True
    return bool(declaration.family_fields.get("input_params") or read_by_hand(view))


def _check_for(endpoint: Endpoint, route: Route) -> tuple[Any, str] | None:
    from ...endpoint.payloads import reads_body
    from .body import check_body
    from .urls import check_lookup, check_query

    if BODY_ACTIONS.get(route.action) == route.method or reads_body(endpoint, route):
        return check_body, "body"
    if route.method != "GET" or route.plain:
        return None
    if route.kind is Kind.COLLECTION_READ:
        return check_query, "query"
    if route.kind is Kind.DETAIL_READ and not route.singleton:
        return check_lookup, "lookup"
    return None
