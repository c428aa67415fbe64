"""Shared machinery: copies of example_app and pytest runs inside them.

Django's state is process-global, so every inner pytest run is a subprocess. Scenarios that edit
a copy go through ``pytester.runpytest_subprocess`` (the ``guard_project`` fixture). Runs whose
output several tests only read are made once per session by ``session_run``, which under
pytest-xdist is shared by the workers (the first to ask runs it, the others read its result).

Every inner run gets its own database name (``GUARD_DB_NAME``), so parallel runs on PostgreSQL
(``GUARD_DB=postgres`` plus the PG* variables of the outer run) never share a test database.
JUnit XML is how results are read back; ``nodeid_from_junit`` maps its names to node ids.
"""

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

EXAMPLE_APP = Path(__file__).resolve().parents[1] / "example_app"
FLAWED_SETTINGS = "config.settings_flawed"
TIMEOUT = 300  # seconds per inner run; a hang must not stall the whole suite

_IGNORE = shutil.ignore_patterns(
    "__pycache__", "*.pyc", "db.sqlite3", ".pytest_cache", ".ruff_cache", ".mypy_cache"
)
# Outer-run variables the inner runs must not inherit (pytester drops PYTEST_ADDOPTS itself).
_OUTER_ONLY = (
    "PYTEST_ADDOPTS",
    "PYTEST_CURRENT_TEST",
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_XDIST_TESTRUNUID",
    "PYTEST_PLUGINS",
    "DJANGO_SETTINGS_MODULE",
    # Inner runs may cache bytecode: without it every run compiled and assertion-rewrote the
    # plugin and the pytest plugins again (~3.5 s of each inner run).
    "PYTHONDONTWRITEBYTECODE",
    "GUARD_TEST_PART",
)


def copy_example_app(dest: Path) -> Path:
    """A fresh copy of example_app in ``dest`` (which may exist), without caches or databases."""
    shutil.copytree(EXAMPLE_APP, dest, ignore=_IGNORE, dirs_exist_ok=True)
    return dest


def database_name() -> str:
    """A database name of our own for one inner run (pytest-django prefixes it with test_)."""
    return f"guard_{uuid.uuid4().hex[:10]}"


def base_args(*, cache: bool, migrations: bool) -> list[str]:
    """Scenario runs build the test database from the models (``--no-migrations``: about a
    second less per run on SQLite); only the runs a user's run stands for (the
    example, flawed and custom-user apps) and the tests of migrations apply the migrations.
    No scenario changes a model without its migration except those of migrations."""
    return [
        "-p",
        "no:randomly",
        *([] if cache else ["-p", "no:cacheprovider"]),
        *([] if migrations else ["--no-migrations"]),
    ]


# Inner runs are CI runs whatever the developer's shell says: a missing lock entry fails
# (strict mode). Tests of the record mode a developer's run gets set CI themselves.
INNER_CI = "true"
# DRF's UniqueTogetherValidator iterates a set of field names, so the order of an update's
# queries (never their count) follows the hash seed: inner runs use one, as the shipped lock
# files were recorded with (PYTHONHASHSEED=0).
SEEDED = {"PYTHONHASHSEED": "0"}


def inner_env(settings: str | None = None) -> dict[str, str]:
    """The outer environment (GUARD_DB, PG*) minus the outer pytest's, plus a fresh database."""
    env = {k: v for k, v in os.environ.items() if k not in _OUTER_ONLY}
    env.update(GUARD_DB_NAME=database_name(), PY_COLORS="0", COLUMNS="200", CI=INNER_CI, **SEEDED)
    if settings is not None:
        env["DJANGO_SETTINGS_MODULE"] = settings
    return env


