"""FieldCheck, the validation helpers the core and every family use for their Guard fields."""

from typing import Any

import pytest

from pytest_django_guard.declare.discovery import Endpoint, discover
from pytest_django_guard.declare.fields import FieldCheck
from pytest_django_guard.findings import DeclarationError

ORDER_ACTIONS = "list, create, retrieve, update, partial_update, destroy, cancel, recent"


@pytest.fixture(scope="module")
def orders() -> Endpoint:
    (endpoint,) = [e for e in discover("config.urls") if e.label == "shop.OrderViewSet"]
    return endpoint


@pytest.fixture
def check(orders: Endpoint) -> FieldCheck:
    return FieldCheck(orders, "budget")


def test_fail_names_the_view_and_any_field(check):
    error = check.fail("owner", "is wrong")

    assert isinstance(error, DeclarationError)
    assert str(error) == "shop.OrderViewSet: Guard.owner: is wrong"


def test_error_names_the_field_being_checked(check):
    assert str(check.error("is wrong")) == "shop.OrderViewSet: Guard.budget: is wrong"


def test_routes_of_an_action_are_its_routes(check):
    (route,) = check.routes_of("cancel")

    assert (route.method, route.path, route.detail) == ("POST", "/api/orders/{pk}/cancel/", True)


def test_routes_of_an_unrouted_action_fails_listing_the_routed_ones(check):
    with pytest.raises(DeclarationError) as raised:
        check.routes_of("refund")

    assert str(raised.value) == (
        "shop.OrderViewSet: Guard.budget: 'refund' is not an action of this endpoint "
        f"(routed: {ORDER_ACTIONS})"
    )


def test_routes_of_may_name_another_field(check):
    with pytest.raises(DeclarationError, match=r"^shop\.OrderViewSet: Guard\.skip: 'refund' "):
        check.routes_of("refund", "skip")


@pytest.mark.parametrize("value", [None, 1, 250])
def test_positive_int_accepts_none_and_positive_whole_numbers(check, value):
    assert check.positive_int(value) == value


@pytest.mark.parametrize("value", [0, -3, True, False, 2.0, "5", [5]])
def test_positive_int_rejects_anything_else(check, value):
    with pytest.raises(DeclarationError) as raised:
        check.positive_int(value)

    assert str(raised.value) == (
        f"shop.OrderViewSet: Guard.budget: {value!r} must be a positive whole number"
    )


def test_positive_int_may_name_another_field(check):
    with pytest.raises(DeclarationError) as raised:
        check.positive_int(0, "max_page_size")

    assert str(raised.value) == (
        "shop.OrderViewSet: Guard.max_page_size: 0 must be a positive whole number"
    )


def test_per_action_of_nothing_is_an_empty_dict(check):
    assert check.per_action(None, "{action: n}", lambda action, item: None) == {}


@pytest.mark.parametrize("value", [[("list", 1)], 3, "list"])
def test_per_action_needs_a_dict(check, value):
    with pytest.raises(DeclarationError) as raised:
        check.per_action(value, "{action: n}", lambda action, item: None)

    assert str(raised.value) == "shop.OrderViewSet: Guard.budget: must be a dict: {action: n}"


def test_per_action_checks_every_routed_action_and_returns_a_copy(check):
    seen: list[tuple[str, Any]] = []
    declared = {"list": 1, "cancel": 2}

    parsed = check.per_action(
        declared, "{action: n}", lambda action, item: seen.append((action, item))
    )

    assert parsed == declared
    assert parsed is not declared
    assert seen == [("list", 1), ("cancel", 2)]


def test_per_action_fails_on_an_unrouted_action_before_checking_its_value(check):
    seen: list[str] = []

    with pytest.raises(DeclarationError, match=r"Guard\.budget: 'refund' is not an action"):
        check.per_action({"list": 1, "refund": 2}, "{action: n}", lambda a, i: seen.append(a))

    assert seen == ["list"]


def test_per_action_passes_on_the_checks_own_error(check):
    def at_most_ten(action: str, item: Any) -> None:
        if item > 10:
            raise check.error(f"{action!r}: {item} is over 10")

    with pytest.raises(DeclarationError) as raised:
        check.per_action({"list": 11}, "{action: n}", at_most_ten)

    assert str(raised.value) == "shop.OrderViewSet: Guard.budget: 'list': 11 is over 10"
