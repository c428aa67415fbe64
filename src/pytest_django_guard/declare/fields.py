"""Helpers for validating ``Guard`` fields, shared by the core and the families' own fields.

Every problem becomes one ``DeclarationError`` line naming the view and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..findings import DeclarationError

if TYPE_CHECKING:
    from .discovery import Endpoint, Route


class FieldCheck:
    """Validation helpers bound to one endpoint and one field."""

    def __init__(self, endpoint: Endpoint, field_name: str = "") -> None:
        self.endpoint = endpoint
        self.field_name = field_name

    def fail(self, field_name: str, message: str) -> DeclarationError:
        return DeclarationError(f"{self.endpoint.label}: Guard.{field_name}: {message}")

    def error(self, message: str) -> DeclarationError:
        """A problem with the field being checked."""
        return self.fail(self.field_name, message)

    def routes_of(self, action: Any, field_name: str | None = None) -> list[Route]:
        """The routes of ``action``; an action the endpoint does not route fails."""
        routes = self.endpoint.routes_for(action)
        if not routes:
            raise self.fail(
                field_name or self.field_name,
                f"{action!r} is not an action of this endpoint "
                f"(routed: {', '.join(self.endpoint.actions)})",
            )
        return routes

    def positive_int(self, value: Any, field_name: str | None = None) -> int | None:
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise self.fail(
                field_name or self.field_name, f"{value!r} must be a positive whole number"
            )
        return value

    def per_action(
        self, value: Any, describe: str, check: Callable[[str, Any], None]
    ) -> dict[str, Any]:
        """A ``{action: value}`` dict whose actions are routed; ``check`` validates each value."""
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.error(f"must be a dict: {describe}")
        for action, item in value.items():
            self.routes_of(action)
            check(action, item)
        return dict(value)


FieldParser = Callable[[Any, FieldCheck], Any]  # (declared value or None, helpers) -> parsed


def guard_class_fields(view: Any) -> dict[str, Any] | None:
    """The public attributes of ``view.Guard``, or None when the view declares nothing.

    A Guard may inherit from a shared base (``class Guard(PrivateNoteGuard): rows = ...``).
    """
    guard = getattr(view, "Guard", None)
    if guard is None:
        return None
    fields: dict[str, Any] = {}
    for klass in reversed(guard.__mro__[:-1]):  # the base first, object left out
        fields.update({k: v for k, v in vars(klass).items() if not k.startswith("_")})
    return fields
