"""The API side: the violation the database refuses, sent through the endpoint's create, must
be a 4xx naming the field (or ``non_field_errors``) — never a 500 — and store no row.

A refusal proves something only when the same request without the violation succeeds: a
valid payload is created first (the row a unique violation copies, the values a check
violation bends), then a fresh payload carrying the violation is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model

from ...declare.discovery import Endpoint, Route
from ...endpoint import payloads, rejection
from ...endpoint.requests import ActionRequest
from ...endpoint.responses import describe, server_error
from ...endpoint.uniqueness import ownership_fields
from .. import Context
from .database import check_violation
from .derive import satisfying
from .rules import UNIQUE, Rule

HINT = {
    UNIQUE: "validate it in the serializer (DRF adds UniqueValidator / UniqueTogetherValidator "
    "for model fields it sees; a hidden or read-only field needs validate())",
    "check": "validate it in the serializer's validate() and raise ValidationError({field: ...})",
}


def check_create(rule: Rule, declared: Mapping[str, Any], route: Route, ctx: Context) -> None:
    request = ctx.measuring_request(route)
    names = writable(ctx, request, rule)
    when = satisfying(rule.condition) if rule.kind == UNIQUE else {}
    payload = _payload(request, names, {**(when or {}), **declared} if rule.kind == UNIQUE else {})
    created = _create(ctx, request, payload)
    violation = _violating(ctx, rule, request, names, created, when or {}, declared)
    model = rule.model
    before = model._base_manager.count()
    response = request.send(violation)
    stored = model._base_manager.count() - before
    judge_refusal(ctx, request, rule, names, response, f"{stored} row(s) stored" if stored else "")


def judge_refusal(
    ctx: Context,
    request: ActionRequest,
    rule: Rule,
    names: Mapping[str, str],
    response: Any,
    written: str,
) -> None:
    """A 4xx naming one of the rule's fields (or non_field_errors), nothing ``written``."""
    ctx.judge_network()
    action = request.route.action
    expected = (
        f"a 4xx naming {', '.join(names.values()) or 'the fields'} (or non_field_errors) for "
        f"{'a' if action == 'create' else 'an'} {action} breaking {rule.label}, and nothing "
        "stored"
    )
    hint = HINT.get(rule.kind, "")
    if response.status_code >= 500:
        got = f"{server_error(response)}: the database refused what the serializer let through"
        raise ctx.failure(request, expected=expected, got=got, hint=hint)
    if 200 <= response.status_code < 300 or written:
        got = f"{describe(response)}, {written or 'the row written'} breaking it"
        raise ctx.failure(request, expected=expected, got=got, hint=hint)
    if not 400 <= response.status_code < 500 or not rejection.names(response, [*names.values()]):
        got = f"{describe(response)} naming none of the fields"
        raise ctx.failure(request, expected=expected, got=got, hint=hint)


def applies(rule: Rule, endpoint: Endpoint, owner: str | None) -> bool:
    """Whether a create can break ``rule``, as far as collection can tell: not a rule of one
    row per owner (a create makes room for the owner's row; a condition lets an owner hold
    several), and every field it reads written
    by the view's ``serializer_class`` or set by the server for the owner."""
    owned = ownership_fields(rule.model, owner)
    if set(rule.fields) <= owned and rule.condition is None:
        return False
    sources = _static_sources(endpoint.view)
    if sources is None:  # a serializer chosen per request: the case itself finds out
        return True
    read = [*rule.fields, *(satisfying(rule.condition) or {})]
    return any(f in sources for f in read) and all(f in sources or f in owned for f in read)


def _static_sources(view: Any) -> set[str] | None:
    """Model fields the view's ``serializer_class`` writes; None when it cannot be told."""
    from rest_framework.generics import GenericAPIView

    chooser = getattr(view, "get_serializer_class", None)
    if chooser is not getattr(GenericAPIView, "get_serializer_class", None):
        return None
    serializer_class = getattr(view, "serializer_class", None)
    try:
        serializer = serializer_class(context={})  # type: ignore[misc]
        return {str(f.source) for f in payloads.writable_fields(serializer).values()}
    except Exception:  # a serializer needing its request: the case finds out
        return None


