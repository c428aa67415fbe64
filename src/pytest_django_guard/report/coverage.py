"""Guard coverage: which routed endpoints and actions generated tests guard, which are left
out on purpose (with the reason) and which nobody declared."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

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


def discovered(found: GuardState, exclusions: Iterable[Exclusion]) -> Coverage:
    """What discovery alone says: routed, declared, excluded and unguarded endpoints (the
    same on every xdist worker and every CI shard of one commit)."""
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
        guarded_endpoints=len(found.guarded),
        routed_actions=sum(
            len(e.actions) for e in found.endpoints if e.dotted_path not in dict(excluded)
        ),
        guarded_actions=0,
        unguarded=tuple(unguarded),
        excluded=tuple(excluded),
        unrouted=tuple(found.unrouted_declarations),
    )


def with_records(
    static: Coverage, records: Iterable[CheckRecord], routed: Mapping[str, Sequence[str]]
) -> Coverage:
    """What the generated tests add: an endpoint whose declaration is wrong is routed but not
    guarded; a routed action is guarded when one of its generated tests ran (not a declared
    skip). ``routed``: each endpoint's routed actions (a check's "action" may name another
    subject, e.g. the constraints family's ``database``)."""
    records = list(records)
    broken = sorted({r.endpoint for r in records if r.check == "declaration"})
    ran = {
        (r.endpoint, r.action)
        for r in records
        if r.outcome != "skipped"
        and r.endpoint not in broken
        and r.action in routed.get(r.endpoint, ())
    }
    skips = sorted(
        (r.endpoint, r.nodeid.rsplit("::", 1)[-1], r.message)
        for r in records
        if r.outcome == "skipped"
    )
    return replace(
        static,
        guarded_endpoints=static.guarded_endpoints - len(broken),
        guarded_actions=len(ran),
        broken=tuple(broken),
        skips=tuple(skips),
    )


def from_dict(data: dict[str, Any]) -> Coverage:
    """The discovery part of a report's coverage (a shard's), before its records' part."""
    return Coverage(
        routed_endpoints=data["endpoints"]["routed"],
        guarded_endpoints=data["endpoints"]["guarded"] + len(data["broken_declarations"]),
        routed_actions=data["actions"]["routed"],
        guarded_actions=0,
        unguarded=tuple((u["endpoint"], u["root"]) for u in data["unguarded"]),
        excluded=tuple((x["endpoint"], x["reason"]) for x in data["excluded"]),
        unrouted=tuple(data["unrouted_declarations"]),
    )
