"""Merging CI shards' JSON reports into one: the checks of every shard, with the summary,
coverage and gate computed over the whole. Shards of different commits or plugin versions,
or that discovered different endpoints, are refused: their union would describe no run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import coverage, json_report
from .records import CheckRecord, from_dict, worse


class MergeRefused(Exception):
    """The files cannot be merged; the message names the files and the difference."""


def same_source(documents: Sequence[tuple[str, dict[str, Any]]]) -> str | None:
    """The one commit all files share (MergeRefused when they differ in commit or version)."""
    for what in ("commits", "plugin versions"):
        seen = {name: _source(doc, what) for name, doc in documents}
        if len(set(seen.values())) > 1:
            listed = ", ".join(f"{name} ({value})" for name, value in seen.items())
            raise MergeRefused(f"shards of different {what}: {listed}")
    return documents[0][1].get("commit") if documents else None


def _source(document: dict[str, Any], what: str) -> str | None:
    if what == "commits":
        return document.get("commit")
    return str(document["versions"]["pytest_django_guard"])


def merge(reports: Sequence[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    if not reports:
        raise MergeRefused("no shard report to merge")
    commit = same_source(reports)
    static = {name: coverage.from_dict(doc["coverage"]) for name, doc in reports}
    first_name, first = next(iter(static.items()))
    for name, other in static.items():
        if other != first:
            raise MergeRefused(
                f"{name} and {first_name} discovered different endpoints "
                "(different settings or URLconf?)"
            )
    records: dict[str, CheckRecord] = {}
    routed: dict[str, list[str]] = {}
    for _, document in reports:
        for endpoint in document["endpoints"]:
            routed[endpoint["endpoint"]] = endpoint["actions"]
            for check in endpoint["checks"]:
                record = from_dict(check)
                known = records.get(record.nodeid)
                records[record.nodeid] = record if known is None else worse(known, record)
    merged = json_report.build(
        records.values(), coverage.with_records(first, records.values(), routed), commit, routed
    )
    merged["shards"] = len(reports)
    return merged
