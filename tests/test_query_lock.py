"""The query lock file: recording, comparing, tightening, pruning, xdist merging, corruption.

Two runs are shared by the session and only read: a recording from scratch, and one run of a
copy whose lock file and Guards were edited so that each entry shows one behaviour (missing,
grown, can be tightened, stale, over a ceiling). Scenarios that change the lock file run in a
copy of their own (``guard_project``).
"""

import json
import os
import uuid
from pathlib import Path

import pytest

from conftest import SessionRun, copy_example_app, parse_junit, run_pytest

LOCK = "guard.lock"
SHIPPED_LOCK = Path(__file__).resolve().parents[1] / "example_app" / LOCK
HEADER = "pytest-django-guard query lock; update with: pytest --guard-update"
FAKE_KEY = "shop.RemovedViewSet::list"  # an endpoint action that no longer exists
TOOLKIT_KEY = "tests.order_history"  # recorded by assert_query_lock in example_app/tests


def key_item(key: str) -> str:
    """The generated item measuring lock key ``key``."""
    label, action = key.split("::")
    return f"guard::{label}::queries[{action}]"


# What the edited copy does to each entry (every one of them makes 2 queries, unless noted).
MISSING = "shop.OrderViewSet::list"  # removed from the lock
GROWN = "shop.OrderViewSet::recent"  # locked with its first query only
LOOSE = "blog.CommentViewSet::list"  # locked at 5
OVER_CEILING = "catalogue.ProductListCreate::list"  # Guard.queries = {"list": 1}
UNDER_CEILING = "catalogue.ProductDetail::retrieve"  # 1 query; ceiling 10; locked at 0
CEILING_NO_ENTRY = "thirdparty.TagViewSet::list"  # ceiling 5 (pytest_guard_declare), no entry


# -- helpers ------------------------------------------------------------------------------------


def read_lock(path: Path) -> dict:
    document = json.loads(path.read_text())
    assert document["version"] == 1
    return document["entries"]


def write_lock(path: Path, entries: dict) -> None:
    """Write entries the way the plugin does (so only the edited entries differ)."""
    document = {"comment": HEADER, "version": 1, "entries": entries}
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")


def edit_lock(directory: Path, change) -> dict:
    """Apply ``change(entries)`` to the lock file in ``directory``; return the edited entries."""
    path = directory / LOCK
    entries = read_lock(path)
    change(entries)
    write_lock(path, entries)
    return entries


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new))


# What a lock file depends on: the query checks and the hand-written tests (assert_query_lock).
# Deselecting the other families keeps a run whole (it may prune stale entries) and makes each
# run of a scenario a fifth as long; a test that passes its own -m runs just that.
QUERY_CHECKS = ("-m", "guard_queries or not guard")


def lock_args(args: tuple[str, ...]) -> tuple[str, ...]:
    return args if "-m" in args else (*QUERY_CHECKS, *args)


def run(project, *args: str):
    """pytest in a ``guard_project`` copy; the run and each item's JUnit outcome by node id."""
    junit = project.path / f"junit-{uuid.uuid4().hex[:8]}.xml"
    result = project.run(*lock_args(args), f"--junitxml={junit}")
    assert junit.exists(), "\n".join(result.outlines + result.errlines)
    return result, parse_junit(junit)


def shared_run(tmp_path_factory, name: str, prepare, *args: str) -> SessionRun:
    """A copy of example_app, changed by ``prepare(path)``, run once for the session."""
    base = tmp_path_factory.mktemp(name)
    project = copy_example_app(base / "project")
    prepare(project)
    junit = base / "junit.xml"
    result = run_pytest(project, *lock_args(args), f"--junitxml={junit}", basetemp=base / "tmp")
    assert junit.exists(), "\n".join(result.outlines + result.errlines)
    return SessionRun(project, result, parse_junit(junit))


def failed(outcomes) -> set[str]:
    return {nodeid for nodeid, o in outcomes.items() if o.outcome in ("failed", "error")}


def query_items(outcomes) -> dict:
    return {k: v for k, v in outcomes.items() if "::queries[" in k}


def wrote(result) -> list[str]:
    return [line for line in result.outlines if line.startswith("wrote ")]


def leftovers(directory: Path) -> list[str]:
    """Temporary files an interrupted atomic write would leave beside the lock."""
    return [p.name for p in directory.iterdir() if p.name.startswith(f".{LOCK}.")]


# -- recording from scratch ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    """A copy of example_app without guard.lock, run once with --guard-update."""
    return shared_run(
        tmp_path_factory, "recorded", lambda project: (project / LOCK).unlink(), "--guard-update"
    )


