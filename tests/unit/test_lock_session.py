"""QueryLock, the session's view of the lock file: compare, stale entries, merge, xdist."""

from pathlib import Path

import pytest

from pytest_django_guard.queries.lock import QueryLock
from pytest_django_guard.queries.lockfile import LockEntry, load

LIST = "shop.OrderViewSet::list"
RETRIEVE = "shop.OrderViewSet::retrieve"
RECORDED = {
    LIST: LockEntry(count=2, sql=("SELECT order", "SELECT user")),
    RETRIEVE: LockEntry(count=1, sql=("SELECT order",)),
    "checkout": LockEntry(count=3, sql=("A", "B", "C")),  # assert_query_lock: no "::"
}


def make_lock(*, update: bool = False, recorded: dict | None = None) -> QueryLock:
    return QueryLock(
        path=Path("/project/guard.lock"),
        update=update,
        recorded=dict(RECORDED if recorded is None else recorded),
    )


def test_an_unchanged_count_passes_and_is_measured():
    lock = make_lock()
    entry = LockEntry(count=2, sql=("SELECT order", "SELECT user"))

    assert lock.compare(LIST, entry, None) is None

    assert lock.measured == {LIST: entry}
    assert lock.tightenable == {}


def test_a_missing_entry_fails_naming_the_key_the_count_and_the_lock_file():
    lock = make_lock()
    entry = LockEntry(count=2, sql=("SELECT a", "SELECT b"))

    message = lock.compare("shop.OrderViewSet::cancel", entry, None)

    assert message == (
        "no lock entry for shop.OrderViewSet::cancel; this run would record 2 queries "
        "(run pytest --guard-update and commit guard.lock)\n"
        "    SELECT a\n"
        "    SELECT b"
    )
    assert lock.measured == {"shop.OrderViewSet::cancel": entry}


def test_growth_fails_with_a_unified_diff_against_the_lock():
    lock = make_lock()
    grown = LockEntry(count=4, sql=("SELECT order", "SELECT item", "SELECT item", "SELECT user"))

    message = lock.compare(LIST, grown, None)

    assert message == (
        "4 queries, 2 more than the 2 locked in guard.lock:\n"
        "    --- guard.lock\n"
        "    +++ this run\n"
        "    @@ -1,2 +1,4 @@\n"
        "     SELECT order\n"
        "    +SELECT item\n"
        "    +SELECT item\n"
        "     SELECT user"
    )


def test_the_growth_diff_keeps_one_line_of_context():
    recorded = {LIST: LockEntry(count=5, sql=("Q1", "Q2", "Q3", "Q4", "Q5"))}
    lock = make_lock(recorded=recorded)

    message = lock.compare(LIST, LockEntry(count=6, sql=("Q1", "Q2", "Q3", "Q4", "Q5", "Q6")), None)

    assert message == (
        "6 queries, 1 more than the 5 locked in guard.lock:\n"
        "    --- guard.lock\n"
        "    +++ this run\n"
        "    @@ -5 +5,2 @@\n"
        "     Q5\n"
        "    +Q6"
    )


def test_a_lower_count_passes_and_is_offered_for_tightening():
    lock = make_lock()

    assert lock.compare(LIST, LockEntry(count=1, sql=("SELECT order",)), None) is None

    assert lock.tightenable == {LIST: (2, 1)}


def test_the_same_count_with_other_sql_passes():
    lock = make_lock()

    assert lock.compare(RETRIEVE, LockEntry(count=1, sql=("SELECT something else",)), None) is None


def test_exceeding_the_declared_ceiling_fails_listing_the_queries():
    lock = make_lock()

    message = lock.compare(LIST, LockEntry(count=3, sql=("A", "B", "C")), 2)

    assert message == (
        "3 queries, over the declared ceiling Guard.queries = 2\n    A\n    B\n    C"
    )


def test_the_ceiling_is_enforced_in_update_mode_too():
    lock = make_lock(update=True)

    message = lock.compare(LIST, LockEntry(count=3, sql=("A", "B", "C")), 2)

    assert message is not None
    assert message.startswith("3 queries, over the declared ceiling Guard.queries = 2\n")


