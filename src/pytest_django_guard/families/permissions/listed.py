"""What a list showed, read the same way by the query-parameter probes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ...endpoint.responses import identity
from .run import PermissionRun

ReadIds = Callable[[Any, str], list[str]]  # (response, where) -> the row ids shown, in order


@dataclass(frozen=True)
class Shown:
    """The rows a list shows without query parameters: its ids, in order, and how they read."""

    key: str  # what tells rows apart: id, pk, uuid, slug, url or the lookup field
    lookup_field: str
    ids: list[str]

    def attribute(self) -> str:
        """The model attribute the ids are values of."""
        if self.key in ("id", "pk") or (self.key == "url" and self.lookup_field == "pk"):
            return "pk"
        return self.lookup_field if self.key == "url" else self.key

    def label(self, run: PermissionRun, ident: str) -> str:
        """``id=3 (owner's)`` for a row of the endpoint's data, ``id=3`` for any other."""
        for obj in run.ctx.data.rows:
            if identity(obj, self.key, self.lookup_field) == ident:
                return f"{self.key}={ident} ({run.owner_label(obj)})"
        return f"{self.key}={ident}"


def ordered_ids(rows: list[Any], key: str) -> list[str]:
    """The ids of ``rows`` under ``key``, in the order shown (a URL ends with the lookup)."""
    ids = [str(row[key]) for row in rows if isinstance(row, dict) and key in row]
    return [value.rstrip("/").rsplit("/", 1)[-1] for value in ids] if key == "url" else ids


def with_query(url: str, query: dict[str, str]) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(query)}"
