"""Which families a session runs: the built-in ones, then those projects add through a hook."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from . import Family

FAMILIES = pytest.StashKey[list["Family"]]()


@pytest.hookimpl(tryfirst=True)
def pytest_guard_families(config: pytest.Config) -> Sequence[Family]:
    """The built-in families, in the order their items are generated."""
    from .constraints import ConstraintApiChecks, ConstraintChecks
    from .exposure import ExposureChecks
    from .input import InputChecks
    from .n_plus_one import NPlusOneChecks
    from .pagination import PaginationChecks
    from .permissions import PermissionChecks
    from .project import SettingsChecks
    from .query_lock import QueryLockChecks
    from .throttle import ThrottleChecks

    return [
        PermissionChecks(),
        QueryLockChecks(),
        NPlusOneChecks(),
        PaginationChecks(),
        ConstraintChecks(),
        ConstraintApiChecks(),
        ThrottleChecks(),
        SettingsChecks(),
        ExposureChecks(),
        InputChecks(),
    ]


def register(config: pytest.Config) -> list[Family]:
    """Ask every plugin for its families once; each becomes a plugin for its session hooks."""
    families: list[Family] = []
    for contributed in config.hook.pytest_guard_families(config=config):
        families.extend(contributed)
    names = [family.name for family in families]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise pytest.UsageError(f"pytest-django-guard: two families are named {duplicates[0]!r}")
    for family in families:
        if not config.pluginmanager.is_registered(family):
            config.pluginmanager.register(family, f"django_guard_family_{family.name}")
    config.stash[FAMILIES] = families
    return families


def families(config: pytest.Config) -> list[Family]:
    """The session's families (none before ``register``)."""
    return config.stash.get(FAMILIES, [])
