"""The random part of the body check, run by Hypothesis: a bounded, deterministic budget.

The seed comes from the node id, so a rerun (or ``--lf``) sends the same bodies; no example
database is kept (nothing is written into the project); the failure is the example Hypothesis
shrank to, replayed last, so the one recorded last is the minimal one.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any, TypeVar

DEFAULT_EXAMPLES = 10
INI = "guard_input_examples"

Outcome = TypeVar("Outcome")


class _Found(Exception):
    """Raised inside an example so Hypothesis shrinks it; carries nothing."""


def budget(config: Any) -> int:
    """The ini's ``guard_input_examples`` (a nightly run raises it), else the default."""
    value = str(config.getini(INI) or "").strip()
    return int(value) if value.isdigit() else DEFAULT_EXAMPLES


def seed_of(node: str) -> int:
    """A stable seed from the node id (Python's ``hash`` is salted per process)."""
    return zlib.crc32(node.encode())


def explore(
    strategy: Any,
    attempt: Callable[[Any], Outcome | None],
    examples: int,
    node: str,
) -> Outcome | None:
    """Run ``attempt`` on up to ``examples`` drawn values; the shrunk failure, if any."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings

    if examples <= 0:
        return None
    found: list[Outcome] = []

    @seed(seed_of(node))
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
        verbosity=Verbosity.quiet,
    )
    @given(strategy)
    def example(drawn: Any) -> None:
        outcome = attempt(drawn)
        if outcome is not None:
            found.append(outcome)
            raise _Found

    try:
        example()
    except _Found:
        return found[-1]
    return None
