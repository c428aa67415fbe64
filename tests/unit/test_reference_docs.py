"""The reference pages name every option, ini setting, marker and Guard field the code has:
a new one cannot land undocumented (docs/reference/)."""

import ast
import re
from pathlib import Path

import pytest

from pytest_django_guard.families import registry

ROOT = Path(__file__).parents[2]
SRC = ROOT / "src" / "pytest_django_guard"
REFERENCE = ROOT / "docs" / "reference"


def declared_options() -> set[str]:
    """``--guard-...`` options and ``guard_...`` ini settings, read from every addoption /
    addini call in the package."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("addoption", "addini")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    return {name for name in names if re.match(r"(--)?guard", name)}


def core_fields() -> tuple[str, ...]:
    tree = ast.parse((SRC / "declare" / "declaration.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "FIELDS":
            return tuple(ast.literal_eval(node.value))
    raise AssertionError("declare/declaration.py has no FIELDS")


@pytest.mark.parametrize("name", sorted(declared_options()))
def test_every_option_is_in_the_reference(name: str) -> None:
    assert f"`{name}" in (REFERENCE / "options.md").read_text(), name


def test_every_marker_is_in_the_reference() -> None:
    text = (REFERENCE / "markers-fixtures-hooks.md").read_text()
    for family in registry.pytest_guard_families(None):  # type: ignore[arg-type]
        assert f"`{family.marker}`" in text, family.marker


def test_every_guard_field_is_in_the_reference() -> None:
    text = (REFERENCE / "guard-fields.md").read_text()
    families = registry.pytest_guard_families(None)  # type: ignore[arg-type]
    fields = {*core_fields(), *(name for family in families for name in family.fields)}
    missing = sorted(field for field in fields if f"`{field}`" not in text)
    assert missing == []
