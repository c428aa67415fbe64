"""Write payloads derived from the factory and the view's own serializer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model
from rest_framework import serializers
from rest_framework.fields import SkipField, empty
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from ..declare.declaration import Declaration
from ..declare.discovery import Endpoint, Route
from .client import TINY_PNG, Upload

DERIVED = ("create", "update", "partial_update")  # actions whose payload is derived
_UNDERIVABLE = (serializers.HiddenField, serializers.BaseSerializer)
_UNCOMPARABLE = (serializers.RelatedField, serializers.ManyRelatedField, serializers.FileField)
_TEXT_FILE = Upload("guard.txt", b"pytest-django-guard\n", "text/plain")
_IMAGE_FILE = Upload("guard.png", TINY_PNG, "image/png")


def view_for(
    endpoint: Endpoint,
    route: Route,
    user: Any,
    url: str,
    kwargs: dict[str, Any],
    headers: Mapping[str, str] | None = None,
) -> Any:
    """An initialised view instance, as DRF builds it for a request, to ask for its serializer."""
    initkwargs = endpoint.initkwargs.get(route.action, {})
    view: Any = endpoint.view(**initkwargs)
    django_request = APIRequestFactory().generic(route.method, url, headers=dict(headers or {}))
    if user is not None:
        force_authenticate(django_request, user)
    view.args, view.kwargs, view.format_kwarg, view.headers = (), kwargs, None, {}
    view.action_map = {route.method.lower(): route.action}  # read by ViewSet.initialize_request
    view.request = view.initialize_request(django_request)
    view.action = route.action
    return view


def reads_body(endpoint: Endpoint, route: Route) -> bool:
    """A custom write action naming a serializer of its own (``@action(serializer_class=...)``)
    reads its body with it: its payload can be derived, and hostile bodies sent."""
    return (
        route.action not in DERIVED
        and route.method in ("POST", "PUT", "PATCH")
        and "serializer_class" in endpoint.initkwargs.get(route.action, {})
    )


def serializer_for(view: Any, instance: Model | None = None) -> Any:
    """The serializer the view itself would use for this action."""
    return view.get_serializer(instance)


def writable_fields(serializer: Any) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
    """Fields a client may send, excluding those no payload can be derived for."""
    return {
        name: f
        for name, f in serializer.fields.items()
        if not f.read_only and f.source != "*" and not isinstance(f, _UNDERIVABLE)
    }


def writable_fields_nested(serializer: Any) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
    """Fields a client may send, nested serializers included (hostile input reaches them)."""
    return {
        name: f
        for name, f in serializer.fields.items()
        if not f.read_only and f.source != "*" and not isinstance(f, serializers.HiddenField)
    }


def related_model(field: serializers.Field[Any, Any, Any, Any]) -> type[Model] | None:
    """The model a relation field (or a many-to-many one) points at; None for other fields."""
    relation = getattr(field, "child_relation", field)
    model = getattr(getattr(relation, "queryset", None), "model", None)
    return model if isinstance(model, type) and issubclass(model, Model) else None


def represent(field: serializers.Field[Any, Any, Any, Any], obj: Any) -> Any:
    """The wire value of ``field`` for ``obj`` (``empty`` when it cannot be read)."""
    try:
        value = field.get_attribute(obj)
    except (AttributeError, KeyError, ValueError, SkipField):
        return empty
    if value is None:
        return None
    if isinstance(field, serializers.ManyRelatedField):
        return field.to_representation(list(value.all()))
    return field.to_representation(value)


def derive(serializer: Any, *, related_from: Model, values_from: Model) -> dict[str, Any]:
    """Relations from a saved row the actor may use, other values from a freshly built row."""
    payload: dict[str, Any] = {}
    for name, field in writable_fields(serializer).items():
        if isinstance(field, serializers.FileField):  # a real small file: sent as multipart
            image = isinstance(field, serializers.ImageField)
            payload[name] = _IMAGE_FILE if image else _TEXT_FILE
            continue
        is_relation = isinstance(field, serializers.RelatedField | serializers.ManyRelatedField)
        value = represent(field, related_from if is_relation else values_from)
        if value is empty or (value is None and not field.allow_null):
            continue
        payload[name] = value
    return payload


def changed_fields(serializer: Any, payload: Mapping[str, Any], current: Model) -> list[str]:
    """Payload fields whose value differs from what the row holds now (so a write is visible).

    Write-only fields (a password) and files are sent but never compared: what the row stores
    (a hash, a renamed path) is not what was sent.
    """
    fields = {
        name: field
        for name, field in writable_fields(serializer).items()
        if not field.write_only and not isinstance(field, _UNCOMPARABLE)
    }
    return [
        name
        for name, value in payload.items()
        if name in fields and _normalised(fields[name], value) != represent(fields[name], current)
    ]


def stored(serializer: Any, name: str, value: Any, row: Model) -> bool:
    """Whether ``row`` now holds ``value`` in field ``name`` as the serializer sees it."""
    field = writable_fields(serializer)[name]
    return bool(_normalised(field, value) == represent(field, row))


def _normalised(field: serializers.Field[Any, Any, Any, Any], value: Any) -> Any:
    try:
        return field.to_representation(field.to_internal_value(value))
    except (serializers.ValidationError, TypeError, ValueError):
        return value


def declared(
    declaration: Declaration, action: str, actor_user: Any, obj: Model | None
) -> dict[str, Any]:
    """The part of the payload the declaration fixes (``Guard.payload``)."""
    payload = declaration.payload
    if payload is None:
        return {}
    if callable(payload):
        return dict(payload(action, actor_user, obj) or {})
    return dict(payload)


def request_user(view: Any) -> Any:
    request: Request = view.request
    return request.user
