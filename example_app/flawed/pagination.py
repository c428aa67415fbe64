"""A paginator of its own shape: ``{"items": [...], "total": n, "next": url}``, not DRF's."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class ItemsPagination(PageNumberPagination):
    """Pages answer ``items`` / ``total`` / ``next``; the schema says where the rows are."""

    page_size = 20

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
                "total": {"type": "integer", "example": 123},
                "next": {"type": "string", "nullable": True, "format": "uri"},
            },
        }
