"""Hooks a project (in its root conftest.py) or another package implements."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .families import Family


@pytest.hookspec
def pytest_guard_declare(declare: Callable[..., None]) -> None:
    """Declare guards for views you cannot annotate (third-party apps).

    Call ``declare("app.views.TagViewSet", factory=..., owner=..., policy=...)`` once per
    view, with the same fields as an inner ``class Guard``. The view may be a class or its
    dotted path. A test-side declaration replaces the view's own ``Guard``.
    """


@pytest.hookspec
def pytest_guard_families(config: pytest.Config) -> Sequence[Family]:
    """Return the check families to add to the generated suite (see docs/architecture.md).

    Each family yields cases for every declared endpoint; its items carry the ``guard``
    marker and its own. The built-in families come first; a project adds its own from the
    root ``conftest.py``.
    """
    raise NotImplementedError  # a spec has no body; pluggy never calls it


@pytest.hookspec
def pytest_guard_generated(config: pytest.Config, items: Sequence[Any], complete: bool) -> None:
    """Called once after the generated items were collected, before selection (-k, -m).

    ``complete`` says whether they are every item the suite can generate (a whole-suite run
    without collection errors): only then may a family treat missing cases as gone.
    """
