"""Hostile input derived from a serializer's own fields, and the values URLs and query strings
get: the fixed list the input family always sends first, and ``assert_rejects`` judges alike.

Each value is chosen from what the field itself declares (its type, ``max_length``,
``max_digits``, ``min_value`` / ``max_value``, choices, the model a relation points at), so a
value is invalid for the field's own reasons, which ``field_refuses`` then asks the field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty

from . import payloads
from .client import Raw

Field = serializers.Field[Any, Any, Any, Any]
Path = tuple[str, ...]  # a field's place in a body: ("address", "city")
MISSING = empty  # the key left out of the body
BEYOND_64_BITS = 2**64
NUL = "guard\x00nul"
UNKNOWN_PK = 2_147_483_000
DEPTH = 64  # deeply nested JSON: deep enough to matter, shallow enough for any JSON parser
LOOKUPS = ("abc", "-1", str(BEYOND_64_BITS * 10**6), "\u00fc\u2603\U0001f600")
QUERY_VALUES = ("abc", "-1", str(BEYOND_64_BITS * 10**6), "\u00fc\u2603" + NUL)
UNKNOWN_ORDERING = "guard_no_such_field"
MALFORMED_JSON = Raw(b'{"guard": [1, 2', "application/json")


@dataclass(frozen=True)
class Probe:
    """One hostile body: ``value`` at ``path`` of a valid payload (``MISSING``: the key
    removed), or a ``raw`` body sent as is (``path`` empty)."""

    label: str
    path: Path = ()
    value: Any = None
    raw: Raw | None = None

    def body(self, valid: Mapping[str, Any]) -> Any:
        """The valid payload with this probe's value put in."""
        if self.raw is not None:
            return self.raw
        return put(valid, self.path, self.value)


def put(valid: Mapping[str, Any], path: Path, value: Any) -> dict[str, Any]:
    """A copy of ``valid`` with ``value`` at ``path`` (a nested object made where missing)."""
    body = dict(valid)
    head, rest = path[0], path[1:]
    if rest:
        inner = body.get(head)
        if isinstance(inner, list):  # a nested list serializer: its first item
            first = inner[0] if inner and isinstance(inner[0], Mapping) else {}
            body[head] = [put(first, rest, value), *inner[1:]]
            return body
        body[head] = put(inner if isinstance(inner, Mapping) else {}, rest, value)
    elif value is MISSING:
        body.pop(head, None)
    else:
        body[head] = value
    return body


def body_probes(serializer: Any, partial: bool, brief: bool = False) -> list[Probe]:
    """Every hostile body for the serializer's writable fields, nested ones included, then
    a malformed JSON body, a wrong content type and deeply nested JSON. ``brief``: per field
    only what tests the view rather than the field (the wrong type, a required field left
    out), for a write whose fields another action of the same serializer already proved."""
    probes = list(_field_probes(serializer, (), partial, brief))
    fields = list(payloads.writable_fields(serializer))
    probes.append(Probe("malformed JSON", raw=MALFORMED_JSON))
    probes.append(Probe("a wrong content type", raw=Raw(b"guard=1", "text/plain")))
    if fields:
        deep: Any = "guard"
        for _ in range(DEPTH):
            deep = [deep]
        probes.append(Probe(f"{fields[0]}: JSON nested {DEPTH} deep", (fields[0],), deep))
    return probes


def _field_probes(
    serializer: Any, prefix: Path, partial: bool, brief: bool = False
) -> Iterator[Probe]:
    for name, field in payloads.writable_fields_nested(serializer).items():
        path = (*prefix, name)
        dotted = ".".join(path)
        for what, value in field_values(field, partial, brief):
            yield Probe(f"{dotted}: {what}", path, value)
        nested = getattr(field, "child", field)
        if isinstance(nested, serializers.Serializer):
            yield from _field_probes(nested, path, partial, brief)


def field_values(
    field: Field, partial: bool = False, brief: bool = False
) -> Iterator[tuple[str, Any]]:
    """(what, value) pairs, each invalid for ``field`` by its own declaration."""
    yield "the wrong JSON type", wrong_type(field)
    if field.required and not partial:
        yield "left out though required", MISSING
    if brief:
        return
    if not field.allow_null:
        yield "null for a non-null field", None
    yield from _limits(field)
    yield from _formats(field)


