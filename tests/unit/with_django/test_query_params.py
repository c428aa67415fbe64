"""The query parameters a list reads, enumerated through django-filter's and DRF's own APIs,
and the ordering terms that reach a secret."""

import sys

import django_filters
import pytest
from directory.models import Contact, Organization
from directory.views import ContactViewSet
from django.contrib.auth import get_user_model
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.filters import BaseFilterBackend, OrderingFilter, SearchFilter
from rest_framework.test import APIRequestFactory

from pytest_django_guard.endpoint.query_params import (
    FILTER,
    ORDERING,
    SEARCH,
    UNKNOWN,
    QueryParam,
    filterset_params,
    query_params,
    search_path,
)
from pytest_django_guard.families.permissions.ordering import secret_terms


class Contacts(ContactViewSet):
    """The directory's view, with a queryset that needs no signed-in user."""

    def get_queryset(self):
        return Contact.objects.all()


def params_of(view_class: type) -> list[QueryParam]:
    view = view_class()
    view.action_map = {"get": "list"}
    view.request = view.initialize_request(APIRequestFactory().get("/"))
    view.format_kwarg, view.args, view.kwargs = None, (), {}
    return query_params(view)


def by_name(params: list[QueryParam]) -> dict[str, QueryParam]:
    return {param.name: param for param in params}


def test_the_directory_list_reads_filterset_fields_search_and_ordering() -> None:
    params = by_name(params_of(Contacts))

    assert params["owner"] == QueryParam(
        ("owner",), FILTER, ("owner__id",), "django-filter's filterset_fields"
    )
    assert params["organization__in"].paths == ("organization__id",)
    assert params["organization__slug"].paths == ("organization__slug",)
    assert params["created_at__gte"].paths == ("created_at",)
    assert params["favourite"].boolean
    assert not params["name__icontains"].boolean
    assert params["search"] == QueryParam(
        ("search",), SEARCH, ("name", "email", "organization__name"), "SearchFilter"
    )
    assert params["ordering"] == QueryParam(("ordering",), ORDERING, (), "OrderingFilter")


class ContactFilterSet(django_filters.FilterSet):
    span = django_filters.DateFromToRangeFilter(field_name="created_at")
    size = django_filters.NumericRangeFilter(field_name="id")
    org = django_filters.ModelChoiceFilter(
        field_name="organization", to_field_name="slug", queryset=Organization.objects.all()
    )
    mine = django_filters.BooleanFilter(method="only_mine")
    q = django_filters.CharFilter(method="anything")
    sort = django_filters.OrderingFilter(fields=["name"])

    class Meta:
        model = Contact
        fields = ["name"]


def test_a_filterset_class_is_read_filter_by_filter() -> None:
    params = by_name(filterset_params(ContactFilterSet))

    assert params["name"].paths == ("name",)
    # Range widgets read two parameters, named by their suffixes.
    assert params["span_after"].names == ("span_after", "span_before")
    assert params["size_min"].names == ("size_min", "size_max")
    # A ModelChoiceFilter compares the related row's to_field_name.
    assert params["org"].paths == ("organization__slug",)
    # A method filter is named after itself: its "path" may be none of the model's.
    assert params["q"].paths == ("q",)
    assert params["mine"].boolean
    assert params["sort"].kind == ORDERING
    assert {p.source for p in params.values()} == {"django-filter's ContactFilterSet"}


class Sorted(OrderingFilter):
    ordering_param = "sort"


class Searched(SearchFilter):
    search_param = "q"


class TenantBackend(BaseFilterBackend):
    """A project's own backend: what its parameter filters on is not known."""

    def filter_queryset(self, request, queryset, view):
        return queryset

    def get_schema_operation_parameters(self, view):
        return [{"name": "tenant", "in": "query", "schema": {"type": "string"}}]


class Custom(viewsets.ReadOnlyModelViewSet):
    queryset = Contact.objects.all()
    filter_backends = [Sorted, Searched, TenantBackend]
    search_fields = ["^name", "=email", "$organization__name", "@name"]


def test_custom_parameter_names_and_a_projects_own_backend() -> None:
    params = by_name(params_of(Custom))

    assert params["sort"].kind == ORDERING
    assert params["q"].paths == ("name", "email", "organization__name", "name")
    assert params["tenant"] == QueryParam(("tenant",), UNKNOWN, (), "TenantBackend")


@pytest.mark.parametrize(
    ("field", "path"),
    [("^name", "name"), ("=email", "email"), ("@body", "body"), ("owner__username", None)],
)
def test_search_fields_lose_their_prefix(field: str, path: str | None) -> None:
    assert search_path(field) == (path or field)


class NoSearch(viewsets.ReadOnlyModelViewSet):
    queryset = Contact.objects.all()
    filter_backends = [SearchFilter, DjangoFilterBackend]


def test_a_search_without_fields_and_a_backend_without_filterset_read_nothing() -> None:
    assert params_of(NoSearch) == []


def test_without_django_filter_its_backend_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A project without django-filter installed: the import fails, nothing else does."""
    monkeypatch.setitem(sys.modules, "django_filters.rest_framework", None)

    params = by_name(params_of(Contacts))

    assert set(params) == {"search", "ordering"}


def test_secret_terms_reach_passwords_and_secret_named_fields() -> None:
    everyone = [t.term for t in secret_terms(Contact, "owner", own=False)]
    own = [t.term for t in secret_terms(Contact, "owner", own=True)]
    users = [t.term for t in secret_terms(get_user_model(), "self", own=False)]

    assert sorted(everyone) == ["organization__api_key", "owner__password"]
    # An own list shows the actor's own rows: their owner is the actor.
    assert own == ["organization__api_key"]
    assert users == ["password"]
