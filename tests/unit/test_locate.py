"""A view's location, read from one parse of its module, is where inspect finds it."""

import importlib.util
import inspect
import sys
from pathlib import Path

import pytest

from pytest_django_guard.declare.locate import source_line

MODULE = """
import functools


def decorate(cls):
    return cls


class Plain:
    class Guard:
        owner = "owner"


@decorate
@functools.total_ordering
class Decorated:
    def __lt__(self, other):
        return False


def factory():
    class Local:
        class Guard:
            pass

    return Local


Local = factory()
"""


def test_the_location_is_inspects_without_parsing_per_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "views_for_locate.py"
    path.write_text(MODULE)
    spec = importlib.util.spec_from_file_location("views_for_locate", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "views_for_locate", module)
    spec.loader.exec_module(module)
    for view in (module.Plain, module.Decorated, module.Local):
        target = getattr(view, "Guard", view)
        expected = inspect.getsourcelines(target)[1] - 1
        assert source_line(view) == (path, expected)
