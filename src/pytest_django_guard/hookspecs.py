"""Hooks a project implements in its conftest.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.hookspec
def pytest_guard_declare(declare: Callable[..., None]) -> None:
    """Declare guards for views you cannot annotate (third-party apps).

    Call ``declare("app.views.TagViewSet", factory=..., owner=..., policy=...)`` once per
    view, with the same fields as an inner ``class Guard``. The view may be a class or its
    dotted path. A test-side declaration replaces the view's own ``Guard``.
    """
