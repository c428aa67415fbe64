"""Object permissions (django-guardian) in Guard.actors and the ``object_permissions`` preset.

The outcomes are DRF's DjangoObjectPermissions with ObjectPermissionsFilter, step by step:
the model permission of the method first (403), then the view permission on the object (the
filter's 404), then the method's permission on the object (403).
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import override_settings

from pytest_django_guard.declare.declaration import Declaration, parse
from pytest_django_guard.declare.discovery import Endpoint, discover
from pytest_django_guard.declare.fields import guard_class_fields
from pytest_django_guard.declare.grants import Grant
from pytest_django_guard.declare.outcomes import measuring_actor, outcome_for, sees
from pytest_django_guard.findings import DeclarationError

SECRETS = "vault.SecretViewSet"
SECRET = {
    "factory": "vault.factories.SecretFactory",
    "owner": "owner",
    "policy": "object_permissions",
}
ACTIONS = ("list", "create", "retrieve", "update", "partial_update", "destroy")

# actor -> outcome per action, as a correct DRF + guardian view answers (example_app/vault).
EXPECTED = {
    "anonymous": ("deny", "deny", "deny", "deny", "deny", "deny"),
    "owner": ("permitted", "deny", "hide", "deny", "deny", "deny"),  # holds nothing
    "other": ("permitted", "deny", "hide", "deny", "deny", "deny"),
    "staff": ("permitted", "deny", "hide", "deny", "deny", "deny"),
    # model change + object view and change: no model delete, so destroy is 403 first.
    "reviewer": ("permitted", "deny", "allow", "allow", "allow", "deny"),
    # object view only: writes fail the model permission check (403) before the object.
    "viewer": ("permitted", "deny", "allow", "deny", "deny", "deny"),
    # model add and change only: creates; the filter hides the owner's secret (404).
    "editor": ("permitted", "allow", "hide", "hide", "hide", "deny"),
    "admin": ("all", "allow", "allow", "allow", "allow", "allow"),
}


@pytest.fixture(scope="module")
def endpoints() -> dict[str, Endpoint]:
    return {endpoint.label: endpoint for endpoint in discover("config.urls")}


@pytest.fixture
def declare(endpoints: dict[str, Endpoint]) -> Callable[..., Declaration]:
    def declare(label: str, raw: dict[str, Any]) -> Declaration:
        return parse(endpoints[label], raw, default_policy="private", fixture_exists=bool)

    return declare


@pytest.fixture
def error(declare: Callable[..., Declaration]) -> Callable[..., str]:
    def error(label: str, raw: dict[str, Any]) -> str:
        with pytest.raises(DeclarationError) as raised:
            declare(label, raw)
        return str(raised.value)

    return error


@pytest.fixture
def vault(endpoints, declare) -> tuple[Declaration, dict[str, Any]]:
    endpoint = endpoints[SECRETS]
    routes = {route.action: route for route in endpoint.routes}
    return declare(SECRETS, guard_class_fields(endpoint.view)), routes


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_the_preset_answers_as_drf_and_guardian_do(vault, actor: str) -> None:
    declaration, routes = vault

    got = tuple(outcome_for(declaration, routes[action], actor)[0] for action in ACTIONS)

    assert got == EXPECTED[actor]


def test_the_reason_names_the_step_that_refuses(vault) -> None:
    declaration, routes = vault
    why = 'policy "object_permissions": an actor sees the objects it holds the view permission '
    why += "on; writing needs the permission on the model and on the object; "

    assert outcome_for(declaration, routes["update"], "viewer")[1] == (
        why + "viewer does not hold vault.change_secret on the model (checked before the object)"
    )
    assert outcome_for(declaration, routes["update"], "editor")[1] == (
        why + "editor does not hold vault.view_secret on the object (the filter hides it)"
    )
    assert outcome_for(declaration, routes["list"], "viewer")[1] == (
        why + "viewer holds vault.view_secret on the owner's object"
    )


def test_an_object_permission_without_the_model_permission_is_refused_with_403(declare, vault):
    """DjangoObjectPermissions.has_permission asks for the model permission first."""
    _, routes = vault
    clerk = {"object_permissions": ["vault.view_secret", "vault.change_secret"]}
    declaration = declare(SECRETS, {**SECRET, "actors": {"clerk": clerk}})

    assert outcome_for(declaration, routes["update"], "clerk")[0] == "deny"
    assert outcome_for(declaration, routes["retrieve"], "clerk")[0] == "allow"


def test_refusal_deny_turns_the_filters_404_into_403(declare, vault) -> None:
    _, routes = vault
    declaration = declare(SECRETS, {**SECRET, "refusal": "deny"})

    assert outcome_for(declaration, routes["retrieve"], "other")[0] == "deny"


def test_a_list_shows_what_the_actor_may_view(vault) -> None:
    declaration, _ = vault
    target, another = object(), object()

    assert sees(declaration, "viewer", target, target)
    assert not sees(declaration, "viewer", another, target)
    assert not sees(declaration, "editor", target, target)
    assert sees(declaration, "admin", another, target)


def test_lists_are_measured_by_an_actor_who_sees_a_row(vault) -> None:
    """The owner holds nothing here: its list is empty, and an empty page skips a query."""
    declaration, routes = vault

    assert measuring_actor(declaration, routes["list"]) == "reviewer"
    assert measuring_actor(declaration, routes["retrieve"]) == "reviewer"
    assert measuring_actor(declaration, routes["create"]) == "editor"
    assert measuring_actor(declaration, routes["destroy"]) == "admin"


def test_a_builtin_actor_may_hold_object_permissions(declare, vault) -> None:
    _, routes = vault
    raw = {**SECRET, "actors": {"owner": {"object_permissions": ["vault.view_secret"]}}}
    declaration = declare(SECRETS, raw)

    assert declaration.actors == ()
    assert declaration.grants["owner"] == Grant(object_permissions=("vault.view_secret",))
    assert outcome_for(declaration, routes["retrieve"], "owner")[0] == "allow"


@pytest.mark.parametrize(
    ("held", "message"),
    [
        (
            {"object_permissions": "vault.view_secret"},
            "'x': object_permissions are 'app_label.codename' strings, e.g. ['vault.view_secret']",
        ),
        (
            {"object_permissions": ["view_secret"]},
            "'x': object_permissions are 'app_label.codename' strings, e.g. ['vault.view_secret']",
        ),
        (
            {"object_permissions": ["vault.view_secrets"]},
            "'x': 'vault.view_secrets' is not a permission of vault.Secret (object_permissions "
            "are held on its rows: vault.add_secret, vault.change_secret, vault.delete_secret, "
            "vault.view_secret)",
        ),
        (
            {"object_permissions": ["blog.view_page"]},
            "'x': 'blog.view_page' is not a permission of vault.Secret (object_permissions *",
        ),
        ({"object_perms": []}, "'x': must be a dict of permissions, groups, superuser, staff, *"),
    ],
    ids=["a-string", "no-app-label", "unknown-codename", "another-model", "typo"],
)
def test_a_bad_object_permission_fails_in_one_line(error, held, message: str) -> None:
    got = error(SECRETS, {**SECRET, "actors": {"x": held}})

    pytest.LineMatcher([got]).fnmatch_lines([f"vault.SecretViewSet: Guard.actors: {message}"])


def test_anonymous_holds_nothing(error) -> None:
    raw = {**SECRET, "actors": {"anonymous": {"object_permissions": ["vault.view_secret"]}}}

    assert error(SECRETS, raw) == (
        "vault.SecretViewSet: Guard.actors: 'anonymous' holds nothing: it is never signed in"
    )


def test_object_permissions_need_objects(error) -> None:
    raw = {"policy": "private", "actors": {"x": {"object_permissions": ["vault.view_secret"]}}}

    assert error("library.ReadingStatsView", raw) == (
        "library.ReadingStatsView: Guard.actors: 'x': object_permissions need objects "
        "(Guard.factory)"
    )


def test_guardian_must_be_an_authentication_backend(error) -> None:
    backends = ["django.contrib.auth.backends.ModelBackend"]
    with override_settings(AUTHENTICATION_BACKENDS=backends):
        assert error(SECRETS, {**SECRET, "actors": {"viewer": {"object_permissions": []}}}) == (
            "vault.SecretViewSet: Guard.policy: object permissions need django-guardian: add "
            '"guardian.backends.ObjectPermissionBackend" to AUTHENTICATION_BACKENDS'
        )
        raw = {**SECRET, "actors": {"viewer": {"object_permissions": ["vault.view_secret"]}}}
        assert error(SECRETS, raw) == (
            "vault.SecretViewSet: Guard.actors: 'viewer': object permissions need "
            'django-guardian: add "guardian.backends.ObjectPermissionBackend" to '
            "AUTHENTICATION_BACKENDS"
        )


def test_guardian_must_be_installed(error, monkeypatch) -> None:
    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "guardian" and installed(name))

    assert error(SECRETS, SECRET) == (
        "vault.SecretViewSet: Guard.policy: object permissions need django-guardian: add "
        '"guardian" to INSTALLED_APPS (pip install django-guardian)'
    )
