"""What a view does on purpose, declared once: query parameters an action needs
(``Guard.params``), ownership the owner hands over (``Guard.transfer``), and a method refused
to everybody (reported once, with what to declare).

``library.BoardViewSet`` declares all three and is green (tests/test_example_app.py); each test
here takes one declaration away and asserts the failure it then gets.
"""

import pytest

from conftest import GuardProject

BOARD = "guard::library.BoardViewSet::"
VIEWS = "library/views.py"


def run_board(project: GuardProject, *args: str) -> pytest.RunResult:
    return project.run("-m", "guard", "-k", "BoardViewSet", "-p", "no:randomly", "-rfs", *args)


def test_without_the_declared_query_parameter_the_action_is_never_reached(
    guard_project: GuardProject,
) -> None:
    guard_project.replace(
        VIEWS, '        params = {"fields": {"only": "id,name"}}  # the action needs ?only=\n', ""
    )

    result = run_board(guard_project)

    result.stdout.fnmatch_lines(
        [
            "library.BoardViewSet: fields as owner (GET /api/boards/*/fields/)",
            "  expected: allow (2xx)*",
            '  got:      400 Bad Request {"only":["This query parameter is required."]}',
            "  hint:     the payload derived from the factory was rejected*",
        ]
    )
    result.stdout.fnmatch_lines([f"FAILED {BOARD}permissions?fields-owner? *"])


def test_the_declared_query_parameters_are_sent_with_every_request_of_the_action(
    guard_project: GuardProject,
) -> None:
    """A callable gets the object the request is about (the view asserts it got its name)."""
    guard_project.replace(
        VIEWS,
        '        params = {"fields": {"only": "id,name"}}',
        '        params = {"fields": lambda board: {"only": "id,name", "board": board.name}}',
    )
    guard_project.replace(
        VIEWS,
        '        only = request.query_params.get("only")\n',
        '        only = request.query_params.get("only")\n'
        '        assert Board.objects.filter(name=request.query_params["board"]).exists()\n',
    )

    result = run_board(guard_project, "-k", "fields and permissions")

    result.assert_outcomes(passed=4)  # anonymous, owner, other and staff


def test_without_transfer_the_owners_hand_over_is_a_mass_assignment(
    guard_project: GuardProject,
) -> None:
    guard_project.replace(
        VIEWS, '        transfer = "owner"  # the owner hands a board over on purpose\n', ""
    )

    result = run_board(guard_project)

    result.stdout.fnmatch_lines(
        [
            "library.BoardViewSet: partial_update as owner (PATCH /api/boards/*/)",
            "  expected: mass assignment refused: ownership does not follow client-sent ids",
            "  got:      sending owner=* (other's) moved row * away from owner towards other",
        ]
    )
    assert result.parseoutcomes()["failed"] == 1


def test_a_transfer_field_the_serializer_does_not_have_cannot_be_verified(
    guard_project: GuardProject,
) -> None:
    guard_project.replace(VIEWS, '        transfer = "owner"', '        transfer = "holder"')

    result = run_board(guard_project, "-k", "partial_update and permissions")

    result.stdout.fnmatch_lines(
        [
            "  could not verify: Guard.transfer names 'holder', which is not a writable field "
            "of the serializer (name, owner) — name the serializer field through which the "
            "owner hands the object over"
        ]
    )


def test_a_method_refused_to_every_allowed_actor_is_reported_once(
    guard_project: GuardProject,
) -> None:
    """Owner and staff may PUT by the declaration; both get 405: one failure, one pointer."""
    guard_project.replace(
        VIEWS,
        '        access = {"update": {"owner": "deny"}}',
        '        access = {"update": {"staff": "allow"}}',
    )

    result = run_board(guard_project, "-k", "update and not partial")

    result.stdout.fnmatch_lines(
        [
            "library.BoardViewSet: update as owner (PUT /api/boards/*/)",
            "  got:      405 Method Not Allowed to owner, staff — every actor the policy "
            "allows: the method is routed but offered to nobody",
            '  hint:     *declare access = {"update": {"owner": "deny", "staff": "deny"}}',
            "SKIPPED [[]1[]] *: PUT answers 405 to every actor the policy allows: reported "
            "once, on permissions[[]update-owner[]]",
        ]
    )
    outcomes = result.parseoutcomes()
    # permissions[update-owner], and queries[update], exposure[update] and input[update-body]
    # (nothing answered to measure, read or compare a refusal with); staff points at the owner's.
    assert outcomes["failed"] == 4
    assert outcomes["skipped"] == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '        params = {"retrieve": "only=id"}\n',
            "Guard.params: 'retrieve': 'only=id' must be a dict of values or a callable*",
        ),
        (
            '        params = {"publish": {"a": 1}}\n',
            "Guard.params: 'publish' is not an action of this endpoint*",
        ),
        ('        transfer = ["owner", 3]\n', "Guard.transfer: * must be a serializer field name*"),
    ],
)
def test_bad_intent_declarations_fail_in_one_line(
    guard_project: GuardProject, line: str, message: str
) -> None:
    guard_project.replace(
        VIEWS,
        '        factory = "library.factories.BoardFactory"\n',
        '        factory = "library.factories.BoardFactory"\n' + line,
    )
    guard_project.replace(VIEWS, '        params = {"fields"', '        _params = {"fields"')
    guard_project.replace(VIEWS, '        transfer = "owner"  #', '        _transfer = "owner"  #')

    result = run_board(guard_project)

    result.stdout.fnmatch_lines([f"library.BoardViewSet: {message}"])
    assert "Traceback" not in result.stdout.str()
