"""Privilege fields: an actor allowed to write users still may not make anyone staff,
superuser or a group member, unless the declaration says it may grant that field.

``useradmin.UserAdminViewSet`` (example_app) is green; each test here loosens its serializer
or its declaration and asserts what the probe then reports. The flawed app's
PrivilegeGrant and LiteralTrueOnly twins are in tests/test_flawed.py.
"""

import pytest

from conftest import GuardProject

SERIALIZER = "useradmin/serializers.py"
VIEWS = "useradmin/views.py"
PRIVILEGES = 'PRIVILEGES = ("is_staff", "is_superuser", "groups")'


def run_admin(project: GuardProject, *args: str) -> pytest.RunResult:
    return project.run(
        "-m",
        "guard_permissions",
        "-k",
        "UserAdminViewSet and user_admin",
        "-p",
        "no:randomly",
        *args,
    )


def test_a_group_granted_by_a_user_admin_is_a_privilege_gain(guard_project: GuardProject) -> None:
    guard_project.replace(SERIALIZER, PRIVILEGES, 'PRIVILEGES = ("is_staff", "is_superuser")')

    result = run_admin(guard_project)

    result.stdout.fnmatch_lines(
        [
            "useradmin.UserAdminViewSet: partial_update as user_admin (PATCH /api/admin/users/*/)",
            "  expected: privilege refused: user_admin may not grant groups — only a superuser "
            "may (or an actor Guard.grantors names)",
            "  got:      sending groups=[[]*[]] stored groups=[[]*[]] on auth.User *",
        ]
    )
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 3  # create, update and partial update


def test_an_actor_the_declaration_lets_grant_a_field_may_set_it(
    guard_project: GuardProject,
) -> None:
    """grantors: the user admin may put users in groups; staff and superuser stay refused."""
    guard_project.replace(SERIALIZER, PRIVILEGES, 'PRIVILEGES = ("is_staff", "is_superuser")')
    guard_project.replace(
        VIEWS,
        '        policy = "model_permissions"\n',
        '        policy = "model_permissions"\n        grantors = {"user_admin": ["groups"]}\n',
    )

    result = run_admin(guard_project)

    assert result.ret == pytest.ExitCode.OK, result.stdout.str()[-3000:]


def test_raising_ones_own_account_is_probed_too(guard_project: GuardProject) -> None:
    """The target's row refuses; the user admin's own row does not."""
    guard_project.replace(
        SERIALIZER,
        '        if not self.context["request"].user.is_superuser:\n',
        '        request = self.context["request"]\n'
        "        if not request.user.is_superuser and self.instance != request.user:\n",
    )

    result = run_admin(guard_project, "-k", "partial_update")

    result.stdout.fnmatch_lines(
        [
            "useradmin.UserAdminViewSet: partial_update as user_admin (PATCH /api/admin/users/*/)",
            "  got:      sending is_staff=True stored is_staff=True on auth.User *",
        ]
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('        grantors = {"nobody": ["is_staff"]}\n', "Guard.grantors: unknown actor 'nobody'"),
        (
            '        grantors = {"user_admin": ["role"]}\n',
            "Guard.grantors: 'user_admin': [[]'role'[]] must list privilege fields (groups, *)",
        ),
        ('        privileges = ["role"]\n', "Guard.privileges: must be a dict: *"),
    ],
)
def test_bad_privilege_declarations_fail_in_one_line(
    guard_project: GuardProject, line: str, message: str
) -> None:
    guard_project.replace(
        VIEWS,
        '        policy = "model_permissions"\n',
        f'        policy = "model_permissions"\n{line}',
    )

    result = guard_project.run("-m", "guard_permissions", "-k", "UserAdminViewSet")

    result.stdout.fnmatch_lines([f"*useradmin.UserAdminViewSet: {message}"])
    assert "Traceback" not in result.stdout.str()
