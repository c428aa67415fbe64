"""Policy presets: the outcome each preset gives each actor for each kind of action.

The tables below are written out by hand (not derived from ``PRESETS``), so a change to a
preset shows up here as a failing row. Views with objects have four kinds of action; plain
views (an APIView or @api_view without a queryset) have two, read and write.
"""

import pytest

from pytest_django_guard.declare.policy import (
    BUILTIN_ACTORS,
    OUTCOMES,
    OWNER_POLICIES,
    PRESETS,
    WHY,
    Kind,
    preset_outcome,
)

KINDS = (Kind.COLLECTION_READ, Kind.CREATE, Kind.DETAIL_READ, Kind.DETAIL_WRITE)
PLAIN_KINDS = (Kind.READ, Kind.WRITE)
CUSTOM = "org_admin"  # a project's own actor: presets know nothing of it

# preset -> actor -> (collection read, create, detail read, detail write)
EXPECTED = {
    "private": {
        "anonymous": ("deny", "deny", "deny", "deny"),
        "owner": ("own", "allow", "allow", "allow"),
        "other": ("own", "allow", "hide", "hide"),
        "staff": ("own", "allow", "hide", "hide"),
        CUSTOM: ("own", "allow", "hide", "hide"),
    },
    "authenticated_read": {
        "anonymous": ("deny", "deny", "deny", "deny"),
        "owner": ("all", "allow", "allow", "allow"),
        "other": ("all", "allow", "allow", "deny"),
        "staff": ("all", "allow", "allow", "deny"),
        CUSTOM: ("all", "allow", "allow", "deny"),
    },
    "public_read": {
        "anonymous": ("all", "deny", "allow", "deny"),
        "owner": ("all", "allow", "allow", "allow"),
        "other": ("all", "allow", "allow", "deny"),
        "staff": ("all", "allow", "allow", "deny"),
        CUSTOM: ("all", "allow", "allow", "deny"),
    },
    "staff_write": {
        "anonymous": ("all", "deny", "allow", "deny"),
        "owner": ("all", "deny", "allow", "deny"),
        "other": ("all", "deny", "allow", "deny"),
        "staff": ("all", "allow", "allow", "allow"),
        CUSTOM: ("all", "deny", "allow", "deny"),
    },
    "staff_only": {
        "anonymous": ("deny", "deny", "deny", "deny"),
        "owner": ("deny", "deny", "deny", "deny"),
        "other": ("deny", "deny", "deny", "deny"),
        "staff": ("all", "allow", "allow", "allow"),
        CUSTOM: ("deny", "deny", "deny", "deny"),
    },
    # Writes for permission actors are decided by what they hold (declare/outcomes.py).
    "model_permissions": {
        "anonymous": ("deny", "deny", "deny", "deny"),
        "owner": ("all", "deny", "allow", "deny"),
        "other": ("all", "deny", "allow", "deny"),
        "staff": ("all", "deny", "allow", "deny"),
        CUSTOM: ("all", "deny", "allow", "deny"),
    },
    # Actors holding nothing (declare/outcomes.py decides for what an actor holds): the list
    # shows the rows they may view (none), the filter hides the object, writes need the model
    # permission first.
    "object_permissions": {
        "anonymous": ("deny", "deny", "deny", "deny"),
        "owner": ("permitted", "deny", "hide", "deny"),
        "other": ("permitted", "deny", "hide", "deny"),
        "staff": ("permitted", "deny", "hide", "deny"),
        CUSTOM: ("permitted", "deny", "hide", "deny"),
    },
}

# plain views: preset -> actor -> (read, write)
EXPECTED_PLAIN = {
    "private": {
        "anonymous": ("deny", "deny"),
        "owner": ("allow", "allow"),
        "other": ("allow", "allow"),
        "staff": ("allow", "allow"),
        CUSTOM: ("allow", "allow"),
    },
    "authenticated_read": {
        "anonymous": ("deny", "deny"),
        "owner": ("allow", "allow"),
        "other": ("allow", "allow"),
        "staff": ("allow", "allow"),
        CUSTOM: ("allow", "allow"),
    },
    "public_read": {
        "anonymous": ("allow", "deny"),
        "owner": ("allow", "allow"),
        "other": ("allow", "allow"),
        "staff": ("allow", "allow"),
        CUSTOM: ("allow", "allow"),
    },
    "staff_write": {
        "anonymous": ("allow", "deny"),
        "owner": ("allow", "deny"),
        "other": ("allow", "deny"),
        "staff": ("allow", "allow"),
        CUSTOM: ("allow", "deny"),
    },
    "staff_only": {
        "anonymous": ("deny", "deny"),
        "owner": ("deny", "deny"),
        "other": ("deny", "deny"),
        "staff": ("allow", "allow"),
        CUSTOM: ("deny", "deny"),
    },
    "model_permissions": {
        "anonymous": ("deny", "deny"),
        "owner": ("allow", "allow"),
        "other": ("allow", "allow"),
        "staff": ("allow", "allow"),
        CUSTOM: ("allow", "allow"),
    },
    "object_permissions": {
        "anonymous": ("deny", "deny"),
        "owner": ("allow", "allow"),
        "other": ("allow", "allow"),
        "staff": ("allow", "allow"),
        CUSTOM: ("allow", "allow"),
    },
}


def table(expected: dict, kinds: tuple[Kind, ...]) -> list:
    return [
        pytest.param(policy, actor, kind, outcome, id=f"{policy}-{actor}-{kind.name.lower()}")
        for policy, actors in expected.items()
        for actor, outcomes in actors.items()
        for kind, outcome in zip(kinds, outcomes, strict=True)
    ]


