"""Guard coverage: which routed endpoints and actions generated tests guard, which are left
out on purpose (with the reason) and which nobody declared."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from .options import Exclusion
from .records import CheckRecord

if TYPE_CHECKING:
    from ..state import GuardState


@dataclass(frozen=True)
class Coverage:
    routed_endpoints: int
    guarded_endpoints: int
    routed_actions: int
    guarded_actions: int
    unguarded: tuple[tuple[str, str], ...] = ()  # (dotted path, URL root)
    excluded: tuple[tuple[str, str], ...] = ()  # (dotted path, reason)
    broken: tuple[str, ...] = ()  # endpoints whose declaration is wrong
    skips: tuple[tuple[str, str, str], ...] = ()  # (endpoint, test, reason) declared skips
    unrouted: tuple[str, ...] = field(default=())  # declarations naming no routed view

    @property
    def percent(self) -> float:
        """Guarded endpoints over routed ones less the excluded (100 when nothing is left)."""
        counted = self.routed_endpoints - len(self.excluded)
        return 100.0 if counted <= 0 else round(100 * self.guarded_endpoints / counted, 1)

    def to_dict(self) -> dict[str, object]:
        return {
            "percent": self.percent,
            "endpoints": {"routed": self.routed_endpoints, "guarded": self.guarded_endpoints},
            "actions": {"routed": self.routed_actions, "guarded": self.guarded_actions},
            "unguarded": [{"endpoint": label, "root": root} for label, root in self.unguarded],
            "excluded": [{"endpoint": label, "reason": why} for label, why in self.excluded],
            "broken_declarations": list(self.broken),
            "declared_skips": [
                {"endpoint": label, "test": test, "reason": why} for label, test, why in self.skips
            ],
            "unrouted_declarations": list(self.unrouted),
        }


def measure(
    found: GuardState, records: Iterable[CheckRecord], exclusions: Iterable[Exclusion]
) -> Coverage:
    """Coverage from discovery (what is routed and declared) and the items' records (what
    ran): an endpoint whose declaration is wrong is routed but not guarded; an action is
    guarded when one of its generated tests ran (was not a declared skip)."""
    records = list(records)
    broken = sorted({r.endpoint for r in records if r.check == "declaration"})
    guarded = [e for e in found.guarded if e.label not in broken]
    ran = {(r.endpoint, r.action) for r in records if r.outcome != "skipped" and r.action}
    rules = list(exclusions)
    excluded, unguarded = [], []
    for endpoint in found.unguarded:
        reason = next(
            (
                rule.reason
                for rule in rules
                if fnmatchcase(endpoint.dotted_path, rule.pattern)
                or fnmatchcase(endpoint.label, rule.pattern)
            ),
            None,
        )
        if reason is None:
            unguarded.append((endpoint.dotted_path, endpoint.root))
        else:
            excluded.append((endpoint.dotted_path, reason))
    return Coverage(
        routed_endpoints=len(found.endpoints),
        guarded_endpoints=len(guarded),
        routed_actions=sum(
            len(e.actions) for e in found.endpoints if e.dotted_path not in dict(excluded)
        ),
        guarded_actions=sum(1 for e in guarded for a in e.actions if (e.label, a) in ran),
        unguarded=tuple(unguarded),
        excluded=tuple(excluded),
        broken=tuple(broken),
        skips=tuple(
            sorted(
                (r.endpoint, r.nodeid.rsplit("::", 1)[-1], r.message)
                for r in records
                if r.outcome == "skipped"
            )
        ),
        unrouted=tuple(found.unrouted_declarations),
    )
