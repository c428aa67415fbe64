"""Project-level guard configuration: custom actors and views declared from outside."""

import pytest


@pytest.fixture
def guard_actor_org_admin():
    """The custom actor `org_admin`: an admin of the organisation owning the object.

    A custom actor is a fixture named guard_actor_<name> returning a callable
    (obj) -> user, where obj is the owner's object.
    """
    from orgs.factories import make_org_admin

    return make_org_admin


# optionalhook: keeps pytest happy when the plugin (which owns the hookspec) is not active.
@pytest.hookimpl(optionalhook=True)
def pytest_guard_declare(declare):
    """Declare views we cannot edit (no inner Guard possible)."""
    declare(
        "thirdparty.views.TagViewSet",
        factory="thirdparty.factories.TagFactory",
        owner="created_by",
        policy="public_read",
    )
    # An @api_view function has no class body to hold a Guard: declare it here.
    declare("library.views.reindex", policy="staff_only")
