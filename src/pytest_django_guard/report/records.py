"""One record per generated item, read from its test reports (never from the items: under
pytest-xdist only the reports reach the controller)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from ..findings import REPORT_ATTRIBUTE, Finding

OUTCOMES = ("passed", "failed", "unverified", "skipped", "error")
_RANK = {"passed": 0, "skipped": 1, "unverified": 2, "failed": 3, "error": 4}  # worst wins


@dataclass
class CheckRecord:
    """What one generated item checked and how it ended."""

    nodeid: str
    endpoint: str
    check: str  # the family, or "declaration"
    action: str | None = None
    actor: str | None = None
    expected: str | None = None
    outcome: str = "passed"
    message: str = ""
    request: dict[str, Any] | None = None
    finding: dict[str, Any] | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "nodeid": self.nodeid,
            "endpoint": self.endpoint,
            "check": self.check,
            "action": self.action,
            "actor": self.actor,
            "expected": self.expected,
            "outcome": self.outcome,
            "message": self.message,
            "request": self.request,
        }
        if self.finding is not None:
            data["got"] = self.finding.get("got")
            data["hint"] = self.finding.get("hint")
        return data


def from_dict(data: dict[str, Any]) -> CheckRecord:
    """A record back from a JSON report (a CI shard's), for merging."""
    names = ("nodeid", "endpoint", "check", "action", "actor", "expected", "outcome", "message")
    record = CheckRecord(**{name: data[name] for name in names}, request=data["request"])
    if "got" in data or "hint" in data:
        record.finding = {"got": data.get("got"), "hint": data.get("hint")}
    return record


def worse(record: CheckRecord, other: CheckRecord) -> CheckRecord:
    """Of two records of one test (two shards ran it), the one with the worse outcome."""
    return other if _RANK[other.outcome] > _RANK[record.outcome] else record


def record_of(report: pytest.TestReport, known: CheckRecord | None) -> CheckRecord | None:
    """The record ``report`` (one phase of an item) makes or updates; None if not ours."""
    properties = dict(report.user_properties)
    if "guard_endpoint" not in properties and not report.nodeid.startswith("guard::"):
        return None
    record = known or _new(report.nodeid, properties)
    outcome = _outcome(report)
    if _RANK[outcome] > _RANK[record.outcome]:
        record.outcome = outcome
        record.message = _message(report)
        finding = getattr(report, REPORT_ATTRIBUTE, None)
        if finding is not None:
            record.finding = finding
            record.request = finding.get("request")
    return record


def _new(nodeid: str, properties: dict[str, Any]) -> CheckRecord:
    """Read from the item's properties; a crashed xdist worker's report has none, so its
    endpoint is read from the node id (``guard::<endpoint>::<family>[<case>]``)."""
    parts = nodeid.split("::")
    endpoint = properties.get("guard_endpoint") or (parts[1] if len(parts) > 1 else nodeid)
    check = properties.get("guard_check") or (parts[-1].split("[")[0] if len(parts) > 2 else "")
    return CheckRecord(
        nodeid=nodeid,
        endpoint=str(endpoint),
        check=str(check),
        action=properties.get("guard_action"),
        actor=properties.get("guard_actor"),
        expected=properties.get("guard_expected"),
    )


def _outcome(report: pytest.TestReport) -> str:
    if report.passed:
        return "passed"
    if report.skipped:
        return "skipped"
    finding = getattr(report, REPORT_ATTRIBUTE, None)
    if finding is not None:
        return "failed" if finding.get("verified", True) else "unverified"
    return "failed" if report.when == "call" else "error"


def _message(report: pytest.TestReport) -> str:
    if report.skipped and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    finding = getattr(report, REPORT_ATTRIBUTE, None)
    if finding is not None:
        return Finding.from_dict(finding).render()
    return report.longreprtext.strip().splitlines()[-1] if report.longreprtext else ""
