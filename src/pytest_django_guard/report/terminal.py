"""The terminal summary: guarded endpoints, the unguarded ones, and declared skips."""

from __future__ import annotations

from typing import Any

import pytest

from ..settings import settings
from ..state import STATE, state


class TerminalSummary:
    """A reporter (registered as a plugin): reads test reports, writes the summary block."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.skips: dict[str, int] = {}  # endpoint label -> declared skips
        self.broken: set[str] = set()  # endpoints whose declaration is wrong

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count declared skips (on the xdist controller too: reports travel, items do not)."""
        properties = dict(report.user_properties)
        endpoint = properties.get("guard_endpoint")
        if endpoint is None or report.when != "setup":
            return
        if report.skipped:
            self.skips[str(endpoint)] = self.skips.get(str(endpoint), 0) + 1
        elif report.failed and properties.get("guard_check") == "declaration":
            self.broken.add(str(endpoint))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if STATE not in self.config.stash:
            if not settings(self.config).enabled:
                return
            state(self.config)  # an xdist controller collects nothing itself
        found = self.config.stash[STATE]
        guarded, total = len(found.guarded) - len(self.broken), len(found.endpoints)
        terminalreporter.write_sep("-", "pytest-django-guard")
        terminalreporter.write_line(f"guarded endpoints: {guarded}/{total}")
        for label in sorted(self.broken):
            terminalreporter.write_line(f"  not guarded, its declaration is wrong: {label}")
        for endpoint in found.unguarded:
            terminalreporter.write_line(f"  unguarded: {endpoint.label} ({endpoint.root})")
        for path in found.unrouted_declarations:
            terminalreporter.write_line(
                f"  declared in pytest_guard_declare but not routed: {path}"
            )
        for label, count in sorted(self.skips.items()):
            terminalreporter.write_line(f"  declared skips: {label}: {count} generated tests")
