"""``python -m pytest_django_guard merge``: one report and one lock file from CI shards.

Each shard runs part of the suite with ``--guard-report=json:...`` (and, to record query
counts, ``--guard-update --guard-lock-fragment=...``); a last CI job merges their files:

    python -m pytest_django_guard merge shard-*/guard.json shard-*/lock-fragment.json \\
        --json guard.json --md guard.md --html guard.html --lockfile guard.lock --fail-under 90
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .queries import fragments, lockfile
from .report import html, json_report, markdown
from .report.shards import MergeRefused, merge, same_source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pytest_django_guard merge")
    parser.add_argument("files", nargs="+", type=Path, help="shard reports and lock fragments")
    parser.add_argument("--json", type=Path, help="write the merged JSON report here")
    parser.add_argument("--md", type=Path, help="write the merged Markdown report here")
    parser.add_argument("--html", type=Path, help="write the merged HTML report here")
    parser.add_argument("--lockfile", type=Path, help="the lock file the fragments update")
    parser.add_argument("--fail-under", type=float, help="exit 1 below this guarded percent")
    args = parser.parse_args(argv)
    try:
        return _merge(args)
    except (MergeRefused, lockfile.LockFileError, OSError, ValueError, KeyError) as error:
        print(f"pytest-django-guard merge: {_why(error)}", file=sys.stderr)
        return 2


def _merge(args: argparse.Namespace) -> int:
    documents = [(str(path), json.loads(path.read_text(encoding="utf-8"))) for path in args.files]
    same_source(documents)
    locks = [(name, doc) for name, doc in documents if fragments.is_fragment(doc)]
    reports = [(name, doc) for name, doc in documents if "schema_version" in doc]
    if len(locks) + len(reports) < len(documents):
        odd = next(
            n for n, d in documents if not fragments.is_fragment(d) and "schema_version" not in d
        )
        raise MergeRefused(f"{odd} is neither a guard JSON report nor a lock fragment")
    if locks:
        _merge_locks(args.lockfile, locks)
    if not reports:
        return 0
    report = merge(reports)
    for path, render in ((args.md, markdown.render), (args.html, html.render)):
        if path is not None:
            path.write_text(render(report), encoding="utf-8")
    if args.json is not None:
        json_report.write(args.json, report)
    percent = report["coverage"]["percent"]
    print(
        f"merged {len(reports)} shard reports: {sum(report['summary'].values())} tests "
        f"({report['summary']['failed']} failed), {percent} % of endpoints guarded"
    )
    if args.fail_under is not None and percent < args.fail_under:
        print(f"FAIL guard coverage {percent} % is below --fail-under={args.fail_under:g} %")
        return 1
    return 0


def _merge_locks(path: Path | None, locks: list[tuple[str, Any]]) -> None:
    if path is None:
        raise MergeRefused("lock fragments given without --lockfile (the file they update)")
    merged = fragments.merge(lockfile.load(path), locks)
    fragments.write_lock(path, merged)
    print(
        f"{path}: {len(merged.changed)} entries recorded or changed, "
        f"{len(merged.stale)} stale removed (from {len(locks)} fragments)"
    )
    for reason in merged.kept_because:
        print(f"  stale entries kept: {reason}")


def _why(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"a file lacks the field {error}: is it from this plugin version?"
    return str(error)
