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
    assert outcomes["failed"] == 4  # create, update, partial update and set_active


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


def test_a_custom_action_with_a_body_is_probed_too(guard_project: GuardProject) -> None:
    """set_active (POST /users/<id>/set_active/) goes through the same serializer: when it
    stops refusing privilege there, the action's own item fails and create/update stay green."""
    guard_project.replace(
        SERIALIZER,
        '        if not self.context["request"].user.is_superuser:\n',
        '        if not self.context["request"].user.is_superuser and '
        'self.context["view"].action != "set_active":\n',
    )

    result = run_admin(guard_project)

    result.stdout.fnmatch_lines(
        [
            "useradmin.UserAdminViewSet: set_active as user_admin "
            "(POST /api/admin/users/*/set_active/)",
            "  expected: privilege refused: user_admin may not grant is_staff — *",
            "  got:      sending is_staff=True stored is_staff=True on auth.User *",
            '  body:     {"is_active": false, "is_staff": true}',
        ]
    )
    assert result.parseoutcomes()["failed"] == 1


def test_a_refusal_whose_control_fails_is_could_not_verify(guard_project: GuardProject) -> None:
    """One write per hour: the case's own update passes, every re-send is throttled (429), the
    raised is_staff's refusal and the control's alike, so nothing about is_staff is learnt."""
    guard_project.replace(
        VIEWS,
        "    serializer_class = UserAdminSerializer\n",
        "    serializer_class = UserAdminSerializer\n"
        "    throttle_classes = [type('Once', (UserRateThrottle,), {'rate': '1/hour'})]\n",
    )
    guard_project.replace(
        VIEWS,
        "from rest_framework.response import Response\n",
        "from rest_framework.response import Response\n"
        "from rest_framework.throttling import UserRateThrottle\n",
    )

    result = run_admin(guard_project, "-k", "UserAdminViewSet and partial_update-user_admin")

    result.stdout.fnmatch_lines(
        [
            "useradmin.UserAdminViewSet: partial_update as user_admin (PATCH /api/admin/users/*/)",
            "  could not verify: the privilege probe (the partial_update re-sent with "
            "is_staff=True) answered 429 Too Many Requests *, and the same re-send without "
            "is_staff was refused too (429 *): the refusal proves nothing — *",
        ]
    )


PROJECT_PRIVILEGE = "guard_privilege_fields = is_active\n"


def test_a_project_wide_privilege_field_is_probed_on_every_user_write(
    guard_project: GuardProject,
) -> None:
    """The ini option names is_active a privilege: user admins may set it only once the
    declaration says so (Guard.grantors accepts the ini's fields too)."""
    guard_project.append("pytest.ini", PROJECT_PRIVILEGE)

    result = run_admin(guard_project, "-k", "UserAdminViewSet and create-user_admin")

    result.stdout.fnmatch_lines(
        [
            "useradmin.UserAdminViewSet: create as user_admin (POST /api/admin/users/)",
            "  expected: privilege refused: user_admin may not grant is_active — *",
            "  got:      sending is_active=True stored is_active=True on auth.User *",
        ]
    )
    guard_project.replace(
        VIEWS,
        '        policy = "model_permissions"\n',
        '        policy = "model_permissions"\n        grantors = {"user_admin": ["is_active"]}\n',
    )

    granted = run_admin(guard_project)

    assert granted.ret == pytest.ExitCode.OK, granted.stdout.str()[-3000:]


def test_a_project_privilege_without_a_raised_value_is_could_not_verify(
    guard_project: GuardProject,
) -> None:
    """email is no boolean: the ini names it without the value that would raise it."""
    guard_project.append("pytest.ini", "guard_privilege_fields = email\n")

    result = run_admin(guard_project, "-k", "UserAdminViewSet and create-user_admin")

    result.stdout.fnmatch_lines(
        [
            "useradmin.UserAdminViewSet: create as user_admin (POST /api/admin/users/)",
            "  could not verify: the privilege field email (EmailField) is neither a boolean nor "
            "a many-to-many: there is no raised value to send — name its raised value: "
            'Guard.privileges = {"email": <value>}, or guard_privilege_fields = email=<value> '
            "in the ini file",
        ]
    )


@pytest.mark.parametrize("value", ["role=", "is-staff", "role=admin role=owner"])
def test_a_bad_privilege_field_option_is_a_one_line_usage_error(
    guard_project: GuardProject, value: str
) -> None:
    guard_project.append("pytest.ini", f"guard_privilege_fields = {value}\n")

    result = run_admin(guard_project)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: guard_privilege_fields: '*' is *: give each field once*"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
