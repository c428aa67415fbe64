"""The example app under an email-login custom user model (config.settings_email_user).

``people.EmailUser`` has no ``username``: the email is the login and ``full_name`` is required.
The whole guard suite must be green under it with no fixture override, against its own lock
file (its SQL names ``people_emailuser``), and the users it made must be email users.
"""

import json
from pathlib import Path

import pytest

from conftest import SessionRun, add_plugin, session_run

EMAIL_SETTINGS = "config.settings_email_user"
EMAIL_LOCK = "email_user.lock"
SEEN = "users_seen.json"

# Reads, after each endpoint's first generated test, the users the plugin and factories made
# (they live until the endpoint's transaction is rolled back); changes nothing.
RECORD_USERS = f"""
import json
from pathlib import Path

import pytest

SEEN, ENDPOINTS = set(), set()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield
    endpoint = item.parent.nodeid
    if not item.nodeid.startswith("guard::") or endpoint in ENDPOINTS:
        return
    ENDPOINTS.add(endpoint)
    from django.contrib.auth import get_user_model

    with item.funcargs["django_db_blocker"].unblock():
        for user in get_user_model().objects.all():
            SEEN.add((user._meta.label, user.get_username(), user.full_name, user.is_staff))


def pytest_sessionfinish(session):
    Path({SEEN!r}).write_text(json.dumps(sorted(SEEN)))
"""


def record_users(project: Path) -> None:
    add_plugin(project, "record_users", RECORD_USERS)


@pytest.fixture(scope="session")
def email_user_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    """The generated tests of the example app under people.EmailUser, against email_user.lock."""
    return session_run(
        tmp_path_factory,
        "email-user",
        "-m",
        "guard",
        "-o",
        f"guard_lockfile={EMAIL_LOCK}",
        settings=EMAIL_SETTINGS,
        prepare=record_users,
        migrations=True,  # a custom user model is migrated as a user's project migrates it
    )


def test_every_generated_test_is_green_under_the_email_user(
    email_user_run: SessionRun, generated: list[str]
) -> None:
    result = email_user_run.result
    assert result.ret == pytest.ExitCode.OK, "\n".join(result.outlines[-40:] + result.errlines)
    items = email_user_run.guard_items()
    # The same endpoints and tests as under auth.User: nothing skipped or lost to the swap;
    # the user model's own database rules are named after it (email, not username).
    assert apart_from_user_rules(items, "people.EmailUser", "email") == apart_from_user_rules(
        generated, "auth.User", "username"
    )
    user_rules = {nodeid.split("::")[-1] for nodeid in items if "[people.EmailUser." in nodeid}
    assert user_rules == {
        "constraints[people.EmailUser.email-unique]",
        "constraints[people.EmailUser.not_null]",
    }
    declared = {k for k, v in items.items() if v.outcome == "skipped" and "declared" in v.text}
    assert declared == {"guard::library.ArticleViewSet::pagination[list-paginated]"}
    assert {k: v.text for k, v in items.items() if v.outcome != "passed"} == dict.fromkeys(
        declared, items[next(iter(declared))].text
    )
    output = result.stdout.str()
    assert "stale lock entry" not in output
    assert "can be tightened" not in output


def apart_from_user_rules(nodeids, label: str, login: str) -> list[str]:
    """Every item but the user model's database rules, named after the model and its login
    field (the rules themselves, and the API's create breaking the unique login)."""
    own = (
        f"::constraints[{label}.",
        *(f"::constraints_api[{action}-{login}-unique]" for action in ("create", "update")),
    )
    return sorted(nodeid for nodeid in nodeids if not any(part in nodeid for part in own))


def test_users_are_email_users_made_by_the_default_user_maker(email_user_run: SessionRun) -> None:
    seen = [tuple(row) for row in json.loads((email_user_run.project / SEEN).read_text())]
    assert seen, "no users were recorded"
    assert {label for label, *_ in seen} == {"people.EmailUser"}
    logins = {login for _, login, _, _ in seen}
    # The plugin's own actors: create_user(email=..., full_name=...) with unique values.
    for actor in ("owner", "other", "staff"):
        assert any(login.startswith(f"guard-{actor}-") for login in logins), sorted(logins)
    assert all(login.endswith("@example.com") for login in logins)
    made_by_plugin = [row for row in seen if row[1].startswith("guard-")]
    assert all(
        full_name == login.removesuffix("@example.com") for _, login, full_name, _ in made_by_plugin
    )
    assert {is_staff for _, login, _, is_staff in made_by_plugin if "-staff-" in login} == {True}
