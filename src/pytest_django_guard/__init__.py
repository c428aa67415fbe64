"""pytest-django-guard: tests generated from a ``Guard`` declared on each DRF viewset.

Importing this package never imports Django, so the plugin loads in any pytest run.
"""

from __future__ import annotations

from typing import Any

from .public import ASSERTIONS

__version__ = "0.1.0.dev0"
__all__ = ["__version__", *ASSERTIONS]


def __getattr__(name: str) -> Any:
    """``from pytest_django_guard import assert_denied`` without importing Django up front."""
    if name in ASSERTIONS:  # imported on first use: they import Django
        from .toolkit import asserts

        return getattr(asserts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
