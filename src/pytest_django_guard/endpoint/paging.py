"""What a pagination class offers its clients, read from the class the way DRF's own read it.

Pure: no request, no database. DRF's three classes and custom classes that keep their
attribute names (``page_size_query_param``, ``limit_query_param``, ``max_page_size``,
``max_limit``, ``page_query_param``, ``cursor_query_param``) are read alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rest_framework.pagination import CursorPagination, PageNumberPagination

HUGE = 1_000_000  # the page size a greedy client asks for
CONVENTIONAL_SIZE = "page_size"  # asked for when the class names no size parameter


@dataclass(frozen=True)
class Paging:
    """The knobs of one paginator: its page size, the size parameter and its maximum."""

    name: str  # the class name, for messages
    page_size: int | None  # rows on a page when the client asks for nothing
    size_param: str | None  # page_size_query_param / limit_query_param
    cap: int | None  # max_page_size / max_limit
    page_param: str | None  # a page number (PageNumberPagination style)
    offset_param: str | None  # LimitOffsetPagination's offset
    cursor_param: str | None  # CursorPagination's cursor
    strict_pages: bool  # DRF's own page / cursor reading: a bad page or cursor is a 404

    @property
    def cap_source(self) -> str:
        return "max_limit" if self.size_param and self.offset_param else "max_page_size"


def paging_of(paginator: Any) -> Paging:
    """The ``Paging`` of a paginator instance."""
    klass = type(paginator)
    size = _number(
        getattr(paginator, "page_size", None) or getattr(paginator, "default_limit", None)
    )
    size_param = getattr(paginator, "page_size_query_param", None) or getattr(
        paginator, "limit_query_param", None
    )
    cap = _number(
        getattr(paginator, "max_page_size", None) or getattr(paginator, "max_limit", None)
    )
    page_param = getattr(paginator, "page_query_param", None)
    cursor_param = getattr(paginator, "cursor_query_param", None)
    strict = (
        isinstance(paginator, PageNumberPagination)
        and klass.paginate_queryset is PageNumberPagination.paginate_queryset
    ) or (
        isinstance(paginator, CursorPagination)
        and klass.paginate_queryset is CursorPagination.paginate_queryset
    )
    return Paging(
        name=klass.__name__,
        page_size=size,
        size_param=str(size_param) if size_param else None,
        cap=cap,
        page_param=str(page_param) if page_param and not cursor_param else None,
        offset_param=getattr(paginator, "offset_query_param", None),
        cursor_param=str(cursor_param) if cursor_param else None,
        strict_pages=strict,
    )


def _number(value: Any) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class BadInput:
    """One malformed paging parameter, and whether the class must refuse it (4xx)."""

    param: str
    value: str
    must_refuse: bool  # False: ignoring it (a 2xx with a default page) is fine too

    @property
    def label(self) -> str:
        return f"?{self.param}={self.value}"


_PAGE_VALUES = ("0", "-1", "abc", "99999", "9" * 30)
_SIZE_VALUES = ("abc", "-1", "0", "9" * 30)
_CURSOR_VALUES = ("not-a-cursor", "bm9wZQ")


def bad_inputs(paging: Paging) -> list[BadInput]:
    """Malformed pages, sizes, offsets and cursors to send.

    DRF answers 404 to a page or cursor it cannot read, and ignores a size or offset it cannot
    read (a default page): both are fine, a 5xx never is. A class that reads pages its own
    way (an overridden ``paginate_queryset``, e.g. clamping to the last page) may answer 2xx.
    """
    inputs: list[BadInput] = []
    if paging.page_param:
        inputs += [BadInput(paging.page_param, v, paging.strict_pages) for v in _PAGE_VALUES]
    if paging.cursor_param:
        inputs += [BadInput(paging.cursor_param, v, paging.strict_pages) for v in _CURSOR_VALUES]
    for param in (paging.size_param, paging.offset_param):
        if param:
            inputs += [BadInput(param, v, False) for v in _SIZE_VALUES]
    return inputs


def with_param(url: str, param: str, value: Any) -> str:
    """``url`` with ``param`` set to ``value`` (replacing it), other parameters kept."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != param]
    query.append((param, str(value)))
    return urlunsplit(parts._replace(query=urlencode(query)))
