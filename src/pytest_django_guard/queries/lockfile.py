"""The query lock file: sorted, indented JSON, one entry per endpoint action.

JSON because a corrupt file must be detected, never half-read; indented with sorted keys and
one query per line so a review diff shows exactly which query was added.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = 1
HEADER = "pytest-django-guard query lock; update with: pytest --guard-update"


class LockFileError(Exception):
    """The lock file cannot be trusted; the message says how to repair it."""


@dataclass(frozen=True)
class LockEntry:
    """How many queries one endpoint action makes, and which (normalised SQL)."""

    count: int
    sql: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"queries": self.count, "sql": list(self.sql)}


def load(path: Path) -> dict[str, LockEntry]:
    """Entries of the lock file at ``path``; an absent file has none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as error:
        raise _corrupt(path, error) from None
    try:
        document = json.loads(text)
        if document.get("version") != VERSION:
            raise ValueError(f"unsupported version {document.get('version')!r}")
        return {key: _entry(value) for key, value in document["entries"].items()}
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise _corrupt(path, error) from None


def _entry(value: Any) -> LockEntry:
    sql, count = value["sql"], value["queries"]
    if not isinstance(sql, list):
        raise ValueError(f"'sql' must be a list of queries, not {type(sql).__name__}")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(f"'queries' must be a count of queries, not {count!r}")
    return LockEntry(count=count, sql=tuple(str(query) for query in sql))


def _corrupt(path: Path, error: Exception) -> LockFileError:
    return LockFileError(
        f"{path} is not a valid pytest-django-guard lock file ({error}). Restore it from "
        "version control, or delete it and run pytest --guard-update to record it again."
    )


def dumps(entries: dict[str, LockEntry]) -> str:
    document = {
        "comment": HEADER,
        "version": VERSION,
        "entries": {key: entries[key].to_json() for key in sorted(entries)},
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def write(path: Path, entries: dict[str, LockEntry]) -> bool:
    """Write atomically (temp file + rename) when the content changes; True if written."""
    text = dumps(entries)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
