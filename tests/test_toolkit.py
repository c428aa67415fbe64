"""The toolkit's assertions in hand-written tests: against the deliberately flawed views they
fail with the same finding as the generated item for the same flaw, and on the correct twins
they pass.

One copy of example_app gains ``tests/test_flawed_toolkit.py`` (below); one run under the
flawed settings runs it beside the generated permission items of the same views.
"""

import re
from pathlib import Path

import pytest

from conftest import FLAWED_SETTINGS, SessionRun, session_run

HAND_WRITTEN = """
import pytest
from flawed.factories import NoteFactory
from flawed.models import Note
from flawed import views

pytestmark = pytest.mark.django_db
DATA = {"title": "t", "body": "b", "secret": "s"}


@pytest.mark.parametrize("twin", ["flawed", "fixed"])
def test_toolkit_denied(twin, guard_client, assert_denied):
    assert_denied(guard_client("anonymous"), "post", f"/flawed/anonymous-write-{twin}/", DATA)


@pytest.mark.parametrize("twin", ["flawed", "fixed"])
def test_toolkit_hidden(twin, guard_client, assert_hidden):
    note = NoteFactory()
    assert_hidden(guard_client("other"), "get", f"/flawed/forbidden-not-hidden-{twin}/{note.pk}/")


@pytest.mark.parametrize("twin", ["flawed", "fixed"])
def test_toolkit_scoped(twin, guard_client, assert_scoped):
    NoteFactory()  # the owner's
    other = guard_client("other")
    mine = NoteFactory(owner=other.guard_user)
    assert_scoped(other.get(f"/flawed/list-leak-{twin}/"), [mine])


@pytest.mark.parametrize("twin", ["flawed", "fixed"])
def test_toolkit_mass_assignment(twin, guard_client, assert_no_mass_assignment):
    note = NoteFactory()
    owner = guard_client("owner", note, view=views.MassAssignmentFlawed)
    victim = guard_client("other").guard_user
    assert_no_mass_assignment(
        owner, "post", f"/flawed/mass-assignment-{twin}/", DATA,
        forged={"owner": victim.pk}, victim=victim,
    )


@pytest.mark.parametrize("twin", ["flawed", "fixed"])
def test_toolkit_n_plus_one(twin, guard_client, assert_no_n_plus_one):
    owner = guard_client("owner", NoteFactory(), owner="owner")
    assert_no_n_plus_one(
        lambda count: NoteFactory.create_batch(count, owner=owner.guard_user),
        lambda: owner.get(f"/flawed/list-foreign-key-n-plus-one-{twin}/"),
    )


def test_toolkit_counted_and_locked(guard_client, assert_max_num_queries):
    client = guard_client("other")
    with assert_max_num_queries(1, lock="tests.toolkit_locked"):
        client.get("/flawed/list-leak-fixed/")


def test_toolkit_is_rewritten(assert_denied):
    import sys

    from pytest_django_guard import assert_denied as imported

    module = sys.modules["pytest_django_guard.toolkit.access"]
    assert type(module.__loader__).__name__ == "AssertionRewritingHook"
    assert imported is assert_denied


def test_toolkit_counted(guard_client, assert_num_queries):
    client = guard_client("other")
    with assert_num_queries(0):
        client.get("/flawed/list-leak-fixed/")
"""

# (hand-written test, the generated item with the same flaw)
PAIRS = [
    ("test_toolkit_denied", "AnonymousWriteFlawed::permissions[create-anonymous]"),
    ("test_toolkit_hidden", "ForbiddenNotHiddenFlawed::permissions[retrieve-other]"),
    ("test_toolkit_scoped", "ListLeakFlawed::permissions[list-other]"),
    ("test_toolkit_mass_assignment", "MassAssignmentFlawed::permissions[create-owner]"),
    ("test_toolkit_n_plus_one", "ListForeignKeyNPlusOneFlawed::n_plus_one[list]"),
]


def prepare(project: Path) -> None:
    (project / "tests" / "test_flawed_toolkit.py").write_text(HAND_WRITTEN)


@pytest.fixture(scope="module")
def toolkit_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    views = " or ".join(item.split("::")[0] for _, item in PAIRS)
    return session_run(
        tmp_path_factory,
        "toolkit",
        "-k",
        f"({views}) and (permissions or n_plus_one) or test_flawed_toolkit",
        "-o",
        "guard_lockfile=flawed.lock",
        settings=FLAWED_SETTINGS,
        prepare=prepare,
    )


def comparable(text: str) -> list[str]:
    """The finding's title, got, details and hint lines, with ids and bodies aside.

    The hand-written test names its reason ``assert_denied`` where the generated item names the
    policy; a leaked row is the owner's to the generated item and its user's name by hand."""
    lines = text.splitlines()
    title = next(line for line in lines if line.removeprefix("Failed: ").startswith("flawed."))
    kept = [title.removeprefix("Failed: ")]
    kept += [line for line in lines if line.startswith(("  got:", "  hint:", "  leaked:"))]
    kept += [line for line in lines if line.startswith("  row ")]
    kept = [re.sub(r" \([\w.@+-]+'s\)", "", line) for line in kept]
    return [re.sub(r"\d+", "N", re.sub(r"\{.*\}", "{…}", line)) for line in kept]


@pytest.mark.parametrize(("test", "item"), PAIRS)
def test_a_hand_written_failure_reads_like_the_generated_one(
    toolkit_run: SessionRun, test: str, item: str
) -> None:
    generated = toolkit_run.outcome(f"guard::flawed.{item}")
    written = toolkit_run.outcome(f"tests.test_flawed_toolkit::{test}[flawed]")
    assert (generated.outcome, written.outcome) == ("failed", "failed"), written.text
    assert "Traceback" not in written.text
    assert comparable(written.text) == comparable(generated.text)
    expected = next(line for line in generated.text.splitlines() if "  expected:" in line)
    assert expected.split(" — ")[0] in written.text


@pytest.mark.parametrize("test", [test for test, _ in PAIRS])
def test_a_hand_written_test_passes_on_the_correct_twin(toolkit_run: SessionRun, test: str) -> None:
    written = toolkit_run.outcome(f"tests.test_flawed_toolkit::{test}[fixed]")
    assert written.outcome == "passed", written.text


def test_a_hand_written_leak_names_whose_row_leaked(toolkit_run: SessionRun) -> None:
    written = toolkit_run.outcome("tests.test_flawed_toolkit::test_toolkit_scoped[flawed]")
    assert re.search(r"  leaked: id=\d+ \(\S+'s\)$", written.text, re.M), written.text


def test_query_assertions_add_the_lock_to_pytest_djangos_count(toolkit_run: SessionRun) -> None:
    """The lock entry is checked inside pytest-django's count; the count keeps its message."""
    locked = toolkit_run.outcome("tests.test_flawed_toolkit::test_toolkit_counted_and_locked")
    assert locked.outcome == "failed"
    assert "no lock entry for tests.toolkit_locked; this run would record" in locked.text
    counted = toolkit_run.outcome("tests.test_flawed_toolkit::test_toolkit_counted")
    assert counted.outcome == "failed"
    assert "Expected to perform 0 queries but" in counted.text


def test_the_toolkit_is_importable_and_rewritten(toolkit_run: SessionRun) -> None:
    outcome = toolkit_run.outcome("tests.test_flawed_toolkit::test_toolkit_is_rewritten")
    assert outcome.outcome == "passed", outcome.text
