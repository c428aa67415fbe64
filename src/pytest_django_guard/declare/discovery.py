"""Find every routed DRF endpoint by walking the URLconf with DRF's own enumerator."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.apps import apps
from rest_framework import mixins
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
_DETAIL_ACTIONS = ("retrieve", "update", "partial_update", "destroy")
_DETAIL_MIXINS: dict[str, type] = {
    "GET": mixins.RetrieveModelMixin,
    "PUT": mixins.UpdateModelMixin,
    "PATCH": mixins.UpdateModelMixin,
    "DELETE": mixins.DestroyModelMixin,
}


@dataclass(frozen=True)
class Route:
    """One action reachable at one URL with one HTTP method."""

    action: str
    method: str
    path: str  # URI template, e.g. "/api/orders/{pk}/"
    detail: bool
    singleton: bool = False  # a detail route without a lookup in its URL ("me" endpoints)
    plain: bool = False  # a plain APIView or @api_view: a method, no queryset to derive from
    declared_kind: Kind | None = None  # Guard.kinds, where the classification is wrong

    @property
    def kind(self) -> Kind:
        if self.declared_kind is not None:
            return self.declared_kind
        safe = self.method in _SAFE
        if self.plain and not self.detail:
            return Kind.READ if safe else Kind.WRITE
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

    def with_kinds(self, kinds: Mapping[str, Kind]) -> Endpoint:
        """A copy whose routes of the actions in ``kinds`` have the declared kind."""
        routes = [
            replace(route, declared_kind=kinds[route.action]) if route.action in kinds else route
            for route in self.routes
        ]
        return replace(self, routes=routes)

    def routes_for(self, action: str) -> list[Route]:
        return [route for route in self.routes if route.action == action]

    @property
    def lookup_url_kwarg(self) -> str:
        return lookup_kwarg(self.view)


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
    """Every DRF endpoint in the URLconf, grouped by (view class, URL root), sorted by label.

    Roots are compared without their trailing slash: a router with ``trailing_slash=False``
    gives ``/things`` and ``/things/{pk}``, one endpoint.
    """
    grouped: dict[tuple[type[APIView], str], Endpoint] = {}
    for path, method, callback in _Enumerator(urlconf=urlconf).get_api_endpoints():
        route = _route(path, method, callback)
        view = callback.cls
        root = _root(route, view)
        key = (view, root.rstrip("/"))
        endpoint = grouped.setdefault(key, Endpoint(view=view, root=root))
        if route not in endpoint.routes:
            endpoint.routes.append(route)
            endpoint.initkwargs[route.action] = dict(getattr(callback, "initkwargs", {}) or {})
    endpoints = list(grouped.values())
    _label(endpoints)
    return sorted(endpoints, key=lambda endpoint: endpoint.label)


def _route(path: str, method: str, callback: Any) -> Route:
    """Classify from the view (its action map, @action flags, generic mixins), not the URL."""
    view = callback.cls
    has_lookup = f"{{{lookup_kwarg(view)}}}" in path
    actions = getattr(callback, "actions", None)
    if not actions and not issubclass(view, GenericAPIView):
        # A plain view: its methods are its actions; a lookup kwarg in the URL names an object.
        action = method.lower()
        return Route(action=action, method=method, path=path, detail=has_lookup, plain=True)
    if actions:
        action = actions[method.lower()]
        detail = _viewset_detail(view, action, callback, has_lookup)
    else:
        action, detail = _generic_action(view, method, has_lookup)
    singleton = detail and not has_lookup
    return Route(action=action, method=method, path=path, detail=detail, singleton=singleton)


def _viewset_detail(view: Any, action: str, callback: Any, has_lookup: bool) -> bool:
    if action in _DETAIL_ACTIONS:
        return True
    if action in ("list", "create"):
        return False
    flag = getattr(getattr(view, action, None), "detail", None)
    if flag is None:
        flag = (getattr(callback, "initkwargs", None) or {}).get("detail")
    return bool(has_lookup if flag is None else flag)


def _generic_action(view: Any, method: str, has_lookup: bool) -> tuple[str, bool]:
    """A generic view's action from its mixins: GET is list or retrieve, POST create, ..."""
    if method == "GET" and issubclass(view, mixins.ListModelMixin):
        return "list", False
    if method == "GET" and issubclass(view, mixins.RetrieveModelMixin):
        return "retrieve", True
    if method == "POST" and issubclass(view, mixins.CreateModelMixin):
        return "create", False
    if method in _GENERIC_DETAIL and issubclass(view, _DETAIL_MIXINS[method]):
        return _GENERIC_DETAIL[method], True
    if has_lookup:
        return _GENERIC_DETAIL.get(method, method.lower()), True
    return {"GET": "list", "POST": "create"}.get(method, method.lower()), False


def lookup_kwarg(view: Any) -> str:
    return str(getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk"))


def _root(route: Route, view: type[APIView]) -> str:
    """The URL prefix shared by all of one mounting's routes (list URL of a router)."""
    path = route.path
    if route.plain and not route.detail:
        return path
    if route.detail:
        index = path.find(f"{{{lookup_kwarg(view)}}}")
        return path[:index] if index >= 0 else path
    if route.action in STANDARD_ACTIONS:
        return path
    url_path = getattr(getattr(view, route.action, None), "url_path", route.action)
    for suffix in (f"{url_path}/", url_path):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def _label(endpoints: list[Endpoint]) -> None:
    """Name endpoints ``app_label.ViewName``, adding the URL root where a view is mounted twice.

    Two different views with one class name in one app get their module in the label
    (``shop.api.OrderViewSet``), so node ids and lock keys never collide.
    """
    by_view: dict[type[APIView], list[Endpoint]] = defaultdict(list)
    for endpoint in endpoints:
        by_view[endpoint.view].append(endpoint)
    names = {view: _view_name(view, module=False) for view in by_view}
    taken: dict[str, list[Any]] = defaultdict(list)
    for view, name in names.items():
        taken[name].append(view)
    for view, mounts in by_view.items():
        name = names[view] if len(taken[names[view]]) == 1 else _view_name(view, module=True)
        for endpoint in mounts:
            endpoint.label = name + (f"@{endpoint.root}" if len(mounts) > 1 else "")


def _view_name(view: Any, *, module: bool) -> str:
    config = apps.get_containing_app_config(view.__module__)
    prefix = config.label if config else view.__module__
    if module and config is not None:
        tail = view.__module__.removeprefix(config.name).strip(".")
        prefix = f"{prefix}.{tail}" if tail else prefix
    return f"{prefix}.{view_name(view)}"


def view_name(view: Any) -> str:
    """The view's name as written: its qualname, or the function's behind an @api_view."""
    # @api_view makes a class "WrappedAPIView" named after the function.
    return str(view.__name__ if view.__qualname__ == "WrappedAPIView" else view.__qualname__)


def is_generic(view: type[APIView]) -> bool:
    """Only GenericAPIView subclasses expose the queryset and serializer the checks need."""
    return issubclass(view, GenericAPIView)


def view_label(view: Any) -> str:
    """``app_label.ViewName``: how a report names the endpoint a view serves."""
    return _view_name(view, module=False)
