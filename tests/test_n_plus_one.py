"""N+1 detection and query growth on the deliberately flawed app (config.settings_flawed).

One run of the flawed app's query checks against example_app/flawed.lock is shared by the
session; each test reads its JUnit results. Every ``<Flaw>Flawed`` N+1 endpoint must fail with
the culprit and the fix, ``QueryGrowthFlawed`` must fail as grown, and every ``*Fixed`` twin
must pass.
"""

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import FLAWED_SETTINGS, TIMEOUT, Outcome, SessionRun, database_name, session_run

FLAWED_LOCK = "flawed.lock"

# (item, culprit relation named by the detector or None, fix, a query repeated per row)
N_PLUS_ONE = {
    "ListForeignKeyNPlusOneFlawed::n_plus_one[list]": (
        "flawed.Note.owner",
        'select_related("owner")',
        "SELECT auth_user.id, * FROM auth_user WHERE auth_user.id = ? LIMIT ?",
    ),
    # A COUNT(*) per row is no lazily loaded relation: detectors cannot name it, the repeated
    # query does.
    "ListReverseNPlusOneFlawed::n_plus_one[list]": (
        None,
        None,
        "SELECT COUNT(*) AS __count FROM flawed_notecomment WHERE flawed_notecomment.note_id = ?",
    ),
    "NestedDetailNPlusOneFlawed::n_plus_one[list]": (
        "flawed.Note.comments",
        'prefetch_related("comments")',
        "SELECT flawed_notecomment.id, * FROM flawed_notecomment "
        "WHERE flawed_notecomment.note_id = ? ORDER BY flawed_notecomment.id ASC",
    ),
    "NestedDetailNPlusOneFlawed::n_plus_one[retrieve]": (
        "flawed.NoteComment.author",
        'select_related("author")',
        "SELECT auth_user.id, * FROM auth_user WHERE auth_user.id = ? LIMIT ?",
    ),
}
GROWTH = "guard::flawed.QueryGrowthFlawed::queries[retrieve]"
# N+1 flaws across a one-to-one, a reverse FK, a many-to-many and a generic relation (gallery
# models); their messages are asserted in tests/test_flawed.py.
RELATIONS = {
    "ProfileListNPlusOneFlawed::n_plus_one[list]",
    "AlbumRelationsNPlusOneFlawed::n_plus_one[list]",
    "AlbumRelationsNPlusOneFlawed::n_plus_one[retrieve]",
}


