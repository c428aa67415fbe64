"""What discovery found and the project declared, kept in ``config.stash``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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

        declared = self.declared_in_tests.get(endpoint.dotted_path)
        return declared if declared is not None else guard_class_fields(endpoint.view)

    @property
    def unrouted_declarations(self) -> list[str]:
        """Test-side declarations naming no routed view (a typo, or another settings module)."""
        routed = {endpoint.dotted_path for endpoint in self.endpoints}
        return sorted(set(self.declared_in_tests) - routed)

    @property
    def guarded(self) -> list[Endpoint]:
        return [e for e in self.endpoints if self.raw_declaration(e) is not None]

    @property
    def unguarded(self) -> list[Endpoint]:
        return [e for e in self.endpoints if self.raw_declaration(e) is None]

    def declarer(self) -> Callable[..., None]:
        """The ``declare(view, **fields)`` passed to ``pytest_guard_declare``."""

        def declare(view: Any, **fields: Any) -> None:
            path = view if isinstance(view, str) else f"{view.__module__}.{view.__qualname__}"
            self.declared_in_tests[path] = fields

        return declare


STATE = pytest.StashKey[GuardState]()


def state(config: pytest.Config) -> GuardState:
    """Discover endpoints once per session, and collect test-side declarations."""
    if STATE not in config.stash:
        from django.conf import settings as django_settings

        from .declare.discovery import discover
        from .settings import settings

        urlconf = settings(config).urlconf or django_settings.ROOT_URLCONF
        found = GuardState(endpoints=discover(urlconf))
        config.hook.pytest_guard_declare(declare=found.declarer())
        config.stash[STATE] = found
    return config.stash[STATE]
