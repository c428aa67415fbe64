"""What the project hands the plugin must have the shape the plugin needs; when it does not, the
endpoint's items say so in one line instead of a traceback.

A custom actor (fixture ``guard_actor_<name>``) returns a callable ``(obj) -> user``; a callable
that returns something else fails the set-up of every item of the endpoint that declares it.
"""

import uuid

import pytest

from conftest import GuardProject, parse_junit

ENDPOINT = "guard::orgs.ProjectViewSet::"
NO_USER = (
    "  got:      building them failed: TypeError: the fixture guard_actor_org_admin returned "
    "None, not a user (auth.User): return the user who acts as org_admin"
)


def test_a_custom_actor_returning_no_user_fails_the_endpoint_set_up_in_one_line(
    guard_project: GuardProject,
) -> None:
    guard_project.replace(
        "conftest.py", "    return make_org_admin\n", "    return lambda p: None\n"
    )
    junit = guard_project.path / f"junit-{uuid.uuid4().hex[:8]}.xml"

    result = guard_project.run("-m", "guard", "-k", "ProjectViewSet", f"--junitxml={junit}")

    items = {k: v for k, v in parse_junit(junit).items() if k.startswith(ENDPOINT)}
    assert len(items) > 30
    assert {nodeid: o.outcome for nodeid, o in items.items() if o.outcome != "error"} == {}
    for outcome in items.values():
        outcome.lines.fnmatch_lines(
            ["*orgs.ProjectViewSet", "  expected: the endpoint's users and rows", NO_USER],
            consecutive=True,
        )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    # pytest formats set-up errors as tracebacks; the plugin replaces them with the finding.
    assert [o for o in items.values() if "pytest_django_guard" in o.text] == []
    assert "Traceback" not in result.stdout.str()
