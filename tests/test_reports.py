"""The report files and the coverage gate, read from real runs of the flawed app.

One copy of the flawed app gains an unguarded health-check view; it runs a few flawed views
and their fixed twins with ``--guard-report`` for JSON and Markdown, once serially and once
under ``-n 2``: the JSON validates against the shipped schema and is the same in both runs.
The coverage gate and exclusions run on their own copies.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from conftest import FLAWED_SETTINGS, GuardProject, SessionRun, session_run

SCHEMA = Path(__file__).parents[1] / "src" / "pytest_django_guard" / "report" / "schema.json"
HEALTH = """
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class Health(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"ok": True})
"""
SELECTION = ("-m", "guard", "-k", "AnonymousWrite or ListLeak", "-o", "guard_lockfile=flawed.lock")
REPORTS = (
    "--guard-report=json:out/guard.json",
    "--guard-report=md:out/guard.md",
    "--guard-report=html:out/guard.html",
)
# Debian's chromium, installed by scripts/chromium (scripts/test runs it first).
CHROMIUM = os.environ.get("GUARD_CHROMIUM") or shutil.which("chromium")


def add_health_check(project: Path) -> None:
    (project / "flawed" / "health.py").write_text(HEALTH)
    urls = project / "config" / "urls_flawed.py"
    urls.write_text(
        urls.read_text().replace(
            "urlpatterns = [",
            "from flawed.health import Health\n\n"
            'urlpatterns = [\n    path("health/", Health.as_view()),',
        )
    )


def reported(tmp_path_factory: pytest.TempPathFactory, name: str, *args: str) -> SessionRun:
    return session_run(
        tmp_path_factory,
        name,
        *SELECTION,
        *REPORTS,
        *args,
        settings=FLAWED_SETTINGS,
        prepare=add_health_check,
    )


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    return reported(tmp_path_factory, "reports-serial")


@pytest.fixture(scope="module")
def parallel(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    return reported(tmp_path_factory, "reports-xdist", "-n", "2")


def json_of(run: SessionRun) -> dict:
    return json.loads((run.project / "out" / "guard.json").read_text())


def test_the_json_report_validates_against_the_shipped_schema(serial: SessionRun) -> None:
    report = json_of(serial)
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    assert report["schema_version"] == 1
    assert set(report["versions"]) >= {"pytest_django_guard", "django", "djangorestframework"}


def test_the_json_report_carries_each_check_with_its_finding(serial: SessionRun) -> None:
    checks = {
        check["nodeid"]: check
        for endpoint in json_of(serial)["endpoints"]
        for check in endpoint["checks"]
    }
    failed = checks["guard::flawed.AnonymousWriteFlawed::permissions[create-anonymous]"]
    assert failed["outcome"] == "failed"
    assert (failed["endpoint"], failed["action"], failed["actor"]) == (
        "flawed.AnonymousWriteFlawed",
        "create",
        "anonymous",
    )
    assert failed["expected"] == "deny"
    assert failed["request"]["method"] == "POST"
    assert failed["request"]["url"].startswith("/flawed/anonymous-write-flawed/")
    assert "expected: " in failed["message"]
    assert failed["got"]
    assert failed["hint"]
    fixed = checks["guard::flawed.AnonymousWriteFixed::permissions[create-anonymous]"]
    assert (fixed["outcome"], fixed["message"], fixed["request"]) == ("passed", "", None)
    assert json_of(serial)["summary"]["failed"] == sum(
        check["outcome"] == "failed" for check in checks.values()
    )


def test_coverage_names_the_unguarded_endpoint(serial: SessionRun) -> None:
    coverage = json_of(serial)["coverage"]
    assert coverage["unguarded"] == [{"endpoint": "flawed.health.Health", "root": "/health/"}]
    routed = coverage["endpoints"]["routed"]
    assert coverage["endpoints"]["guarded"] == routed - 1
    assert coverage["percent"] == round(100 * (routed - 1) / routed, 1)
    serial.result.stdout.fnmatch_lines(
        [f"guarded endpoints: {routed - 1}/{routed} (*%), actions: */*", "  unguarded: *Health*"]
    )


def test_the_terminal_matrix_shows_actions_by_actor_and_check(serial: SessionRun) -> None:
    serial.result.stdout.fnmatch_lines(
        [
            "flawed.AnonymousWriteFixed: all * tests pass",
            "flawed.AnonymousWriteFlawed",
            "  action * anonymous other owner staff *",
            "  list *",
            "  create * F *",
            "legend: . pass  F fail  ? could not verify  s declared skip  E error  - no test",
        ]
    )


def test_the_markdown_report_leads_with_the_verdict(serial: SessionRun) -> None:
    text = (serial.project / "out" / "guard.md").read_text()
    lines = text.splitlines()
    assert lines[0] == "## pytest-django-guard"
    assert "% of endpoints guarded**" in lines[2]
    assert "### ❌ `flawed.AnonymousWriteFlawed`:" in text
    assert "| permissions | create | anonymous | ❌ fail |" in text
    assert "endpoints all green</summary>" in text  # the fixed twins, folded
    assert "- `flawed.health.Health` (/health/)" in text


def numbers_masked(text: str) -> str:
    """Factory-made values (``Note 191``) carry a process-wide sequence number that depends
    on which tests ran earlier in the process; everything else must be identical."""
    return re.sub(r"\d+", "N", text)


def seen_in_chromium(page: Path, fragment: str) -> str:
    """The page's DOM after its script ran in headless Chromium, opened at ``#fragment``."""
    if CHROMIUM is None:
        pytest.fail("no Chromium to render the HTML report: run scripts/chromium")
    shown = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
         f"{page.as_uri()}#{fragment}"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return shown.stdout