def test_update_from_scratch_records_every_action(recorded: SessionRun) -> None:
    result, project = recorded.result, recorded.project
    assert result.ret == 0, "\n".join(result.outlines[-30:])
    assert not failed(recorded.junit)
    lock = project / LOCK
    assert wrote(result) == [f"wrote {lock}"]
    document = json.loads(lock.read_text())
    assert document["version"] == 1
    assert document["comment"] == HEADER
    entries = document["entries"]
    assert list(entries) == sorted(entries)
    # An entry per generated queries[...] item, keyed <endpoint label>::<action>; the others
    # come from hand-written tests using assert_query_lock.
    generated = {
        nodeid.removeprefix("guard::").replace("::queries[", "::").removesuffix("]")
        for nodeid in query_items(recorded.junit)
    }
    assert generated <= set(entries)
    assert set(entries) - generated == {TOOLKIT_KEY}
    assert all(entry["queries"] == len(entry["sql"]) for entry in entries.values())
    assert entries[MISSING]["sql"][0] == (
        "SELECT COUNT(*) AS __count FROM shop_order WHERE shop_order.user_id = ?"
    )
    # Normalised: no quoted identifiers, no literals.
    all_sql = [sql for entry in entries.values() for sql in entry["sql"]]
    assert not [sql for sql in all_sql if '"' in sql or "`" in sql or "'" in sql]
    assert leftovers(project) == []


# The shipped lock files are recorded on SQLite with Django 5.2. Other Django versions and
# databases count the same queries but may write their SQL differently (Django 6 wraps a
# conditional constraint's validation in COALESCE), so a test comparing a lock file's exact
# text starts from this environment's own recording (``current_lock``).
RECORDED_ON = (5, 2)


def recorded_here() -> bool:
    import django

    return django.VERSION[:2] == RECORDED_ON and os.environ.get("GUARD_DB", "sqlite") == "sqlite"


@pytest.fixture
def current_lock(recorded: SessionRun) -> str:
    """guard.lock as this environment records it from scratch (the shipped one, on 5.2)."""
    return (recorded.project / LOCK).read_text()


def use_current_lock(project, current_lock: str) -> None:
    (project.path / LOCK).write_text(current_lock)


def test_shipped_lock_file_is_current(recorded: SessionRun) -> None:
    """example_app/guard.lock is exactly what a recording from scratch writes.

    Elsewhere than where it was recorded, the same entries with the same counts.
    """
    fresh, shipped = recorded.project / LOCK, SHIPPED_LOCK
    counts = {key: entry["queries"] for key, entry in read_lock(fresh).items()}
    assert counts == {key: entry["queries"] for key, entry in read_lock(shipped).items()}
    if recorded_here():
        assert fresh.read_text() == shipped.read_text()


def test_update_leaves_an_unchanged_lock_file_alone(guard_project, current_lock: str) -> None:
    use_current_lock(guard_project, current_lock)
    lock = guard_project.path / LOCK
    before = lock.read_text()
    os.utime(lock, ns=(1_000_000_000, 1_000_000_000))  # an mtime no write could produce

    result, outcomes = run(guard_project, "--guard-update")

    assert result.ret == 0
    assert query_items(outcomes)
    assert not failed(outcomes)
    assert wrote(result) == []
    assert lock.stat().st_mtime_ns == 1_000_000_000
    assert lock.read_text() == before


# -- comparing: one run of an edited copy -------------------------------------------------------


def edit_everything(project: Path) -> None:
    def change(entries: dict) -> None:
        del entries[MISSING]
        entries[GROWN] = {"queries": 1, "sql": entries[GROWN]["sql"][:1]}
        entries[LOOSE]["queries"] = 5
        entries[FAKE_KEY] = {"queries": 1, "sql": ["SELECT ? FROM shop_removed"]}
        entries[UNDER_CEILING] = {"queries": 0, "sql": []}
        del entries[CEILING_NO_ENTRY]

    edit_lock(project, change)
    views = project / "catalogue" / "views.py"
    replace_once(
        views,
        '        read = "public"\n        max_page_size = 100\n',
        '        read = "public"\n        max_page_size = 100\n        queries = {"list": 1}\n',
    )
    replace_once(
        views,
        '    lookup_field = "slug"\n\n    class Guard:\n'
        '        factory = "catalogue.factories.ProductFactory"\n'
        '        policy = "staff_write"\n        read = "public"\n',
        '    lookup_field = "slug"\n\n    class Guard:\n'
        '        factory = "catalogue.factories.ProductFactory"\n'
        '        policy = "staff_write"\n        read = "public"\n'
        '        queries = {"retrieve": 10}\n',
    )
    replace_once(
        project / "conftest.py",
        '        policy="public_read",\n',
        '        policy="public_read",\n        queries={"list": 5},\n',
    )
    (project / "lock-before-run").write_text((project / LOCK).read_text())


