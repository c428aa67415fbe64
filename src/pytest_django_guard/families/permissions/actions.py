"""Objects named in a custom action's body or query string: another user's id is refused.

A list-level action (``POST /accounts/test/ {"id": 7}``) that loads the object its body names
without scoping serves or uses another user's row. The request naming the victim's
object must be refused (400, 403 or 404) and change nothing; the refusal counts only when the
same request naming the actor's own object (the control, ``resend.send_control``) succeeds.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Model

from ...declare.discovery import STANDARD_ACTIONS
from ...declare.intent import params_for
from ...endpoint import tables
from ...endpoint.data import make_owned
from ...endpoint.responses import describe
from .resend import send_control, succeeded, unproven
from .run import PermissionRun

REFUSALS = (400, 403, 404)


def expect_no_foreign_object(run: PermissionRun) -> None:
    """On list-level custom actions: the victim's id in the body or query is refused."""
    custom = run.route.action not in STANDARD_ACTIONS and not run.route.plain
    if not custom or run.route.detail or run.user is None or run.ctx.declaration.model is None:
        return
    victim = run.victim()
    keys = _naming_keys(run, run.payload)
    params = _naming_keys(run, _query(run, run.url_object))
    if victim is None or not (keys or params):
        return
    victim_name, _, theirs = victim
    before = tables.snapshot(run.model)
    response, sent = _send(run, keys, params, theirs, keep=True)
    changed = tables.changes(before, tables.snapshot(run.model))
    names = ", ".join([*keys, *params])
    if response.status_code in REFUSALS and not changed:
        _expect_control_succeeds(run, keys, params, names, f"{victim_name}'s", response)
        return
    raise run.failure(
        f"another user's object named in {names} refused (400, 403 or 404), nothing changed",
        f"naming {victim_name}'s {theirs._meta.label} {theirs.pk} answered {describe(response)}",
        f"look the object up among the user's own, e.g. get_object_or_404("
        f"self.get_queryset(), pk=request.data[{next(iter([*keys, *params]))!r}])",
        details=changed,
        sent=sent,
    )


def _expect_control_succeeds(
    run: PermissionRun, keys: list[str], params: list[str], names: str, whose: str, refused: Any
) -> None:
    """The refusal counts only when the same request naming the actor's own object succeeds."""
    own = run.ctx.data.own_object.get(run.exp.actor) or make_owned(
        run.ctx.declaration, run.user, run.ctx.resolve
    )
    control, _ = _send(run, keys, params, own)
    if succeeded(control):
        return
    raise unproven(
        run,
        f"the object-in-body probe (the action naming {whose} {own._meta.label} in {names}) "
        f"answered {describe(refused)}",
        f"naming {run.exp.actor}'s own {own._meta.label} {own.pk} instead",
        control,
        "declare Guard.payload (or Guard.params) naming the object the action works on, "
        "e.g. a callable (action, user, obj) -> {'id': obj.pk}",
    )


def _naming_keys(run: PermissionRun, values: Any) -> list[str]:
    """Keys that name an object of the served model: id, pk, <model>, <model>_id(s)."""
    if not isinstance(values, dict):
        return []
    model = run.model._meta.model_name
    names = {"id", "pk", model, f"{model}_id", f"{model}_ids"}
    return [key for key in values if key in names]


def _send(
    run: PermissionRun, keys: list[str], params: list[str], obj: Model, keep: bool = False
) -> tuple[Any, Any]:
    """The action's request naming ``obj``; rolled back unless ``keep`` (to compare tables)."""
    body = {**run.payload, **{key: _named(key, obj) for key in keys}} if keys else run.payload
    url = run.request.url
    if params:
        query = {**_query(run, obj), **{key: _named(key, obj) for key in params}}
        url = f"{url.partition('?')[0]}?{urlencode(query, doseq=True)}"
    if not keep:
        return send_control(run, body, url, "object-in-body probe"), None
    response = run.send_probe(body, url, "object-in-body probe")
    return response, run.probe_sent(body, url)


def _query(run: PermissionRun, obj: Model) -> dict[str, Any]:
    return dict(params_for(run.ctx.declaration.params.get(run.route.action), obj))


def _named(key: str, obj: Model) -> Any:
    return [obj.pk] if key.endswith("_ids") else obj.pk
