"""The lock file on disk: its exact text, the load/write round trip, atomic writes, corruption."""

import json
import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pytest_django_guard.queries import atomic
from pytest_django_guard.queries.lockfile import LockEntry, LockFileError, dumps, load, write
from pytest_django_guard.queries.lockfile import update as lockfile_update

ENTRIES = {
    "shop.OrderViewSet::list": LockEntry(count=2, sql=("SELECT a", "SELECT b")),
    "blog.PostViewSet::retrieve": LockEntry(count=1, sql=("SELECT post",)),
    "hand-written": LockEntry(count=0, sql=()),
}

EXPECTED_TEXT = """\
{
  "comment": "pytest-django-guard query lock; update with: pytest --guard-update",
  "entries": {
    "blog.PostViewSet::retrieve": {
      "queries": 1,
      "sql": [
        "SELECT post"
      ]
    },
    "hand-written": {
      "queries": 0,
      "sql": []
    },
    "shop.OrderViewSet::list": {
      "queries": 2,
      "sql": [
        "SELECT a",
        "SELECT b"
      ]
    }
  },
  "version": 1
}
"""
REPAIR = (
    "Restore it from version control, or delete it and run pytest --guard-update to record it "
    "again."
)


def test_dumps_writes_sorted_indented_json_one_query_per_line():
    assert dumps(ENTRIES) == EXPECTED_TEXT


def test_dumps_does_not_depend_on_insertion_order():
    assert dumps(dict(reversed(ENTRIES.items()))) == EXPECTED_TEXT


def test_an_entry_serialises_as_queries_and_sql():
    assert LockEntry(count=2, sql=("A", "B")).to_json() == {"queries": 2, "sql": ["A", "B"]}


def test_an_absent_file_has_no_entries(tmp_path: Path):
    assert load(tmp_path / "guard.lock") == {}


def test_written_entries_load_back_equal(tmp_path: Path):
    path = tmp_path / "guard.lock"

    assert write(path, ENTRIES) is True

    assert path.read_text(encoding="utf-8") == EXPECTED_TEXT
    assert load(path) == ENTRIES


def test_write_reports_false_and_leaves_the_file_alone_when_nothing_changed(tmp_path: Path):
    path = tmp_path / "guard.lock"
    write(path, ENTRIES)
    os.utime(path, ns=(0, 0))

    assert write(path, dict(reversed(ENTRIES.items()))) is False

    assert path.stat().st_mtime_ns == 0


def test_write_reports_true_when_an_entry_changed(tmp_path: Path):
    path = tmp_path / "guard.lock"
    write(path, ENTRIES)
    changed = {**ENTRIES, "hand-written": LockEntry(count=1, sql=("SELECT 1",))}

    assert write(path, changed) is True

    assert load(path)["hand-written"] == LockEntry(count=1, sql=("SELECT 1",))


def test_write_rewrites_a_file_whose_text_differs_only_in_layout(tmp_path: Path):
    path = tmp_path / "guard.lock"
    path.write_text(json.dumps(json.loads(EXPECTED_TEXT)), encoding="utf-8")  # one line

    assert write(path, ENTRIES) is True

    assert path.read_text(encoding="utf-8") == EXPECTED_TEXT


