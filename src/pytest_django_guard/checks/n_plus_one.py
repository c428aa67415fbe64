"""N+1 detection by scaling: more rows (or nested children) must not mean more queries."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db.models import Model
from factory.base import BaseFactory as FactoryBase
from rest_framework.serializers import ListSerializer

from .. import culprits
from ..action_request import ActionRequest
from ..declaration import Declaration
from ..discovery import Endpoint, Route
from ..endpoint_data import attribute, make_owned
from ..failures import GuardFailure, report
from ..lockfile import LockEntry
from ..query_capture import origins, repeated
from . import Case, Context
from .permissions import list_rows
from .queries import measured, measuring_actor

EXTRA = 3  # rows (or children) added for the second measurement; two would do, three is clearer


class NPlusOneChecks:
    name = "n_plus_one"
    marker = "guard_queries"

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> list[Case]:
        result = []
        for route in endpoint.routes:
            if route.action == "list":
                result.append(
                    Case(
                        id="list",
                        run=partial(check_list, route),
                        skip=declaration.skip.get("list"),
                        info={"action": "list"},
                    )
                )
            elif route.action == "retrieve" and nested_many_fields(endpoint):
                result.append(
                    Case(
                        id="retrieve",
                        run=partial(check_retrieve, route),
                        skip=declaration.skip.get("retrieve"),
                        info={"action": "retrieve"},
                    )
                )
        return result


def nested_many_fields(endpoint: Endpoint) -> list[str]:
    """Sources of ``many=True`` nested serializers on the view's serializer class."""
    serializer_class = getattr(endpoint.view, "serializer_class", None)
    if serializer_class is None:
        return []
    try:
        fields = serializer_class().fields
    except Exception:  # a serializer that needs context at construction: nothing to scale
        return []
    return [str(f.source) for f in fields.values() if isinstance(f, ListSerializer)]


def check_list(route: Route, ctx: Context) -> None:
    request = ActionRequest(ctx, route, measuring_actor(ctx.declaration))
    response, small = measured(request)
    rows = list_rows(response)
    if rows is None:
        pytest.skip("the list response holds no rows to count")
    page_size = _page_size(request.view())
    extra = EXTRA if page_size is None else min(EXTRA, page_size - len(rows))
    if extra < 2:
        pytest.skip(f"a page of {page_size} rows leaves no room to add rows within one page")
    for _ in range(extra):
        _add_row(ctx, request)
    response, large = measured(request)
    shown = list_rows(response) or []
    if len(shown) < len(rows) + extra:
        pytest.skip(f"the {extra} rows added for {request.actor} did not appear in the list")
    _compare(ctx, request, small, large, f"{len(rows)} rows", f"{len(shown)} rows")


def check_retrieve(route: Route, ctx: Context) -> None:
    request = ActionRequest(ctx, route, measuring_actor(ctx.declaration))
    sources = nested_many_fields(ctx.endpoint)
    _, small = measured(request)
    added = sum(_add_children(ctx, source) for source in sources)
    _, large = measured(request)
    _compare(
        ctx, request, small, large, f"the row's {', '.join(sources)}", f"{added} more children"
    )


def _compare(
    ctx: Context,
    request: ActionRequest,
    small: LockEntry,
    large: LockEntry,
    small_text: str,
    large_text: str,
) -> None:
    if large.count > small.count:
        backend = ctx.config.getini("guard_nplusone_backend") or "zeal"
        raise GuardFailure(
            growth_report(
                request.title,
                small,
                large,
                lambda: request.send(),
                backend,
                small_text=small_text,
                large_text=large_text,
            )
        )


def growth_report(
    title: str,
    small: LockEntry,
    large: LockEntry,
    rerun: Callable[[], Any],
    backend: str,
    *,
    small_text: str,
    large_text: str,
) -> str:
    """Explain an N+1: the culprit relation, and each repeated query with the line running it.

    ``rerun`` repeats the larger case twice more (under the detector, and with stack capture);
    that costs time only when the check already failed.
    """
    named = culprits.find(rerun, backend)
    repeats = repeated(small, large)
    with origins() as found:
        rerun()
    lines = [
        f"{count} x {query}  <- {place}"
        for (query, place), count in found.most_common()
        if query in repeats
    ] or [f"+{count} x {query}" for query, count in repeats.most_common()]
    return report(
        title=title,
        expected=f"the same number of queries for {small_text} and for {large_text}",
        got=f"{small.count} queries, then {large.count}: {large.count - small.count} more (N+1)",
        details=[
            *(f"culprit: {line}" for line in named),
            "queries run per row:",
            *(f"  {line}" for line in lines),
        ],
        hint="load the relation with the queryset in get_queryset(): select_related() for a "
        "foreign key, prefetch_related() for reverse or many-to-many relations",
    )


def _page_size(view: Any) -> int | None:
    paginator = getattr(view, "paginator", None)
    size = getattr(paginator, "page_size", None) or getattr(paginator, "default_limit", None)
    return int(size) if size else None


def _add_row(ctx: Context, request: ActionRequest) -> Model:
    """A row the measuring actor sees in the same list (same parent for nested routes)."""
    declaration = ctx.declaration
    same_parent = {
        name: attribute(request.url_object, name)
        for name in (
            path.split("__")[0].removesuffix("_id") for path in declaration.parents.values()
        )
    }
    if declaration.make is not None and not same_parent:
        return make_owned(declaration, request.user, ctx.resolve)
    if declaration.owner is not None:
        same_parent[declaration.owner] = request.user
    elif declaration.has_owner:
        pytest.skip("nested rows made by Guard.make cannot be put under one parent")
    row: Model = declaration.factory(**same_parent)
    return row


def _add_children(ctx: Context, source: str) -> int:
    """Add children to the target row through a factory found beside Guard.factory."""
    manager = getattr(ctx.data.target, source)
    model, link = manager.model, manager.field.name
    make = _factory_for(model, ctx.declaration.factory) or _cloner(manager)
    if make is None:
        pytest.skip(
            f"no factory for {model._meta.label} beside Guard.factory, and no child "
            "to copy: cannot add children"
        )
    for _ in range(EXTRA):
        make(**{link: ctx.data.target})
    return EXTRA


def _factory_for(model: type[Model], factory: Any) -> Callable[..., Any] | None:
    """A factory_boy factory for ``model`` in the module that defines ``Guard.factory``."""
    module = sys.modules.get(factory.__module__)
    for candidate in vars(module).values() if module else ():
        is_factory = isinstance(candidate, type) and issubclass(candidate, FactoryBase)
        if is_factory and getattr(candidate._meta, "model", None) is model:
            return candidate  # type: ignore[no-any-return]
    return None


def _cloner(manager: Any) -> Callable[..., Any] | None:
    existing = manager.first()
    if existing is None:
        return None

    def clone(**fields: Any) -> Model:
        copy: Model = manager.model._base_manager.get(pk=existing.pk)
        copy.pk = None
        copy._state.adding = True
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save()
        return copy

    return clone
