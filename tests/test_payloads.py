"""Payloads that never collide: derived writes and probe re-sends respect the model's
uniqueness rules, and a rule no payload can satisfy still leaves the check observing a write.

example_app/accounts holds the correct shapes (one profile per user, one subscription per user
and plan, unique slugs, labels unique per team); each scenario below breaks one endpoint of it.
"""

from pathlib import Path

import pytest

from conftest import SessionRun, session_run

ACCOUNTS = {
    # (endpoint, the uniqueness shape it has)
    "accounts.ProfileViewSet": "a OneToOneField to the user: one profile per user",
    "accounts.SubscriptionViewSet": "UniqueConstraint(user, plan) and one primary per user",
    "accounts.PlanViewSet": "unique slug (the lookup field) and unique name",
    "accounts.TeamViewSet": "unique slug as the lookup field, changed by updates",
    "accounts.LabelViewSet": "unique per team: Lower(name) expression, unique_together colour",
}
OWNERSHIP = [
    "  expected: mass assignment refused: ownership does not follow client-sent ids",
    "  got:      sending owner=* (other's) moved row * away from owner towards other",
    "  hint:     make 'owner' read-only in the serializer*",
    '  body:     {"name": *, "owner": *, "slug": "team-*"}',
]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new))


def broken_accounts(project: Path) -> None:
    """Three flaws the uniqueness handling must not hide."""
    views, serializers = project / "accounts/views.py", project / "accounts/serializers.py"
    # A profile create that answers 201 and saves nothing (after room was made for it).
    replace(
        views,
        "    def get_queryset(self):\n        return Profile.objects",
        "    def create(self, request, *args, **kwargs):\n"
        "        from rest_framework.response import Response\n\n"
        "        return Response({}, status=201)\n\n"
        "    def get_queryset(self):\n        return Profile.objects",
    )
    # A writable, trusted team owner: the re-send must carry a fresh slug to be accepted.
    replace(serializers, '        read_only_fields = ["owner"]\n', "")
    replace(
        views,
        "        serializer.save(owner=self.request.user)\n\n\nclass LabelViewSet",
        '        serializer.save(owner=serializer.validated_data.get("owner") or '
        "self.request.user)\n\n\nclass LabelViewSet",
    )
    # Any team accepted, then looked up as the caller's: a foreign team is a 500.
    replace(serializers, "    team = OwnTeamField()\n", "")
    (project / "accounts/views.py").write_text(
        views.read_text()
        + "\n\n    def perform_create(self, serializer):\n"
        + '        team = serializer.validated_data["team"]\n'
        + "        Team.objects.get(pk=team.pk, owner=self.request.user)\n"
        + "        serializer.save()\n"
    )


def fixed_dict_payload(project: Path) -> None:
    replace(
        project / "accounts/views.py",
        '        factory = "accounts.factories.TeamFactory"\n',
        '        factory = "accounts.factories.TeamFactory"\n'
        '        payload = {"slug": "our-team"}\n',
    )


@pytest.fixture(scope="session")
def broken_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    return session_run(
        tmp_path_factory,
        "broken-accounts",
        "-m",
        "guard",
        "-k",
        "accounts",
        prepare=broken_accounts,
    )


@pytest.fixture(scope="session")
def fixed_dict_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    return session_run(
        tmp_path_factory,
        "fixed-dict",
        "-m",
        "guard",
        "-k",
        "TeamViewSet",
        prepare=fixed_dict_payload,
    )


def test_a_one_per_user_create_still_observes_the_created_row(broken_run: SessionRun) -> None:
    """Room is made for the owner's second profile; a 201 that saved nothing still fails."""
    outcome = broken_run.outcome("guard::accounts.ProfileViewSet::permissions[create-owner]")

    assert outcome.outcome == "failed"
    outcome.lines.fnmatch_lines(
        [
            "accounts.ProfileViewSet: create as owner (POST /api/profiles/)",
            "  expected: a created row",
            "  got:      201 but no new accounts.Profile row",
        ]
    )


def test_the_mass_assignment_probe_catches_a_writable_owner_beside_a_unique_slug(
    broken_run: SessionRun,
) -> None:
    """Re-sent with the first request's slug, the forged create would be a 400 "already
    exists" that reads as a refusal; with a fresh slug it is accepted and moves the team."""
    for actor in ("owner", "other", "staff"):
        item = f"guard::accounts.TeamViewSet::permissions[create-{actor}]"
        assert broken_run.outcome(item).outcome == "failed", actor
    broken_run.outcome(
        "guard::accounts.TeamViewSet::permissions[create-owner]"
    ).lines.fnmatch_lines(["accounts.TeamViewSet: create as owner (POST /api/teams/)", *OWNERSHIP])


def test_a_server_error_on_the_probe_names_the_probe(broken_run: SessionRun) -> None:
    outcome = broken_run.outcome("guard::accounts.LabelViewSet::permissions[create-owner]")

    assert outcome.outcome == "failed"
    outcome.lines.fnmatch_lines(
        [
            "accounts.LabelViewSet: create as owner (POST /api/labels/)",
            "  expected: a response from the endpoint itself: no 5xx, no outgoing network call",
            "  got:      mass-assignment probe (the create re-sent with team=*, other's): "
            "500: DoesNotExist: Team matching query does not exist.*",
            '  body:     {"color": *, "name": *, "team": *}',
        ]
    )


def test_the_other_endpoints_of_the_broken_app_stay_green(broken_run: SessionRun) -> None:
    items = broken_run.guard_items()
    failing = {k.split("::")[1] for k, v in items.items() if v.outcome != "passed"}

    assert failing == {"accounts.ProfileViewSet", "accounts.TeamViewSet", "accounts.LabelViewSet"}
    for label in ("accounts.SubscriptionViewSet", "accounts.PlanViewSet"):
        assert any(k.startswith(f"guard::{label}::") for k in items)


def test_a_fixed_dict_payload_that_collides_asks_for_a_callable(
    fixed_dict_run: SessionRun,
) -> None:
    """The first create takes "our-team"; every re-send of the same dict is refused, with or
    without the forged owner: nothing is proven, and the hint says what to declare."""
    outcome = fixed_dict_run.outcome("guard::accounts.TeamViewSet::permissions[create-owner]")

    assert outcome.outcome == "failed"
    outcome.lines.fnmatch_lines(
        [
            "  could not verify: the mass-assignment probe (the create re-sent with owner=*, "
            "other's) answered 400 Bad Request {*already exists*}, and the same re-send "
            "without the forged fields was refused too (400 *): the refusal proves nothing — "
            "the payload collides with an existing row on a unique field; Guard.payload is a "
            "fixed dict, sent again with every write: declare a callable payload(action, user, "
            "obj) -> dict that returns fresh values on each call"
        ]
    )
    update = fixed_dict_run.outcome("guard::accounts.TeamViewSet::permissions[update-owner]")
    assert update.outcome == "passed"  # re-sent to the same row, its own slug does not clash
