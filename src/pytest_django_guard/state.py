"""What discovery found and the project declared, kept in ``config.stash``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .declare.discovery import Endpoint


@dataclass
class GuardState:
    """The routed endpoints and the declarations made from the test side."""

    endpoints: list[Endpoint]
    declared_in_tests: dict[Any, dict[str, Any]] = field(default_factory=dict)
    collection_errors: int = 0  # endpoints whose declaration failed to parse

    def raw_declaration(self, endpoint: Endpoint) -> dict[str, Any] | None:
        """The test-side declaration for the view, else its inner ``Guard`` class."""
        from .declare.fields import guard_class_fields

        declared = self.declared_in_tests.get(endpoint.view)
        return declared if declared is not None else guard_class_fields(endpoint.view)

    @property
    def unrouted_declarations(self) -> list[str]:
        """Test-side declarations naming no routed view (a typo, or another settings module)."""
        routed = {endpoint.view for endpoint in self.endpoints}
        return sorted(_name(view) for view in self.declared_in_tests if view not in routed)

    @property
    def guarded(self) -> list[Endpoint]:
        return [e for e in self.endpoints if self.raw_declaration(e) is not None]

    @property
    def unguarded(self) -> list[Endpoint]:
        return [e for e in self.endpoints if self.raw_declaration(e) is None]

    def declarer(self) -> Callable[..., None]:
        """The ``declare(view, **fields)`` passed to ``pytest_guard_declare``.

        Views are kept by identity: a dotted path is imported, so a re-exported path names
        the same view, and two views of one name never share a declaration.
        """

        def declare(view: Any, **fields: Any) -> None:
            self.declared_in_tests[_resolve(view)] = fields

        return declare


def _resolve(view: Any) -> Any:
    """The view class: imported from a dotted path; an @api_view function's class."""
    if isinstance(view, str):
        from django.utils.module_loading import import_string

        try:
            view = import_string(view)
        except ImportError:
            return view  # reported as a declaration naming no routed view
    return getattr(view, "cls", view)


def _name(view: Any) -> str:
    if isinstance(view, str):
        return view
    from .declare.discovery import view_name

    return f"{view.__module__}.{view_name(view)}"


STATE = pytest.StashKey[GuardState]()


def state(config: pytest.Config) -> GuardState:
    """Discover endpoints once per session, and collect test-side declarations."""
    if STATE not in config.stash:
        from django.conf import settings as django_settings

        from .declare.discovery import discover
        from .settings import settings

        urlconf = settings(config).urlconf or django_settings.ROOT_URLCONF
        try:
            import_module(urlconf)
        except Exception as error:  # a typo in guard_urlconf, or the project's URLconf broken
            where = "guard_urlconf" if settings(config).urlconf else "ROOT_URLCONF"
            raise pytest.UsageError(
                f"pytest-django-guard: cannot import the URLconf {urlconf!r} ({where}): "
                f"{type(error).__name__}: {error}"
            ) from None
        found = GuardState(endpoints=discover(urlconf))
        config.hook.pytest_guard_declare(declare=found.declarer())
        config.stash[STATE] = found
    return config.stash[STATE]
