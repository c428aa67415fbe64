"""The terminal block: guarded endpoints and actions, the unguarded ones, the excluded ones
with their reasons, declared skips, and the coverage gate's verdict as its last line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from . import matrix
from .coverage import Coverage
from .records import CheckRecord


def guarded_fraction(coverage: Coverage) -> str:
    return f"{coverage.guarded_endpoints}/{coverage.routed_endpoints - len(coverage.excluded)}"


def write(
    out: Any,
    coverage: Coverage,
    gate: str | None,
    records: Iterable[CheckRecord],
    *,
    verbose: bool,
    actions: dict[str, list[str]],
) -> None:
    out.write_sep("-", "pytest-django-guard")
    for line in matrix.render(records, verbose=verbose, actions=actions):
        out.write_line(line)
    line = f"guarded endpoints: {guarded_fraction(coverage)} ({coverage.percent} %)"
    if coverage.guarded_actions:  # nothing ran (--collect-only): no action is guarded yet
        line += f", actions: {coverage.guarded_actions}/{coverage.routed_actions}"
    out.write_line(line)
    for label in coverage.broken:
        out.write_line(f"  not guarded, its declaration is wrong: {label}")
    for label, root in coverage.unguarded:
        out.write_line(f"  unguarded: {label} ({root})")
    for label, reason in coverage.excluded:
        out.write_line(f"  excluded: {label}: {reason}")
    for path in coverage.unrouted:
        out.write_line(f"  declared in pytest_guard_declare but not routed: {path}")
    for label, count in sorted(Counter(label for label, _, _ in coverage.skips).items()):
        out.write_line(f"  declared skips: {label}: {count} generated tests")
    if gate is not None:
        out.write_line(gate, red=True, bold=True)
