"""Explain an N+1: the relation loaded lazily, and each repeated query with the line running it.

Shared by the generated N+1 check and the toolkit's ``assert_no_n_plus_one``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import culprits
from .capture import origins, repeated
from .lockfile import LockEntry

HINT = (
    "load the relation with the queryset in get_queryset(): select_related() for a "
    "foreign key, prefetch_related() for reverse or many-to-many relations"
)


def explain(
    small: LockEntry, large: LockEntry, rerun: Callable[[], Any], backend: str
) -> tuple[str, list[str]]:
    """(what happened, detail lines) for a count that grew from ``small`` to ``large``.

    ``rerun`` repeats the larger case twice more (under the detector, and with stack capture);
    that costs time only when the check already failed.
    """
    named = culprits.find(rerun, backend)
    repeats = repeated(small, large)
    with origins() as found:
        rerun()
    lines = [
        f"{count} x {query}  <- {place}"
        for (query, place), count in found.most_common()
        if query in repeats
    ] or [f"+{count} x {query}" for query, count in repeats.most_common()]
    got = f"{small.count} queries, then {large.count}: {large.count - small.count} more (N+1)"
    details = [
        *(f"culprit: {line}" for line in named),
        "queries run per row:",
        *(f"  {line}" for line in lines),
    ]
    return got, details


def expected(small: str, large: str) -> str:
    """What an N+1 check expects, for the generated check and ``assert_no_n_plus_one``."""
    return f"the same number of queries for {small} and for {large}"


def rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"
