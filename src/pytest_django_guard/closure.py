"""What a generated test carries and sets up: its markers, and its fixture closure less
pytest-django's idle fixtures.

pytest-django's autouse fixtures below act only on a marker (or a fixture) of the test. A
generated test carries none of them unless a project's hook added one, so each would be set
up and torn down for nothing, for every generated test (docs/decisions.md, 73).
"""

from __future__ import annotations

import pytest

from .endpoint import databases
from .settings import settings

MARKS = pytest.StashKey[dict[str, tuple[pytest.MarkDecorator, ...]]]()


def marks(config: pytest.Config, family_marker: str) -> tuple[pytest.MarkDecorator, ...]:
    """``guard``, the family's marker and ``django_db``, made once per session: building a
    marker (name lookup and validation) cost more than the rest of a test's collection.
    ``django_db`` tells pytest-django which test databases to create (it reads every item's
    markers); the item takes it off again at set-up, once they exist."""
    made = config.stash.setdefault(MARKS, {})
    if family_marker not in made:
        declared = databases.marker_databases(settings(config).databases)
        made[family_marker] = (
            pytest.mark.guard,
            getattr(pytest.mark, family_marker),
            pytest.mark.django_db(databases=declared),
        )
    return made[family_marker]


# The autouse fixture and the marker it acts on.
MARKER_DRIVEN = {
    "_django_db_marker": "django_db",  # taken off at set-up: the endpoint's transaction stands
    "_django_set_urlconf": "urls",
    "_django_isolate_apps": "django_isolate_apps",
    "_template_string_if_invalid_marker": "ignore_template_errors",
}


def fill(item: pytest.Function) -> None:
    """``Function.setup``'s filling of the fixture values, skipping the idle fixtures.
    ``monkeypatch`` is pulled in only by one of them; a fixture that asks for it gets it."""
    request = item._request
    for name in item.fixturenames:
        if name not in item.funcargs and not idle(item, name):
            item.funcargs[name] = request.getfixturevalue(name)


def idle(item: pytest.Function, name: str) -> bool:
    if name in MARKER_DRIVEN:
        return item.get_closest_marker(MARKER_DRIVEN[name]) is None
    if name == "_live_server_helper":
        return "live_server" not in item.fixturenames
    return name == "monkeypatch"
