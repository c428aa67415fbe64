"""The session's view of the lock file: compare measured counts, collect updates, flush once.

Like syrupy: writes are held in memory and flushed at session end; stale entries are pruned
only in update mode and only when the whole suite was selected. Under xdist each worker
sends its measurements to the controller, which alone writes the file.

Like django-perf-rec's default mode, a developer's run records a missing entry instead of
failing on it (``record``); in CI (``strict``) a missing entry fails. A changed entry fails in
both until ``--guard-update``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ..settings import settings
from . import lockfile
from .lockfile import LockEntry

QUERY_LOCK = pytest.StashKey["QueryLock"]()
# Generated entries are "<endpoint>::<action>"; assert_query_lock keys may not contain "::",
# so entries written by hand-written tests are never mistaken for stale endpoint actions.
GENERATED_KEY_SEPARATOR = "::"


@dataclass
class QueryLock:
    path: Path
    update: bool
    recorded: dict[str, LockEntry]
    record: bool = False  # record missing entries instead of failing (a developer's run)
    measured: dict[str, LockEntry] = field(default_factory=dict)
    tightenable: dict[str, tuple[int, int]] = field(default_factory=dict)
    known_keys: set[str] = field(default_factory=set)  # every key generated this session
    partial: bool = False  # some generated query tests were not selected or not collected
    whole_collection: bool = True  # every test file was collected (no explicit paths)
    deselected: set[str] = field(default_factory=set)  # generated keys a -k/-m/split left out
    lost_worker: bool = False  # an xdist worker crashed: its measurements never arrived

    def compare(self, key: str, entry: LockEntry, ceiling: int | None) -> str | None:
        """Record ``entry``; return why it fails against the lock (None when it passes)."""
        self.measured[key] = entry
        if ceiling is not None and entry.count > ceiling:
            return (
                f"{entry.count} queries, over the declared ceiling Guard.queries = {ceiling}\n"
                + "\n".join(f"    {sql}" for sql in entry.sql)
            )
        recorded = self.recorded.get(key)
        if self.update or (recorded is None and (ceiling is not None or self.record)):
            return None
        if recorded is None:
            return (
                f"no lock entry for {key}; this run would record {entry.count} queries "
                f"(run pytest --guard-update and commit {self.path.name})\n"
                + "\n".join(f"    {sql}" for sql in entry.sql)
            )
        if entry.count > recorded.count:
            diff = difflib.unified_diff(
                list(recorded.sql), list(entry.sql), self.path.name, "this run", lineterm="", n=1
            )
            return (
                f"{entry.count} queries, {entry.count - recorded.count} more than the "
                f"{recorded.count} locked in {self.path.name}:\n"
                + "\n".join(f"    {line}" for line in diff)
            )
        if entry.count < recorded.count:
            self.tightenable[key] = (recorded.count, entry.count)
        return None

    @property
    def stale_keys(self) -> list[str]:
        """Entries whose endpoint action no longer exists (known only from a full run)."""
        if self.partial:
            return []
        generated = {key for key in self.recorded if GENERATED_KEY_SEPARATOR in key}
        return sorted(generated - self.known_keys)

    def pending(self) -> dict[str, LockEntry]:
        """What this run writes: measured entries that differ (update) or are missing (record)."""
        if self.update:
            return {k: v for k, v in self.measured.items() if self.recorded.get(k) != v}
        if self.record:
            return {k: v for k, v in self.measured.items() if k not in self.recorded}
        return {}

    def merged(self, on_disk: dict[str, LockEntry] | None = None) -> dict[str, LockEntry]:
        """This run's changes applied to ``on_disk`` (the file as another run may have left it).

        Only what this run changed is applied, so entries another run wrote meanwhile stay;
        record mode never replaces an entry, even one recorded meanwhile.
        """
        base = self.recorded if on_disk is None else on_disk
        stale = self.stale_keys if self.update else []
        entries = {k: v for k, v in base.items() if k not in stale}
        for key, entry in self.pending().items():
            if self.update or key not in entries:
                entries[key] = entry
        return entries

    def flush(self) -> bool:
        """Write this run's changes (update or record mode); True when the file changed."""
        if not (self.pending() or (self.update and self.stale_keys)):
            return False
        return lockfile.update(self.path, self.merged)

    # -- xdist: plain dicts travel from workers to the controller ------------------------

    def to_workeroutput(self) -> dict[str, Any]:
        return {
            "measured": {k: v.to_json() for k, v in self.measured.items()},
            "tightenable": self.tightenable,
            "known_keys": sorted(self.known_keys),
            "deselected": sorted(self.deselected),
            "partial": self.partial,
        }

    def merge(self, output: dict[str, Any] | None) -> None:
        """Take a worker's results; a worker that crashed (no output) makes the run partial."""
        if output is None:
            self.partial = self.lost_worker = True
            return
        for key, value in output["measured"].items():
            self.measured[key] = LockEntry(count=value["queries"], sql=tuple(value["sql"]))
        self.tightenable.update({k: tuple(v) for k, v in output["tightenable"].items()})
        self.known_keys.update(output["known_keys"])
        self.deselected.update(output.get("deselected", ()))
        self.partial = self.partial or output["partial"]


def query_lock(config: pytest.Config, *, whole_suite: bool = False) -> QueryLock:
    """The session's QueryLock, loading the file on first use (LockFileError if corrupt).

    ``whole_suite`` says whether the creator knows every key the suite can produce; only
    then may stale entries be pruned.
    """
    if QUERY_LOCK not in config.stash:
        options = settings(config)
        config.stash[QUERY_LOCK] = QueryLock(
            path=options.lockfile,
            update=options.update,
            recorded=lockfile.load(options.lockfile),
            record=options.lock_mode == "record",
            partial=not whole_suite,
            whole_collection=whole_suite,
        )
    return config.stash[QUERY_LOCK]
