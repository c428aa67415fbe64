"""Public fixtures. Override them in your root conftest.py to customise the generated tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import partial
from typing import Any

import pytest

from ..settings import settings

_numbers = itertools.count(1)


@pytest.fixture
def guard_user_factory(pytestconfig: pytest.Config) -> Callable[..., Any]:
    """``make_user(actor_name, is_staff=False) -> user`` used for every generated actor.

    Defaults to the factory named by the ``guard_user_factory`` ini option, else to a user of
    ``get_user_model()`` made by its manager's ``create_user`` with unique values for its
    ``USERNAME_FIELD``, ``REQUIRED_FIELDS`` and unique text fields (custom user models too).
    Must not request ``db``: the plugin grants database access.
    """
    dotted = settings(pytestconfig).user_factory
    if dotted:
        from django.utils.module_loading import import_string

        user_factory = import_string(dotted)

        def from_factory(name: str, *, is_staff: bool = False) -> Any:
            return user_factory(is_staff=is_staff)

        return from_factory
    return _default_user


def _default_user(name: str, *, is_staff: bool = False) -> Any:
    from ..endpoint.users import make_user

    return make_user(f"guard-{name}-{next(_numbers)}", is_staff=is_staff)


@pytest.fixture
def assert_query_lock(
    pytestconfig: pytest.Config,
) -> Callable[..., AbstractContextManager[None]]:
    """``with assert_query_lock("reports.monthly"): ...`` checks the block against guard.lock."""
    from .asserts import assert_query_lock as check

    return partial(check, pytestconfig)


@pytest.fixture
def assert_no_n_plus_one(pytestconfig: pytest.Config) -> Callable[..., None]:
    """``assert_no_n_plus_one(make_rows, request)``: more rows must not mean more queries."""
    from .asserts import assert_no_n_plus_one as check

    return partial(check, pytestconfig)


@pytest.fixture
def assert_paginated() -> Callable[..., None]:
    """``assert_paginated(client, url, max_page_size=50, make_rows=...)``: capped pages,
    every row once walking ``next``, a stable order, no 5xx for malformed paging input."""
    from .asserts import assert_paginated as check

    return check


@pytest.fixture
def assert_integrity_error() -> Callable[..., Exception]:
    """``assert_integrity_error(BookingFactory, end=start)``: the database refuses the row
    (an IntegrityError, inside a savepoint); returns the error."""
    from .asserts import assert_integrity_error as check

    return check


@pytest.fixture
def assert_no_secrets() -> Callable[..., Any]:
    """``assert_no_secrets(response, allowed=[...], private=[...])``: no password hash, no
    secret-named field (but those allowed on the reader's own rows), no private field."""
    from .asserts import assert_no_secrets as check

    return check


@pytest.fixture
def guard_client(
    request: pytest.FixtureRequest, guard_user_factory: Callable[..., Any]
) -> Callable[..., Any]:
    """``guard_client(actor, obj=None, view=None, owner=None)``: an APIClient signed in as
    ``actor`` (anonymous, owner of ``obj``, other, staff, a ``guard_actor_<name>`` fixture's
    user, or a permission actor of ``view.Guard.actors``), made like the generated tests'."""
    from .actors import actor_user, client_for

    def make(actor: str, obj: Any = None, *, view: Any = None, owner: str | None = None) -> Any:
        user = actor_user(
            actor,
            obj=obj,
            view=view,
            owner=owner,
            make_user=guard_user_factory,
            fixture=request.getfixturevalue,
        )
        return client_for(user, actor)

    return make


@pytest.fixture
def assert_num_queries(
    pytestconfig: pytest.Config, django_assert_num_queries: Any
) -> Callable[..., AbstractContextManager[None]]:
    """``with assert_num_queries(3, lock="checkout.pay"):`` pytest-django's exact count, plus
    the lock entry and its SQL diff when ``lock`` is given."""
    from .asserts import assert_num_queries as check

    return partial(check, pytestconfig, django_assert_num_queries)


@pytest.fixture
def assert_max_num_queries(
    pytestconfig: pytest.Config, django_assert_max_num_queries: Any
) -> Callable[..., AbstractContextManager[None]]:
    """``with assert_max_num_queries(5, lock=...):`` pytest-django's ceiling, plus the lock."""
    from .asserts import assert_num_queries as check

    return partial(check, pytestconfig, django_assert_max_num_queries)


@pytest.fixture
def assert_denied() -> Callable[..., Any]:
    """``assert_denied(client, "post", url, data)``: 401/403/405 and no table changed."""
    from .asserts import assert_denied as check

    return check


@pytest.fixture
def assert_rejects() -> Callable[..., Any]:
    """``assert_rejects(client, "post", url, bad_data, field="price")``: a 4xx, never a
    5xx, nothing written; the 400 names ``field``."""
    from .asserts import assert_rejects as check

    return check


@pytest.fixture
def assert_hidden() -> Callable[..., Any]:
    """``assert_hidden(client, "get", url)``: a 404 identical to a missing object's."""
    from .asserts import assert_hidden as check

    return check


@pytest.fixture
def assert_scoped() -> Callable[..., None]:
    """``assert_scoped(response, visible_rows)``: the list shows exactly those rows."""
    from .asserts import assert_scoped as check

    return check


@pytest.fixture
def assert_no_mass_assignment() -> Callable[..., Any]:
    """``assert_no_mass_assignment(client, "post", url, data, forged=..., victim=user)``."""
    from .asserts import assert_no_mass_assignment as check

    return check
