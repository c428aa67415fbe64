"""Find every routed DRF endpoint by walking the URLconf with DRF's own enumerator."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from rest_framework.generics import GenericAPIView
from rest_framework.schemas.generators import EndpointEnumerator
from rest_framework.views import APIView

from .policy import Kind

STANDARD_ACTIONS = ("list", "create", "retrieve", "update", "partial_update", "destroy")
_SAFE = ("GET", "HEAD", "OPTIONS")
_GENERIC_DETAIL = {
    "GET": "retrieve",
    "PUT": "update",
    "PATCH": "partial_update",
    "DELETE": "destroy",
}


@dataclass(frozen=True)
class Route:
    """One action reachable at one URL with one HTTP method."""

    action: str
    method: str
    path: str  # URI template, e.g. "/api/orders/{pk}/"
    detail: bool

    @property
    def kind(self) -> Kind:
        safe = self.method in _SAFE
        if self.detail:
            return Kind.DETAIL_READ if safe else Kind.DETAIL_WRITE
        return Kind.COLLECTION_READ if safe else Kind.CREATE


@dataclass
class Endpoint:
    """A view class mounted at one URL root, with all the routes it answers."""

    view: type[APIView]
    root: str
    routes: list[Route] = field(default_factory=list)
    label: str = ""
    initkwargs: dict[str, dict[str, Any]] = field(default_factory=dict)  # per action, from as_view

    @property
    def dotted_path(self) -> str:
        return f"{self.view.__module__}.{self.view.__qualname__}"

    @property
    def actions(self) -> list[str]:
        """Routed action names: the standard ones in CRUD order, then custom ones by name."""
        names = {route.action for route in self.routes}
        standard = [name for name in STANDARD_ACTIONS if name in names]
        return standard + sorted(names - set(STANDARD_ACTIONS))

    def routes_for(self, action: str) -> list[Route]:
        return [route for route in self.routes if route.action == action]

    @property
    def lookup_url_kwarg(self) -> str:
        view: Any = self.view
        return str(getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk"))


class _Enumerator(EndpointEnumerator):
    """DRF's enumerator, but keeping views that opted out of schema generation."""

    def should_include_endpoint(self, path: str, callback: Any) -> bool:
        view = getattr(callback, "cls", None)
        if not (isinstance(view, type) and issubclass(view, APIView)):
            return False
        if view.__module__.startswith("rest_framework."):
            return False  # DRF's own API root: nothing of the project's to guard
        return "{format}" not in path


def discover(urlconf: str | None = None) -> list[Endpoint]:
    """Every DRF endpoint in the URLconf, grouped by (view class, URL root), sorted by label."""
    grouped: dict[tuple[type[APIView], str], Endpoint] = {}
    for path, method, callback in _Enumerator(urlconf=urlconf).get_api_endpoints():
        route = _route(path, method, callback)
        view = callback.cls
        key = (view, _root(route, view))
        endpoint = grouped.setdefault(key, Endpoint(view=view, root=key[1]))
        if route not in endpoint.routes:
            endpoint.routes.append(route)
            endpoint.initkwargs[route.action] = dict(getattr(callback, "initkwargs", {}) or {})
    endpoints = list(grouped.values())
    _label(endpoints)
    return sorted(endpoints, key=lambda endpoint: endpoint.label)


def _route(path: str, method: str, callback: Any) -> Route:
    view = callback.cls
    lookup = "{%s}" % (
        getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
    )
    initkwargs = getattr(callback, "initkwargs", {}) or {}
    detail = initkwargs.get("detail")
    if detail is None:
        detail = lookup in path
    actions = getattr(callback, "actions", None)
    if actions:
        action = actions[method.lower()]
    elif detail:
        action = _GENERIC_DETAIL.get(method, method.lower())
    else:
        action = "list" if method == "GET" else "create" if method == "POST" else method.lower()
    return Route(action=action, method=method, path=path, detail=bool(detail))


def _root(route: Route, view: type[APIView]) -> str:
    """The URL prefix shared by all of one mounting's routes (list URL of a router)."""
    path = route.path
    if route.detail:
        lookup = "{%s}" % (
            getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        )
        index = path.find(lookup)
        return path[:index] if index >= 0 else path
    if route.action in STANDARD_ACTIONS:
        return path
    url_path = getattr(getattr(view, route.action, None), "url_path", route.action)
    for suffix in (f"{url_path}/", url_path):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def _label(endpoints: list[Endpoint]) -> None:
    """Name endpoints ``app_label.ViewName``, adding the URL root where a view is mounted twice."""
    by_view: dict[type[APIView], list[Endpoint]] = defaultdict(list)
    for endpoint in endpoints:
        by_view[endpoint.view].append(endpoint)
    for view, mounts in by_view.items():
        config = apps.get_containing_app_config(view.__module__)
        prefix = config.label if config else view.__module__
        for endpoint in mounts:
            endpoint.label = f"{prefix}.{view.__qualname__}"
            if len(mounts) > 1:
                endpoint.label += f"@{endpoint.root}"


def is_generic(view: type[APIView]) -> bool:
    """Only GenericAPIView subclasses expose the queryset and serializer the checks need."""
    return issubclass(view, GenericAPIView)
