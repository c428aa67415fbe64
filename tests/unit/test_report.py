"""The report's pure parts: option parsing, the coverage percentage, records from reports,
and the Markdown rendering of a JSON report."""

from pathlib import Path

import pytest

from pytest_django_guard.findings import Finding, SentRequest
from pytest_django_guard.report import markdown, matrix
from pytest_django_guard.report.coverage import Coverage
from pytest_django_guard.report.options import _exclusion, _percent, _report
from pytest_django_guard.report.records import CheckRecord, record_of


def test_report_specs_resolve_against_their_base() -> None:
    assert _report("json:out/g.json", Path("/p"), "x") == ("json", Path("/p/out/g.json"))
    with pytest.raises(pytest.UsageError, match="'html' is not FORMAT:PATH"):
        _report("html", Path("/p"), "--guard-report")


def test_percent_and_exclusion_parsing() -> None:
    assert _percent("87.5") == 87.5
    assert _percent("") is None
    for bad in ("101", "-1", "most"):
        with pytest.raises(pytest.UsageError, match="not a percentage"):
            _percent(bad)
    rule = _exclusion("health.views.*: load balancer probe: public")
    assert (rule.pattern, rule.reason) == ("health.views.*", "load balancer probe: public")
    with pytest.raises(pytest.UsageError, match="needs a pattern and a reason"):
        _exclusion("health.views.*:")


def test_coverage_leaves_excluded_endpoints_out() -> None:
    coverage = Coverage(10, 8, 40, 30, excluded=(("a.B", "why"),))
    assert coverage.percent == 88.9
    assert Coverage(1, 0, 0, 0, excluded=(("a.B", "why"),)).percent == 100.0


def report(nodeid: str, when: str, outcome: str, **extra: object) -> pytest.TestReport:
    properties = [("guard_endpoint", "shop.OrderViewSet"), ("guard_check", "permissions")]
    made = pytest.TestReport(nodeid, ("x", 1, "x"), {}, outcome, None, when, properties)  # type: ignore[arg-type]
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def test_the_worst_phase_decides_and_a_finding_brings_its_request() -> None:
    finding = Finding(
        "permissions", "shop.OrderViewSet", "deny", "200 OK", verified=False,
        request=SentRequest("GET", "/api/orders/1/"),
    )  # fmt: skip
    nodeid = "guard::shop.OrderViewSet::permissions[retrieve-other]"
    record = record_of(report(nodeid, "setup", "passed"), None)
    assert record is not None
    assert record.outcome == "passed"
    record = record_of(report(nodeid, "call", "failed", guard_finding=finding.to_dict()), record)
    assert record is not None
    assert (record.outcome, record.request) == ("unverified", finding.to_dict()["request"])
    assert "could not verify" in record.message
    assert record_of(report("tests/test_x.py::test_y", "call", "passed"), None) is None


def test_a_crashed_workers_report_is_read_from_its_node_id() -> None:
    crashed = pytest.TestReport(
        "guard::shop.OrderViewSet::permissions[list-owner]", ("x", 1, "x"), {}, "failed",
        "worker 'gw0' crashed while running", "???", [],
    )  # fmt: skip
    record = record_of(crashed, None)
    assert record is not None
    assert (record.endpoint, record.check, record.outcome) == (
        "shop.OrderViewSet",
        "permissions",
        "error",
    )


def test_markdown_folds_green_endpoints_and_tables_the_rest() -> None:
    check = {
        "nodeid": "guard::a.B::permissions[list-other]", "check": "permissions",
        "action": "list", "actor": "other", "outcome": "failed", "message": "leaked ```x```",
    }  # fmt: skip
    coverage = Coverage(2, 2, 2, 2).to_dict()
    text = markdown.render(
        {
            "coverage": coverage,
            "summary": dict.fromkeys(("passed", "failed", "unverified", "skipped", "error"), 1),
            "endpoints": [
                {"endpoint": "a.B", "checks": [check]},
                {"endpoint": "a.C", "checks": [{**check, "outcome": "passed"}]},
            ],
        }
    )
    assert "**100.0 % of endpoints guarded** (2/2 endpoints, 2/2 actions)" in text
    assert "| permissions | list | other | ❌ fail |" in text
    assert "leaked '''x'''" in text  # a fence inside a message cannot close the block
    assert "<details><summary>✅ 1 endpoints all green</summary>" in text


def test_the_matrix_folds_green_endpoints_and_marks_the_worst_outcome() -> None:
    def rec(nodeid: str, check: str, action: str, actor: str | None, outcome: str) -> CheckRecord:
        return CheckRecord(nodeid, "a.B", check, action, actor, outcome=outcome)

    records = [
        rec("guard::a.B::permissions[list-owner]", "permissions", "list", "owner", "passed"),
        rec("guard::a.B::permissions[list-other]", "permissions", "list", "other", "failed"),
        rec("guard::a.B::pagination[list-capped]", "pagination", "list", None, "passed"),
        rec("guard::a.B::pagination[list-stable]", "pagination", "list", None, "unverified"),
        rec("guard::a.B::permissions[create-owner]", "permissions", "create", "owner", "passed"),
        CheckRecord("guard::a.C::queries[list]", "a.C", "queries", "list", None),
    ]
    lines = matrix.render(records, verbose=False, actions={"a.B": ["list", "create"]})
    assert lines[:4] == [
        "a.B",
        "  action             other owner pagination",
        "  list               F     .     ?",
        "  create             -     .     -",
    ]
    assert lines[4] == "a.C: all 1 tests pass"
    assert lines[-1].startswith("legend: . pass  F fail")
    assert matrix.render(records[-1:], verbose=True)[:2] == ["a.C", "  action             queries"]
