"""Where a report or a lock fragment came from: the commit and the versions. A merge of CI
shards refuses to mix commits or plugin versions. Nothing here imports Django."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

# What CI services call the commit under test (GitHub Actions, GitLab CI, CircleCI, Buildkite).
_COMMIT_VARIABLES = ("GITHUB_SHA", "CI_COMMIT_SHA", "CIRCLE_SHA1", "BUILDKITE_COMMIT")


def versions() -> dict[str, str]:
    """The versions a run was made with."""
    return {
        name: _version(package)
        for name, package in (
            ("pytest_django_guard", "pytest-django-guard"),
            ("django", "Django"),
            ("djangorestframework", "djangorestframework"),
            ("pytest", "pytest"),
        )
    } | {"python": platform.python_version()}


def commit(root: Path) -> str | None:
    """The commit under test: the CI's variable, else ``git rev-parse HEAD`` (None outside a
    repository)."""
    for name in _COMMIT_VARIABLES:
        if os.environ.get(name):
            return os.environ[name]
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"
