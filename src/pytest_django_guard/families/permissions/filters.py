"""Query parameters narrow a list, never widen it.

An actor whose list is its own rows sends each parameter the list reads (django-filter,
SearchFilter, Guard.filters) with the other user's identifiers: the owner's user id, the
tenant of the owner's row, the text of its searchable fields. The list must not show one row
it does not show without the parameter (``?organization=<id>`` and ``?owner=<id>`` leaks).
A refusal (4xx) shows nothing, so it passes. Ordering parameters go to ``ordering.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import FieldError
from django.db.models import Model

from ...endpoint.data import SELF
from ...endpoint.query_params import FILTER, ORDERING, QueryParam, query_params
from ...findings import GuardFailure
from .listed import ReadIds, Shown, with_query
from .ordering import expect_ordering_hides_secrets
from .run import PermissionRun


@dataclass(frozen=True)
class Fixed:
    """A value computed by a declared callable (``row -> value`` or ``row -> {param: value}``)."""

    value: Any


def expect_query_params_respected(run: PermissionRun, shown: Shown, read: ReadIds) -> None:
    """The list's own rows ``shown`` stay the ceiling whatever the query parameters say."""
    victim = run.victim()  # None without owners: an "all" list, where only ordering matters
    declared = _declared(run, victim[2] if victim else None)
    params = [p for p in query_params(run.request.view()) if p.name not in declared]
    params += [QueryParam((name,), FILTER, source="Guard.filters") for name in declared]
    if run.exp.outcome == "own" and victim is not None:
        unsent: list[tuple[QueryParam, str]] = []
        for param in params:
            spec = declared.get(param.name, param)
            if param.kind != ORDERING and spec is not None:
                sends = _sends(param, spec, victim[0], victim[2])
                if isinstance(sends, str):
                    unsent.append((param, sends))
                for query, whose in sends if isinstance(sends, list) else ():
                    _expect_narrowed(run, param, query, whose, shown, read)
        if unsent:
            raise _could_not_send(run, victim[0], unsent)
    orderings = [p for p in params if p.kind == ORDERING]
    if orderings:
        expect_ordering_hides_secrets(run, orderings, shown, read)


def wire(value: Any) -> str:
    """A value as a query string carries it (django-filter reads true/false and ISO dates)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def row_values(row: Model, path: str) -> list[Any] | None:
    """The values of ``path`` on ``row`` (None: not a path; a trailing lookup is dropped)."""
    try:
        values = type(row)._base_manager.filter(pk=row.pk).values_list(path, flat=True)
        found = list(values)
    except FieldError:
        head = path.rpartition("__")[0]
        return row_values(row, head) if head else None
    return [value for value in found if value not in (None, "")]


def _declared(run: PermissionRun, row: Model | None) -> dict[str, Any]:
    """{parameter: path, None or Fixed value} from Guard.filters for this action (callables
    are given the victim's row; without one only the declared names count)."""
    declared = run.ctx.declaration.family_fields.get("filters", {}).get(run.route.action, {})
    if row is None:
        return {} if callable(declared) else dict.fromkeys(declared)
    if callable(declared):
        return {param: Fixed(value) for param, value in dict(declared(row)).items()}
    return {param: Fixed(spec(row)) if callable(spec) else spec for param, spec in declared.items()}


def _sends(
    param: QueryParam, spec: Any, victim: str, row: Model
) -> list[tuple[dict[str, str], str]] | str:
    """Each query to send for ``param`` (the victim's value, and whose value it is), or why
    there is none to send."""
    if isinstance(spec, Fixed):
        return [({param.name: wire(spec.value)}, f"Guard.filters' value for {victim}'s row")]
    paths = (spec,) if isinstance(spec, str) else param.paths
    sends = []
    for path in paths:
        values = row_values(row, path)
        if values:
            query = {name: wire(values[0]) for name in param.names}
            sends.append((query, f"{path.replace('__', '.')} of {victim}'s row"))
    if sends or param.boolean:  # a yes/no filter cannot carry an identifier: nothing to send
        return sends
    if paths:
        return (
            f"?{param.name} ({param.source}) filters on {', '.join(paths)}, which {victim}'s row "
            "has no value for"
        )
    return f"?{param.name} is read by {param.source}, which does not say what it filters on"


def _could_not_send(
    run: PermissionRun, victim: str, unsent: list[tuple[QueryParam, str]]
) -> GuardFailure:
    """Every parameter no value of the victim's could be sent to, in one could-not-verify."""
    reasons = "; ".join(reason for _, reason in unsent)
    names = ", ".join(f'"{param.name}": "<path from the row>"' for param, _ in unsent)
    return run.ctx.could_not_verify(
        run.request,
        f"no value of {victim}'s to send: {reasons}",
        f"give {victim}'s row a value there (Guard.factory), or declare Guard.filters = "
        f'{{"{run.route.action}": {{{names}}}}} (None for a parameter that carries no '
        "identifier)",
    )


def _expect_narrowed(
    run: PermissionRun,
    param: QueryParam,
    query: dict[str, str],
    whose: str,
    shown: Shown,
    read: ReadIds,
) -> None:
    url = with_query(run.request.url, query)
    response = run.send(None, url)
    if not 200 <= response.status_code < 300:
        return  # refused: nothing shown
    extra = [ident for ident in read(response, f" with {url}") if ident not in shown.ids]
    extra = [ident for ident in dict.fromkeys(extra) if not _own(run, shown, ident)]
    if not extra:  # nothing new, or more of the actor's own rows (?archived=true)
        return
    leaked = [shown.label(run, ident) for ident in extra]
    sent = "&".join(f"{name}={value}" for name, value in query.items())
    name = run.ctx.declaration.model.__name__ if run.ctx.declaration.model else "Model"
    owner = run.ctx.declaration.owner or "<owner>"
    raise run.failure(
        f"?{param.name} narrows {run.exp.actor}'s list: no row it does not list without it",
        f"with ?{sent} ({whose}) the list showed rows it does not show without it",
        f"filter get_queryset() by request.user before applying ?{param.name}, e.g. "
        f"{name}.objects.filter({owner}=self.request.user); a filter narrows the user's rows, "
        "it must not widen them",
        details=[f"leaked: {', '.join(leaked)}", f"sent: GET {url}", f"read by {param.source}"],
    )


def _own(run: PermissionRun, shown: Shown, ident: str) -> bool:
    """Whether the row ``ident`` is the actor's own, asked of the database by the owner path
    (without one, only the rows the list showed without the parameter count as its own)."""
    owner = run.ctx.declaration.owner
    if owner is None or run.user is None:
        return False
    rows = run.model._base_manager.filter(**{shown.attribute(): ident})
    return bool(
        rows.filter(**({"pk": run.user.pk} if owner == SELF else {owner: run.user})).exists()
    )
