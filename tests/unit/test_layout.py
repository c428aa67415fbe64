"""The package keeps the shape docs/architecture.md describes.

Small modules and functions, no import circle, and the seams that let a family be added
without touching anything else: the core names no family, no family imports another, the
toolkit imports no family.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "pytest_django_guard"
MAX_MODULE_LINES = 260
MAX_FUNCTION_LINES = 50


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Package modules ``name`` imports, at module level or inside functions."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in MODULES else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in MODULES and module != name}


def family_of(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) > 2 and parts[1] == "families" and parts[2] not in ("registry", "common"):
        return parts[2]
    return None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_small(name: str) -> None:
    lines = len(MODULES[name].read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines"


def test_functions_are_short() -> None:
    long = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert long == []


def test_no_import_circle() -> None:
    """Counting every import: lazy ones inside functions and those only for type checking."""
    graph = {name: imports_of(name) for name in MODULES}
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            circle = [*path[path.index(name) :], name]
            pytest.fail("import circle: " + " -> ".join(circle))
        if name in done:
            return
        for imported in sorted(graph[name]):
            if not imported.startswith(name + "."):  # a package loading its own modules
                visit(imported, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_the_core_names_no_family() -> None:
    core = ["pytest_django_guard.plugin", "pytest_django_guard.items"]
    for name in core:
        named = {imported for imported in imports_of(name) if family_of(imported)}
        assert named == set(), f"{name} imports {named}"


def test_no_family_imports_another() -> None:
    crossings = [
        f"{name} -> {imported}"
        for name in MODULES
        if family_of(name)
        for imported in imports_of(name)
        if family_of(imported) not in (None, family_of(name))
    ]
    assert crossings == []


def test_the_toolkit_imports_no_family() -> None:
    toolkit = [name for name in MODULES if ".toolkit" in name]
    assert toolkit
    for name in toolkit:
        assert {i for i in imports_of(name) if ".families" in i} == set(), name
