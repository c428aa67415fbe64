"""The random part of the body check, run by Hypothesis: a bounded, deterministic budget.

The seed comes from the node id, so a rerun (or ``--lf``) sends the same bodies; no example
database is kept (nothing is written into the project); the failure is the example Hypothesis
shrank to, replayed last, so the one recorded last is the minimal one.
"""

from __future__ import annotations

import contextlib
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
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


def home(config: Any) -> Path:
    """Where Hypothesis may keep its files (it caches the project's constants even without
    an example database): pytest's cache directory, never the project's ``.hypothesis``."""
    cache = getattr(config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("django-guard-hypothesis"))
    return Path(tempfile.gettempdir()) / "pytest-django-guard-hypothesis"


@contextlib.contextmanager
def _home(directory: Path) -> Iterator[None]:
    """Hypothesis's home directory moved for our run only: a project's own Hypothesis tests
    keep theirs (and their example database)."""
    from hypothesis import configuration

    name = "__hypothesis_home_directory"
    before = getattr(configuration, name, None)
    configuration.set_hypothesis_home_dir(directory)
    try:
        yield
    finally:
        setattr(configuration, name, before)


def seed_of(node: str) -> int:
    """A stable seed from the node id (Python's ``hash`` is salted per process)."""
    return zlib.crc32(node.encode())


def explore(
    strategy: Any,
    attempt: Callable[[Any], Outcome | None],
    examples: int,
    node: str,
    directory: Path | None = None,
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
        with _home(directory or home(None)):
            example()
    except _Found:
        return found[-1]
    return None
