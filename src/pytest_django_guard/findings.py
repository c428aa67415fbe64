"""Findings: the structured result of a generated check, read by every reporter.

A failing check raises ``GuardFailure`` carrying a ``Finding``. The item renders it as the
failure text and attaches it, as a plain dict, to the test report, so it crosses pytest-xdist
and reaches JUnit and the reports unchanged. Nothing here imports Django.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class SentRequest:
    """The request a check sent, as a person would retype it."""

    method: str
    url: str
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def body_text(self, limit: int = 300) -> str:
        text = json.dumps(self.body, default=str, sort_keys=True)
        return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class Finding:
    """What one check expected and why, what happened, the request it sent, and the fix."""

    family: str
    endpoint: str  # label, e.g. "shop.OrderViewSet" (or the toolkit's subject)
    expected: str  # what was expected, and why (policy or override)
    got: str  # what happened: status, leaked ids, changed fields, extra queries
    hint: str = ""
    details: tuple[str, ...] = ()
    action: str | None = None
    actor: str | None = None
    request: SentRequest | None = None
    verified: bool = True  # False: the check could not observe what it claims
    stopped: bool = False  # the check raised before its verdict ("could not run")

    @property
    def title(self) -> str:
        """``shop.OrderViewSet: retrieve as other (GET /api/orders/1/)``."""
        if self.action is None:
            return self.endpoint
        title = f"{self.endpoint}: {self.action}"
        if self.actor is not None:
            title += f" as {self.actor}"
        if self.request is not None:
            title += f" ({self.request.method} {self.request.url})"
        return title

    def render(self) -> str:
        """The failure text: title, expected, got, details, hint, and the body that was sent."""
        if not self.verified:
            verb = "could not run" if self.stopped else "could not verify:"
            lines = [self.title, f"  {verb} {self.got} — {self.hint}"]
            lines.extend(f"  {line}" for line in self.details)
            return "\n".join(lines)
        lines = [self.title, f"  expected: {self.expected}", f"  got:      {self.got}"]
        lines.extend(f"  {line}" for line in self.details)
        if self.hint:
            lines.append(f"  hint:     {self.hint}")
        if self.request is not None and self.request.body is not None:
            lines.append(f"  body:     {self.request.body_text()}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON and execnet safe) for test reports."""
        data = asdict(self)
        if self.request is not None:
            data["request"]["body"] = json.loads(json.dumps(self.request.body, default=str))
            data["request"]["headers"] = dict(self.request.headers)
        data["details"] = list(self.details)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        values = dict(data)
        if values.get("request") is not None:
            values["request"] = SentRequest(**values["request"])
        values["details"] = tuple(values.get("details", ()))
        return cls(**values)


class GuardFailure(AssertionError):
    """A generated check failed; ``str()`` is the whole report shown by pytest."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.render())
        self.finding = finding


class DeclarationError(Exception):
    """A ``Guard`` declaration is wrong; shown as one line at collection."""


def raised_at(tb: TracebackType | None) -> str:
    """`` at file:line`` of the innermost frame outside installed packages ("" if none)."""
    frames = [f for f in traceback.extract_tb(tb) if "site-packages" not in f.filename]
    return f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""


REPORT_ATTRIBUTE = "guard_finding"  # the TestReport attribute holding Finding.to_dict()
