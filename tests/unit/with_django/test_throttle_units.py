"""Reading the rate a DRF throttle applies, and keeping throttle history to one test."""

from typing import Any

import pytest
from django.core.cache import cache as default_cache
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)
from rest_framework.views import APIView

from pytest_django_guard.declare.fields import FieldCheck
from pytest_django_guard.endpoint.throttles import HISTORY, applied_rate, isolated
from pytest_django_guard.families.throttle import parse_throttled
from pytest_django_guard.findings import DeclarationError


class User:
    pk = 7
    is_authenticated = True


def view_with(user: Any = None, **attributes: Any) -> Any:
    view = APIView()
    request = APIView().initialize_request(APIRequestFactory().post("/login/"))
    request.user = user if user is not None else type("Anon", (), {"is_authenticated": False})()
    view.request = request
    for name, value in attributes.items():
        setattr(view, name, value)
    return view


def test_an_anonymous_rate_applies_to_anonymous_callers_by_address() -> None:
    rate = applied_rate(AnonRateThrottle(), view_with())
    assert rate is not None
    assert (rate.key, rate.rate, rate.num_requests, rate.duration) == (
        "throttle_anon_127.0.0.1",
        "300/minute",
        300,
        60,
    )
    assert rate.describe() == "AnonRateThrottle (scope 'anon', rate '300/minute')"


def test_an_anonymous_rate_does_not_apply_to_a_user() -> None:
    assert applied_rate(AnonRateThrottle(), view_with(User())) is None


def test_a_user_rate_is_keyed_by_the_user() -> None:
    rate = applied_rate(UserRateThrottle(), view_with(User()))
    assert rate is not None
    assert rate.key == "throttle_user_7"


def test_a_scoped_rate_needs_the_views_scope() -> None:
    assert applied_rate(ScopedRateThrottle(), view_with()) is None
    rate = applied_rate(ScopedRateThrottle(), view_with(throttle_scope="login"))
    assert rate is not None
    assert (rate.rate, rate.num_requests) == ("5/minute", 5)


def test_an_allow_request_that_always_answers_true_does_not_hide_the_rate() -> None:
    class AlwaysAllows(AnonRateThrottle):
        def allow_request(self, request: Any, view: Any) -> bool:
            return True

    assert applied_rate(AlwaysAllows(), view_with()) is not None


def test_history_lives_in_a_local_cache_during_a_test_only() -> None:
    class OwnCache(SimpleRateThrottle):
        cache = default_cache
        scope = "anon"

    with isolated():
        assert SimpleRateThrottle.cache is HISTORY
        assert OwnCache.cache is HISTORY
        assert AnonRateThrottle.cache is HISTORY  # inherited
        HISTORY.set("throttle_anon_127.0.0.1", [1.0])
    assert HISTORY.get("throttle_anon_127.0.0.1") is None
    assert OwnCache.cache is default_cache
    assert "cache" not in vars(AnonRateThrottle)


class Endpoint:
    actions = ["create", "list"]

    @staticmethod
    def routes_for(action: str) -> list[str]:
        return [action] if action in Endpoint.actions else []

    label = "signin.LoginView"


@pytest.mark.parametrize(
    ("value", "parsed"),
    [(None, frozenset()), (True, frozenset({"create", "list"})), (["create"], {"create"})],
)
def test_throttled_is_true_or_a_list_of_actions(value: Any, parsed: Any) -> None:
    assert parse_throttled(value, FieldCheck(Endpoint(), "throttled")) == parsed  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yes", "must be True or a list of actions, e.g. ['create']"),
        (["destroy"], "'destroy' is not an action of this endpoint (routed: create, list)"),
    ],
)
def test_a_bad_throttled_is_one_line(value: Any, message: str) -> None:
    with pytest.raises(DeclarationError) as error:
        parse_throttled(value, FieldCheck(Endpoint(), "throttled"))  # type: ignore[arg-type]
    assert str(error.value) == f"signin.LoginView: Guard.throttled: {message}"


def test_ini_names_find_their_views_namespaces_included() -> None:
    from blog.views import PostViewSet
    from signin.views import PasswordResetView

    from pytest_django_guard.families.throttle.required import named_views

    views = named_views("", ["password-reset", "v2:post-v2-list", "no-such-url"])
    assert views.missing == ("no-such-url",)
    assert views.names(PasswordResetView, "post")
    assert views.names(PostViewSet, "list")
    assert views.names(PostViewSet, "create")  # the list URL routes both
    assert not views.names(PostViewSet, "retrieve")
