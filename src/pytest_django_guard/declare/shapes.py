"""How the endpoint's URLs, requests and responses look: parents, URL kwargs, envelopes, rows.

Real APIs nest routes, version URLs, scope by header and wrap bodies; these fields say so
once, and every family's requests and response reading follow them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .fields import FieldCheck
from .policy import Kind


def parents(check: FieldCheck, raw: Mapping[str, Any], model: Any = None) -> dict[str, str]:
    """``{url_kwarg: attribute path}`` for kwargs taken from the object (nested routes)."""
    declared = _url_kwarg_dict(check, raw, "parents", "{url_kwarg: attribute_path}")
    for kwarg, attribute in declared.items():
        if not isinstance(attribute, str) or not attribute:
            raise check.fail("parents", f"{kwarg!r}: {attribute!r} must be an attribute path")
        current = model
        for part in attribute.split("__"):
            if current is None:  # past the models: a plain attribute, read at run time
                break
            if not hasattr(current, part):
                names = ", ".join(sorted(f.name for f in current._meta.get_fields()))
                raise check.fail(
                    "parents",
                    f"{kwarg!r}: {attribute!r}: {part!r} is not an attribute of "
                    f"{current._meta.label} (fields: {names})",
                )
            current = _related_model(current, part)
    return declared


def _related_model(model: Any, name: str) -> Any:
    """The model a relation attribute leads to; None for any other attribute."""
    try:
        return model._meta.get_field(name).related_model
    except Exception:  # FieldDoesNotExist, or a property / attname
        return None


def url_kwargs(check: FieldCheck, raw: Mapping[str, Any]) -> dict[str, Any]:
    """``{url_kwarg: value}`` for kwargs fixed for every request, e.g. ``{"version": "v1"}``."""
    return _url_kwarg_dict(check, raw, "url_kwargs", "{url_kwarg: value}")


def _url_kwarg_dict(
    check: FieldCheck, raw: Mapping[str, Any], name: str, shape: str
) -> dict[str, Any]:
    declared = raw.get(name) or {}
    if not isinstance(declared, Mapping):
        raise check.fail(name, f"must be a dict: {shape}")
    known = _all_placeholders(check)
    for kwarg in declared:
        if kwarg not in known:
            raise check.fail(name, f"{kwarg!r} is not a URL kwarg of this endpoint")
    return dict(declared)


def skip(check: FieldCheck, raw: Mapping[str, Any]) -> dict[str, str]:
    declared = raw.get("skip") or {}
    if not isinstance(declared, Mapping):
        raise check.fail("skip", "must be a dict: {action: reason}")
    for action, reason in declared.items():
        check.routes_of(action, "skip")
        if not isinstance(reason, str) or not reason.strip():
            raise check.fail("skip", f"{action!r} needs a reason")
    return dict(declared)


def rows(check: FieldCheck, raw: Mapping[str, Any]) -> str | Callable[[Any], Any] | None:
    """Where list bodies keep their rows: a key path ("data.items") or ``body -> rows``."""
    declared = raw.get("rows")
    if declared is None or callable(declared) or (isinstance(declared, str) and declared):
        return declared
    raise check.fail("rows", f"{declared!r} must be a key path such as 'items' or a callable")


def envelope(check: FieldCheck, raw: Mapping[str, Any]) -> str | None:
    """The key every write body is wrapped in: ``{"article": {...}}``."""
    declared = raw.get("envelope")
    if declared is None or (isinstance(declared, str) and declared):
        return declared
    raise check.fail("envelope", f"{declared!r} must be the key bodies are wrapped in")


def headers(
    check: FieldCheck, raw: Mapping[str, Any]
) -> Mapping[str, str] | Callable[[Any], Mapping[str, str]] | None:
    """Headers sent with every request: a dict, or ``user -> dict`` (None: anonymous)."""
    declared = raw.get("headers")
    if declared is None or callable(declared):
        return declared
    if isinstance(declared, Mapping) and all(isinstance(v, str) for v in declared.values()):
        return dict(declared)
    raise check.fail("headers", "must be a dict of header values or a callable user -> dict")


def soft_delete(check: FieldCheck, raw: Mapping[str, Any], model: Any) -> Any:
    """How a destroy marks a row it keeps: a field name, ``{field: value}``, or ``row -> bool``."""
    declared = raw.get("soft_delete")
    if declared is None or callable(declared):
        return declared
    if not (isinstance(declared, str | Mapping) and declared):
        raise check.fail(
            "soft_delete", f"{declared!r} must be a field name, {{field: value}} or a callable"
        )
    fields = {field.name for field in model._meta.get_fields()} if model is not None else set()
    for name in [declared] if isinstance(declared, str) else list(declared):
        if name not in fields:
            raise check.fail(
                "soft_delete",
                f"{name!r} is not a field of the served model ({', '.join(sorted(fields))})",
            )
    return declared


def kinds(check: FieldCheck, raw: Mapping[str, Any]) -> dict[str, Kind]:
    """``{action: kind}`` where the classification from the view is wrong."""
    declared = raw.get("kinds") or {}
    if not isinstance(declared, Mapping):
        raise check.fail("kinds", "must be a dict: {action: kind}")
    words = ", ".join(repr(kind.value) for kind in Kind)
    for action, kind in declared.items():
        check.routes_of(action, "kinds")
        if kind not in {k.value for k in Kind}:
            raise check.fail("kinds", f"{action!r}: {kind!r} is not a kind ({words})")
    return {action: Kind(kind) for action, kind in declared.items()}


def check_url_kwargs(
    check: FieldCheck, parent_kwargs: Mapping[str, str], fixed: Mapping[str, Any]
) -> None:
    """Every URL placeholder but the lookup must come from ``parents`` or ``url_kwargs``."""
    lookup = check.endpoint.lookup_url_kwarg
    for route in check.endpoint.routes:
        for kwarg in placeholders(route.path):
            is_lookup = kwarg == lookup and route.detail  # a list's {slug} is its parent's
            if not is_lookup and kwarg not in parent_kwargs and kwarg not in fixed:
                raise check.fail(
                    "parents",
                    f"URL {route.path} needs {{{kwarg}}}: declare "
                    f"parents = {{{kwarg!r}: '<attribute of the object>'}} "
                    f"(or url_kwargs = {{{kwarg!r}: <value>}})",
                )


def placeholders(path: str) -> list[str]:
    return re.findall(r"{(\w+)}", path)


def _all_placeholders(check: FieldCheck) -> set[str]:
    return {kwarg for route in check.endpoint.routes for kwarg in placeholders(route.path)}
