"""Per-object permissions (django-guardian): the ``object_permissions`` preset holds a
DjangoObjectPermissions view to what DRF and guardian really answer.

Each scenario edits example_app/vault in a copy: the correct view passes, a broken one fails
with the report that names the flaw, and a declaration guardian cannot serve stops
collection in one line.
"""

import re

import pytest

VIEWS = "vault/views.py"
SETTINGS = "config/settings.py"
SELECT = ("-m", "guard", "-k", "SecretViewSet")
# A viewer who also holds the model's change permission: only the object check refuses it.
VIEWER = '"viewer": {"object_permissions": ["vault.view_secret"]},'
VIEWER_WITH_MODEL_CHANGE = (
    '"viewer": {"permissions": ["vault.change_secret"], '
    '"object_permissions": ["vault.view_secret"]},'
)
FILTER_HINT = (
    "  hint:     filter by the view permission on each object, e.g. filter_backends = "
    "[ObjectPermissionsFilter] (rest_framework_guardian.filters)"
)


def test_a_correct_drf_and_guardian_view_is_green(guard_project) -> None:
    result = guard_project.run(*SELECT, "-m", "guard_permissions")

    # 8 actors (4 built in, reviewer, viewer, editor, admin) x 6 actions.
    result.assert_outcomes(passed=48)


def test_holding_the_model_permission_does_not_let_a_viewer_write(guard_project) -> None:
    """DjangoObjectPermissions refuses the write on the object (403), though the model
    permission passed; DjangoModelPermissions lets it through."""
    guard_project.replace(VIEWS, VIEWER, VIEWER_WITH_MODEL_CHANGE)

    correct = guard_project.run(*SELECT, "-m", "guard_permissions")
    correct.assert_outcomes(passed=48)

    guard_project.replace(
        VIEWS,
        "    permission_classes = [DjangoObjectPermissions]\n",
        "    permission_classes = [DjangoModelPermissions]\n",
    )
    guard_project.replace(
        VIEWS,
        "from rest_framework.permissions import DjangoObjectPermissions",
        "from rest_framework.permissions import DjangoModelPermissions",
    )
    flawed = guard_project.run(*SELECT, "-m", "guard_permissions")

    flawed.assert_outcomes(passed=46, failed=2)
    flawed.stdout.fnmatch_lines(
        [
            "vault.SecretViewSet: update as viewer (PUT /api/secrets/*/)",
            '  expected: deny (401, 403 or 405, nothing changed) — policy "object_permissions": '
            "*; viewer holds vault.view_secret but not vault.change_secret on the object",
            '  got:      200 OK {"id":*',
            "  row * changed: *",
            "  hint:     check the permission on the object too, e.g. permission_classes = "
            "[DjangoObjectPermissions] (DjangoModelPermissions checks the model only)",
        ],
        consecutive=False,
    )
    failed = set(re.findall(r"^FAILED \S+::(permissions\[\S+\])", flawed.stdout.str(), re.M))
    assert failed == {"permissions[update-viewer]", "permissions[partial_update-viewer]"}