def test_a_count_at_the_ceiling_without_a_lock_entry_passes():
    lock = make_lock(recorded={})

    assert lock.compare(LIST, LockEntry(count=2, sql=("A", "B")), 2) is None


def test_a_lock_entry_still_applies_below_the_ceiling():
    lock = make_lock()

    message = lock.compare(RETRIEVE, LockEntry(count=2, sql=("SELECT order", "B")), 5)

    assert message is not None
    assert message.startswith("2 queries, 1 more than the 1 locked in guard.lock:\n")


@pytest.mark.parametrize(
    "entry",
    [
        LockEntry(count=9, sql=("X",) * 9),  # growth
        LockEntry(count=0, sql=()),  # shrinkage
    ],
    ids=["growth", "shrinkage"],
)
def test_update_mode_records_without_failing_or_offering_to_tighten(entry: LockEntry):
    lock = make_lock(update=True)

    assert lock.compare(LIST, entry, None) is None
    assert lock.compare("shop.OrderViewSet::new", entry, None) is None

    assert lock.measured == {LIST: entry, "shop.OrderViewSet::new": entry}
    assert lock.tightenable == {}


def test_stale_keys_are_generated_entries_no_longer_generated():
    lock = make_lock()
    lock.known_keys = {LIST}

    assert lock.stale_keys == [RETRIEVE]


def test_hand_written_entries_are_never_stale():
    lock = make_lock(recorded={"checkout": RECORDED["checkout"], "cart": RECORDED[RETRIEVE]})

    assert lock.stale_keys == []


def test_stale_keys_are_sorted():
    names = ("zeta", "alpha", "mid", "eta", "beta", "kappa", "delta", "iota")
    lock = make_lock(recorded={f"app.View::{name}": RECORDED[RETRIEVE] for name in names})

    assert lock.stale_keys == [f"app.View::{name}" for name in sorted(names)]


def test_a_partial_run_knows_no_stale_keys():
    lock = make_lock()
    lock.partial = True

    assert lock.stale_keys == []


def test_merged_keeps_recorded_entries_drops_stale_ones_and_takes_measurements():
    lock = make_lock(update=True)
    lock.known_keys = {LIST, "shop.OrderViewSet::cancel"}
    cancel = LockEntry(count=2, sql=("SELECT order", "UPDATE order"))
    lock.compare("shop.OrderViewSet::cancel", cancel, None)

    assert lock.merged() == {
        LIST: RECORDED[LIST],
        "checkout": RECORDED["checkout"],
        "shop.OrderViewSet::cancel": cancel,
    }


def test_merged_keeps_everything_recorded_on_a_partial_run():
    lock = make_lock(update=True)
    lock.partial = True
    shorter = LockEntry(count=1, sql=("SELECT order",))
    lock.compare(LIST, shorter, None)

    assert lock.merged() == {**RECORDED, LIST: shorter}


def test_flush_writes_the_merged_entries_only_in_update_mode(tmp_path: Path):
    path = tmp_path / "guard.lock"
    entry = LockEntry(count=1, sql=("SELECT 1",))
    reading = QueryLock(path=path, update=False, recorded={})
    reading.compare(LIST, entry, None)

    assert reading.flush() is False
    assert not path.exists()

    updating = QueryLock(path=path, update=True, recorded={})
    updating.compare(LIST, entry, None)

    assert updating.flush() is True
    assert load(path) == {LIST: entry}
    assert updating.flush() is False  # same content: not rewritten


def test_worker_output_is_plain_data():
    lock = make_lock()
    lock.compare(LIST, LockEntry(count=1, sql=("SELECT order",)), None)
    lock.known_keys = {RETRIEVE, LIST}

    assert lock.to_workeroutput() == {
        "measured": {LIST: {"queries": 1, "sql": ["SELECT order"]}},
        "tightenable": {LIST: (2, 1)},
        "known_keys": [LIST, RETRIEVE],
        "deselected": [],
        "partial": False,
    }


