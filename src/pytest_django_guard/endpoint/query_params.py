"""The query parameters a list reads, from its filter backends, and what each one filters on.

Read through the libraries' own APIs, never by guessing names: django-filter's filterset
(``get_filterset_class`` and each filter's ``field_name`` / ``lookup_expr``), DRF's
``SearchFilter`` (``search_param``, ``get_search_fields``) and ``OrderingFilter``
(``ordering_param``); any other backend by the parameters its
``get_schema_operation_parameters`` names. django-filter is optional: a project without it
simply has no filterset to read.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Any

from rest_framework.filters import OrderingFilter, SearchFilter

FILTER, SEARCH, ORDERING, UNKNOWN = "filter", "search", "ordering", "unknown"
_SEARCH_PREFIXES = "^=@$"


@dataclass(frozen=True)
class QueryParam:
    """One query parameter (or the parameters of one range widget) a list reads.

    ``paths`` are ORM paths from the row whose value the parameter compares with: one for a
    filter, one per search field for a search; none for ordering or an unknown backend.
    """

    names: tuple[str, ...]  # a range filter reads two (``price_min``, ``price_max``)
    kind: str  # FILTER, SEARCH, ORDERING or UNKNOWN
    paths: tuple[str, ...] = ()
    source: str = ""  # where it was read, for messages: "django-filter's NoteFilterSet"
    boolean: bool = False  # a yes/no filter: it cannot carry an identifier

    @property
    def name(self) -> str:
        return self.names[0]


def query_params(view: Any) -> list[QueryParam]:
    """Every query parameter the view's filter backends read (the view has its request)."""
    found: list[QueryParam] = []
    for backend_class in getattr(view, "filter_backends", ()):
        backend = backend_class()
        named = type(backend).__name__
        if isinstance(backend, OrderingFilter):
            found.append(QueryParam((backend.ordering_param,), ORDERING, source=named))
        elif isinstance(backend, SearchFilter):
            fields = backend.get_search_fields(view, view.request) or ()
            fields = (fields,) if isinstance(fields, str) else fields  # "__all__" is no list
            paths = tuple(search_path(field) for field in fields)
            if paths:
                found.append(QueryParam((backend.search_param,), SEARCH, paths, named))
        elif _is_django_filter(backend):
            found.extend(filterset_params(backend.get_filterset_class(view, view.get_queryset())))
        else:
            found.extend(_schema_params(backend, view, named))
    return found


def search_path(field: str) -> str:
    """``^name`` / ``=email`` / ``owner__username`` → the ORM path the search compares."""
    return field.lstrip(_SEARCH_PREFIXES)


def filterset_params(filterset_class: Any) -> list[QueryParam]:
    """The parameters of a django-filter FilterSet, from its ``base_filters``."""
    if filterset_class is None:
        return []
    from django_filters import filters as df

    named = filterset_class.__name__
    source = (
        "django-filter's filterset_fields"
        if named == "AutoFilterSet"
        else f"django-filter's {named}"
    )
    params: list[QueryParam] = []
    for name, item in filterset_class.base_filters.items():
        if isinstance(item, df.OrderingFilter):
            params.append(QueryParam((name,), ORDERING, source=source))
            continue
        path = str(item.field_name or name)
        to_field = item.extra.get("to_field_name")
        if to_field:  # a ModelChoiceFilter compares the related row's to_field_name value
            path = f"{path}__{to_field}"
        boolean = isinstance(item, df.BooleanFilter)
        params.append(QueryParam(_widget_names(item, name), FILTER, (path,), source, boolean))
    return params


def _widget_names(item: Any, name: str) -> tuple[str, ...]:
    """A range widget reads ``<name>_min`` / ``<name>_max`` (its suffixes), others ``name``."""
    from django_filters.widgets import SuffixedMultiWidget

    widget = item.extra.get("widget") or getattr(item.field_class, "widget", None)
    widget_class = widget if isinstance(widget, type) else type(widget)
    if not issubclass(widget_class, SuffixedMultiWidget):
        return (name,)
    return tuple(
        f"{name}_{suffix}" if suffix else name for suffix in getattr(widget_class, "suffixes", ())
    )


def _is_django_filter(backend: Any) -> bool:
    try:
        from django_filters.rest_framework import DjangoFilterBackend
    except ImportError:  # django-filter is optional
        return False
    return isinstance(backend, DjangoFilterBackend)


def _schema_params(backend: Any, view: Any, named: str) -> list[QueryParam]:
    """A project's own backend: the query parameters its schema names (what they filter on is
    unknown, so they need ``Guard.filters``)."""
    try:
        described = backend.get_schema_operation_parameters(view)
    except Exception:
        return []
    return [
        QueryParam((str(item["name"]),), UNKNOWN, source=named)
        for item in described or ()
        if isinstance(item, dict) and item.get("in") == "query" and item.get("name")
    ]


_READ_BY_HAND = re.compile(
    r"""(?:query_params|\bGET)\s*(?:\.get(?:list)?\(\s*|\[\s*)["']([^"'\s]+)["']"""
)


def read_by_hand(view_class: type[Any]) -> list[str]:
    """Query parameters the view's own code reads (``request.query_params.get("x")``,
    ``request.GET["x"]``), found in the source of its project classes; DRF's are skipped."""
    found: list[str] = []
    for klass in view_class.__mro__:
        if klass.__module__.split(".")[0] in ("rest_framework", "django", "builtins"):
            continue
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):
            continue
        found += [name for name in _READ_BY_HAND.findall(source) if name not in found]
    return found