def visible_rows(dom: str) -> list[str]:
    rows = re.findall(r"<tr data-outcome=[^>]*>.*?</tr>", dom, re.S)
    return [row for row in rows if not re.match(r"<tr[^>]* hidden", row)]


def test_the_html_report_is_self_contained_and_filters_in_a_browser(serial: SessionRun) -> None:
    page = serial.project / "out" / "guard.html"
    text = page.read_text()
    assert not re.search(r"(src|href)=", text), "the report loads nothing from elsewhere"
    failed = json_of(serial)["summary"]["failed"]
    total = sum(json_of(serial)["summary"].values())

    dom = seen_in_chromium(page, "outcome=failed")
    assert f'<span id="shown">{failed} of {total} tests shown</span>' in dom
    rows = visible_rows(dom)
    assert len(rows) == failed
    assert all('data-outcome="failed"' in row for row in rows)
    leak = next(row for row in rows if "ListLeakFlawed" in row and ">other<" in row)
    assert "<details open=" in leak
    assert "the list showed rows the actor must not see" in leak
    assert "leaked: id=" in leak

    dom = seen_in_chromium(page, "q=anonymouswritefixed")
    rows = visible_rows(dom)
    assert rows
    assert all("flawed.AnonymousWriteFixed" in row for row in rows)


def test_reports_are_the_same_under_xdist(serial: SessionRun, parallel: SessionRun) -> None:
    assert "2 workers" in parallel.result.stdout.str()
    assert json_of(parallel)["coverage"] == json_of(serial)["coverage"]
    for name in ("guard.json", "guard.md", "guard.html"):
        texts = [(run.project / "out" / name).read_text() for run in (serial, parallel)]
        assert numbers_masked(texts[0]) == numbers_masked(texts[1])


def test_junit_carries_endpoint_action_actor_and_check(serial: SessionRun) -> None:
    junit = (serial.project.parent / "junit.xml").read_text()
    for name, value in (
        ("guard_endpoint", "flawed.AnonymousWriteFlawed"),
        ("guard_action", "create"),
        ("guard_actor", "anonymous"),
        ("guard_check", "permissions"),
    ):
        assert f'<property name="{name}" value="{value}"' in junit


# -- the coverage gate ------------------------------------------------------------------------


def gated(guard_project: GuardProject, *args: str) -> None:
    add_health_check(guard_project.path)
    return guard_project.run(
        "-m", "guard", "-k", "AnonymousWriteFixed", "-o", "guard_lockfile=flawed.lock", *args,
        settings=FLAWED_SETTINGS,
    )  # fmt: skip


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_the_gate_fails_a_green_run_below_the_threshold(
    guard_project: GuardProject, workers: list[str]
) -> None:
    result = gated(guard_project, "--guard-fail-under=100", *workers)
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        ["FAIL guard coverage *% is below guard_fail_under=100 % (*/* endpoints guarded)"]
    )
    assert "failed" not in result.stdout.lines[-1]  # every test passed; the gate failed


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_an_exclusion_with_its_reason_lifts_the_endpoint_out_of_coverage(
    guard_project: GuardProject, workers: list[str]
) -> None:
    result = gated(
        guard_project, "-o", "guard_fail_under=100", "-o",
        "guard_exclude=flawed.health.*: a load balancer's health check, public by design",
        "-o", "guard_report=json:from-ini/guard.json", *workers,
    )  # fmt: skip
    assert result.ret == 0, result.stdout.str()
    report = json.loads((guard_project.path / "from-ini" / "guard.json").read_text())
    assert report["coverage"]["excluded"] == [
        {"endpoint": "flawed.health.Health",
         "reason": "a load balancer's health check, public by design"}
    ]  # fmt: skip
    result.stdout.fnmatch_lines(
        [
            "guarded endpoints: *(100.0 %)*",
            "  excluded: flawed.health.Health: a load balancer's health check, public by design",
        ]
    )
    assert "unguarded:" not in result.stdout.str()


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_the_step_summary_is_appended_when_github_sets_it(
    guard_project: GuardProject, workers: list[str]
) -> None:
    summary = guard_project.path / "step-summary.md"
    summary.write_text("earlier step\n")
    guard_project.monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert gated(guard_project, "--guard-step-summary", *workers).ret == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n## pytest-django-guard\n")
    assert text.count("## pytest-django-guard") == 1  # written once, by the controller


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--guard-report=xml:out.xml", "--guard-report: 'xml:out.xml' is not FORMAT:PATH*"),
        ("--guard-fail-under=ninety", "guard_fail_under: 'ninety' is not a percentage*"),
        ("-oguard_exclude=flawed.health.*", "guard_exclude: 'flawed.health.*' needs a pattern*"),
    ],
)
def test_a_wrong_report_option_is_one_line(
    guard_project: GuardProject, option: str, message: str
) -> None:
    result = guard_project.run("--collect-only", option, settings=FLAWED_SETTINGS)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {message}"])
    assert "Traceback" not in result.stderr.str()
