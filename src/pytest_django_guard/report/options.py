"""The report options, read once: ``--guard-report`` (repeatable), the coverage gate, the
endpoints excluded from coverage and the GitHub step summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

FORMATS = ("json", "md", "html")


@dataclass(frozen=True)
class Exclusion:
    """Endpoints (dotted path or label, an fnmatch pattern) left out of coverage, and why."""

    pattern: str
    reason: str


@dataclass(frozen=True)
class ReportSettings:
    reports: tuple[tuple[str, Path], ...] = ()  # (format, path)
    fail_under: float | None = None  # percent of guarded endpoints
    exclusions: tuple[Exclusion, ...] = ()
    step_summary: bool = False  # append the Markdown report to $GITHUB_STEP_SUMMARY


def add_report_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("django-guard")
    group.addoption(
        "--guard-report",
        action="append",
        dest="guard_report",
        default=[],
        metavar="FORMAT:PATH",
        help=f"write a report after the run: {', '.join(FORMATS)} (repeatable), e.g. "
        "--guard-report=json:guard.json",
    )
    parser.addini("guard_report", "reports to write, FORMAT:PATH, one a line", type="linelist")
    group.addoption(
        "--guard-fail-under",
        dest="guard_fail_under",
        default=None,
        metavar="PERCENT",
        help="fail the run when guarded endpoints are below PERCENT of the routed ones",
    )
    parser.addini("guard_fail_under", "see --guard-fail-under", default="")
    parser.addini(
        "guard_exclude",
        "endpoints left out of coverage, 'pattern: reason' one a line (dotted path or label, "
        "fnmatch), e.g. rest_framework.authtoken.views.*: third-party login",
        type="linelist",
        default=[],
    )
    group.addoption(
        "--guard-step-summary",
        action="store_true",
        dest="guard_step_summary",
        default=None,
        help="append the Markdown report to $GITHUB_STEP_SUMMARY when it is set",
    )
    parser.addini("guard_step_summary", "see --guard-step-summary", type="bool", default=False)


REPORT_SETTINGS = pytest.StashKey[ReportSettings]()


def report_settings(config: pytest.Config) -> ReportSettings:
    if REPORT_SETTINGS not in config.stash:
        base = config.inipath.parent if config.inipath else config.rootpath
        step = config.getoption("guard_step_summary")
        config.stash[REPORT_SETTINGS] = ReportSettings(
            reports=tuple(
                _report(spec, Path.cwd(), "--guard-report")
                for spec in config.getoption("guard_report")
            )
            + tuple(_report(spec, base, "guard_report") for spec in config.getini("guard_report")),
            fail_under=_percent(
                config.getoption("guard_fail_under") or config.getini("guard_fail_under")
            ),
            exclusions=tuple(_exclusion(line) for line in config.getini("guard_exclude")),
            step_summary=bool(step if step is not None else config.getini("guard_step_summary")),
        )
    return config.stash[REPORT_SETTINGS]


def _report(spec: str, base: Path, where: str) -> tuple[str, Path]:
    """``json:out/guard.json`` -> ("json", <base>/out/guard.json)."""
    kind, colon, path = spec.partition(":")
    if not colon or kind not in FORMATS or not path:
        raise pytest.UsageError(
            f"{where}: {spec!r} is not FORMAT:PATH with FORMAT one of {', '.join(FORMATS)}, "
            "e.g. json:guard-report.json"
        )
    return kind, base / path


def _percent(value: str | None) -> float | None:
    if not value:
        return None
    try:
        percent = float(value)
    except ValueError:
        percent = -1.0
    if not 0 <= percent <= 100:
        raise pytest.UsageError(
            f"guard_fail_under: {value!r} is not a percentage from 0 to 100, e.g. 90"
        )
    return percent


def _exclusion(line: str) -> Exclusion:
    pattern, colon, reason = line.partition(":")
    if not colon or not pattern.strip() or not reason.strip():
        raise pytest.UsageError(
            f"guard_exclude: {line!r} needs a pattern and a reason, e.g. "
            "'rest_framework.authtoken.views.*: third-party login'"
        )
    return Exclusion(pattern.strip(), reason.strip())
