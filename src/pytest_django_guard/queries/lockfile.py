"""The query lock file: sorted, indented JSON, one entry per endpoint action.

JSON because a corrupt file must be detected, never half-read; indented with sorted keys and
one query per line so a review diff shows exactly which query was added.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import atomic

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
    text = read(path)
    return {} if text is None else parse(path, text)


def read(path: Path) -> str | None:
    """The lock file's text, None when it does not exist (LockFileError when unreadable)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as error:
        raise _corrupt(path, error) from None
    except OSError as error:
        raise _unusable(path, error) from None


def parse(path: Path, text: str) -> dict[str, LockEntry]:
    """Entries of lock file text, rejected whole when any part is wrong."""
    try:
        document = json.loads(text, object_pairs_hook=_unique)
        if document.get("version") != VERSION:
            raise ValueError(f"unsupported version {document.get('version')!r}")
        return {key: _entry(value) for key, value in document["entries"].items()}
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise _corrupt(path, error) from None


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key twice (a merge resolved by keeping both sides) would silently keep the last."""
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise ValueError(f"duplicate key {key!r}")
        document[key] = value
    return document


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


def _unusable(path: Path, error: OSError) -> LockFileError:
    """The lock file path cannot hold a file: say which part of it is wrong."""
    if path.is_dir():
        why = "is a directory, not a lock file"
    elif isinstance(error, NotADirectoryError):
        parent = next((p for p in path.parents if p.is_file()), path.parent)
        why = f"cannot be a lock file: {parent} is a file, not a directory"
    else:
        why = f"cannot be read ({error.strerror or error})"
    return LockFileError(f"{path} {why}; set the ini option guard_lockfile to a file path.")


def dumps(entries: dict[str, LockEntry]) -> str:
    document = {
        "comment": HEADER,
        "version": VERSION,
        "entries": {key: entries[key].to_json() for key in sorted(entries)},
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def update(path: Path, change: Callable[[dict[str, LockEntry]], dict[str, LockEntry]]) -> bool:
    """Apply ``change`` to the entries on disk now, under the lock; True if the file changed.

    Another run may have written the file since this one read it: re-reading under the lock
    and applying only this run's changes loses none of its entries. A file that has become
    unreadable or corrupt is never overwritten (LockFileError), and nor is a read-only one.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.refuse_read_only(path)
        with atomic.exclusive(path) as locked:
            atomic.remove_leftovers(path, locked=locked)
            before = read(path)
            text = dumps(change({} if before is None else parse(path, before)))
            if text == before:
                return False
            atomic.replace(path, text)
            return True
    except OSError as error:
        raise LockFileError(f"cannot write {path}: {error.strerror or error}") from None


def write(path: Path, entries: dict[str, LockEntry]) -> bool:
    """Replace the file's entries with ``entries``; True if its content changed."""
    return update(path, lambda _: entries)
