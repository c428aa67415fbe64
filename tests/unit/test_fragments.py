"""Merging CI shards: lock fragments into one lock file, shard reports into one report."""

import pytest

from pytest_django_guard.queries.fragments import KIND, merge
from pytest_django_guard.queries.lockfile import LockEntry
from pytest_django_guard.report.coverage import Coverage
from pytest_django_guard.report.json_report import build
from pytest_django_guard.report.records import CheckRecord
from pytest_django_guard.report.shards import MergeRefused
from pytest_django_guard.report.shards import merge as merge_reports

LIST, RETRIEVE, GONE = "a.B::list", "a.B::retrieve", "a.Gone::list"
ENTRY = LockEntry(1, ("SELECT 1",))


def fragment(measured: dict[str, int], selected: list[str], **flags: bool) -> dict:
    return {
        "kind": KIND,
        "measured": {k: {"queries": n, "sql": ["SELECT"] * n} for k, n in measured.items()},
        "known_keys": [LIST, RETRIEVE],
        "selected_keys": selected,
        "whole_collection": flags.get("whole_collection", True),
        "lost_worker": flags.get("lost_worker", False),
    }


RECORDED = {LIST: ENTRY, RETRIEVE: ENTRY, GONE: ENTRY, "checkout": ENTRY}


def test_shards_that_ran_everything_update_and_prune_like_one_run() -> None:
    merged = merge(
        RECORDED,
        [("s1", fragment({LIST: 2}, [LIST])), ("s2", fragment({RETRIEVE: 1}, [RETRIEVE]))],
    )
    assert merged.entries[LIST].count == 2
    assert merged.changed == [LIST, RETRIEVE]  # RETRIEVE: same count, other SQL
    assert merged.stale == [GONE]
    assert "checkout" in merged.entries  # a hand-written test's entry is never stale
    assert merged.kept_because == []


@pytest.mark.parametrize(
    ("shards", "reason"),
    [
        ([("s1", fragment({LIST: 1}, [LIST]))], "1 generated query tests ran in no shard"),
        (
            [("s1", fragment({LIST: 1}, [LIST, RETRIEVE], lost_worker=True))],
            "s1: an xdist worker was lost",
        ),
        (
            [("s1", fragment({LIST: 1}, [LIST, RETRIEVE], whole_collection=False))],
            "s1: ran on explicit paths",
        ),
    ],
)
def test_stale_entries_are_kept_unless_the_shards_ran_everything(shards, reason) -> None:
    merged = merge(RECORDED, shards)
    assert merged.stale == []
    assert GONE in merged.entries
    assert merged.kept_because[0].startswith(reason)


def report(nodeid: str, outcome: str, commit: str = "abc") -> tuple[str, dict]:
    record = CheckRecord(nodeid, "a.B", "permissions", "list", "owner", outcome=outcome)
    return nodeid, build([record], Coverage(2, 2, 4, 0), commit, {"a.B": ["list", "create"]})


def test_shard_reports_merge_into_the_whole() -> None:
    merged = merge_reports(
        [report("guard::a.B::permissions[list-owner]", "passed"),
         report("guard::a.B::permissions[create-owner]", "failed")]
    )  # fmt: skip
    assert merged["shards"] == 2
    assert merged["summary"]["passed"] == merged["summary"]["failed"] == 1
    assert merged["coverage"]["actions"] == {"routed": 4, "guarded": 1}


def test_shards_of_different_commits_are_refused() -> None:
    with pytest.raises(MergeRefused, match="shards of different commits"):
        merge_reports([report("x", "passed", "abc"), report("y", "passed", "def")])
