"""Reading a response the way a check needs it: a short description, the rows of a list page.

The request layer sends; this layer reads; the families judge.
"""

from __future__ import annotations

import traceback
from typing import Any

from django.db.models import Model

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
    frames = [f for f in traceback.extract_tb(tb) if "site-packages" not in f.filename]
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{response.status_code}: {type(error).__name__}: {error}{where}"


def list_rows(response: Any) -> list[Any] | None:
    """The rows of a list response, paginated or not; None when the body is no list."""
    try:
        body = response.json()
    except ValueError:
        return None
    return rows_of(body)


def rows_of(body: Any) -> list[Any] | None:
    """The rows of a decoded list body: a bare array, or DRF's ``{"results": [...]}`` page."""
    if isinstance(body, dict):
        body = body.get("results")
    return body if isinstance(body, list) else None


def row_ids(rows: list[Any], lookup_field: str = "pk") -> tuple[str, set[str]] | None:
    """The key rows are identified by, and the set of values shown."""
    dict_rows = [row for row in rows if isinstance(row, dict)]
    if not dict_rows:
        return None
    for key in (lookup_field, *_ID_KEYS, "url"):
        if all(key in row for row in dict_rows):
            if key == "url":
                return key, {str(row[key]).rstrip("/").rsplit("/", 1)[-1] for row in dict_rows}
            return key, {str(row[key]) for row in dict_rows}
    return None


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