@pytest.fixture(scope="session")
def flawed_queries(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    """The query-count and N+1 checks of the flawed app, against its own lock file."""
    run = session_run(
        tmp_path_factory,
        "flawed-queries",
        "-m",
        "guard_queries",
        "-o",
        f"guard_lockfile={FLAWED_LOCK}",
        settings=FLAWED_SETTINGS,
    )
    assert run.result.ret == 1, "\n".join(run.result.outlines[-40:] + run.result.errlines)
    return run


def flawed_item(name: str) -> str:
    return f"guard::flawed.{name}"


def failure(run: SessionRun, nodeid: str) -> Outcome:
    outcome = run.outcome(nodeid)
    assert outcome.outcome == "failed", f"{nodeid} {outcome.outcome}\n{outcome.text}"
    return outcome


def n_plus_one_params():
    for item, expected in N_PLUS_ONE.items():
        name, action = re.fullmatch(r"(\w+)::n_plus_one\[(\w+)\]", item).groups()
        yield pytest.param(item, *expected, id=f"{name}-{action}")


@pytest.mark.parametrize(("item", "culprit", "fix", "repeated"), list(n_plus_one_params()))
def test_n_plus_one_flaw_fails_naming_the_culprit(
    flawed_queries: SessionRun, item: str, culprit: str | None, fix: str | None, repeated: str
) -> None:
    text = failure(flawed_queries, flawed_item(item))
    lines = [
        "*got:      * queries, then *: 3 more (N+1)",
        *([f"*culprit: N+1 detected on {culprit}* — fix: queryset.{fix}"] if culprit else []),
        "*queries run per row:",
        f"* x {repeated}*",
        "*hint:*select_related()*prefetch_related()*",
    ]
    text.lines.fnmatch_lines(lines)
    if "[list]" in item:
        text.lines.fnmatch_lines(["*expected: the same number of queries for 1 row and for 4 rows"])
    if culprit is None:
        assert "culprit:" not in text.text


def test_query_growth_fails_with_a_diff_against_the_lock_entry(flawed_queries: SessionRun) -> None:
    failure(flawed_queries, GROWTH).lines.fnmatch_lines(
        [
            "flawed.QueryGrowthFlawed: retrieve as owner (GET /flawed/query-growth-flawed/*/)",
            "*expected: the query count locked for flawed.QueryGrowthFlawed::retrieve",
            f"*got:      2 queries, 1 more than the 1 locked in {FLAWED_LOCK}:",
            f"    --- {FLAWED_LOCK}",
            "    +++ this run",
            "     SELECT flawed_note.id, * FROM flawed_note WHERE *",
            "    +SELECT COUNT(*) AS __count FROM flawed_note WHERE flawed_note.owner_id = ?",
        ]
    )


def test_only_the_query_flaws_fail(flawed_queries: SessionRun) -> None:
    """Every other query check of the flawed app matches flawed.lock: it is complete and current."""
    items = flawed_queries.guard_items()
    assert all("::queries[" in k or "::n_plus_one[" in k for k in items)
    failed = {k for k, v in items.items() if v.outcome != "passed"}
    # Declarations the query checks cannot verify (tests/test_flawed.py asserts their text):
    # two unreadable lists, a PUT that answers 405 to everybody and a PATCH that is a 500
    # (the input family's flaw): nothing to measure.
    unverified = {
        flawed_item("UnreadableListFlawed::n_plus_one[list]"),
        flawed_item("PublishedOnlyFlawed::n_plus_one[list]"),
        flawed_item("MethodRefusedFlawed::queries[update]"),
        flawed_item("PartialValidateFlawed::queries[partial_update]"),
    }
    expected = {flawed_item(item) for item in [*N_PLUS_ONE, *RELATIONS]} | {GROWTH} | unverified
    retrieve = flawed_item("NestedDetailNPlusOneFlawed::n_plus_one[retrieve]")
    assert failed - {retrieve} == expected - {retrieve}
    output = flawed_queries.result.stdout.str()
    assert "stale lock entry" not in output
    assert "can be tightened" not in output


def test_every_fixed_twin_passes(flawed_queries: SessionRun) -> None:
    fixed = {
        k: v for k, v in flawed_queries.guard_items().items() if k.split("::")[1].endswith("Fixed")
    }
    for name in (
        "ListForeignKeyNPlusOne",
        "ListReverseNPlusOne",
        "NestedDetailNPlusOne",
        "ProfileListNPlusOne",  # rows added under a one-to-one owner
        "AlbumRelationsNPlusOne",
    ):
        assert flawed_item(f"{name}Fixed::n_plus_one[list]") in fixed
    assert flawed_item("NestedDetailNPlusOneFixed::n_plus_one[retrieve]") in fixed
    # Children added through a reverse FK, a many-to-many and a generic relation.
    assert flawed_item("AlbumRelationsNPlusOneFixed::n_plus_one[retrieve]") in fixed
    assert flawed_item("QueryGrowthFixed::queries[retrieve]") in fixed
    assert {k: v.text for k, v in fixed.items() if v.outcome != "passed"} == {}


def test_retrieve_is_checked_only_where_the_serializer_nests_many(
    flawed_queries: SessionRun,
) -> None:
    retrieves = {k for k in flawed_queries.guard_items() if k.endswith("::n_plus_one[retrieve]")}
    assert retrieves == {
        flawed_item("NestedDetailNPlusOneFlawed::n_plus_one[retrieve]"),
        flawed_item("NestedDetailNPlusOneFixed::n_plus_one[retrieve]"),
        flawed_item("AlbumRelationsNPlusOneFlawed::n_plus_one[retrieve]"),
        flawed_item("AlbumRelationsNPlusOneFixed::n_plus_one[retrieve]"),
    }


# -- where the failure points -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "line"),
    [
        (
            "ListForeignKeyNPlusOneFlawed",
            "* x SELECT auth_user.id, * <- */flawed/serializers.py:* in get_owner_name",
        ),
        (
            "ListReverseNPlusOneFlawed",
            "* x SELECT COUNT(*) * <- */flawed/serializers.py:* in get_comment_count",
        ),
        # DRF runs these itself: the report names the serializer field that declares them.
        (
            "NestedDetailNPlusOneFlawed",
            "* x SELECT flawed_notecomment.id, * "
            "<- */flawed/serializers.py:* in NoteWithCommentsSerializer.comments",
        ),
        (
            "AlbumRelationsNPlusOneFlawed",
            "* x SELECT gallery_tag.id, * <- */gallery/serializers.py:* in AlbumSerializer.tags",
        ),
    ],
    ids=["foreign-key", "reverse-count", "nested-serializer", "many-to-many"],
)
def test_repeated_queries_name_the_project_line_that_ran_them(
    flawed_queries: SessionRun, item: str, line: str
) -> None:
    failure(flawed_queries, flawed_item(f"{item}::n_plus_one[list]")).lines.fnmatch_lines([line])


def test_culprit_names_where_the_relation_was_loaded(flawed_queries: SessionRun) -> None:
    text = failure(flawed_queries, flawed_item("ListForeignKeyNPlusOneFlawed::n_plus_one[list]"))
    text.lines.fnmatch_lines(
        [
            "*culprit: N+1 detected on flawed.Note.owner at */flawed/serializers.py:* "
            'in get_owner_name — fix: queryset.select_related("owner")'
        ]
    )