def wrong_type(field: Field) -> Any:
    """A number gets a string, a boolean a list, an object a list, a list a string, and
    any other scalar an object."""
    if isinstance(field, serializers.IntegerField | serializers.FloatField):
        return "not-a-number"
    if isinstance(field, serializers.DecimalField):
        return "not-a-number"
    if isinstance(field, serializers.BooleanField):
        return ["guard"]
    if isinstance(field, serializers.ListField | serializers.ListSerializer):
        return "guard"
    if isinstance(field, serializers.ManyRelatedField | serializers.MultipleChoiceField):
        return "guard"
    if isinstance(field, serializers.Serializer | serializers.DictField):
        return ["guard"]
    return {"guard": "an object"}


def _limits(field: Field) -> Iterator[tuple[str, Any]]:
    max_length = getattr(field, "max_length", None)
    if isinstance(field, serializers.CharField) and max_length:
        yield f"{max_length + 1} characters (max_length {max_length})", "x" * (max_length + 1)
    max_digits = getattr(field, "max_digits", None)
    if isinstance(field, serializers.DecimalField) and max_digits:
        yield f"{max_digits + 1} digits (max_digits {max_digits})", "9" * (max_digits + 1)
    for bound, step in (("min_value", -1), ("max_value", 1)):
        limit = getattr(field, bound, None)
        if isinstance(limit, int | float) and not isinstance(limit, bool):
            yield f"beyond {bound} {limit}", limit + step
    if isinstance(field, serializers.IntegerField):
        yield "an integer beyond 64 bits", BEYOND_64_BITS


_MALFORMED: tuple[tuple[type[Any], Any], ...] = (
    (serializers.EmailField, "not-an-e-mail"),
    (serializers.URLField, "not a url"),
    (serializers.UUIDField, "not-a-uuid"),
    (serializers.DateTimeField, "2026-13-45T25:61:00"),
    (serializers.DateField, "2026-02-30"),
    (serializers.TimeField, "25:61"),
)


def _formats(field: Field) -> Iterator[tuple[str, Any]]:
    for kind, value in _MALFORMED:
        if isinstance(field, kind):
            yield f"a malformed {kind.__name__.removesuffix('Field').lower()}", value
    if isinstance(field, serializers.ChoiceField):
        yield "a choice it does not offer", "guard-no-such-choice"
    elif isinstance(field, serializers.ManyRelatedField):
        yield "an unknown primary key", [UNKNOWN_PK]
    elif isinstance(field, serializers.RelatedField):
        yield "an unknown primary key", UNKNOWN_PK
    elif is_text(field) and not refuses_nul(field):
        yield "a string with a NUL byte", NUL


def is_text(field: Field) -> bool:
    """A field that takes a string as it is: DRF's CharField family or a project's own field
    (whose ``to_internal_value`` is unknown: a NUL byte there is worth sending)."""
    if isinstance(field, serializers.CharField):
        return True
    return type(field).__module__.split(".")[0] != "rest_framework"


def refuses_nul(field: Field) -> bool:
    """DRF's ``CharField`` carries ``ProhibitNullCharactersValidator``: a NUL byte is a 400
    before any project code runs, so sending one proves nothing about the project."""
    from django.core.validators import ProhibitNullCharactersValidator

    return any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators)


def field_refuses(field: Field, value: Any) -> str | None:
    """The field's own verdict: its error message when it finds ``value`` invalid, else None
    (valid, or a field that cannot say without more context)."""
    try:
        field.run_validation(value)
    except serializers.ValidationError as error:
        return _first_message(error.detail)
    except Exception:
        return None
    return None


def _first_message(detail: Any) -> str:
    while isinstance(detail, list | dict) and detail:
        detail = next(iter(detail.values())) if isinstance(detail, dict) else detail[0]
    return str(detail)


def field_at(serializer: Any, path: Path) -> Field | None:
    """The (nested) field at ``path``."""
    field: Any = serializer
    for name in path:
        field = getattr(field, "child", field)
        fields = getattr(field, "fields", None)
        if fields is None or name not in fields:
            return None
        field = fields[name]
    return field  # type: ignore[no-any-return]
