"""Lock fragments: what one CI shard measured, merged into one lock file afterwards.

A shard runs part of the suite (a CI matrix, pytest-split) and cannot prune stale entries or
know the whole file; it writes its measurements, the generated keys it knows and the ones
it ran. The merge applies every measurement as ``--guard-update`` would, and prunes stale
entries only when the shards together ran every generated query test of a whole collection
and no worker was lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import lockfile
from .lock import GENERATED_KEY_SEPARATOR, QueryLock
from .lockfile import LockEntry

KIND = "pytest-django-guard lock fragment"
VERSION = 1


def write(path: Path, lock: QueryLock, commit: str | None) -> None:
    from ..provenance import versions

    document = {
        "kind": KIND,
        "version": VERSION,
        "commit": commit,
        "versions": versions(),
        "measured": {key: entry.to_json() for key, entry in sorted(lock.measured.items())},
        "known_keys": sorted(lock.known_keys),
        "selected_keys": sorted(lock.known_keys - lock.deselected),
        "whole_collection": lock.whole_collection,
        "lost_worker": lock.lost_worker,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def is_fragment(document: dict[str, Any]) -> bool:
    return document.get("kind") == KIND


@dataclass(frozen=True)
class MergedLock:
    entries: dict[str, LockEntry]
    changed: list[str]  # keys measured differently from the lock file, or new
    stale: list[str]  # removed
    kept_because: list[str]  # why stale entries could not be pruned


def merge(recorded: dict[str, LockEntry], documents: Iterable[tuple[str, Any]]) -> MergedLock:
    """``recorded`` (the lock file) updated with every shard's measurements."""
    measured: dict[str, LockEntry] = {}
    known: set[str] = set()
    selected: set[str] = set()
    reasons: list[str] = []
    for name, document in documents:
        for key, value in document["measured"].items():
            measured[key] = LockEntry(count=value["queries"], sql=tuple(value["sql"]))
        known.update(document["known_keys"])
        selected.update(document["selected_keys"])
        if document["lost_worker"]:
            reasons.append(f"{name}: an xdist worker was lost, its measurements are missing")
        if not document["whole_collection"]:
            reasons.append(f"{name}: ran on explicit paths, not a whole collection")
    unrun = sorted(known - selected)
    if unrun:
        reasons.append(f"{len(unrun)} generated query tests ran in no shard, e.g. {unrun[0]}")
    stale = [] if reasons else sorted(k for k in recorded if _generated(k) and k not in known)
    entries = {k: v for k, v in recorded.items() if k not in stale}
    changed = sorted(k for k, v in measured.items() if recorded.get(k) != v)
    entries.update(measured)
    return MergedLock(entries, changed, stale, reasons)


def write_lock(path: Path, merged: MergedLock) -> bool:
    return lockfile.write(path, merged.entries)


def _generated(key: str) -> bool:
    return GENERATED_KEY_SEPARATOR in key
