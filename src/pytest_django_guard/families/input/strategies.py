"""Hypothesis strategies built from a serializer's fields: one writable field (nested ones
included) gets a hostile value, the rest of the body stays valid.

The values are any JSON (so a field meets types it never expects) plus values aimed at what
the field declares: strings past its ``max_length``, numbers past its bounds or 64 bits, text
with control characters, and the fixed list's own values, so shrinking ends on a small one.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from rest_framework import serializers

from ...endpoint import hostile, payloads

Path = hostile.Path

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
)
CONTROL = "".join(map(chr, range(0x20)))  # NUL and the other control characters
# Flat on purpose: drawing nested JSON costs more than the request it would fill, and
# the fixed list already sends the wrong container types and deep nesting.
JSON = (
    JSON_SCALARS
    | st.lists(JSON_SCALARS, max_size=3)
    | st.dictionaries(st.text(max_size=8), JSON_SCALARS, max_size=2)
)


def paths(serializer: Any, prefix: Path = ()) -> list[Path]:
    """The path of every writable field, nested serializers' fields after their own."""
    found: list[Path] = []
    for name, field in payloads.writable_fields_nested(serializer).items():
        found.append((*prefix, name))
        nested = getattr(field, "child", field)
        if isinstance(nested, serializers.Serializer):
            found.extend(paths(nested, (*prefix, name)))
    return found


def hostile_values(field: hostile.Field, partial: bool = False) -> st.SearchStrategy[Any]:
    """Values aimed at ``field``: values its own declaration allows (they reach the project's
    validate_<field>(), save() and database), the fixed list's, values past its limits, and
    any JSON."""
    fixed = [v for _, v in hostile.field_values(field, partial) if v is not hostile.MISSING]
    aimed: list[st.SearchStrategy[Any]] = [allowed(field)]
    if fixed:
        aimed.append(st.sampled_from(fixed))
    max_length = getattr(field, "max_length", None)
    if isinstance(field, serializers.CharField) and max_length:
        aimed.append(st.text(min_size=max_length + 1, max_size=max_length + 8))
    if isinstance(field, serializers.IntegerField | serializers.DecimalField):
        aimed.append(st.integers(min_value=2**63 - 2, max_value=2**80))
    if hostile.is_text(field):
        aimed.append(st.text(alphabet=CONTROL, min_size=1, max_size=8))
    return st.one_of(*aimed, JSON)


def allowed(field: hostile.Field) -> st.SearchStrategy[Any]:
    """Values within what the field declares: text up to its length, numbers within its
    bounds; any JSON scalar for other fields."""
    if isinstance(field, serializers.CharField) and not isinstance(field, _FORMATTED):
        return st.text(max_size=getattr(field, "max_length", None) or 80)
    if isinstance(field, serializers.IntegerField):
        low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
        return st.integers(min_value=low, max_value=high)
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
        return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    return JSON_SCALARS


_FORMATTED = (
    serializers.EmailField,
    serializers.URLField,
    serializers.UUIDField,
    serializers.ChoiceField,
    serializers.RegexField,
    serializers.SlugField,
)


def bodies(serializer: Any, partial: bool = False) -> st.SearchStrategy[dict[Path, Any]]:
    """{field path: hostile value} for a few of the serializer's writable fields at once
    (each field is in or out; shrinking leaves out all but the one that matters)."""
    per_path: dict[Path, st.SearchStrategy[Any]] = {}
    for path in paths(serializer):
        field = hostile.field_at(serializer, path)
        if field is not None:
            per_path[path] = hostile_values(field, partial)
    if not per_path:
        return st.nothing()
    return st.fixed_dictionaries({}, optional=per_path).filter(bool)
