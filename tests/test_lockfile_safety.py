"""The lock file under stress: concurrent updates, a kill mid-write, permissions, paths that
cannot hold a lock file, and a project's first run (record mode on a developer's machine,
strict in CI).

Each scenario runs real pytest subprocesses in a copy of example_app (``guard_project``) and
checks the lock file's exact text afterwards. The inner runs are CI runs (``CI=true``, see
conftest.py) unless a test says otherwise.
"""

import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_query_lock import (
    HEADER,
    LOCK,
    MISSING,
    SHIPPED_LOCK,
    current_lock,  # noqa: F401 (fixtures this module uses)
    edit_lock,
    failed,
    key_item,
    leftovers,
    read_lock,
    recorded,  # noqa: F401 (fixtures this module uses)
    run,
    wrote,
)

from conftest import TIMEOUT, base_args, inner_env

SHIPPED = read_lock(SHIPPED_LOCK)
ORDERS = ("-k", "OrderViewSet and queries")  # the 8 actions of shop.OrderViewSet
RECENT = "shop.OrderViewSet::recent"
USAGE_ERROR = pytest.ExitCode.USAGE_ERROR


def lock_text(entries: dict) -> str:
    """The exact text the plugin writes for ``entries``."""
    document = {"comment": HEADER, "version": 1, "entries": entries}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def no_internal_error(result: pytest.RunResult) -> None:
    output = "\n".join(result.outlines + result.errlines)
    assert "INTERNALERROR" not in output
    assert "Traceback" not in output


def grow(entries: dict, label: str) -> None:
    """Lock every action of ``label`` one query higher (an update brings them back)."""
    for key in [k for k in entries if k.startswith(f"{label}::")]:
        entries[key] = {"queries": entries[key]["queries"] + 1, "sql": entries[key]["sql"] + ["X"]}


# -- two runs updating one file at once ---------------------------------------------------------

BARRIER = """\
import os
import time
from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    # Both runs have read the lock file (at collection) before either writes it.
    barrier = Path(os.environ["GUARD_TEST_BARRIER"])
    (barrier / str(os.getpid())).touch()
    deadline = time.monotonic() + 120
    while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
"""


