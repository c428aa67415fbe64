"""Plugin state, kept in ``config.stash`` (never in module globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .discovery import Endpoint


@dataclass
class GuardState:
    """What discovery found and what the project declared from the test side."""

    endpoints: list[Endpoint]
    default_policy: str
    declared_in_tests: dict[str, dict[str, Any]] = field(default_factory=dict)
    collection_errors: int = 0  # endpoints whose declaration failed to parse

    def raw_declaration(self, endpoint: Endpoint) -> dict[str, Any] | None:
        """The test-side declaration for the view, else its inner ``Guard`` class."""
        from .declaration import guard_class_fields

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


STATE = pytest.StashKey[GuardState]()
