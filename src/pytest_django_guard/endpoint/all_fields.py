"""Serializers rendering every field of a user-like model (``fields = "__all__"`` over a model
with a ``password`` field): its hash is one field among the rest, and every field the model
gains later is published with it. Read from the classes at collection, before any request.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rest_framework import serializers


def user_like(model: Any) -> bool:
    """A model with a ``password`` field (Django's users and custom user models alike)."""
    meta = getattr(model, "_meta", None)
    if meta is None:
        return False
    return any(field.name == "password" for field in meta.get_fields())


def all_over_user(serializer_class: Any) -> list[str]:
    """The names of the serializers (this one and those nested in it) declaring
    ``fields = "__all__"`` over a user-like model, each as ``Outer.field -> Class``."""
    found: list[str] = []
    for path, klass in _nested(serializer_class, serializer_class.__name__, set()):
        meta = getattr(klass, "Meta", None)
        if getattr(meta, "fields", None) == serializers.ALL_FIELDS and user_like(
            getattr(meta, "model", None)
        ):
            named = klass.__name__ if path == klass.__name__ else f"{path} ({klass.__name__})"
            found.append(f"{named} over {meta.model._meta.label}")  # type: ignore[union-attr]
    return found


_FIELDS: dict[type, Mapping[str, Any] | None] = {}


def declared_fields(klass: type) -> Mapping[str, Any] | None:
    """A serializer class's fields built without context, or None when it needs one. Built
    once per class: several families read them at collection, and DRF builds a
    ModelSerializer's fields anew for every instance (about a millisecond each)."""
    if klass not in _FIELDS:
        try:
            _FIELDS[klass] = klass().fields
        except Exception:  # a serializer needing context to build its fields
            _FIELDS[klass] = None
    return _FIELDS[klass]


def _nested(klass: Any, path: str, seen: set[Any]) -> Iterator[tuple[str, Any]]:
    """The class, then every serializer class nested in its fields (``many=True`` included)."""
    if klass in seen or not isinstance(klass, type):
        return
    seen.add(klass)
    yield path, klass
    fields = declared_fields(klass)
    if fields is None:  # a serializer needing context to build its fields: its class alone
        return
    for name, field in fields.items():
        child = getattr(field, "child", field)
        if isinstance(child, serializers.BaseSerializer):
            yield from _nested(type(child), f"{path}.{name}", seen)
