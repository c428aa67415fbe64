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
