"""Where a query comes from in the project's own code: its line, or the serializer field.

An N+1 report must point at what to change: the serializer method or field, or the view. It
must never point at pytest's launcher (``bin/pytest``, ``python -m pytest`` through runpy), the
interpreter, an installed library or this plugin, however they are installed or invoked.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import site
import sys
import sysconfig
from pathlib import Path
from types import FrameType
from typing import Any

NO_PROJECT_FRAME = "library code (no frame of the project's own)"
_PLUGIN_DIR = str(Path(__file__).resolve().parent.parent)  # the whole plugin package


@functools.cache
def _not_project_roots() -> tuple[str, ...]:
    """The interpreter's standard library, scripts and site-packages, and this plugin.

    Taken from sysconfig rather than ``sys.prefix``: a project in ``/usr/src/app`` lives under
    the prefix ``/usr`` of a system Python, yet it is the project's code.
    """
    paths = {
        value
        for key, value in sysconfig.get_paths().items()
        if key in ("stdlib", "platstdlib", "purelib", "platlib", "scripts")
    }
    paths.update(site.getsitepackages())
    paths.add(site.getusersitepackages())
    paths.add(_PLUGIN_DIR)
    return tuple(os.path.realpath(path) + os.sep for path in paths)


@functools.cache
def is_project_file(filename: str) -> bool:
    """Whether ``filename`` is the project's own code (not a library, the plugin or Python)."""
    if filename.startswith("<"):  # <frozen runpy>, <string>, <stdin>
        return False
    path = os.path.realpath(filename)
    if "site-packages" in path or "dist-packages" in path:  # another environment's libraries
        return False
    return not path.startswith(_not_project_roots())


def project_frame() -> str:
    """The innermost place in the project's code on the current stack, as ``file:line in name``.

    A serializer field DRF renders (a nested serializer, a related field) is named as the
    field of the project's serializer that declares it, since no line of the project runs it.
    """
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") != "__main__":  # a launcher script, runpy's target
            filename = frame.f_code.co_filename
            if is_project_file(filename):
                return f"{filename}:{frame.f_lineno} in {frame.f_code.co_name}"
            field = _serializer_field(frame)
            if field is not None:
                return field
        frame = frame.f_back
    return NO_PROJECT_FRAME


def _serializer_field(frame: FrameType) -> str | None:
    """``file:line in Serializer.field`` at DRF's ``Serializer.to_representation`` frame."""
    module = str(frame.f_globals.get("__name__"))
    if frame.f_code.co_name != "to_representation" or not module.startswith("rest_framework"):
        return None
    serializer, field = frame.f_locals.get("self"), frame.f_locals.get("field")
    name = getattr(field, "field_name", None)
    if serializer is None or not isinstance(name, str):
        return None
    declared = _declared_at(type(serializer), name)
    if declared is None:  # a library's serializer: keep looking outwards
        return None
    filename, line = declared
    return f"{filename}:{line} in {type(serializer).__name__}.{name}"


def _declared_at(cls: type[Any], name: str) -> tuple[str, int] | None:
    """Where the project's serializer class (or a project base) declares field ``name``.

    A field the class does not declare (one ``Meta.fields`` generates) is placed at the class.
    """
    sources = [source for source in map(_source, cls.__mro__) if source is not None]
    for filename, start, lines in sources:
        header = next((i for i, t in enumerate(lines) if t.lstrip().startswith("class ")), 0)
        body = next((len(t) - len(t.lstrip()) for t in lines[header + 1 :] if t.strip()), 0)
        declaration = re.compile(rf"^ {{{body}}}{re.escape(name)}\s*[:=]")
        for offset, text in enumerate(lines):
            if declaration.match(text):
                return filename, start + offset
    return (sources[0][0], sources[0][1]) if sources else None


def _source(cls: type[Any]) -> tuple[str, int, list[str]] | None:
    """(file, first line, lines) of a class defined in the project's code, else None."""
    try:
        filename = inspect.getsourcefile(cls)
        lines, start = inspect.getsourcelines(cls)
    except (OSError, TypeError):
        return None
    if filename is None or not is_project_file(filename):
        return None
    return filename, start, lines
