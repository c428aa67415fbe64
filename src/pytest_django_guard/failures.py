"""Failure types whose text is written for the DRF developer reading it, not for us."""

from __future__ import annotations


class GuardFailure(AssertionError):
    """A generated check failed; ``str()`` is the whole report shown by pytest."""


class DeclarationError(Exception):
    """A ``Guard`` declaration is wrong; shown as one line at collection."""


def report(
    *,
    title: str,
    expected: str,
    got: str,
    hint: str = "",
    details: list[str] | None = None,
) -> str:
    """Lay a failure out the same way everywhere: what, expected, got, details, hint."""
    lines = [title, f"  expected: {expected}", f"  got:      {got}"]
    lines.extend(f"  {line}" for line in details or [])
    if hint:
        lines.append(f"  hint:     {hint}")
    return "\n".join(lines)