def test_the_controller_merges_what_a_worker_sent():
    worker = make_lock()
    worker.compare(LIST, LockEntry(count=1, sql=("SELECT order",)), None)
    worker.compare("shop.OrderViewSet::cancel", LockEntry(count=2, sql=("A", "B")), None)
    worker.known_keys = {LIST, "shop.OrderViewSet::cancel"}
    controller = make_lock()
    controller.known_keys = {RETRIEVE}

    controller.merge(worker.to_workeroutput())

    assert controller.measured == worker.measured
    assert controller.tightenable == {LIST: (2, 1)}
    assert controller.known_keys == {LIST, RETRIEVE, "shop.OrderViewSet::cancel"}
    assert controller.partial is False
    assert controller.stale_keys == []


def test_tightenable_pairs_come_back_as_tuples_after_travelling_as_lists():
    controller = make_lock()
    output = {"measured": {}, "tightenable": {LIST: [2, 1]}, "known_keys": [], "partial": False}

    controller.merge(output)

    assert controller.tightenable == {LIST: (2, 1)}


def test_one_partial_worker_makes_the_run_partial():
    controller = make_lock()
    partial_worker = make_lock()
    partial_worker.partial = True

    controller.merge(make_lock().to_workeroutput())
    assert controller.partial is False
    controller.merge(partial_worker.to_workeroutput())
    assert controller.partial is True
    controller.merge(make_lock().to_workeroutput())
    assert controller.partial is True


def test_a_worker_that_crashed_makes_the_run_partial():
    controller = make_lock()
    controller.known_keys = {LIST}
    assert controller.stale_keys == [RETRIEVE]

    controller.merge(None)

    assert controller.partial is True
    assert controller.stale_keys == []


# -- record mode (a developer's run) and merging onto the file as it is now ---------------------


def test_record_mode_passes_a_missing_entry_and_writes_only_missing_ones():
    lock = make_lock()
    lock.record = True
    new = LockEntry(count=2, sql=("SELECT a", "SELECT b"))
    shorter = LockEntry(count=1, sql=("SELECT order",))

    assert lock.compare("shop.OrderViewSet::cancel", new, None) is None
    assert lock.compare(LIST, shorter, None) is None  # fewer: tightenable, not rewritten

    assert lock.pending() == {"shop.OrderViewSet::cancel": new}
    assert lock.merged() == {**RECORDED, "shop.OrderViewSet::cancel": new}


def test_record_mode_still_fails_a_changed_entry():
    lock = make_lock()
    lock.record = True

    message = lock.compare(RETRIEVE, LockEntry(count=2, sql=("SELECT order", "SELECT user")), None)

    assert message is not None
    assert message.startswith("2 queries, 1 more than the 1 locked in guard.lock:\n")
    assert lock.pending() == {}


def test_strict_mode_writes_nothing():
    lock = make_lock()
    lock.compare("shop.OrderViewSet::cancel", LockEntry(count=1, sql=("A",)), None)

    assert lock.pending() == {}
    assert lock.flush() is False


def test_changes_are_merged_onto_the_file_another_run_wrote_meanwhile():
    lock = make_lock(update=True)
    lock.partial = True
    grown = LockEntry(count=3, sql=("SELECT order", "SELECT user", "SELECT item"))
    lock.compare(LIST, grown, None)
    lock.compare(RETRIEVE, RECORDED[RETRIEVE], None)  # unchanged by this run
    theirs = LockEntry(count=5, sql=("E",) * 5)
    on_disk = {**RECORDED, RETRIEVE: theirs, "blog.PostViewSet::list": theirs}

    assert lock.merged(on_disk) == {**on_disk, LIST: grown}


def test_record_mode_keeps_an_entry_another_run_recorded_meanwhile():
    lock = make_lock()
    lock.record = True
    lock.compare("shop.OrderViewSet::cancel", LockEntry(count=1, sql=("A",)), None)
    theirs = LockEntry(count=2, sql=("A", "B"))

    merged = lock.merged({**RECORDED, "shop.OrderViewSet::cancel": theirs})

    assert merged["shop.OrderViewSet::cancel"] == theirs


def test_pruning_removes_only_the_stale_entries_this_run_saw():
    lock = make_lock(update=True)
    lock.known_keys = {LIST, RETRIEVE}
    removed, added_meanwhile = "shop.RemovedViewSet::list", "shop.NewViewSet::list"
    lock.recorded[removed] = RECORDED[LIST]

    merged = lock.merged({**lock.recorded, added_meanwhile: RECORDED[LIST]})

    assert removed not in merged
    assert added_meanwhile in merged
