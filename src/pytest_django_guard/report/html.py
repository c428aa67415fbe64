"""The HTML report: one self-contained file (no network) with the coverage verdict and a
filterable table of every generated test, failures expanded. Rows are rendered here, so the
file reads without JavaScript; the script only filters (by text and by outcome, and from the
address's ``#outcome=failed&q=Order`` so a link can share a view)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from .records import OUTCOMES

_LABELS = {"passed": "pass", "failed": "FAIL", "unverified": "could not verify",
           "skipped": "declared skip", "error": "ERROR"}  # fmt: skip
ASSETS = Path(__file__).with_name("assets")


def render(report: dict[str, Any]) -> str:
    coverage, summary = report["coverage"], report["summary"]
    endpoints = coverage["endpoints"]
    counted = endpoints["routed"] - len(coverage["excluded"])
    boxes = "".join(
        f'<label><input type="checkbox" value="{o}" checked> {_LABELS[o]} ({summary[o]})</label>'
        for o in OUTCOMES
    )
    rows = "".join(_row(check) for e in report["endpoints"] for check in e["checks"])
    lists = _list(
        "Unguarded endpoints", [f"{u['endpoint']} ({u['root']})" for u in coverage["unguarded"]]
    )
    lists += _list(
        "Excluded endpoints", [f"{x['endpoint']}: {x['reason']}" for x in coverage["excluded"]]
    )
    versions = ", ".join(f"{name} {value}" for name, value in sorted(report["versions"].items()))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>pytest-django-guard report</title>"
        f"<style>{(ASSETS / 'report.css').read_text()}</style></head><body>"
        "<h1>pytest-django-guard</h1>"
        f'<p id="verdict"><strong>{coverage["percent"]} % of endpoints guarded</strong> '
        f"({endpoints['guarded']}/{counted} endpoints, "
        f"{coverage['actions']['guarded']}/{coverage['actions']['routed']} actions)</p>"
        f"{lists}"
        f'<div class="filters"><input id="q" type="search" placeholder="filter: endpoint, '
        f'action, actor, check" size="40">{boxes}<span id="shown"></span></div>'
        "<table><thead><tr><th>endpoint</th><th>action</th><th>actor</th><th>check</th>"
        f"<th>outcome</th><th>what happened</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p><small>{escape(versions)}</small></p>"
        f"<script>{(ASSETS / 'report.js').read_text()}</script></body></html>\n"
    )


def _row(check: dict[str, Any]) -> str:
    cells = [check["endpoint"], check["action"] or "", check["actor"] or "", check["check"]]
    text = " ".join(cells).lower()
    outcome = check["outcome"]
    message = check["message"]
    if outcome in ("failed", "error", "unverified") and message:
        summary = escape(check.get("got") or message.splitlines()[0])
        shown = f"<details open><summary>{summary}</summary><pre>{escape(message)}</pre></details>"
    else:
        shown = escape(message)
    return (
        f'<tr data-outcome="{outcome}" data-text="{escape(text)}">'
        + "".join(f"<td>{escape(cell)}</td>" for cell in cells)
        + f'<td class="o o-{outcome}">{_LABELS[outcome]}</td><td>{shown}</td></tr>'
    )


def _list(title: str, entries: list[str]) -> str:
    if not entries:
        return ""
    items = "".join(f"<li>{escape(entry)}</li>" for entry in entries)
    return f"<h2>{escape(title)}</h2><ul>{items}</ul>"