def test_reverse_relation_culprit_does_not_depend_on_earlier_failures(guard_project) -> None:
    """Alone, the nested list's N+1 is the first failure of the run; the culprit is still named."""
    result = guard_project.run(
        "-m",
        "guard_queries",
        "-o",
        f"guard_lockfile={FLAWED_LOCK}",
        "-k",
        "NestedDetailNPlusOneFlawed and n_plus_one and list",
        settings=FLAWED_SETTINGS,
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*culprit: N+1 detected on flawed.Note.comments*"])


def test_nplusone_backend_names_the_culprit_where_it_works(guard_project) -> None:
    """nplusone on Django <= 6.0; on 6.1 (where nplusone crashes) zeal answers instead."""
    import django

    result = guard_project.run(
        "-m",
        "guard_queries",
        "-o",
        f"guard_lockfile={FLAWED_LOCK}",
        "-o",
        "guard_nplusone_backend=nplusone",
        "-k",
        "ListForeignKeyNPlusOne and n_plus_one",
        settings=FLAWED_SETTINGS,
    )
    result.assert_outcomes(failed=1, passed=1)
    if django.VERSION < (6, 1):
        expected = '*culprit: Potential n+1 query detected on `Note.owner`*select_related("owner")'
    else:
        expected = '*culprit: N+1 detected on flawed.Note.owner*select_related("owner")'
    result.stdout.fnmatch_lines([expected])


@pytest.mark.parametrize("launcher", ["python -m pytest", "bin/pytest"])
def test_locations_name_the_project_never_the_launcher(guard_project, launcher: str) -> None:
    """Run as ``python -m pytest`` (runpy) or through the ``pytest`` script, by a relative path
    (as ``../.venv/bin/pytest``): every location is the project's serializer, never either."""
    script = Path(sys.executable).parent / "pytest"
    if launcher == "python -m pytest":
        command = [sys.executable, "-m", "pytest"]
    elif script.exists():
        command = [os.path.relpath(script, guard_project.path)]
    else:
        pytest.skip(f"no pytest script beside {sys.executable}")
    guard_project.monkeypatch.setenv("GUARD_DB_NAME", database_name())
    guard_project.monkeypatch.setenv("DJANGO_SETTINGS_MODULE", FLAWED_SETTINGS)
    result = guard_project.pytester.run(
        *command,
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        "-m",
        "guard_queries",
        "-o",
        f"guard_lockfile={FLAWED_LOCK}",
        "-k",
        "n_plus_one and (ListForeignKeyNPlusOneFlawed or NestedDetailNPlusOneFlawed "
        "or AlbumRelationsNPlusOneFlawed)",
        timeout=TIMEOUT,
    )
    result.assert_outcomes(failed=5)
    result.stdout.fnmatch_lines(
        [  # in the order of the report: endpoints by name
            "* x SELECT * <- */gallery/serializers.py:* in AlbumSerializer.photos",
            "* x SELECT * <- */gallery/serializers.py:* in AlbumSerializer.tags",
            "* x SELECT * <- */gallery/serializers.py:* in AlbumSerializer.reactions",
            "* x SELECT * <- */gallery/serializers.py:* in ReactionSerializer.author",
            "*culprit: N+1 detected on flawed.Note.owner at */flawed/serializers.py:* "
            "in get_owner_name — fix:*",
            "* x SELECT * <- */flawed/serializers.py:* in get_owner_name",
            "*culprit: N+1 detected on flawed.Note.comments — fix:*",
            "* x SELECT * <- */flawed/serializers.py:* in NoteWithCommentsSerializer.comments",
            "* x SELECT * <- */flawed/serializers.py:* in NoteCommentSerializer.author_name",
        ],
        consecutive=False,
    )
    located = [line for line in result.outlines if " <- " in line or " at " in line]
    for wrong in ("runpy", "bin/pytest", "<frozen", "library code", "site-packages"):
        assert not [line for line in located if wrong in line], wrong


def test_private_one_to_one_list_cannot_grow_and_says_so(guard_project) -> None:
    """A list of the actor's own profile (one per user) shows none of the rows added for new
    users: could not verify, naming the one-to-one, never an IntegrityError."""
    guard_project.replace("gallery/views.py", 'policy = "authenticated_read"', 'policy = "private"')
    guard_project.replace(
        "gallery/views.py",
        'Profile.objects.select_related("user")',
        'Profile.objects.filter(user=self.request.user).select_related("user")',
    )
    result = guard_project.run("-m", "guard_queries", "-k", "ProfileViewSet and n_plus_one")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "gallery.ProfileViewSet: list as owner (GET /api/gallery/profiles/)",
            "  could not verify: gallery.Profile.user is one-to-one, so the 3 rows were added for "
            "new users, and the list does not show them to owner (1 rows, then 1) — a list of "
            "one row per user cannot grow: skip list in Guard.skip with a reason",
        ]
    )
    result.stdout.no_fnmatch_line("*IntegrityError*")
