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


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_declared_skips_are_counted_per_endpoint_in_the_summary(
    guard_project: GuardProject, xdist: list[str]
) -> None:
    """A skip exists only where the declaration asks, and the summary says how many."""
    guard_project.replace(
        "shop/views.py",
        "        max_page_size = 100\n",
        "        max_page_size = 100\n"
        '        skip = {"destroy": "orders are archived, never deleted"}\n',
    )

    result = guard_project.run("-m", "guard", "-k", "OrderViewSet", "-rs", *xdist)

    # destroy as anonymous, owner, other and staff, and its query lock.
    result.assert_outcomes(passed=result.parseoutcomes()["passed"], skipped=5)
    result.stdout.fnmatch_lines(
        [
            "  declared skips: shop.OrderViewSet: 5 generated tests",
            "SKIPPED * shop/views.py:*: orders are archived, never deleted",
        ]
    )


SUMMARY_ACTION = '''

    @action(detail=False, methods=["get"])
    def summary(self, request):
        """How many orders the caller has: an object, not a list."""
        return Response({"count": self.get_queryset().count()})
'''


def test_a_list_level_action_answering_no_list_is_declared_by_its_kind(
    guard_project: GuardProject,
) -> None:
    """Read as a list, a summary cannot be verified; ``Guard.kinds`` says what it is."""
    guard_project.replace(
        "shop/views.py",
        '    @action(detail=False, methods=["get"])\n    def recent(',
        SUMMARY_ACTION.lstrip("\n")
        + '\n    @action(detail=False, methods=["get"])\n    def recent(',
    )

    unverified = guard_project.run("-m", "guard_permissions", "-k", "OrderViewSet and summary")

    unverified.stdout.fnmatch_lines(
        [
            "shop.OrderViewSet: summary as other (GET /api/orders/summary/)",
            "  could not verify: cannot find the rows of the list: the body is an object with "
            'keys "count" — *Guard.kinds = {"<action>": "read"}',
        ]
    )
    guard_project.replace(
        "shop/views.py",
        "        max_page_size = 100\n",
        '        max_page_size = 100\n        kinds = {"summary": "read"}\n',
    )

    declared = guard_project.run("-m", "guard_permissions", "-k", "OrderViewSet and summary", "-v")

    # A "read": anonymous callers are refused, every signed-in actor is answered.
    declared.assert_outcomes(passed=4)


def test_a_query_count_is_never_taken_from_a_refused_or_failed_request(
    guard_project: GuardProject,
) -> None:
    """The lock would otherwise record the error path's queries, and stay green on it."""
    guard_project.replace(
        "shop/views.py",
        "    def perform_create(self, serializer):\n"
        "        serializer.save(user=self.request.user)",
        "    def perform_create(self, serializer):\n"
        "        from rest_framework.exceptions import ValidationError\n\n"
        '        raise ValidationError({"reference": ["closed for the season"]})',
    )

    result = guard_project.run("-m", "guard_queries", "-k", "OrderViewSet and create")

    result.stdout.fnmatch_lines(
        [
            "shop.OrderViewSet: create as owner (POST /api/orders/)",
            "  could not verify: owner's request answered 400 Bad Request "
            '{"reference":["closed for the season"]}: its query count would be the error '
            "path's — make the request succeed for owner (Guard.payload) or declare "
            "Guard.measure_as",
        ]
    )
    result.assert_outcomes(failed=1)


def test_the_mass_assignment_probe_follows_a_lookup_the_write_changed(
    guard_project: GuardProject,
) -> None:
    """Articles are looked up by slug and the derived update sends a fresh slug: the forged
    re-send must go to the row's new URL, not get a 404 at the old one and count as refused."""
    guard_project.replace(
        "library/serializers.py",
        '    author = serializers.ReadOnlyField(source="author.get_username")  # any user model\n',
        "    # FLAW: the author is writable\n",
    )
    guard_project.replace(
        "library/serializers.py",
        '        fields = ["slug", "title", "body", "author"]',
        '        fields = ["slug", "title", "body", "author"]\n        read_only_fields = []',
    )

    result = guard_project.run(
        "-m", "guard_permissions", "-k", "ArticleViewSet and update-owner", "-rf"
    )

    result.stdout.fnmatch_lines(
        [
            "library.ArticleViewSet: update as owner (PUT /api/articles/*)",
            "  expected: mass assignment refused: ownership does not follow client-sent ids",
            "  got:      sending author=* (other's) moved row * away from owner towards other",
            "  hint:     make 'author' read-only in the serializer*",
            '  body:     {"article": {"author": *, "body": *, "slug": *, "title": *}}',
        ]
    )
    result.assert_outcomes(failed=2)  # update and partial_update