def run_pytest(
    project: Path,
    *args: str,
    settings: str | None = None,
    cache: bool = False,
    basetemp: Path | None = None,
    env: dict[str, str] | None = None,
    migrations: bool = False,
) -> pytest.RunResult:
    """One inner pytest run in a subprocess (session fixtures cannot use pytester); ``env``
    adds to its environment."""
    cmd = [sys.executable, "-m", "pytest", *base_args(cache=cache, migrations=migrations), *args]
    if basetemp is not None:
        cmd.append(f"--basetemp={basetemp}")
    start = time.monotonic()
    proc = subprocess.run(
        cmd,
        cwd=project,
        env={**inner_env(settings), **(env or {})},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return pytest.RunResult(
        proc.returncode,
        proc.stdout.splitlines(),
        proc.stderr.splitlines(),
        time.monotonic() - start,
    )


def add_plugin(project: Path, name: str, source: str) -> None:
    """Write ``name``.py into the project and load it from its conftest.py (``pytest_plugins``).

    Appending a second ``pytest_guard_declare`` to conftest.py would replace the project's own.
    """
    (project / f"{name}.py").write_text(source)
    with (project / "conftest.py").open("a") as conftest:
        conftest.write(f"\npytest_plugins = [*globals().get('pytest_plugins', []), {name!r}]\n")


class GuardProject:
    """A copy of example_app in ``pytester.path`` that tests edit and run pytest in."""

    def __init__(self, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pytester = pytester
        self.monkeypatch = monkeypatch
        self.path = copy_example_app(pytester.path)
        for name in _OUTER_ONLY:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("COLUMNS", "200")
        monkeypatch.setenv("CI", INNER_CI)
        for name, value in SEEDED.items():
            monkeypatch.setenv(name, value)

    def read(self, relpath: str) -> str:
        return (self.path / relpath).read_text()

    def write(self, relpath: str, text: str) -> Path:
        path = self.path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def append(self, relpath: str, text: str) -> None:
        self.write(relpath, self.read(relpath) + text)

    def replace(self, relpath: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` (failing loudly if the example app changed)."""
        text = self.read(relpath)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relpath}"
        self.write(relpath, text.replace(old, new))

    def add_plugin(self, name: str, source: str) -> None:
        """A plugin module next to conftest.py, loaded by it (e.g. more pytest_guard_declare)."""
        add_plugin(self.path, name, source)

    def run(
        self,
        *args: str,
        settings: str | None = None,
        cache: bool = False,
        migrations: bool = False,
    ) -> pytest.RunResult:
        """pytest in the copy, in a subprocess, with a database of its own."""
        self.monkeypatch.setenv("GUARD_DB_NAME", database_name())
        if settings is None:
            self.monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
        else:
            self.monkeypatch.setenv("DJANGO_SETTINGS_MODULE", settings)
        return self.pytester.runpytest_subprocess(
            *base_args(cache=cache, migrations=migrations), *args, timeout=TIMEOUT
        )


@pytest.fixture
def guard_project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> GuardProject:
    return GuardProject(pytester, monkeypatch)


# -- reading results ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Outcome:
    """One JUnit testcase: outcome, the failure/error/skip text, and where pytest located it."""

    outcome: str  # passed | failed | error | skipped
    text: str
    file: str | None
    line: str | None

    @property
    def lines(self) -> pytest.LineMatcher:
        return pytest.LineMatcher(self.text.splitlines())


def nodeid_from_junit(classname: str, name: str) -> str:
    """Map JUnit's classname/name back to the pytest node id of a generated item.

    pytest writes ``guard::shop.OrderViewSet::permissions[list-owner]`` as classname
    ``guard.shop.OrderViewSet``, name ``permissions[list-owner]``, and the collection error of
    endpoint ``guard::shop.OrderViewSet`` as classname ``guard``, name ``shop.OrderViewSet``.
    Other tests keep the dotted form (``tests.test_smoke::test_x``).
    """
    if classname == "guard":
        return f"guard::{name}"
    if classname.startswith("guard."):
        return f"guard::{classname.removeprefix('guard.')}::{name}"
    return f"{classname}::{name}"


def parse_junit(path: Path) -> dict[str, Outcome]:
    results: dict[str, Outcome] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        nodeid = nodeid_from_junit(case.get("classname", ""), case.get("name", ""))
        outcome, text = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed", "error": "error", "skipped": "skipped"}[child.tag]
                text = "\n".join(filter(None, [child.get("message"), child.text]))
                break
        # An item failing in call and again in teardown appears twice: keep the worst.
        if nodeid in results and results[nodeid].outcome != "passed":
            continue
        results[nodeid] = Outcome(outcome, text, case.get("file"), case.get("line"))
    return results


@dataclasses.dataclass(frozen=True)
class SessionRun:
    """A run made once per session: its terminal output and its JUnit results."""

    project: Path
    result: pytest.RunResult
    junit: dict[str, Outcome]

    def outcome(self, nodeid: str) -> Outcome:
        assert nodeid in self.junit, f"{nodeid} was not run; ran e.g. {sorted(self.junit)[:5]}"
        return self.junit[nodeid]

    def guard_items(self) -> dict[str, Outcome]:
        return {
            k: v for k, v in self.junit.items() if k.startswith("guard::") and k.count("::") == 2
        }


def shared_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory every xdist worker of this session sees (the worker basetemps' parent)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock`` (serialises xdist workers)."""
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def session_run(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    *args: str,
    settings: str | None = None,
    prepare: Callable[[Path], None] | None = None,
    migrations: bool = False,
) -> SessionRun:
    """A copy of example_app, changed by ``prepare(path)``, run once per test session.

    Under xdist the first worker to ask makes the run and the others read its result, so a
    session fixture used on both workers does not cost two runs.
    """
    key = hashlib.sha1(
        repr((args, settings, prepare and prepare.__qualname__, migrations)).encode()
    )
    base = shared_tmp(tmp_path_factory) / "runs" / f"{name}-{key.hexdigest()[:8]}"
    base.mkdir(parents=True, exist_ok=True)
    project, junit, saved = base / "project", base / "junit.xml", base / "result.json"
    with exclusive(base.with_suffix(".lock")):
        if not saved.exists():
            shutil.rmtree(project, ignore_errors=True)
            copy_example_app(project)
            if prepare is not None:
                prepare(project)
            result = run_pytest(
                project,
                *args,
                f"--junitxml={junit}",
                "-o",
                "junit_family=xunit1",
                settings=settings,
                basetemp=base / "basetemp",
                migrations=migrations,
            )
            assert junit.exists(), "\n".join(result.outlines + result.errlines)
            saved.write_text(
                json.dumps(
                    {
                        "ret": int(result.ret),
                        "outlines": result.outlines,
                        "errlines": result.errlines,
                        "duration": result.duration,
                    }
                )
            )
        data = json.loads(saved.read_text())
    result = pytest.RunResult(data["ret"], data["outlines"], data["errlines"], data["duration"])
    return SessionRun(project, result, parse_junit(junit))


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    """The untouched example app as a user runs it, very verbose (``pytest -vv``)."""
    return session_run(tmp_path_factory, "example", "-vv", migrations=True)


@pytest.fixture(scope="session")
def flawed_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    """The generated tests of the deliberately flawed app (config.settings_flawed)."""
    return session_run(
        tmp_path_factory,
        "flawed",
        "-m",
        "guard",
        "-o",
        "guard_lockfile=flawed.lock",
        "-o",
        "guard_throttle_required=",  # the ini's URL names are config.urls', not routed here
        settings=FLAWED_SETTINGS,
        migrations=True,
    )


def collected_ids(result: pytest.RunResult) -> list[str]:
    """The node ids printed by ``--collect-only -q``."""
    return [line for line in result.outlines if re.match(r"^(guard::|tests/)\S+", line)]


@pytest.fixture(scope="session")
def example_collected(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """``pytest --collect-only -q`` of the untouched example app."""
    result = session_run(tmp_path_factory, "collect", "--collect-only", "-q").result
    assert result.ret == pytest.ExitCode.OK, "\n".join(result.outlines + result.errlines)
    return collected_ids(result)


@pytest.fixture(scope="session")
def generated(example_collected: list[str]) -> list[str]:
    return [nodeid for nodeid in example_collected if nodeid.startswith("guard::")]


@pytest.fixture(scope="session")
def endpoints(generated: list[str]) -> set[str]:
    """Labels of the guarded endpoints (``guard::<label>::<case>``)."""
    return {nodeid.split("::")[1] for nodeid in generated}


@pytest.fixture(scope="session")
def hand_written(example_collected: list[str]) -> list[str]:
    return [nodeid for nodeid in example_collected if not nodeid.startswith("guard::")]


# -- CI parts -------------------------------------------------------------------------------------

# CI runs four legs: (Python 3.11, Django 5.2) and (3.13, 6.x), each on SQLite and PostgreSQL.
# Running everything on every leg no longer fits CI's 20 minutes, so the scenario modules are
# split in two parts run crosswise (scripts/test): part 1 on 3.11 + SQLite and 3.13 + PostgreSQL,
# part 2 on 3.11 + PostgreSQL and 3.13 + SQLite. Every test still runs on both Django versions
# and both databases; the unit tests run on all four legs. The flawed app's whole generated
# suite (each flaw caught, each fixed twin green) is part 1's: on both Django versions and
# both databases too. A module named in neither part runs in both (a new module is never
# skipped).
EVERY_LEG = ("unit",)
CI_PARTS = {
    "1": ("test_flawed.py", "test_query_lock.py", "test_lockfile_safety.py", "test_shapes.py",
          "test_families.py", "test_discovery.py", "test_pagination.py", "test_constraints.py",
          "test_example_app.py", "test_intent.py", "test_shards.py", "test_throttle.py",
          "test_exposure.py"),
    "2": ("test_declarations.py", "test_n_plus_one.py", "test_object_permissions.py",
          "test_custom_user.py", "test_privileges.py", "test_payloads.py", "test_loading.py",
          "test_action_objects.py", "test_sandbox.py", "test_toolkit.py", "test_filters.py",
          "test_reports.py", "test_project_settings.py", "test_input.py"),
}  # fmt: skip


def in_part(path: Path, other_parts: set[str]) -> bool:
    """Whether the module at ``path`` runs in a part (``other_parts``: the others' modules)."""
    tests = Path(__file__).parent
    top = path.relative_to(tests).parts[0] if path.is_relative_to(tests) else path.name
    return top in EVERY_LEG or top not in other_parts


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """GUARD_TEST_PART=1|2 (scripts/test sets it) keeps that part and the every-leg modules."""
    part = os.environ.get("GUARD_TEST_PART")
    if not part:
        return
    if part not in CI_PARTS:
        raise pytest.UsageError(f"GUARD_TEST_PART={part!r}: expected one of {sorted(CI_PARTS)}")
    others = {name for key, names in CI_PARTS.items() if key != part for name in names}
    kept, deselected = [], []
    for item in items:
        (kept if in_part(item.path, others) else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