def test_two_concurrent_updates_lose_no_entry(guard_project, tmp_path: Path) -> None:
    project, lock = guard_project.path, guard_project.path / LOCK
    edit_lock(
        project, lambda e: (grow(e, "library.ArticleViewSet"), grow(e, "blog.CommentViewSet"))
    )
    guard_project.add_plugin("barrier", BARRIER)
    env = {**inner_env(), "GUARD_TEST_BARRIER": str(tmp_path)}

    pytest_cmd = [sys.executable, "-m", "pytest", *base_args(cache=False, migrations=False)]
    runs = [
        subprocess.Popen(
            [*pytest_cmd, "--guard-update", "-k", k],
            cwd=project,
            env={**env, "GUARD_DB_NAME": f"{env['GUARD_DB_NAME']}_{i}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for i, k in enumerate(["ArticleViewSet and queries", "CommentViewSet and queries"])
    ]
    outputs = [process.communicate(timeout=TIMEOUT)[0] for process in runs]

    assert [process.returncode for process in runs] == [0, 0], "\n".join(outputs)
    assert len(list(tmp_path.iterdir())) == 2  # both reached the barrier: they overlapped
    for output in outputs:
        assert f"wrote {lock}" in output.splitlines()
    assert lock.read_text() == SHIPPED_LOCK.read_text()  # all 12 entries back
    assert leftovers(project) == []


# -- a run killed while writing -----------------------------------------------------------------

KILL = """\
import os
import signal

import pytest

_replace = os.replace


def _kill_before_renaming(source, target, *args, **kwargs):
    if os.path.basename(target) == "guard.lock":
        os.kill(os.getpid(), signal.SIGKILL)
    return _replace(source, target, *args, **kwargs)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    if os.environ.get("GUARD_TEST_KILL"):
        os.replace = _kill_before_renaming
"""


def test_a_run_killed_mid_write_leaves_the_file_whole_and_the_next_write_cleans_up(
    guard_project,
) -> None:
    project, lock = guard_project.path, guard_project.path / LOCK
    edited = edit_lock(project, lambda e: e[MISSING].update(queries=5))
    guard_project.add_plugin("kill", KILL)
    guard_project.monkeypatch.setenv("GUARD_TEST_KILL", "1")

    killed = guard_project.run("--guard-update", *ORDERS)

    assert killed.ret == -9  # SIGKILL, after writing the temporary file, before the rename
    assert lock.read_text() == lock_text(edited)
    temporary = [name for name in leftovers(project) if name.endswith(".tmp")]
    assert len(temporary) == 1
    assert temporary[0].removeprefix(f".{LOCK}.").removesuffix(".tmp").isdigit()  # its pid

    guard_project.monkeypatch.delenv("GUARD_TEST_KILL")
    result = guard_project.run("--guard-update", *ORDERS)

    assert result.ret == 0
    assert lock.read_text() == SHIPPED_LOCK.read_text()
    assert leftovers(project) == []


# -- permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o644, 0o664], ids=oct)
def test_an_update_keeps_the_file_mode(guard_project, mode: int) -> None:
    lock = guard_project.path / LOCK
    edit_lock(guard_project.path, lambda e: e[MISSING].update(queries=5))
    lock.chmod(mode)

    result = guard_project.run("--guard-update", *ORDERS)

    assert result.ret == 0
    assert lock.read_text() == SHIPPED_LOCK.read_text()
    assert stat.S_IMODE(lock.stat().st_mode) == mode


def read_only_case(project: Path, target: str, mode: str) -> tuple[Path, str]:
    """The lock file in ``locks/``, with one change to write; returns it and its text."""
    locks = project / "locks"
    locks.mkdir()
    shutil.move(project / LOCK, locks / LOCK)
    if mode == "update":
        edited = edit_lock(locks, lambda e: e[MISSING].update(queries=5))
    else:
        edited = edit_lock(locks, lambda e: e.pop(MISSING))
    (locks / LOCK if target == "file" else locks).chmod(0o444 if target == "file" else 0o555)
    return locks / LOCK, lock_text(edited)


@pytest.mark.parametrize(
    ("target", "mode"),
    [("file", "update"), ("directory", "update"), ("file", "record")],
    ids=["file-update", "directory-update", "file-record"],
)
def test_a_read_only_lock_file_fails_in_one_line_and_prints_the_measurements(
    guard_project, target: str, mode: str
) -> None:
    lock, before = read_only_case(guard_project.path, target, mode)
    args = ["--guard-update"] if mode == "update" else []
    if mode == "record":
        guard_project.monkeypatch.delenv("CI")
    try:
        result = guard_project.run(*args, "-o", "guard_lockfile=locks/guard.lock", *ORDERS)
        modes = stat.S_IMODE(lock.stat().st_mode), stat.S_IMODE(lock.parent.stat().st_mode)
    finally:
        lock.chmod(0o644)
        lock.parent.chmod(0o755)

    assert result.ret == USAGE_ERROR
    no_internal_error(result)
    why = (
        "the file is read-only" if target == "file" else f"its directory {lock.parent} is read-only"
    )
    measured = json.dumps({MISSING: SHIPPED[MISSING]}, indent=2, sort_keys=True).splitlines()
    start = result.outlines.index(f"ERROR: cannot write {lock}: {why}")
    assert result.outlines[start + 1 : start + 2 + len(measured)] == [
        "the 1 entry this run would have written (make the file writable and run again, "
        "or paste them in):",
        *measured,
    ]
    assert wrote(result) == []
    assert lock.read_text() == before
    assert modes == ((0o444, 0o755) if target == "file" else (0o644, 0o555))
    assert leftovers(lock.parent) == []


# -- paths and contents that cannot be a lock file ----------------------------------------------

REPAIR = (
    "Restore it from version control, or delete it and run pytest --guard-update to record it "
    "again."
)
NOT_A_FILE = "set the ini option guard_lockfile to a file path."


def duplicate_entry(text: str) -> str:
    """A merge resolved by keeping both sides: shop.OrderViewSet::list twice."""
    start = text.index(f'    "{MISSING}": {{')
    end = text.index('    "shop.OrderViewSet::partial_update"')
    return text[:end] + text[start:end] + text[end:]


def unusable(project: Path, case: str) -> tuple[list[str], str, Path]:
    """Make lock file problem ``case``; the extra arguments, the error line, what to keep."""
    lock = project / LOCK
    if case == "directory":
        lock.unlink()
        lock.mkdir()
        return [], f"{lock} is a directory, not a lock file; {NOT_A_FILE}", lock
    if case == "parent-is-a-file":
        inside = project / "manage.py" / LOCK
        message = (
            f"{inside} cannot be a lock file: {project / 'manage.py'} is a file, not a directory; "
            f"{NOT_A_FILE}"
        )
        return ["-o", "guard_lockfile=manage.py/guard.lock"], message, lock
    text = SHIPPED_LOCK.read_text()
    if case == "not-utf8":
        data = text.replace(HEADER, HEADER + " caf\xe9").encode("latin-1")
        lock.write_bytes(data)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            why = str(error)
    elif case == "duplicate-key":
        lock.write_text(duplicate_entry(text))
        why = f"duplicate key {MISSING!r}"
    else:
        lock.write_text("<<<<<<< HEAD\n" + text)
        why = "Expecting value: line 1 column 1 (char 0)"
    return [], f"{lock} is not a valid pytest-django-guard lock file ({why}). {REPAIR}", lock


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
@pytest.mark.parametrize(
    "case", ["not-utf8", "duplicate-key", "directory", "parent-is-a-file", "conflict-markers"]
)
def test_an_unusable_lock_file_is_one_usage_error_and_never_overwritten(
    guard_project, case: str, workers: list[str]
) -> None:
    args, message, kept = unusable(guard_project.path, case)
    before = sorted(p.name for p in kept.iterdir()) if kept.is_dir() else kept.read_bytes()

    result = guard_project.run("--guard-update", *workers, *args)

    assert result.ret == USAGE_ERROR
    no_internal_error(result)
    assert [line for line in result.errlines if line.startswith("ERROR")] == [f"ERROR: {message}"]
    assert "passed" not in result.stdout.str()
    after = sorted(p.name for p in kept.iterdir()) if kept.is_dir() else kept.read_bytes()
    assert after == before
    assert leftovers(guard_project.path) == []


def test_an_unknown_lock_mode_is_a_usage_error(guard_project) -> None:
    result = guard_project.run("-o", "guard_lock_mode=sometimes", *ORDERS)

    assert result.ret == USAGE_ERROR
    no_internal_error(result)
    result.stderr.fnmatch_lines(
        ["ERROR: guard_lock_mode: 'sometimes' is not one of auto, strict, record"]
    )


# -- first adoption: record on a developer's run, strict in CI ----------------------------------


def test_a_developers_first_run_records_every_entry(guard_project, request) -> None:
    current = request.getfixturevalue("current_lock")  # this environment's recording
    lock = guard_project.path / LOCK
    lock.unlink()
    guard_project.monkeypatch.delenv("CI")

    result, outcomes = run(guard_project)

    assert result.ret == 0, "\n".join(result.outlines[-30:])
    assert not failed(outcomes)
    start = result.outlines.index(
        f"recorded {len(SHIPPED)} new lock entries (review and commit guard.lock; in CI a "
        "missing entry fails):"
    )
    assert result.outlines[start + 1 : start + 2 + len(SHIPPED)] == [
        *(f"  {key} ({entry['queries']} queries)" for key, entry in sorted(SHIPPED.items())),
        f"wrote {lock}",
    ]
    assert lock.read_text() == current
    assert leftovers(guard_project.path) == []


GROWN = "shop.OrderViewSet::list"


def drop_recent_and_lower_list(entries: dict) -> None:
    """RECENT has no entry (new action); GROWN is locked at its first query (it grew)."""
    del entries[RECENT]
    entries[GROWN] = {"queries": 1, "sql": entries[GROWN]["sql"][:1]}


@pytest.mark.parametrize(
    ("ci", "args", "mode"),
    [
        pytest.param(None, [], "record", id="developer"),
        pytest.param("false", [], "record", id="CI=false"),
        pytest.param("true", [], "strict", id="CI=true"),
        pytest.param("1", [], "strict", id="CI=1"),
        pytest.param(None, ["--guard-lock-mode=strict"], "strict", id="developer-option-strict"),
        pytest.param("true", ["--guard-lock-mode=record"], "record", id="CI-option-record"),
        pytest.param(None, ["-o", "guard_lock_mode=strict"], "strict", id="developer-ini-strict"),
        pytest.param(None, ["-n", "2"], "record", id="developer-xdist"),
        pytest.param("true", ["-n", "2"], "strict", id="CI-xdist"),
    ],
)
def test_a_missing_entry_is_recorded_on_a_developers_run_and_fails_in_ci(
    guard_project, ci: str | None, args: list[str], mode: str
) -> None:
    lock = guard_project.path / LOCK
    edited = edit_lock(guard_project.path, drop_recent_and_lower_list)
    if ci is None:
        guard_project.monkeypatch.delenv("CI")
    else:
        guard_project.monkeypatch.setenv("CI", ci)

    result, outcomes = run(guard_project, *args, *ORDERS)

    assert result.ret == 1
    if mode == "record":
        assert failed(outcomes) == {key_item(GROWN)}  # a changed entry always fails
        result.stdout.fnmatch_lines(
            [
                "recorded 1 new lock entry (review and commit guard.lock; in CI a missing "
                "entry fails):",
                f"  {RECENT} (2 queries)",
                f"wrote {lock}",
            ]
        )
        assert lock.read_text() == lock_text({**edited, RECENT: SHIPPED[RECENT]})
    else:
        assert failed(outcomes) == {key_item(GROWN), key_item(RECENT)}
        outcomes[key_item(RECENT)].lines.fnmatch_lines(
            [f"*got:      no lock entry for {RECENT}; this run would record 2 queries *"]
        )
        assert not [line for line in result.outlines if line.startswith("recorded")]
        assert wrote(result) == []
        assert lock.read_text() == lock_text(edited)
    assert leftovers(guard_project.path) == []
