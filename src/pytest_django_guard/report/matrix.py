"""The terminal matrix: per endpoint, rows are actions and columns are actors (the
permission checks) then the other check families; a cell is the worst outcome of the tests
it holds. Symbols carry the meaning (no colour needed); endpoints all green fold to one line
unless the run is verbose."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .records import CheckRecord

SYMBOLS = {"passed": ".", "failed": "F", "unverified": "?", "skipped": "s", "error": "E"}
_WORST = ("error", "failed", "unverified", "skipped", "passed")
LEGEND = "legend: . pass  F fail  ? could not verify  s declared skip  E error  - no test"
_ACTION_WIDTH = 18


def render(
    records: Iterable[CheckRecord],
    *,
    verbose: bool,
    actions: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """``actions``: each endpoint's routed actions in its own order (CRUD, then custom)."""
    by_endpoint: dict[str, list[CheckRecord]] = {}
    for record in sorted(records, key=lambda record: record.nodeid):
        if record.check != "declaration":
            by_endpoint.setdefault(record.endpoint, []).append(record)
    lines: list[str] = []
    for endpoint, held in sorted(by_endpoint.items()):
        if not verbose and all(r.outcome in ("passed", "skipped") for r in held):
            skipped = sum(r.outcome == "skipped" for r in held)
            note = f", {skipped} declared skips" if skipped else ""
            lines.append(f"{endpoint}: all {len(held)} tests pass{note}")
        else:
            lines += _table(endpoint, held, (actions or {}).get(endpoint, ()))
    return [*lines, LEGEND] if lines else []


def _column(record: CheckRecord) -> str:
    return record.actor if record.check == "permissions" and record.actor else record.check


def _table(endpoint: str, held: list[CheckRecord], order: Sequence[str]) -> list[str]:
    actors = sorted({_column(r) for r in held if r.check == "permissions" and r.actor})
    families = sorted({_column(r) for r in held} - set(actors))
    columns = actors + families
    cells: dict[tuple[str, str], list[str]] = {}
    for record in held:
        row = record.action or "(endpoint)"
        cells.setdefault((row, _column(record)), []).append(record.outcome)
    rows = sorted(
        {r.action or "(endpoint)" for r in held},
        key=lambda row: (order.index(row), "") if row in order else (len(order), row),
    )
    widths = [max(len(column), 1) for column in columns]
    header = " ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    lines = [f"{endpoint}", f"  {'action':{_ACTION_WIDTH}} {header}".rstrip()]
    for row in rows:
        marks = " ".join(
            _cell(cells.get((row, column))).ljust(width)
            for column, width in zip(columns, widths, strict=True)
        )
        lines.append(f"  {row[:_ACTION_WIDTH]:{_ACTION_WIDTH}} {marks}".rstrip())
    return lines


def _cell(outcomes: list[str] | None) -> str:
    if not outcomes:
        return "-"
    return SYMBOLS[next(o for o in _WORST if o in outcomes)]
