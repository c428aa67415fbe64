"""Guard.filters: a bad value fails at collection in one line naming the view and the field."""

from typing import Any

import pytest

from pytest_django_guard.declare.declaration import parse
from pytest_django_guard.declare.discovery import Endpoint, discover
from pytest_django_guard.families.permissions import PermissionChecks
from pytest_django_guard.findings import DeclarationError

CONTACT = {"factory": "directory.factories.ContactFactory", "owner": "owner"}


@pytest.fixture(scope="module")
def contacts() -> Endpoint:
    (endpoint,) = [e for e in discover("config.urls") if e.label == "directory.ContactViewSet"]
    return endpoint


def parse_filters(endpoint: Endpoint, filters: Any) -> Any:
    declaration = parse(
        endpoint,
        {**CONTACT, "filters": filters},
        default_policy="private",
        fixture_exists=lambda name: False,
        family_fields=PermissionChecks.fields,
    )
    return declaration.family_fields["filters"]


def by_organization(row: Any) -> dict[str, Any]:
    return {"organization": row.organization_id}


@pytest.mark.parametrize(
    "filters",
    [
        None,
        {"list": {"organization": "organization_id", "q": None, "tenant": "owner__id"}},
        {"list": {"org": lambda row: row.organization.slug}},
        {"list": by_organization},
    ],
    ids=["none", "paths", "callable-value", "callable-action"],
)
def test_good_filters_are_kept(contacts: Endpoint, filters: Any) -> None:
    assert parse_filters(contacts, filters) == (filters or {})


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (["organization"], "must be a dict: {action: {parameter: *"),
        ({"lst": {"q": "name"}}, "'lst' is not an action of this endpoint (routed: list, *"),
        ({"retrieve": {"q": "name"}}, "'retrieve' does not answer a list: *"),
        ({"list": "organization"}, "'list': 'organization' must be a dict {action: *"),
        ({"list": {"q": 3}}, "'list': 'q': 3 must be a path, a callable or None"),
        (
            {"list": {"organization": "owner__org_id"}},
            "'list': 'organization': 'owner__org_id' is not a path from directory.Contact: "
            "Cannot resolve keyword 'org_id' into field*",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_view_and_field(
    contacts: Endpoint, filters: Any, message: str
) -> None:
    with pytest.raises(DeclarationError) as error:
        parse_filters(contacts, filters)

    assert len(str(error.value).splitlines()) == 1
    pytest.LineMatcher([str(error.value)]).fnmatch_lines(
        [f"directory.ContactViewSet: Guard.filters: {message}"]
    )
