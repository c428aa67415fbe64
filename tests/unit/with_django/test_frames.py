"""Locations in N+1 reports name the project's code: never the launcher, Python or a library."""

import os
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from rest_framework import serializers

import pytest_django_guard
from pytest_django_guard.queries.culprits import _without_plugin_frames
from pytest_django_guard.queries.frames import NO_PROJECT_FRAME, is_project_file, project_frame

LAUNCHER = Path(sys.executable).parent / "pytest"


@pytest.mark.parametrize(
    "filename",
    [
        "<frozen runpy>",
        runpy.__file__,  # python -m pytest on a Python whose runpy is not frozen
        pytest.__file__,
        serializers.__file__,
        pytest_django_guard.__file__,
        # bin/pytest by a relative path, as `../.venv/bin/pytest` from the project
        os.path.relpath(LAUNCHER),
        "/somewhere/else/.venv/lib/python3.12/site-packages/factory/base.py",
        "/usr/lib/python3/dist-packages/rest_framework/fields.py",
    ],
)
def test_not_the_project(filename: str) -> None:
    assert not is_project_file(filename)


def test_the_project() -> None:
    assert is_project_file(__file__)
    assert is_project_file("/usr/src/app/shop/serializers.py")  # under a system Python's prefix


class ProbeSerializer(serializers.Serializer):
    name = serializers.CharField()
    where = serializers.CharField()  # DRF calls the source: only library frames in between


def test_a_field_drf_renders_is_named_as_the_serializer_field() -> None:
    data = ProbeSerializer(SimpleNamespace(name="x", where=project_frame)).data

    line = next(
        n for n, text in enumerate(Path(__file__).read_text().splitlines(), 1) if "where =" in text
    )
    assert data["where"] == f"{__file__}:{line} in ProbeSerializer.where"


def test_the_innermost_project_line_comes_first() -> None:
    assert project_frame().startswith(f"{__file__}:")
    assert NO_PROJECT_FRAME.startswith("library code")


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        (
            "N+1 detected on shop.Order.user at /app/shop/serializers.py:12 in get_user",
            "N+1 detected on shop.Order.user at /app/shop/serializers.py:12 in get_user",
        ),
        ("N+1 detected on flawed.Note.comments at <frozen runpy>:88 in _run_code", None),
        (
            f"N+1 detected on flawed.Note.comments at {os.path.relpath(LAUNCHER)}:8 in <module>",
            None,
        ),
        (f"N+1 detected on flawed.Note.comments at {pytest_django_guard.__file__}:3 in f", None),
    ],
)
def test_zeal_keeps_a_location_only_in_the_project(message: str, kept: str | None) -> None:
    assert _without_plugin_frames(message) == (kept or "N+1 detected on flawed.Note.comments")
