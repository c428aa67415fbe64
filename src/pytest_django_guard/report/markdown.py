"""The Markdown report, for CI summaries and pull-request comments: the verdict and coverage
first, then a table per endpoint that is not all green, then what is not guarded and why."""

from __future__ import annotations

from typing import Any

from .records import OUTCOMES

MARKS = {"passed": "✅ pass", "failed": "❌ fail", "unverified": "⚠️ unverified",
         "skipped": "⏭️ skip", "error": "💥 error"}  # fmt: skip


def render(report: dict[str, Any]) -> str:
    coverage, summary = report["coverage"], report["summary"]
    endpoints, actions = coverage["endpoints"], coverage["actions"]
    lines = [
        "## pytest-django-guard",
        "",
        f"**{coverage['percent']} % of endpoints guarded** "
        f"({endpoints['guarded']}/{endpoints['routed'] - len(coverage['excluded'])} endpoints, "
        f"{actions['guarded']}/{actions['routed']} actions)",
        "",
        " · ".join(f"{MARKS[outcome]}: {summary[outcome]}" for outcome in OUTCOMES),
        "",
    ]
    green = [e for e in report["endpoints"] if _all_green(e)]
    for endpoint in report["endpoints"]:
        if not _all_green(endpoint):
            lines += _endpoint(endpoint)
    if green:
        lines += [f"<details><summary>✅ {len(green)} endpoints all green</summary>", ""]
        lines += [f"- `{e['endpoint']}`: {len(e['checks'])} checks" for e in green]
        lines += ["", "</details>", ""]
    unguarded = [f"`{u['endpoint']}` ({u['root']})" for u in coverage["unguarded"]]
    lines += _listing("Unguarded endpoints", unguarded)
    excluded = [f"`{e['endpoint']}`: {e['reason']}" for e in coverage["excluded"]]
    lines += _listing("Excluded endpoints", excluded)
    lines += _listing("Wrong declarations", [f"`{b}`" for b in coverage["broken_declarations"]])
    lines += _listing(
        "Declared skips",
        [f"`{s['endpoint']}` {s['test']}: {s['reason']}" for s in coverage["declared_skips"]],
    )
    return "\n".join(lines).rstrip() + "\n"


def _all_green(endpoint: dict[str, Any]) -> bool:
    return all(check["outcome"] in ("passed", "skipped") for check in endpoint["checks"])


def _endpoint(endpoint: dict[str, Any]) -> list[str]:
    """The checks that did not pass, in a table, each message folded under it."""
    checks = endpoint["checks"]
    bad = [check for check in checks if check["outcome"] not in ("passed", "skipped")]
    lines = [
        f"### ❌ `{endpoint['endpoint']}`: {len(bad)} of {len(checks)} checks did not pass",
        "",
        "| check | action | actor | outcome |",
        "|---|---|---|---|",
    ]
    for check in bad:
        lines.append(
            f"| {check['check']} | {check['action'] or ''} | {check['actor'] or ''} "
            f"| {MARKS[check['outcome']]} |"
        )
    lines.append("")
    for check in bad:
        title = check["nodeid"].rsplit("::", 1)[-1]
        message = check["message"].replace("```", "'''")
        lines += [f"<details><summary>{title}</summary>", "", "```", message, "```", "",
                  "</details>", ""]  # fmt: skip
    return lines


def _listing(title: str, entries: list[str]) -> list[str]:
    if not entries:
        return []
    return [f"**{title}**", "", *(f"- {entry}" for entry in entries), ""]