@pytest.mark.parametrize(("policy", "actor", "kind", "outcome"), table(EXPECTED, KINDS))
def test_preset_gives_each_actor_its_outcome(policy: str, actor: str, kind: Kind, outcome: str):
    assert preset_outcome(policy, actor, kind) == outcome


@pytest.mark.parametrize(("policy", "actor", "kind", "outcome"), table(EXPECTED_PLAIN, PLAIN_KINDS))
def test_preset_gives_each_actor_its_outcome_on_a_plain_view(
    policy: str, actor: str, kind: Kind, outcome: str
):
    assert preset_outcome(policy, actor, kind) == outcome


@pytest.mark.parametrize("expected", [EXPECTED, EXPECTED_PLAIN], ids=["objects", "plain"])
def test_the_tables_cover_every_preset_and_builtin_actor(expected: dict):
    assert set(expected) == set(PRESETS)
    for actors in expected.values():
        assert set(actors) == {*BUILTIN_ACTORS, CUSTOM}


def test_the_tables_cover_every_kind():
    assert {*KINDS, *PLAIN_KINDS} == set(Kind)


@pytest.mark.parametrize("kind", [*KINDS, *PLAIN_KINDS], ids=lambda kind: kind.name.lower())
def test_staff_write_with_authenticated_read_denies_anonymous_everything(kind: Kind):
    assert preset_outcome("staff_write", "anonymous", kind, read="authenticated") == "deny"


@pytest.mark.parametrize("actor", ["owner", "other", "staff", CUSTOM])
@pytest.mark.parametrize("kind", [*KINDS, *PLAIN_KINDS], ids=lambda kind: kind.name.lower())
def test_authenticated_read_changes_nothing_for_signed_in_actors(actor: str, kind: Kind):
    assert preset_outcome("staff_write", actor, kind, read="authenticated") == preset_outcome(
        "staff_write", actor, kind
    )


@pytest.mark.parametrize("policy", ["private", "authenticated_read", "public_read", "staff_only"])
@pytest.mark.parametrize("kind", [*KINDS, *PLAIN_KINDS], ids=lambda kind: kind.name.lower())
def test_read_only_matters_for_staff_write(policy: str, kind: Kind):
    assert preset_outcome(policy, "anonymous", kind, read="authenticated") == preset_outcome(
        policy, "anonymous", kind
    )


def test_staff_write_reads_are_public_for_anonymous_by_default():
    assert preset_outcome("staff_write", "anonymous", Kind.COLLECTION_READ) == "all"
    assert preset_outcome("staff_write", "anonymous", Kind.DETAIL_READ, read="public") == "allow"
    assert preset_outcome("staff_write", "anonymous", Kind.READ, read="public") == "allow"


@pytest.mark.parametrize(
    ("kind", "outcomes"),
    [
        (Kind.COLLECTION_READ, ("own", "all", "permitted", "deny")),
        (Kind.CREATE, ("allow", "deny")),
        (Kind.DETAIL_READ, ("allow", "deny", "hide")),
        (Kind.DETAIL_WRITE, ("allow", "deny", "hide")),
        (Kind.READ, ("allow", "deny")),
        (Kind.WRITE, ("allow", "deny")),
    ],
    ids=lambda value: value.name.lower() if isinstance(value, Kind) else None,
)
def test_each_kind_of_action_has_its_outcome_words(kind: Kind, outcomes: tuple[str, ...]):
    assert OUTCOMES[kind] == outcomes


def test_outcome_words_exist_for_every_kind_and_no_other():
    assert set(OUTCOMES) == set(Kind)


@pytest.mark.parametrize("policy", sorted(PRESETS))
def test_every_preset_outcome_is_a_word_its_kind_allows(policy: str):
    for actor, row in PRESETS[policy].items():
        assert set(row) == set(KINDS), f"{policy}/{actor} misses a kind"
        for kind, outcome in row.items():
            assert outcome in OUTCOMES[kind], f"{policy}/{actor}/{kind}: {outcome}"


@pytest.mark.parametrize(
    ("kind", "value", "is_write", "is_detail"),
    [
        (Kind.COLLECTION_READ, "collection read", False, False),
        (Kind.CREATE, "create", True, False),
        (Kind.DETAIL_READ, "detail read", False, True),
        (Kind.DETAIL_WRITE, "detail write", True, True),
        (Kind.READ, "read", False, False),
        (Kind.WRITE, "write", True, False),
    ],
    ids=lambda value: value.name.lower() if isinstance(value, Kind) else None,
)
def test_kinds_know_whether_they_write_and_target_one_object(
    kind: Kind, value: str, is_write: bool, is_detail: bool
):
    assert kind.value == value
    assert kind.is_write is is_write
    assert kind.is_detail is is_detail


def test_owner_policies_are_exactly_the_presets_with_an_owner_row():
    assert OWNER_POLICIES == ("private", "authenticated_read", "public_read")
    assert {name for name, table in PRESETS.items() if "owner" in table} == set(OWNER_POLICIES)


def test_every_preset_explains_itself():
    assert set(WHY) == set(PRESETS)
    assert WHY["staff_only"] == "only staff may use this endpoint"


def test_an_unknown_policy_is_a_key_error():
    with pytest.raises(KeyError, match="public"):
        preset_outcome("public", "anonymous", Kind.CREATE)