def test_a_list_without_the_object_filter_leaks_every_secret(guard_project) -> None:
    guard_project.replace(
        VIEWS, "    filter_backends = [ObjectPermissionsFilter]\n", "    filter_backends = []\n"
    )

    result = guard_project.run(*SELECT, "-m", "guard_permissions")

    result.stdout.fnmatch_lines(
        [
            "vault.SecretViewSet: list as viewer (GET /api/secrets/)",
            "  expected: permitted (2xx listing exactly the rows the actor holds the view "
            'permission on) — policy "object_permissions": *; viewer holds vault.view_secret on '
            "the owner's object",
            "  got:      the list showed rows the actor must not see",
            "  leaked: id=* (other's)",
            '  rows read from "results"',
            FILTER_HINT,
        ],
        consecutive=True,
    )
    result.stdout.fnmatch_lines(
        [
            "vault.SecretViewSet: retrieve as other (GET /api/secrets/*/)",
            "  expected: hide (404 identical to a missing object, nothing changed) — policy "
            '"object_permissions": *; other does not hold vault.view_secret on the object (the '
            "filter hides it)",
            '  got:      200 OK {"id":*',
            FILTER_HINT,
        ],
        consecutive=True,
    )
    failed = set(re.findall(r"^FAILED \S+::(permissions\[\S+\])", result.stdout.str(), re.M))
    assert failed == {
        *(f"permissions[list-{a}]" for a in ("owner", "other", "staff", "reviewer", "viewer")),
        "permissions[list-editor]",
        *(f"permissions[retrieve-{a}]" for a in ("owner", "other", "staff", "editor")),
        # Without the filter the editor reaches the object check: 403 where 404 is due.
        "permissions[update-editor]",
        "permissions[partial_update-editor]",
    }


def assert_one_line_collection_error(result: pytest.RunResult, line: str) -> None:
    """The endpoint's declaration item errors with the one line; the others still run."""
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert result.parseoutcomes()["errors"] == 1
    result.stdout.fnmatch_lines(["ERROR guard::vault.SecretViewSet::declaration*"])
    result.stdout.fnmatch_lines(
        ["*_ ERROR at setup of declaration _*", line, "[-=_]*"], consecutive=True
    )
    output = "\n".join(result.outlines + result.errlines)
    assert "Traceback" not in output
    assert "pytest_django_guard" not in output


def test_a_permission_the_model_does_not_have_fails_collection(guard_project) -> None:
    guard_project.replace(VIEWS, '["vault.view_secret"]},', '["vault.read_secret"]},')

    result = guard_project.run(*SELECT)

    assert_one_line_collection_error(
        result,
        "vault.SecretViewSet: Guard.actors: 'viewer': 'vault.read_secret' is not a permission of "
        "vault.Secret (object_permissions are held on its rows: vault.add_secret, "
        "vault.change_secret, vault.delete_secret, vault.view_secret)",
    )


def test_guardian_not_configured_fails_collection(guard_project) -> None:
    guard_project.replace(SETTINGS, '    "guardian.backends.ObjectPermissionBackend",\n', "")

    result = guard_project.run(*SELECT)

    assert_one_line_collection_error(
        result,
        "vault.SecretViewSet: Guard.actors: 'reviewer': object permissions need "
        'django-guardian: add "guardian.backends.ObjectPermissionBackend" to '
        "AUTHENTICATION_BACKENDS",
    )


def test_permissions_granted_by_the_factory_are_named_in_the_hint(guard_project) -> None:
    """Owners made by a factory that grants them the view permission see their secrets, which
    the declaration does not say: the report names where the grant comes from."""
    guard_project.replace(
        "vault/factories.py",
        '    value = factory.LazyAttribute(lambda o: f"the value of {o.name}")\n',
        '    value = factory.LazyAttribute(lambda o: f"the value of {o.name}")\n\n'
        "    @factory.post_generation\n"
        "    def grant_owner(obj, create, extracted, **kwargs):\n"
        "        from guardian.shortcuts import assign_perm\n\n"
        '        assign_perm("vault.view_secret", obj.owner, obj)\n',
    )

    result = guard_project.run("-m", "guard_permissions", "-k", "SecretViewSet and retrieve")

    result.assert_outcomes(passed=7, failed=1)
    result.stdout.fnmatch_lines(
        [
            "vault.SecretViewSet: retrieve as owner (GET /api/secrets/*/)",
            "  expected: hide *",
            '  got:      200 OK {"id":*',
            "  hint:     owner holds vault.view_secret on 1 row(s) Guard.actors does not grant "
            "(does the factory or make grant it?): grant object permissions in the view (e.g. "
            "perform_create()), or declare them in Guard.actors",
        ],
        consecutive=True,
    )