def test_write_creates_missing_directories_and_leaves_no_temporary_file(tmp_path: Path):
    path = tmp_path / "deep" / "er" / "guard.lock"

    assert write(path, ENTRIES) is True

    assert sorted(p.name for p in path.parent.iterdir()) == ["guard.lock"]


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "guard.lock"
    write(path, ENTRIES)

    def refuse(source: str, target: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", refuse)

    with pytest.raises(LockFileError, match=rf"^cannot write {re.escape(str(path))}: disk full$"):
        write(path, {"only": LockEntry(count=1, sql=("SELECT 1",))})

    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == EXPECTED_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guard.lock"]


def entry(value: object) -> str:
    return json.dumps({"version": 1, "entries": {"k": value}})


@pytest.mark.parametrize(
    ("text", "why"),
    [
        pytest.param("", None, id="empty"),
        pytest.param("{not json", None, id="not-json"),
        pytest.param('{"version": 1, "entries": {}', None, id="truncated"),
        pytest.param("[]", None, id="array"),
        pytest.param("null", None, id="null"),
        pytest.param('{"entries": {}}', "unsupported version None", id="no-version"),
        pytest.param('{"version": 2, "entries": {}}', "unsupported version 2", id="newer-version"),
        pytest.param('{"version": "1", "entries": {}}', "unsupported version '1'", id="str-1"),
        pytest.param('{"version": 1}', "'entries'", id="no-entries"),
        pytest.param('{"version": 1, "entries": []}', None, id="entries-array"),
        pytest.param(entry([1]), None, id="entry-array"),
        pytest.param(entry({"sql": []}), "'queries'", id="no-count"),
        pytest.param(entry({"queries": 1}), "'sql'", id="no-sql"),
        pytest.param(entry({"queries": None, "sql": []}), None, id="count-null"),
        pytest.param(entry({"queries": "many", "sql": []}), None, id="count-word"),
        pytest.param(entry({"queries": 1, "sql": 5}), None, id="sql-number"),
    ],
)
def test_a_corrupt_file_raises_lock_file_error_saying_how_to_repair_it(
    tmp_path: Path, text: str, why: str | None
):
    path = tmp_path / "guard.lock"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(LockFileError) as raised:
        load(path)

    reason = re.escape(why) if why is not None else r".+"
    pattern = (
        rf"{re.escape(str(path))} is not a valid pytest-django-guard lock file \({reason}\)\. "
    )
    assert re.fullmatch(pattern + re.escape(REPAIR), str(raised.value))
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__ is True


def test_a_string_where_the_sql_list_belongs_is_corruption(tmp_path: Path):
    path = tmp_path / "guard.lock"
    path.write_text(entry({"queries": 1, "sql": "SELECT 1"}), encoding="utf-8")

    with pytest.raises(LockFileError):
        load(path)


def test_a_file_that_is_not_utf8_is_corruption(tmp_path: Path):
    path = tmp_path / "guard.lock"
    path.write_bytes(b'{"version": 1, "entries": {"caf\xe9": {"queries": 0, "sql": []}}}')

    with pytest.raises(LockFileError):
        load(path)


@pytest.mark.parametrize("count", [2.9, True, -1, "1"], ids=["float", "bool", "negative", "text"])
def test_a_count_that_is_not_a_count_is_corruption(tmp_path: Path, count):
    path = tmp_path / "guard.lock"
    path.write_text(entry({"queries": count, "sql": ["SELECT 1"]}), encoding="utf-8")

    with pytest.raises(LockFileError, match="'queries' must be a count of queries"):
        load(path)


# -- what must never be read, nor overwritten ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            '{"version": 1, "entries": {"k": {"queries": 0, "sql": []}, '
            '"k": {"queries": 1, "sql": ["SELECT 1"]}}}',
            id="entry",
        ),
        pytest.param('{"version": 1, "version": 1, "entries": {}}', id="top-level"),
        pytest.param(
            '{"version": 1, "entries": {"k": {"queries": 1, "queries": 2, "sql": []}}}',
            id="inside-an-entry",
        ),
    ],
)
def test_a_duplicate_key_is_corruption(tmp_path: Path, text: str):
    """A merge resolved by keeping both sides: json would silently keep the last one."""
    path = tmp_path / "guard.lock"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(LockFileError, match=r"\(duplicate key '(k|version|queries)'\)\. Restore"):
        load(path)


def test_a_lock_path_that_is_a_directory_says_so(tmp_path: Path):
    path = tmp_path / "guard.lock"
    path.mkdir()

    with pytest.raises(LockFileError) as raised:
        load(path)

    assert str(raised.value) == (
        f"{path} is a directory, not a lock file; set the ini option guard_lockfile to a file path."
    )


def test_a_lock_path_under_a_file_names_that_file(tmp_path: Path):
    (tmp_path / "settings.py").write_text("")
    path = tmp_path / "settings.py" / "locks" / "guard.lock"

    with pytest.raises(LockFileError) as raised:
        load(path)

    assert str(raised.value) == (
        f"{path} cannot be a lock file: {tmp_path / 'settings.py'} is a file, not a directory; "
        "set the ini option guard_lockfile to a file path."
    )


