"""The query lock's part of the terminal summary: what was recorded, written, or could not be.

When the file cannot be written, the entries are printed in the lock file's own format, so a
long run's measurements are not lost: they can be pasted in once the file is writable.
"""

from __future__ import annotations

import json

from ...queries.lock import QueryLock


def summary_lines(lock: QueryLock, *, written: bool, unwritten: str | None) -> list[str]:
    lines = [
        f"can be tightened: {key} ({old} -> {new} queries; run --guard-update)"
        for key, (old, new) in sorted(lock.tightenable.items())
    ]
    if lock.stale_keys and not lock.update:
        lines += [
            f"stale lock entry (endpoint gone; --guard-update removes it): {key}"
            for key in lock.stale_keys
        ]
    if unwritten is not None:
        return [*lines, f"ERROR: {unwritten}", *_not_written(lock)]
    if written and lock.record and not lock.update:
        lines += _recorded(lock)
    if written:
        lines.append(f"wrote {lock.path}")
    return lines


def _entries(count: int, kind: str = "") -> str:
    return f"{count} {kind}{'entry' if count == 1 else 'entries'}"


def _recorded(lock: QueryLock) -> list[str]:
    recorded = sorted(lock.pending().items())
    return [
        f"recorded {_entries(len(recorded), 'new lock ')} (review and commit "
        f"{lock.path.name}; in CI a missing entry fails):",
        *(f"  {key} ({entry.count} queries)" for key, entry in recorded),
    ]


def _not_written(lock: QueryLock) -> list[str]:
    pending = {key: entry.to_json() for key, entry in lock.pending().items()}
    lines = [
        f"the {_entries(len(pending))} this run would have written (make the file writable "
        "and run again, or paste them in):",
        *json.dumps(pending, indent=2, sort_keys=True).splitlines(),
    ]
    if lock.update and lock.stale_keys:
        lines += [f"not removed (stale): {key}" for key in lock.stale_keys]
    return lines
