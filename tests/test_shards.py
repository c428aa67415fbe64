"""CI shards: each runs part of the suite and writes its JSON report and lock fragment;
``python -m pytest_django_guard merge`` makes one report and one lock file of them, the same
as one unsharded run would have written.

The project is example_app routed to two apps (``guard_urlconf``), split by a plugin of the
kind pytest-split is (it deselects the other shards' tests), with a lock file that has one
changed and one stale entry. A third shard runs under ``-n 2`` and loses a worker.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GuardProject, run_pytest

SMALL_URLCONF = """
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from shop.urls import router as shop_router

urlpatterns = [
    path("api/", include(shop_router.urls)),
    path("api/", include("catalogue.urls")),
]
"""
SPLITTER = '''
import os

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Keep every other test, as a test splitter does (GUARD_SHARD=index/count)."""
    index, count = map(int, os.environ["GUARD_SHARD"].split("/"))
    kept = [item for n, item in enumerate(items) if n % count == index]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


def pytest_runtest_call(item):
    if item.nodeid == os.environ.get("GUARD_CRASH_ON"):
        os._exit(1)  # the worker dies mid-test
'''
# The example's ini names a password-reset route this URLconf does not route.
ARGS = ("-m", "guard", "-o", "guard_urlconf=config.urls_small", "-o", "guard_throttle_required=",
        "--guard-update")  # fmt: skip
STALE = "shop.GoneViewSet::list"


def prepare(project: Path) -> None:
    (project / "config" / "urls_small.py").write_text(SMALL_URLCONF)
    (project / "splitter.py").write_text(SPLITTER)
    lock = json.loads((project / "guard.lock").read_text())
    entries = lock["entries"]
    entries[STALE] = {"queries": 1, "sql": ["SELECT 1"]}
    changed = next(key for key in entries if key.startswith("shop.OrderViewSet::"))
    entries[changed]["queries"] += 5
    (project / "guard.lock").write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n")


def shard(
    project: Path, index: int, count: int, *more: str, env: dict[str, str] | None = None
) -> pytest.RunResult:
    return run_pytest(
        project, *ARGS, "-p", "splitter", f"--guard-report=json:shard-{index}.json",
        f"--guard-lock-fragment=fragment-{index}.json", *more,
        env={"GUARD_SHARD": f"{index}/{count}", **(env or {})},
    )  # fmt: skip


def merge(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_django_guard", "merge", *args],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip


def masked(report: dict) -> str:
    """Factory sequence numbers differ between processes; nothing else may."""
    report = {key: value for key, value in report.items() if key != "shards"}
    return re.sub(r"\d+", "N", json.dumps(report, sort_keys=True))


@pytest.fixture
def projects(guard_project: GuardProject, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies: one for the shards, one for the unsharded run."""
    prepare(guard_project.path)
    whole = tmp_path / "whole"
    subprocess.run(["cp", "-r", str(guard_project.path), str(whole)], check=True)
    return guard_project.path, whole


def test_merged_shards_equal_one_unsharded_run(projects: tuple[Path, Path]) -> None:
    sharded, whole = projects
    one = run_pytest(whole, *ARGS, "--guard-report=json:whole.json")
    assert one.ret == 0, one.outlines[-30:]
    for index in (0, 1):
        ran = shard(sharded, index, 2)
        assert ran.ret == 0, ran.outlines[-30:]
        assert "deselected" in ran.outlines[-1]
    assert (sharded / "guard.lock").read_text() != (whole / "guard.lock").read_text()

    done = merge(
        sharded, "shard-0.json", "shard-1.json", "fragment-0.json", "fragment-1.json",
        "--json", "merged.json", "--md", "merged.md", "--lockfile", "guard.lock",
        "--fail-under", "100",
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert "merged 2 shard reports" in done.stdout
    # Stale: the invented entry, and the apps this URLconf does not route.
    assert re.search(r"\d+ stale removed \(from 2 fragments\)", done.stdout)
    assert (sharded / "guard.lock").read_text() == (whole / "guard.lock").read_text()
    assert STALE not in (sharded / "guard.lock").read_text()
    merged = json.loads((sharded / "merged.json").read_text())
    assert merged["shards"] == 2
    assert masked(merged) == masked(json.loads((whole / "whole.json").read_text()))


def test_a_shard_that_lost_a_worker_keeps_stale_entries_and_shows_the_error(
    projects: tuple[Path, Path],
) -> None:
    sharded, _ = projects
    crash = "guard::shop.OrderViewSet::permissions[list-owner]"
    lost = shard(sharded, 0, 1, "-n", "2", env={"GUARD_CRASH_ON": crash})
    assert lost.ret == 1
    report = json.loads((sharded / "shard-0.json").read_text())
    crashed = [
        check for e in report["endpoints"] for check in e["checks"] if check["nodeid"] == crash
    ]
    assert [check["outcome"] for check in crashed] == ["error"]
    assert json.loads((sharded / "fragment-0.json").read_text())["lost_worker"] is True

    done = merge(sharded, "shard-0.json", "fragment-0.json", "--lockfile", "guard.lock")

    assert done.returncode == 0, done.stderr
    assert "0 stale removed" in done.stdout
    assert "stale entries kept: fragment-0.json: an xdist worker was lost" in done.stdout
    assert STALE in (sharded / "guard.lock").read_text()


def test_shards_of_different_commits_are_refused(projects: tuple[Path, Path]) -> None:
    sharded, _ = projects
    for index in (0, 1):
        assert shard(sharded, index, 2, env={"GITHUB_SHA": f"commit{index}"}).ret == 0
    done = merge(sharded, "shard-0.json", "shard-1.json", "--json", "merged.json")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "pytest-django-guard merge: shards of different commits: "
        "shard-0.json (commit0), shard-1.json (commit1)"
    )
    assert not (sharded / "merged.json").exists()
