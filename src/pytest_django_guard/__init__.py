"""pytest-django-guard: tests generated from a ``Guard`` declared on each DRF viewset.

Importing this package never imports Django, so the plugin loads in any pytest run.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0.dev0"
# The toolkit's assertions, imported on first use (they import Django).
_TOOLKIT = (
    "assert_denied",
    "assert_hidden",
    "assert_no_mass_assignment",
    "assert_no_n_plus_one",
    "assert_num_queries",
    "assert_paginated",
    "assert_query_lock",
    "assert_scoped",
)
__all__ = ["__version__", *_TOOLKIT]


def __getattr__(name: str) -> Any:
    """``from pytest_django_guard import assert_denied`` without importing Django up front."""
    if name in _TOOLKIT:
        from .toolkit import asserts

        return getattr(asserts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
