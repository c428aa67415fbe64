"""N+1 detection by scaling: more rows (or nested children) must not mean more queries.

``list`` adds rows the measuring actor sees on the same page; ``retrieve`` (for serializers
with nested ``many=True`` fields) adds children under the target row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING

from ...declare.outcomes import measuring_actor, refused_to_all
from .. import Case

if TYPE_CHECKING:
    from ...declare.declaration import Declaration, FieldParser
    from ...declare.discovery import Endpoint


class NPlusOneChecks:
    name = "n_plus_one"
    marker = "guard_queries"
    description = "generated query-count lock / N+1 test"
    fields: Mapping[str, FieldParser] = {}

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        from .check import check_list, check_retrieve, nested_many_fields

        for route in endpoint.routes:
            if route.action == "list":
                run = partial(check_list, route)
            elif route.action == "retrieve" and nested_many_fields(endpoint):
                run = partial(check_retrieve, route)
            else:
                continue
            if refused_to_all(declaration, route):  # declared: nobody is answered, nothing runs
                continue
            yield Case(
                id=route.action,
                run=run,
                action=route.action,
                actor=measuring_actor(declaration, route),
                skip=declaration.skip.get(route.action),
            )