@pytest.fixture(scope="session")
def edited(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    """The edited copy, run once without --guard-update."""
    return shared_run(tmp_path_factory, "edited", edit_everything)


def outcome(run: SessionRun, key: str):
    return run.outcome(key_item(key))


def test_only_the_offending_entries_fail(edited: SessionRun) -> None:
    assert edited.result.ret == 1
    offending = (MISSING, GROWN, OVER_CEILING, UNDER_CEILING)
    assert failed(edited.junit) == {key_item(key) for key in offending}


def test_a_run_without_update_writes_nothing(edited: SessionRun) -> None:
    assert wrote(edited.result) == []
    project = edited.project
    assert (project / LOCK).read_text() == (project / "lock-before-run").read_text()
    assert leftovers(project) == []


def test_missing_entry_fails_with_the_count_it_would_record(edited: SessionRun) -> None:
    outcome(edited, MISSING).lines.fnmatch_lines(
        [
            "shop.OrderViewSet: list as owner (GET /api/orders/)",
            "*expected: the query count locked for shop.OrderViewSet::list",
            "*got:      no lock entry for shop.OrderViewSet::list; this run would record 2 "
            "queries (run pytest --guard-update and commit guard.lock)",
            "    SELECT COUNT(*) AS __count FROM shop_order WHERE shop_order.user_id = ?",
            "    SELECT shop_order.id, *",
            "  hint:     a new endpoint action: run pytest --guard-update and commit the lock file",
        ]
    )


def test_growth_fails_with_a_diff_of_the_new_queries(edited: SessionRun) -> None:
    outcome(edited, GROWN).lines.fnmatch_lines(
        [
            "shop.OrderViewSet: recent as owner (GET /api/orders/recent/)",
            "*got:      2 queries, 1 more than the 1 locked in guard.lock:",
            "    --- guard.lock",
            "    +++ this run",
            "    @@ *",
            "     SELECT COUNT(*) AS __count FROM shop_order WHERE *",
            "    +SELECT shop_order.id, * FROM shop_order INNER JOIN auth_user *",
            "  hint:     add select_related()/prefetch_related() for the new queries, or if *",
        ]
    )


def test_fewer_queries_pass_and_the_summary_says_the_entry_can_be_tightened(
    edited: SessionRun,
) -> None:
    assert outcome(edited, LOOSE).outcome == "passed"
    edited.result.stdout.fnmatch_lines(
        [
            "*pytest-django-guard query lock*",
            f"can be tightened: {LOOSE} (5 -> 2 queries; run --guard-update)",
        ]
    )
    assert sum("can be tightened" in line for line in edited.result.outlines) == 1


def test_stale_entry_is_reported(edited: SessionRun) -> None:
    stale = [line for line in edited.result.outlines if line.startswith("stale lock entry")]
    assert stale == [f"stale lock entry (endpoint gone; --guard-update removes it): {FAKE_KEY}"]


def test_count_over_the_declared_ceiling_fails(edited: SessionRun) -> None:
    outcome(edited, OVER_CEILING).lines.fnmatch_lines(
        [
            "catalogue.ProductListCreate: list as staff (GET /api/products/)",
            "*got:      2 queries, over the declared ceiling Guard.queries = 1",
            "    SELECT COUNT(*) AS __count FROM catalogue_product",
        ]
    )


def test_with_a_ceiling_a_missing_entry_passes(edited: SessionRun) -> None:
    assert outcome(edited, CEILING_NO_ENTRY).outcome == "passed"


def test_under_the_ceiling_the_lock_entry_still_applies(edited: SessionRun) -> None:
    outcome(edited, UNDER_CEILING).lines.fnmatch_lines(
        ["*got:      1 queries, 1 more than the 0 locked in guard.lock:"]
    )


def test_update_does_not_excuse_a_ceiling(guard_project) -> None:
    replace_once(
        guard_project.path / "shop" / "views.py",
        '        policy = "private"\n',
        '        policy = "private"\n        queries = {"list": 0}\n',
    )

    result, outcomes = run(guard_project, "--guard-update", "-k", "OrderViewSet and queries")

    assert result.ret == 1
    assert failed(outcomes) == {key_item(MISSING)}
    outcomes[key_item(MISSING)].lines.fnmatch_lines(
        ["*got:      2 queries, over the declared ceiling Guard.queries = 0"]
    )


# -- pruning stale entries ----------------------------------------------------------------------


def add_fake_entry(directory: Path) -> dict:
    return edit_lock(
        directory,
        lambda e: e.__setitem__(FAKE_KEY, {"queries": 1, "sql": ["SELECT ? FROM shop_removed"]}),
    )


def test_update_prunes_stale_entries_only_on_the_whole_suite(
    guard_project, current_lock: str
) -> None:
    use_current_lock(guard_project, current_lock)
    lock = guard_project.path / LOCK
    entries = add_fake_entry(guard_project.path)
    edit_lock(guard_project.path, lambda e: e[MISSING].update(queries=5))

    # -k: the changed entry is written, the stale one is kept.
    result, outcomes = run(guard_project, "--guard-update", "-k", "OrderViewSet")
    assert result.ret == 0
    assert not failed(outcomes)
    assert wrote(result) == [f"wrote {lock}"]
    assert "stale lock entry" not in result.stdout.str()
    assert read_lock(lock) == entries  # MISSING back at 2 queries, FAKE_KEY still there

    # The whole suite: the stale entry goes, every other entry stays as it was.
    result, outcomes = run(guard_project, "--guard-update")
    assert result.ret == 0
    assert not failed(outcomes)
    assert wrote(result) == [f"wrote {lock}"]
    assert read_lock(lock) == {k: v for k, v in entries.items() if k != FAKE_KEY}
    assert lock.read_text() == current_lock
    assert leftovers(guard_project.path) == []


@pytest.mark.parametrize(
    "selection",
    [
        pytest.param(["-m", "guard_permissions"], id="m"),
        pytest.param(["--deselect", key_item(MISSING)], id="deselect"),
    ],
)
def test_partial_update_run_keeps_stale_entries(
    guard_project, current_lock: str, selection: list[str]
) -> None:
    use_current_lock(guard_project, current_lock)
    add_fake_entry(guard_project.path)
    before = (guard_project.path / LOCK).read_text()

    result, outcomes = run(guard_project, "--guard-update", *selection)

    assert result.ret == 0
    assert not failed(outcomes)
    assert wrote(result) == []
    assert (guard_project.path / LOCK).read_text() == before


def test_update_of_the_generated_checks_keeps_hand_written_entries(guard_project) -> None:
    lock = guard_project.path / LOCK
    assert TOOLKIT_KEY in read_lock(lock)

    result, _ = run(guard_project, "-m", "guard_queries", "--guard-update")

    assert result.ret == 0
    assert TOOLKIT_KEY in read_lock(lock)


# -- xdist --------------------------------------------------------------------------------------


def test_xdist_workers_send_measurements_to_the_controller(
    guard_project, recorded: SessionRun
) -> None:
    (guard_project.path / LOCK).unlink()

    result, outcomes = run(guard_project, "-n", "2", "--guard-update")

    assert result.ret == 0
    assert not failed(outcomes)
    lock = guard_project.path / LOCK
    assert wrote(result) == [f"wrote {lock}"]  # the controller writes, once
    serial = read_lock(recorded.project / LOCK)
    parallel = read_lock(lock)
    assert set(parallel) == set(serial)
    assert parallel == serial
    assert leftovers(guard_project.path) == []


# -- a broken lock file -------------------------------------------------------------------------

CORRUPT = {
    "garbage": "this is not json {\n",
    "truncated": SHIPPED_LOCK.read_text()[:200],
    "wrong-version": json.dumps({"version": 99, "entries": {}}),
    "entry-without-count": json.dumps({"version": 1, "entries": {MISSING: {"sql": []}}}),
    "count-not-a-number": json.dumps(
        {"version": 1, "entries": {MISSING: {"queries": "two", "sql": []}}}
    ),
    "not-an-object": "[1, 2, 3]\n",
}


@pytest.mark.parametrize("update", [False, True], ids=["check", "update"])
def test_corrupt_lock_file_is_a_usage_error_and_left_untouched(guard_project, update: bool) -> None:
    content = CORRUPT["garbage"]
    lock = guard_project.write(LOCK, content)

    result = guard_project.run(*(["--guard-update"] if update else []))

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"ERROR: {lock} is not a valid pytest-django-guard lock file (*). Restore it from "
            "version control, or delete it and run pytest --guard-update to record it again."
        ]
    )
    assert "passed" not in result.stdout.str()
    assert lock.read_text() == content
    assert leftovers(guard_project.path) == []


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_every_kind_of_corruption_is_detected(tmp_path: Path, content: str) -> None:
    """The loader rejects the file whole; it never half-reads it (no subprocess needed)."""
    from pytest_django_guard.queries.lockfile import LockFileError, load

    lock = tmp_path / LOCK
    lock.write_text(content)
    with pytest.raises(LockFileError, match=r"is not a valid pytest-django-guard lock file"):
        load(lock)


def test_a_count_does_not_depend_on_the_tests_run_before_it(guard_project) -> None:
    """A generic relation looks its content type up once per process: run alone, the album's
    list must still match the lock recorded by the whole suite (no false alarm under -k)."""
    result = guard_project.run("-m", "guard_queries", "-k", "AlbumViewSet and list")

    result.assert_outcomes(passed=2)  # queries[list] and n_plus_one[list]
