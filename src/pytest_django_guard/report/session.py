"""The reporter (a plugin): gathers every generated item's record from its test reports,
then, on the xdist controller or a plain run only, measures coverage, writes the requested
report files and applies the coverage gate; the terminal block is printed last."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from .. import provenance
from ..settings import settings
from ..state import state
from . import html, json_report, markdown, terminal
from .coverage import Coverage, discovered, with_records
from .options import report_settings
from .records import CheckRecord, record_of

RENDER = {"md": markdown.render, "html": html.render}


class GuardReports:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.records: dict[str, CheckRecord] = {}
        self.coverage: Coverage | None = None
        self.gate: str | None = None  # the coverage gate's failure line
        self.routed: dict[str, list[str]] = {}  # each endpoint's routed actions

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = record_of(report, self.records.get(report.nodeid))
        if record is not None:
            self.records[report.nodeid] = record

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(self.config, "workerinput") or not settings(self.config).enabled:
            return  # an xdist worker: its reports reach the controller, which writes
        options = report_settings(self.config)
        found = state(self.config)
        self.routed = routed = {e.label: e.actions for e in found.endpoints}
        static = discovered(found, options.exclusions)
        self.coverage = with_records(static, self.records.values(), routed)
        summary = os.environ.get("GITHUB_STEP_SUMMARY") if options.step_summary else None
        if options.reports or summary:  # the commit is a git call: only when a file is written
            commit = provenance.commit(self.config.rootpath)
            report = json_report.build(self.records.values(), self.coverage, commit, routed)
            self._write(report, options.reports, summary)
        if options.fail_under is not None and self.coverage.percent < options.fail_under:
            self.gate = (
                f"FAIL guard coverage {self.coverage.percent} % is below "
                f"guard_fail_under={options.fail_under:g} % "
                f"({terminal.guarded_fraction(self.coverage)} endpoints guarded)"
            )
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    @staticmethod
    def _write(report: dict[str, Any], reports: Any, summary: str | None) -> None:
        for kind, path in reports:
            if kind == "json":
                json_report.write(path, report)
            else:
                _write_text(path, RENDER[kind](report))
        if summary:
            with Path(summary).open("a", encoding="utf-8") as handle:
                handle.write(markdown.render(report))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.coverage is not None:
            terminal.write(
                terminalreporter,
                self.coverage,
                self.gate,
                self.records.values(),
                verbose=self.config.get_verbosity() > 0,
                actions=self.routed,
            )


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
