"""The API side through update: the actor's own row, sent a payload that would make it collide
with another of the actor's rows (a unique rule) or break a check, must answer a 4xx naming
the field — never a 500 — and keep its values.

As on create, the same update without the violation must succeed first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Model

from ...declare.discovery import Route
from ...endpoint import payloads
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import describe
from ...endpoint.rows import add_row
from .. import Context
from .api import judge_refusal, overlay, writable
from .database import check_violation, refused
from .derive import satisfying, value_of
from .rules import UNIQUE, Rule


def check_update(rule: Rule, declared: Mapping[str, Any], route: Route, ctx: Context) -> None:
    request = ctx.measuring_request(route)
    names = writable(ctx, request, rule)
    response = ctx.send(request, request.build_payload())
    if not 200 <= response.status_code < 300:
        raise ctx.could_not_verify(
            request,
            f"the valid update answered {describe(response)}: a refused violation would prove "
            "nothing",
            "make the update succeed for this actor (Guard.payload, Guard.measure_as)",
        )
    target: Model = type(request.obj)._base_manager.get(pk=request.obj.pk)
    request.url = request.url_under(target)  # the update may have changed its lookup (a slug)
    serializer = payloads.serializer_for(request.view(), target)
    payload, _ = request.derive_payload()
    if rule.kind == UNIQUE:
        other = _other_row(ctx, request, rule, declared, target)
        payload.update(
            {name: payloads.represent(serializer.fields[name], other) for name in names.values()}
        )
        values = {**(satisfying(rule.condition) or {}), **declared}
    else:
        payload.update(
            {name: payloads.represent(serializer.fields[name], target) for name in names.values()}
        )
        values = check_violation(ctx, rule, target, declared)
    overlay(serializer, names, payload, values)
    kept = {field: value_of(target, field) for field in rule.fields}
    response = request.send(payload)
    target.refresh_from_db()
    now = {field: value_of(target, field) for field in rule.fields}
    changed = [field for field in rule.fields if now[field] != kept[field]]
    written = f"{', '.join(changed)} of {target._meta.label} {target.pk} changed" if changed else ""
    judge_refusal(ctx, request, rule, names, response, written)


def _other_row(
    ctx: Context, request: ActionRequest, rule: Rule, declared: Mapping[str, Any], target: Model
) -> Model:
    """Another of the actor's rows, meeting the rule's condition: the one to collide with."""
    when = satisfying(rule.condition)
    if when is None and not declared:
        raise ctx.could_not_verify(
            request,
            f"cannot derive values meeting the condition of {rule.label}",
            f"declare Guard.violations[{rule.name!r}] = {{field: value, ...}}",
        )
    with transaction.atomic():
        other = add_row(ctx.declaration, request.user, target, ctx.resolve)
    when = {**(when or {}), **declared}
    if when and refused(rule, other, when) is not None:
        raise ctx.could_not_verify(
            request,
            f"the database refused the other row's values {when} before any collision",
            f"declare Guard.violations[{rule.name!r}] with values a single row may hold",
        )
    other.refresh_from_db()
    return other
