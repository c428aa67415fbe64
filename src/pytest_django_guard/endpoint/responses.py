"""Reading a response the way a check needs it: a short description, the rows of a list page.

The request layer sends; this layer reads; the families judge.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from rest_framework.pagination import BasePagination

from ..findings import raised_at
from .data import attribute

_ID_KEYS = ("id", "pk", "uuid", "slug")


def describe(response: Any) -> str:
    """``403 Forbidden {"detail": ...}``, cut short, for failure messages."""
    body = response.content.decode(errors="replace").strip().replace("\n", " ")
    if len(body) > 200:
        body = body[:200] + "…"
    return f"{response.status_code} {response.reason_phrase} {body}".rstrip()


def server_error(response: Any) -> str:
    """The exception behind a 500, with the innermost frame of project code."""
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return describe(response)
    _, error, tb = exc_info
    # One line: PostgreSQL adds DETAIL and HINT lines that would break the report's layout.
    first = next(iter(str(error).strip().splitlines()), "")
    return f"{response.status_code}: {type(error).__name__}: {first}{raised_at(tb)}"


def body_of(response: Any) -> Any:
    """The response's JSON body; None when it has none (an HTML error page, an empty 204)."""
    try:
        return response.json()
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True)
class Listing:
    """The rows of a list response, where they were found, or why none could be read."""

    rows: list[Any] | None
    shape: str  # how the body looks, e.g. 'an object with keys "items", "total"'
    source: str = ""  # where the rows were found, e.g. 'the paginator's "items"'


def read_list(response: Any, paginator: Any = None, declared: Any = None) -> Listing:
    """The rows of a list body, read the way the view writes them.

    In order: the declared ``Guard.rows`` (a key path or a callable), a bare array, the
    paginator's own reading (an overridden ``get_results`` or the key its paginated-response
    schema puts the rows under), DRF's ``results``, and last the only array in an envelope.
    """
    try:
        body = response.json()
    except (ValueError, TypeError):
        return Listing(None, "not JSON")
    shape = shape_of(body)
    if declared is not None:
        return Listing(_declared_rows(body, declared), shape, f"Guard.rows = {declared!r}")
    if isinstance(body, list):
        return Listing(body, shape, "the body, an array")
    if not isinstance(body, dict):
        return Listing(None, shape)
    named = type(paginator).__name__
    key = results_key(paginator)
    if key is None and paginator is not None:
        with contextlib.suppress(Exception):
            rows = _as_list(paginator.get_results(body))
            return Listing(rows, shape, f"{named}.get_results()")
    arrays = [name for name, value in body.items() if isinstance(value, list)]
    sources = {key: f'"{key}", where {named} puts its rows', "results": '"results"'}
    if len(arrays) == 1:
        sources.setdefault(arrays[0], f'"{arrays[0]}", the only array in the body')
    for candidate, source in sources.items():
        if candidate is not None and isinstance(body.get(candidate), list):
            return Listing(body[candidate], shape, source)
    return Listing(None, shape)


def unreadable(shape: str) -> tuple[str, str]:
    """(why, what to declare) when the rows of a list body cannot be found."""
    return (
        f"cannot find the rows of the list: the body is {shape}",
        'declare Guard.rows = "<key>" (a key path such as "data.items") or a callable body -> '
        'rows; if the action answers no list, Guard.kinds = {"<action>": "read"}',
    )


def results_key(paginator: Any) -> str | None:
    """The key under which the paginator's schema puts the rows (None: it does not say)."""
    if paginator is None:
        return None
    if type(paginator).get_results is not BasePagination.get_results:
        return None  # the class reads its own pages: ask it, not its schema
    sentinel: dict[str, Any] = {}
    try:
        schema = paginator.get_paginated_response_schema(sentinel)
    except Exception:
        return None
    properties = schema.get("properties") if isinstance(schema, dict) else None
    for name, value in (properties or {}).items():
        if value is sentinel:
            return str(name)
    return None


def next_link(body: Any) -> str | None:
    """The next page's URL of a paginated body: DRF's ``next`` or a ``links.next``; else None."""
    if not isinstance(body, dict):
        return None
    links = body.get("links")
    link = body.get("next", links.get("next") if isinstance(links, dict) else None)
    return link if isinstance(link, str) and link else None


def shape_of(body: Any) -> str:
    """``an object with keys "count", "items"``: how a body looks, for messages."""
    if isinstance(body, dict):
        keys = ", ".join(f'"{key}"' for key in list(body)[:8])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(body, list):
        return f"an array of {len(body)}"
    return f"a {type(body).__name__}"


def _declared_rows(body: Any, declared: Any) -> list[Any] | None:
    if callable(declared):
        with contextlib.suppress(Exception):
            return _as_list(declared(body))
        return None
    for part in str(declared).split("."):
        if not isinstance(body, dict) or part not in body:
            return None
        body = body[part]
    return _as_list(body)


def _as_list(value: Any) -> list[Any] | None:
    return value if isinstance(value, list) else None


def row_ids(rows: list[Any], lookup_field: str = "pk") -> tuple[str, set[str]] | None:
    """The key rows are identified by, and the set of values shown."""
    dict_rows = [row for row in rows if isinstance(row, dict)]
    if not dict_rows:
        return None
    for key in (lookup_field, *_ID_KEYS, "url"):
        if all(key in row for row in dict_rows):
            return key, {row_id(row, key) for row in dict_rows}
    return None


def row_id(row: dict[str, Any], key: str) -> str:
    """The value identifying ``row`` under ``key`` (a URL's last path segment)."""
    if key == "url":
        return str(row[key]).rstrip("/").rsplit("/", 1)[-1]
    return str(row[key])


def identity(obj: Model, key: str, lookup_field: str = "pk") -> str:
    """The value a row for ``obj`` shows under ``key`` (a URL ends with the lookup value)."""
    if key == "url":
        key = lookup_field
    return str(obj.pk) if key in ("id", "pk") else str(attribute(obj, key))


def page_size(view: Any) -> int | None:
    """The page size of the view's paginator, if it has one."""
    paginator = getattr(view, "paginator", None)
    size = getattr(paginator, "page_size", None) or getattr(paginator, "default_limit", None)
    return int(size) if size else None
