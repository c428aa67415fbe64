"""The JSON report: every endpoint's checks with expected, outcome, message and the request
sent, the coverage figures and the versions that produced them. Its shape is ``schema.json``
(shipped with the package); ``SCHEMA_VERSION`` changes when a field changes meaning."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..provenance import versions
from .coverage import Coverage
from .records import OUTCOMES, CheckRecord

SCHEMA_VERSION = 1
SCHEMA = Path(__file__).with_name("schema.json")


def build(
    records: Iterable[CheckRecord],
    coverage: Coverage,
    commit: str | None,
    routed: Mapping[str, Sequence[str]],
) -> dict[str, Any]:
    """The report as plain data, in a stable order (the same with and without xdist).
    ``routed``: each endpoint's routed actions, kept so shard reports can be merged."""
    ordered = sorted(records, key=lambda record: record.nodeid)
    endpoints: dict[str, list[dict[str, Any]]] = {}
    for record in ordered:
        endpoints.setdefault(record.endpoint, []).append(record.to_dict())
    counts = Counter(record.outcome for record in ordered)
    return {
        "schema_version": SCHEMA_VERSION,
        "commit": commit,
        "versions": versions(),
        "summary": {outcome: counts.get(outcome, 0) for outcome in OUTCOMES},
        "coverage": coverage.to_dict(),
        "endpoints": [
            {"endpoint": label, "actions": list(routed.get(label, ())), "checks": checks}
            for label, checks in sorted(endpoints.items())
        ],
    }


def write(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, sort_keys=True, default=str) + "\n")
