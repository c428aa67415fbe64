"""A page shaped {"items": [...], "total": n, "next": url}: not DRF's "results"."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class ItemsPagination(PageNumberPagination):
    page_size = 10
    page_size_query_param = "per_page"
    max_page_size = 50

    def get_paginated_response(self, data):
        return Response(
            {"items": data, "total": self.page.paginator.count, "next": self.get_next_link()}
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["items", "total"],
            "properties": {
                "items": schema,
                "total": {"type": "integer"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
            },
        }
