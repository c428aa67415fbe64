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
from .coverage import Coverage, measure
from .options import report_settings
from .records import CheckRecord, record_of

RENDER = {"md": markdown.render, "html": html.render}


class GuardReports:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.records: dict[str, CheckRecord] = {}
        self.coverage: Coverage | None = None
        self.gate: str | None = None  # the coverage gate's failure line

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
        self.coverage = measure(found, self.records.values(), options.exclusions)
        commit = provenance.commit(self.config.rootpath)
        routed = {endpoint.label: endpoint.actions for endpoint in found.endpoints}
        report = json_report.build(self.records.values(), self.coverage, commit, routed)
        for kind, path in options.reports:
            if kind == "json":
                json_report.write(path, report)
            else:
                _write_text(path, RENDER[kind](report))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if options.step_summary and summary:
            with Path(summary).open("a", encoding="utf-8") as handle:
                handle.write(markdown.render(report))
        if options.fail_under is not None and self.coverage.percent < options.fail_under:
            self.gate = (
                f"FAIL guard coverage {self.coverage.percent} % is below "
                f"guard_fail_under={options.fail_under:g} % "
                f"({terminal.guarded_fraction(self.coverage)} endpoints guarded)"
            )
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.coverage is not None:
            actions = {e.label: e.actions for e in state(self.config).endpoints}
            terminal.write(
                terminalreporter,
                self.coverage,
                self.gate,
                self.records.values(),
                verbose=self.config.get_verbosity() > 0,
                actions=actions,
            )


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
