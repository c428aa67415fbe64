"""Three pagination styles, each with a size parameter of its own and a maximum."""

from rest_framework.pagination import CursorPagination, LimitOffsetPagination, PageNumberPagination


class SizedPagination(PageNumberPagination):
    """?page=2&size=8: a custom size parameter, capped."""

    page_size = 5
    page_size_query_param = "size"
    max_page_size = 12


class WindowPagination(LimitOffsetPagination):
    """?limit=10&offset=20, capped by max_limit."""

    default_limit = 5
    max_limit = 15


class StreamCursorPagination(CursorPagination):
    """?cursor=...: newest first; created_at ties (a batch import) broken by id."""

    page_size = 5
    page_size_query_param = "count"
    max_page_size = 20
    ordering = ("-created_at", "-id")
