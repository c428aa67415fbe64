"""Where a view's declaration is written: the location pytest reports for its generated
tests (editors jump there; -v and JUnit show it)."""

from __future__ import annotations

import ast
import functools
import inspect
from pathlib import Path
from typing import Any


@functools.cache
def source_line(view: Any) -> tuple[Path, int]:
    """Where the view (better: its Guard) is written, for editors, -v and JUnit."""
    target = getattr(view, "Guard", None) or view
    try:
        path = Path(inspect.getfile(target))
    except TypeError:
        return Path(inspect.getfile(view)), 0
    line = _class_lines(str(path)).get(target.__qualname__)
    if line is None:
        try:
            _, line = inspect.getsourcelines(target)
        except (OSError, TypeError):
            return path, 0
    return path, line - 1  # pytest locations are 0-based


@functools.cache
def _class_lines(filename: str) -> dict[str, int]:
    """Each class's first line (its decorators') by qualified name, from one parse of the
    module: inspect parses the whole module again for every class asked about, which made
    locating N views in one module cost N parses."""
    try:
        tree = ast.parse(Path(filename).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return {}
    lines: dict[str, int] = {}

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                lines.setdefault(prefix + child.name, first)
                walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                walk(child, f"{prefix}{child.name}.<locals>.")

    walk(tree, "")
    return lines