def writable(ctx: Context, request: ActionRequest, rule: Rule) -> dict[str, str]:
    """Model field -> serializer field name for the rule's fields the client sends; a rule no
    client value can break is not the API's to judge (skipped, saying so)."""
    import pytest

    serializer = payloads.serializer_for(request.view())
    sources = {str(f.source): name for name, f in payloads.writable_fields(serializer).items()}
    read = [*rule.fields, *(satisfying(rule.condition) or {})]
    names = {field: sources[field] for field in read if field in sources}
    owned = ownership_fields(rule.model, ctx.declaration.owner)
    left = [field for field in read if field not in names and field not in owned]
    if set(rule.fields) <= owned and rule.condition is None:
        pytest.skip(
            f"{rule.label} allows one row per owner: a create makes room for its own row "
            "first, so no payload collides"
        )
    if left or not names:
        pytest.skip(
            f"the create does not write {', '.join(left or rule.fields)}, so no payload can "
            f"break {rule.label} (the server sets what it holds)"
        )
    return names


def _payload(request: ActionRequest, names: Mapping[str, str], values: Mapping[str, Any]) -> Any:
    payload, _ = request.derive_payload()
    serializer = payloads.serializer_for(request.view())
    for field, value in values.items():
        name = names.get(field) or _name_of(serializer, field)
        if name is not None:
            payload[name] = _wire(serializer.fields[name], value)
    return payload


def _name_of(serializer: Any, source: str) -> str | None:
    for name, field in payloads.writable_fields(serializer).items():
        if field.source == source:
            return name
    return None


def _create(ctx: Context, request: ActionRequest, payload: Any) -> Model:
    """Send the valid payload; the one row it stored."""
    model = request.declaration.model
    assert model is not None
    before = set(model._base_manager.values_list("pk", flat=True))
    response = ctx.send(request, payload)
    made = list(model._base_manager.exclude(pk__in=before))
    if not 200 <= response.status_code < 300 or len(made) != 1:
        raise ctx.could_not_verify(
            request,
            f"the valid create answered {describe(response)} and stored {len(made)} rows: a "
            "refused violation would prove nothing",
            "make the create succeed for this actor (Guard.payload, Guard.measure_as)",
        )
    return made[0]


def _violating(
    ctx: Context,
    rule: Rule,
    request: ActionRequest,
    names: Mapping[str, str],
    created: Model,
    when: Mapping[str, Any],
    declared: Mapping[str, Any],
) -> Any:
    """A fresh payload carrying the violation: the created row's values in the rule's fields
    (a unique rule), or values breaking the check (the created row removed first, so nothing
    but the check can refuse it)."""
    serializer = payloads.serializer_for(request.view())
    payload, _ = request.derive_payload()
    if not type(created)._base_manager.filter(pk=created.pk).exists():
        raise ctx.could_not_verify(
            request,
            f"deriving the second payload removed the created row ({request.settled.made_room})",
            "declare Guard.payload so that a second create can collide with the first",
        )
    copied = {name: payloads.represent(serializer.fields[name], created) for name in names.values()}
    payload.update(copied)
    if rule.kind == UNIQUE:
        condition = rule.condition
        if (
            condition is not None
            and not type(created)._base_manager.filter(condition, pk=created.pk).exists()
        ):
            raise ctx.could_not_verify(
                request,
                f"the created row does not meet the condition of {rule.label}: a second one "
                "would not collide",
                f"declare Guard.violations[{rule.name!r}] with writable values meeting it",
            )
        return overlay(serializer, names, payload, {**when, **declared})
    values = check_violation(ctx, rule, created, declared)
    created.delete()
    return overlay(serializer, names, payload, values)


def overlay(
    serializer: Any, names: Mapping[str, str], payload: Any, values: Mapping[str, Any]
) -> Any:
    for field, value in values.items():
        name = names.get(field) or _name_of(serializer, field)
        if name is not None:
            payload[name] = _wire(serializer.fields[name], value)
    return payload


def _wire(field: Any, value: Any) -> Any:
    """``value`` as the field sends it; a relation's key as it is."""
    try:
        return field.to_representation(value)
    except (AttributeError, TypeError, ValueError):
        return value
