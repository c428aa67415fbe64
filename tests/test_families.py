"""A project adds its own generated check family from conftest.py, as docs/architecture.md shows.

The example family ("every list endpoint answers within N queries", a Guard field of its
own) is registered through ``pytest_guard_families``; the run shows its items, its marker,
its findings (on the reports, through xdist too, and in JUnit) and its summary line.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest

LIST_BUDGET = '''
import json
import os
from functools import partial

import pytest

from pytest_django_guard.declare.outcomes import measuring_actor
from pytest_django_guard.families import Case


def parse_budget(value, check):
    """Guard.list_budget: the most queries a list may make (10 when not declared)."""
    return 10 if value is None else check.positive_int(value)


class ListBudget:
    name = "list_budget"
    marker = "guard_list_budget"
    description = "every list endpoint answers within its query budget"
    fields = {"list_budget": parse_budget}

    def __init__(self):
        self.measured = 0

    def cases(self, endpoint, declaration):
        for route in endpoint.routes:
            if route.action == "list":
                yield Case(id="list", run=partial(self.check, route), action="list",
                           actor=measuring_actor(declaration, route))

    def check(self, route, ctx):
        request = ctx.measuring_request(route)
        _, queries = ctx.measure_answered(request)
        budget = ctx.declaration.family_fields["list_budget"]
        if queries.count > budget:
            raise ctx.failure(
                request,
                expected=f"at most {budget} queries (Guard.list_budget)",
                got=f"{queries.count} queries",
                details=queries.sql,
                hint="select_related() / prefetch_related(), or raise Guard.list_budget",
            )

    # Session hooks of the family: reports reach the xdist controller, items do not.
    def pytest_runtest_logreport(self, report):
        if report.when == "call" and ("guard_check", self.name) in report.user_properties:
            self.measured += 1

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_line(f"list budget: {self.measured} lists measured")


@pytest.hookimpl
def pytest_guard_families(config):
    return [ListBudget()]


@pytest.hookimpl
def pytest_runtest_logreport(report):
    """A tiny reporter: every finding that reached the reports (the controller's, under xdist)."""
    finding = getattr(report, "guard_finding", None)
    if finding is not None and "PYTEST_XDIST_WORKER" not in os.environ:
        with open(os.environ["FINDINGS_FILE"], "a") as stream:
            stream.write(json.dumps(finding) + "\\n")
'''


@pytest.fixture
def budget_project(guard_project, tmp_path, monkeypatch):
    guard_project.add_plugin("list_budget", LIST_BUDGET)
    # One endpoint gets a budget it cannot meet: 1 query, while its list makes 2.
    guard_project.replace(
        "shop/views.py",
        '        policy = "private"\n',
        '        policy = "private"\n        list_budget = 1\n',
    )
    findings = tmp_path / "findings.jsonl"
    monkeypatch.setenv("FINDINGS_FILE", str(findings))
    guard_project.findings = findings
    return guard_project


def findings_of(project) -> list[dict]:
    return [json.loads(line) for line in project.findings.read_text().splitlines()]


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_family_from_conftest_generates_items_with_findings(budget_project, xdist) -> None:
    junit = budget_project.path / "junit.xml"
    result = budget_project.run("-m", "guard_list_budget", "-rf", f"--junitxml={junit}", *xdist)

    result.stdout.fnmatch_lines(
        [
            "guarded endpoints: *",
            "list budget: * lists measured",
            "*FAILED guard::shop.OrderViewSet::list_budget?list? - *",
        ]
    )
    outcomes = result.parseoutcomes()
    measured = int(re.search(r"list budget: (\d+) lists", result.stdout.str()).group(1))
    assert outcomes["failed"] == 1  # the other lists make at most 10 queries
    assert outcomes["passed"] == measured - 1 >= 8  # one item per list endpoint, all counted
    result.stdout.fnmatch_lines(
        [
            "shop.OrderViewSet: list as owner (GET /api/orders/)",
            "  expected: at most 1 queries (Guard.list_budget)",
            "  got:      2 queries",
            "  SELECT *",
            "  hint:     select_related() / prefetch_related(), or raise Guard.list_budget",
        ]
    )
    [finding] = findings_of(budget_project)
    assert finding["family"] == "list_budget"
    assert (finding["endpoint"], finding["action"], finding["actor"]) == (
        "shop.OrderViewSet",
        "list",
        "owner",
    )
    assert finding["request"] == {
        "method": "GET",
        "url": "/api/orders/",
        "body": None,
        "headers": {},
    }
    case = next(
        c
        for c in ET.parse(junit).getroot().iter("testcase")
        if c.get("name") == "list_budget[list]" and c.get("classname") == "guard.shop.OrderViewSet"
    )
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties == {
        "guard_endpoint": "shop.OrderViewSet",
        "guard_action": "list",
        "guard_actor": "owner",
        "guard_check": "list_budget",
    }


def test_the_family_marker_is_registered(budget_project) -> None:
    result = budget_project.run("--markers")

    result.stdout.fnmatch_lines(
        ["@pytest.mark.guard_list_budget: every list endpoint answers within its query budget"]
    )


def test_a_family_field_is_validated_by_its_family(budget_project) -> None:
    budget_project.replace(
        "shop/views.py", "        list_budget = 1\n", "        list_budget = 0\n"
    )

    result = budget_project.run("-m", "guard", "-k", "OrderViewSet and declaration")

    result.stdout.fnmatch_lines(
        ["*shop.OrderViewSet: Guard.list_budget: 0 must be a positive whole number*"]
    )


def test_an_unknown_field_suggests_the_family_field(budget_project) -> None:
    budget_project.replace(
        "shop/views.py", "        list_budget = 1\n", "        list_bugdet = 1\n"
    )

    result = budget_project.run("-m", "guard", "-k", "OrderViewSet and declaration")

    result.stdout.fnmatch_lines(
        ["*shop.OrderViewSet: Guard.list_bugdet: unknown field (did you mean 'list_budget'?)*"]
    )
