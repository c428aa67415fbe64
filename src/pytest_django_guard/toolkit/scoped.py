"""``assert_scoped`` and ``assert_no_mass_assignment``: the permission family's list scoping
and ownership probes for a hand-written test, judged and worded by ``verdicts.py``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Model

from .. import verdicts
from ..endpoint import tables
from ..endpoint.data import SELF, attribute, owned_by
from ..endpoint.responses import describe, identity, read_list, row_ids, unreadable
from .subject import Subject

LIST_OUTCOMES = ("own", "all", "permitted")


def assert_scoped(
    response: Any,
    visible: Iterable[Model],
    *,
    outcome: str = "own",
    rows: Any = None,
    owner: str | None = None,
) -> None:
    """The list ``response`` shows exactly ``visible`` (the rows its actor may see), its rows
    read through the view's paginator (or ``rows=``, a key path or a callable, as Guard.rows).
    ``outcome`` words the expectation as the policy does: own, all or permitted."""
    if outcome not in LIST_OUTCOMES:
        raise ValueError(f"assert_scoped(outcome={outcome!r}): one of {', '.join(LIST_OUTCOMES)}")
    subject = Subject.of_response(response)
    view = (getattr(response, "renderer_context", None) or {}).get("view")
    expected = verdicts.expected_text(outcome, "assert_scoped")
    if not 200 <= response.status_code < 300:
        subject.fail(expected, describe(response), "request a list the actor may read")
    listing = read_list(response, getattr(view, "paginator", None), rows)
    if listing.rows is None:
        subject.fail(expected, *unreadable(listing.shape), verified=False)
    lookup_field = getattr(view, "lookup_field", "pk")
    ids = row_ids(listing.rows, lookup_field) if listing.rows else None
    key, seen = ids if ids else ("id" if lookup_field == "pk" else lookup_field, set())
    if listing.rows and ids is None:
        subject.fail(expected, "rows carry no id, pk, url or lookup field", "", verified=False)
    allowed = {identity(obj, key, lookup_field) for obj in visible}
    leaked = sorted(seen - allowed)
    missing = sorted(allowed - seen)
    model = subject.model
    if leaked:
        owner = owner or getattr(subject.guard, "owner", None)
        shown = ", ".join(f"{key}={i}{_whose(model, key, lookup_field, i, owner)}" for i in leaked)
        subject.fail(
            expected,
            verdicts.LEAKED_GOT,
            verdicts.scope_hint(model.__name__ if model else "Model", owner),
            [f"leaked: {shown}", f"rows read from {listing.source}"],
        )
    if missing:
        subject.fail(
            expected,
            verdicts.MISSING_GOT,
            verdicts.MISSING_HINT,
            [f"missing: {', '.join(f'{key}={i}' for i in missing)}"],
        )


def _whose(
    model: type[Model] | None, key: str, lookup_field: str, value: str, owner: str | None
) -> str:
    """`` (alice's)``: the leaked row's owner by username, as the generated check names the
    actor it belongs to; empty when the row or its owner cannot be read."""
    if model is None or owner is None:
        return ""
    field = lookup_field if key in ("url", lookup_field) else key
    field = "pk" if field == "id" else field
    row: Any = model._base_manager.filter(**{field: value}).first()
    try:
        user: Any = row if owner == SELF else attribute(row, owner)
        return f" ({user.get_username()}'s)"
    except (AttributeError, ObjectDoesNotExist, TypeError, ValueError):
        return ""


def assert_no_mass_assignment(
    client: Any,
    method: str,
    url: str,
    data: Mapping[str, Any],
    *,
    forged: Mapping[str, Any],
    victim: Any,
    victim_name: str = "other",
    owner: str | None = None,
) -> Any:
    """``data`` with ``forged`` (ownership fields naming ``victim``'s ids) never moves the
    created or updated row to ``victim``. A refusal counts only when ``data`` alone succeeds.
    Both requests are rolled back; returns the forged request's response."""
    subject = Subject.of(client, method, url, {**data, **forged})
    model = subject.model
    owner = owner or getattr(subject.guard, "owner", None)
    if model is None or owner is None:
        subject.fail(
            verdicts.MASS_ASSIGNMENT_EXPECTED,
            "no model or owner path to read ownership from",
            "pass owner= (the ORM path from the row to its user, e.g. 'user')",
            verified=False,
        )
    values = verdicts.forged_values(dict(forged))
    with transaction.atomic():
        before = tables.snapshot(model)
        response = subject.send()
        touched = tables.created_since(model, before) or _url_row(subject, model)
        moved = [pk for pk in touched if owned_by(model, pk, owner, victim)]
        transaction.set_rollback(True)
    if moved:
        holder = subject.actor or "the actor"
        subject.fail(
            verdicts.MASS_ASSIGNMENT_EXPECTED,
            verdicts.moved_text(values, victim_name, moved[0], holder),
            verdicts.ownership_hint(owner),
        )
    if not 200 <= response.status_code < 300:
        _refusal_proven(subject, data, response)
    return response


def _url_row(subject: Subject, model: type[Model]) -> list[Any]:
    """The primary key of the row the URL names (an update's), if any."""
    view = subject.view
    field = getattr(view, "lookup_field", "pk")
    name = getattr(view, "lookup_url_kwarg", None) or field
    value = (subject.kwargs or {}).get(name)
    if value is None:
        return []
    return list(model._base_manager.filter(**{field: value}).values_list("pk", flat=True))


def _refusal_proven(subject: Subject, data: Mapping[str, Any], refused: Any) -> None:
    with transaction.atomic():
        control = subject.send(dict(data))
        transaction.set_rollback(True)
    if not 200 <= control.status_code < 300:
        why = f"the mass-assignment probe answered {describe(refused)}"
        subject.fail(
            verdicts.MASS_ASSIGNMENT_EXPECTED,
            verdicts.unproven(why, "without the forged fields", control),
            "send data= the endpoint accepts on its own",
            verified=False,
        )