def test_a_file_that_became_corrupt_is_not_overwritten(tmp_path: Path):
    path = tmp_path / "guard.lock"
    path.write_text("<<<<<<< HEAD\n", encoding="utf-8")

    with pytest.raises(LockFileError, match="is not a valid pytest-django-guard lock file"):
        write(path, ENTRIES)

    assert path.read_text(encoding="utf-8") == "<<<<<<< HEAD\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guard.lock"]


# -- writing beside other runs ------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664])
def test_a_write_keeps_the_file_mode(tmp_path: Path, mode: int):
    path = tmp_path / "guard.lock"
    path.write_text(EXPECTED_TEXT, encoding="utf-8")
    path.chmod(mode)

    assert write(path, {"only": LockEntry(count=0, sql=())}) is True

    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_new_file_gets_the_mode_of_any_new_file(tmp_path: Path):
    umask = os.umask(0o022)
    os.umask(umask)
    path = tmp_path / "guard.lock"

    write(path, ENTRIES)

    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_a_read_only_file_is_not_written(tmp_path: Path):
    path = tmp_path / "guard.lock"
    path.write_text(EXPECTED_TEXT, encoding="utf-8")
    path.chmod(0o444)

    with pytest.raises(LockFileError) as raised:
        write(path, {"only": LockEntry(count=0, sql=())})

    assert str(raised.value) == f"cannot write {path}: the file is read-only"
    assert path.read_text(encoding="utf-8") == EXPECTED_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guard.lock"]


def test_a_read_only_directory_is_not_written(tmp_path: Path):
    directory = tmp_path / "locks"
    directory.mkdir()
    path = directory / "guard.lock"
    directory.chmod(0o555)
    try:
        with pytest.raises(LockFileError) as raised:
            write(path, ENTRIES)
    finally:
        directory.chmod(0o755)

    assert str(raised.value) == f"cannot write {path}: its directory {directory} is read-only"
    assert list(directory.iterdir()) == []


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    process = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(process.stdout)


def test_a_write_removes_temporary_files_of_killed_runs_and_its_lock(tmp_path: Path):
    path = tmp_path / "guard.lock"
    leftovers = [f".guard.lock.{dead_pid()}.tmp", ".guard.lock.x7k2_q.tmp"]  # ours, mkstemp's
    for name in leftovers:
        (tmp_path / name).write_text("{half a fi", encoding="utf-8")
    (tmp_path / ".other.lock.1.tmp").write_text("not ours", encoding="utf-8")

    write(path, ENTRIES)

    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.lock.1.tmp", "guard.lock"]


def test_without_a_lock_only_temporary_files_of_gone_processes_are_removed(tmp_path: Path):
    path = tmp_path / "guard.lock"
    gone, alive = f".guard.lock.{dead_pid()}.tmp", f".guard.lock.{os.getpid()}.tmp"
    for name in (gone, alive, ".guard.lock.x7k2_q.tmp"):
        (tmp_path / name).write_text("", encoding="utf-8")

    atomic.remove_leftovers(path, locked=False)

    assert sorted(p.name for p in tmp_path.iterdir()) == [alive, ".guard.lock.x7k2_q.tmp"]


def test_update_waits_for_the_lock_and_merges_onto_what_is_on_disk(tmp_path: Path):
    path = tmp_path / "guard.lock"
    write(path, ENTRIES)
    added = LockEntry(count=1, sql=("SELECT added",))

    def add(entries: dict[str, LockEntry]) -> dict[str, LockEntry]:
        return {**entries, "added": added}

    with atomic.exclusive(path) as locked:
        assert locked
        other = threading.Thread(target=lockfile_update, args=(path, add))
        other.start()
        other.join(0.5)
        assert other.is_alive()  # blocked on the lock
        # Meanwhile the holder changes the file: the waiting writer must build on it.
        atomic.replace(path, dumps({**ENTRIES, "hand-written": added}))
    other.join(10)

    assert load(path) == {**ENTRIES, "hand-written": added, "added": added}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guard.lock"]