def test_a_project_that_answers_403_on_purpose_declares_it_once(
    guard_project: GuardProject,
) -> None:
    """guard_refusal = deny: where presets say hide, 403 is right and a 404 is the odd one."""
    result = guard_project.run(
        "-m",
        "guard_permissions",
        "-k",
        "ForbiddenNotHidden and retrieve",
        "-o",
        "guard_lockfile=flawed.lock",
        "-o",
        "guard_refusal=deny",
        settings="config.settings_flawed",
    )

    # The view answering 403 passes; its 404-answering twin is what now fails, for both users.
    result.assert_outcomes(passed=6, failed=2)
    result.stdout.fnmatch_lines(
        [
            "flawed.ForbiddenNotHiddenFixed: retrieve as other (GET /flawed/*)",
            '  expected: deny (401, 403 or 405, nothing changed) — policy "private": *; '
            'refusal = "deny": the project answers 403, existence is no secret',
            "  got:      404 Not Found *",
        ]
    )


def test_a_soft_delete_is_verified_by_its_mark(guard_project: GuardProject) -> None:
    """Webhooks keep their row on DELETE and stamp deleted_at (Guard.soft_delete)."""
    guard_project.replace(
        "library/views.py",
        "        instance.deleted_at = timezone.now()\n"
        '        instance.save(update_fields=["deleted_at"])',
        "        pass  # FLAW: answers 204 and changes nothing",
    )

    result = guard_project.run("-m", "guard_permissions", "-k", "WebhookViewSet and destroy")

    result.stdout.fnmatch_lines(
        [
            "library.WebhookViewSet: destroy as owner (DELETE /api/v1/webhooks/*/)",
            "  expected: the row marked as deleted (Guard.soft_delete = 'deleted_at')",
            "  got:      204 but the row is neither deleted nor marked",
        ]
    )
    result.assert_outcomes(failed=1, passed=3)


def test_an_error_inside_a_check_ends_in_one_line_not_a_traceback(
    guard_project: GuardProject,
) -> None:
    """A declared callable that raises (here Guard.headers) stops the check: it says where."""
    guard_project.replace(
        "orgs/views.py",
        "    membership = user.memberships.first() if user is not None else None\n",
        '    raise KeyError("X-Org")  # a broken header recipe\n',
    )

    result = guard_project.run("-m", "guard_permissions", "-k", "TenantProjectViewSet and list")

    result.stdout.fnmatch_lines(
        [
            "orgs.TenantProjectViewSet: list as owner",
            "  could not run permissions on orgs.TenantProjectViewSet: KeyError: 'X-Org' at "
            "*/orgs/views.py:* — fix the code or the declaration it names; *",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    result.stdout.no_fnmatch_line("*pytest_django_guard/*.py:*")
    result.assert_outcomes(failed=4)

    # -vv adds the traceback, for whoever debugs the view (or the plugin).
    verbose = guard_project.run(
        "-m", "guard_permissions", "-k", "TenantProjectViewSet and list and owner", "-vv"
    )
    verbose.stdout.fnmatch_lines(
        ["  could not run permissions on *", "  Traceback (most recent call last):", "*KeyError*"]
    )


@pytest.mark.parametrize(
    ("make", "got"),
    [
        (
            "lambda user: None",
            "building them failed: TypeError: Guard.make(user) returned None, not a saved "
            "shop.Order",
        ),
        (
            'lambda user: __import__("shop.factories").factories.OrderFactory.build(user=user)',
            "building them failed: TypeError: Guard.make(user) returned <Order: ORD-*>, not a "
            "saved shop.Order",
        ),
        (
            'lambda user: __import__("shop.factories").factories.OrderFactory()',
            "building them failed: ValueError: Guard.make(user) returned shop.Order *, which "
            "owner = 'user' does not lead back to the user it was made for",
        ),
    ],
    ids=["none", "unsaved", "someone-elses"],
)
def test_a_make_that_returns_no_owned_row_fails_the_endpoint_set_up_in_one_line(
    guard_project: GuardProject, make: str, got: str
) -> None:
    """Every check below would prove nothing on a row the owner does not own."""
    guard_project.replace(
        "shop/views.py",
        "        max_page_size = 100\n",
        f"        max_page_size = 100\n        make = {make}\n",
    )

    result = guard_project.run("-m", "guard", "-k", "OrderViewSet and permissions and list")

    result.stdout.fnmatch_lines(
        ["*shop.OrderViewSet", "  expected: the endpoint's users and rows", f"  got:      {got}"]
    )
    assert result.parseoutcomes()["errors"] == 4
    assert "Traceback" not in result.stdout.str()
