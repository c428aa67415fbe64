"""pytest-django-guard: tests generated from a ``Guard`` declared on each DRF viewset.

Importing this package never imports Django, so the plugin loads in any pytest run.
"""

from __future__ import annotations

__version__ = "0.1.0.dev0"
__all__ = ["__version__"]
