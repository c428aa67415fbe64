"""Which routes must be throttled (the ini's URL names), and which routes bring their own
throttles rather than the project's defaults."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

from ...declare.declaration import Declaration
from ...declare.discovery import Endpoint, Route
from ...declare.outcomes import ALLOWED, outcome_for
from .. import Context
from .check import INI

ACTORS = ("anonymous", "other")  # actors every declaration has


@dataclass(frozen=True)
class NamedViews:
    """The view class (and, for a viewset, the actions) each URL name of the ini routes to."""

    routes: dict[str, list[tuple[Any, frozenset[str] | None]]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    def names(self, view: Any, action: str) -> bool:
        """Whether the ini names a URL routing ``action`` of ``view``."""
        return any(
            cls is view and (actions is None or action in actions)
            for found in self.routes.values()
            for cls, actions in found
        )


def _patterns(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(full name with namespaces, callback) of every named URL pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _patterns(pattern.url_patterns, space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern.callback


@functools.cache
def _named_views(urlconf: str, names: tuple[str, ...]) -> NamedViews:
    wanted: dict[str, list[tuple[Any, frozenset[str] | None]]] = {name: [] for name in names}
    for name, callback in _patterns(get_resolver(urlconf or None).url_patterns):
        if name in wanted:
            cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
            actions = getattr(callback, "actions", None)
            wanted[name].append((cls, frozenset(actions.values()) if actions else None))
    missing = tuple(name for name, found in wanted.items() if not found)
    return NamedViews({n: f for n, f in wanted.items() if f}, missing)


def named_views(urlconf: str, names: list[str]) -> NamedViews:
    return _named_views(urlconf, tuple(names))


def own_throttles(endpoint: Endpoint, route: Route) -> bool:
    """Whether the route's throttles are the view's own, not the project's defaults."""
    view: Any = endpoint.view
    initkwargs = endpoint.initkwargs.get(route.action, {})
    return (
        "throttle_classes" in initkwargs
        or list(view.throttle_classes) != list(APIView.throttle_classes)
        or view.get_throttles is not APIView.get_throttles
        or bool(getattr(view, "throttle_scope", None))
    )


def open_to_all(declaration: Declaration, route: Route) -> bool:
    """Whether the declaration answers the route to anonymous and signed-in callers."""
    return all(outcome_for(declaration, route, actor)[0] in ALLOWED for actor in ACTORS)


def project_throttles() -> bool:
    """Whether the project names default throttle classes (DEFAULT_THROTTLE_CLASSES)."""
    return bool(APIView.throttle_classes)


def unknown(name: str, ctx: Context) -> None:
    raise ctx.failure(
        None,
        expected=f"{INI} lists URL names of the project",
        got=f"{name!r} is the name of no URL pattern",
        hint=f"fix {INI} in the ini file (a namespaced name is written namespace:name)",
    )
