"""The pagination family on real list views: DRF's three classes and custom ones, correct and
broken, plus ``assert_paginated`` in hand-written tests.

One copy of example_app gains ``feeds/broken.py`` (one view per flaw, and correct custom
shapes); one run of its pagination items and hand-written tests is shared by the tests here.
The deliberately flawed app's pagination flaws are asserted in tests/test_flawed.py.
"""

from pathlib import Path

import pytest

from conftest import SessionRun, session_run

VIEWS = '''
from rest_framework import generics
from rest_framework.pagination import CursorPagination, LimitOffsetPagination
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from feeds.models import Entry
from feeds.pagination import SizedPagination
from feeds.serializers import EntrySerializer
from feeds.views import EntryGuard


class Base(generics.ListAPIView):
    serializer_class = EntrySerializer
    permission_classes = [IsAuthenticated]
    Guard = EntryGuard

    def get_queryset(self):
        return Entry.objects.filter(owner=self.request.user).order_by("id")


class EndlessLimit(LimitOffsetPagination):
    default_limit = 5  # and no max_limit


class GreedyCursor(CursorPagination):
    page_size = 5
    ordering = "-id"
    page_size_query_param = "count"  # and no max_page_size


class ReadsEveryEarlierPage(PageNumberPagination):
    page_size = 5

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        for earlier in range(1, self.page.number):  # one more query per earlier page
            list(self.page.paginator.page(earlier).object_list)
        return page


class CrashingPages(PageNumberPagination):
    page_size = 5

    def get_page_number(self, request, paginator):
        return int(request.query_params.get(self.page_query_param) or 1)  # ?page=abc: 500


class SkippingPages(PageNumberPagination):
    page_size = 5

    def get_next_link(self):
        if not self.page.has_next():
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, "page", self.page.next_page_number() + 1)


class LinksPagination(PageNumberPagination):
    """JSON:API-like pages: {"data": [...], "links": {"next": ...}, "meta": {...}}."""

    page_size = 5
    page_size_query_param = "per"
    max_page_size = 8

    def get_paginated_response(self, data):
        links = {"next": self.get_next_link(), "prev": self.get_previous_link()}
        meta = {"total": self.page.paginator.count}
        return Response({"data": data, "links": links, "meta": meta})

    def get_paginated_response_schema(self, schema):
        return {"type": "object", "properties": {"data": schema, "links": {}, "meta": {}}}


class BrokenUncappedWindow(Base):
    pagination_class = EndlessLimit


class BrokenUncappedCursor(Base):
    pagination_class = GreedyCursor


class BrokenDeepPages(Base):
    pagination_class = ReadsEveryEarlierPage


class BrokenBadPage(Base):
    pagination_class = CrashingPages


class BrokenSkippedPages(Base):
    pagination_class = SkippingPages


class BrokenDeclaredCap(Base):
    pagination_class = SizedPagination  # max_page_size = 12

    class Guard(EntryGuard):
        max_page_size = 10


class GoodLinks(Base):
    pagination_class = LinksPagination


class GoodSmall(Base):
    pagination_class = None

    class Guard(EntryGuard):
        unpaginated = "at most seven entries a week"


class BadDeclaration(Base):
    class Guard(EntryGuard):
        unpaginated = "  "
'''
NAMES = (
    "BrokenUncappedWindow",
    "BrokenUncappedCursor",
    "BrokenDeepPages",
    "BrokenBadPage",
    "BrokenSkippedPages",
    "BrokenDeclaredCap",
    "GoodLinks",
    "GoodSmall",
    "BadDeclaration",
)
URLS = "\n".join(
    [
        "",
        "from django.urls import path as _path  # noqa: E402",
        "from feeds import broken  # noqa: E402",
        "",
        "urlpatterns += [",
        *(f'    _path("api/broken/{n.lower()}/", broken.{n}.as_view()),' for n in NAMES),
        "]",
        "",
    ]
)
HAND_WRITTEN = """
import pytest
from rest_framework.test import APIClient

from config.factories import UserFactory
from feeds.factories import EntryFactory

pytestmark = pytest.mark.django_db


def client_with_rows(count=0):
    user = UserFactory()
    EntryFactory.create_batch(count, owner=user)
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_toolkit_unpaginated():
    from pytest_django_guard.toolkit.asserts import assert_paginated

    assert_paginated(client_with_rows(3), "/api/broken/goodsmall/", max_page_size=10)


def test_toolkit_uncapped(assert_paginated):
    client = client_with_rows(30)
    assert_paginated(client, "/api/broken/brokenuncappedwindow/", max_page_size=10,
                     size_param="limit")


def test_toolkit_too_few_rows(assert_paginated):
    assert_paginated(client_with_rows(2), "/api/feed-entries/", max_page_size=12,
                     size_param="size")


def test_toolkit_correct(assert_paginated):
    assert_paginated(client_with_rows(20), "/api/broken/goodlinks/", max_page_size=8,
                     size_param="per")
"""


def prepare(project: Path) -> None:
    (project / "feeds" / "broken.py").write_text(VIEWS)
    with (project / "config" / "urls.py").open("a") as urls:
        urls.write(URLS)
    (project / "tests" / "test_pagination_toolkit.py").write_text(HAND_WRITTEN)


@pytest.fixture(scope="session")
def broken_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    run = session_run(
        tmp_path_factory,
        "pagination",
        "-k",
        "(Broken or Good or BadDeclaration) and (pagination or declaration) or toolkit",
        "-rs",
        prepare=prepare,
    )
    assert run.result.ret == 1, "\n".join(run.result.outlines[-40:] + run.result.errlines)
    return run


def item(view: str, case: str) -> str:
    return f"guard::feeds.{view}::pagination[list-{case}]"


def failed(run: SessionRun, nodeid: str) -> pytest.LineMatcher:
    outcome = run.outcome(nodeid)
    assert outcome.outcome == "failed", f"{nodeid}: {outcome.outcome}\n{outcome.text}"
    assert "Traceback" not in outcome.text
    return outcome.lines


# (view, check, lines of the report after its title)
FAILURES = [
    (
        "BrokenUncappedWindow",
        "capped",
        [
            "  expected: a capped page size — ?limit=1000000 must not make one request read "
            "and serialise every row",
            "  got:      EndlessLimit honours ?limit= and has no max_limit",
            "  hint:     set EndlessLimit.max_limit = 100 *",
        ],
    ),
    (
        # An uncapped LIMIT is also a 500 on a huge value: the database cannot hold it.
        "BrokenUncappedWindow",
        "bad_input",
        ["  ?limit=999999999999999999999999999999: 500: *"],
    ),
    (
        "BrokenUncappedCursor",
        "bad_input",
        ["  ?count=999999999999999999999999999999: 500: *"],
    ),
    (
        "BrokenUncappedCursor",
        "capped",
        [
            "  got:      GreedyCursor honours ?count= and has no max_page_size",
            "  hint:     set GreedyCursor.max_page_size = 100 *",
        ],
    ),
    (
        "BrokenDeepPages",
        "complete",
        [
            "  expected: the last page costs no more queries than the first *",
            "  got:      page 1: 2 queries, page 3: 4",
            "  2 x SELECT feeds_entry.id, * FROM feeds_entry * LIMIT ? OFFSET ?",
            "  hint:     page in the database (LIMIT/OFFSET or a cursor)*",
        ],
    ),
    (
        "BrokenBadPage",
        "bad_input",
        [
            "  expected: a 4xx to malformed paging input, never a 5xx*",
            "  got:      1 of 5 malformed values were not refused",
            "  ?page=abc: 500: ValueError: invalid literal for int()*",
        ],
    ),
    (
        "BrokenSkippedPages",
        "complete",
        [
            "  expected: every row exactly once walking next from page 1*",
            "  got:      2 pages: never shown: id=*",
            "  page 1: *",
            "  page 2: *",
        ],
    ),
    (
        "BrokenDeclaredCap",
        "capped",
        [
            "  expected: at most 10 rows (Guard.max_page_size) — ?size=1000000 must not make "
            "one request read and serialise every row",
            "  got:      12 rows for ?size=1000000",
            "  hint:     lower SizedPagination.max_page_size to 10, or raise Guard.max_page_size",
        ],
    ),
]


@pytest.mark.parametrize(
    ("view", "check", "lines"), FAILURES, ids=[f"{f[0]}-{f[1]}" for f in FAILURES]
)
def test_a_flaw_fails_its_check_with_a_message_that_teaches(
    broken_run: SessionRun, view: str, check: str, lines: list[str]
) -> None:
    failed(broken_run, item(view, check)).fnmatch_lines(
        [f"feeds.{view}: list as owner (GET */api/broken/{view.lower()}/*)", *lines],
        consecutive=False,
    )


@pytest.mark.parametrize("view", sorted({f[0] for f in FAILURES}))
def test_a_flaw_fails_only_its_own_check(broken_run: SessionRun, view: str) -> None:
    flawed = {check for name, check, _ in FAILURES if name == view}
    outcomes = {
        check: broken_run.outcome(item(view, check)).outcome
        for check in ("paginated", "capped", "complete", "bad_input")
    }

    assert {c for c, o in outcomes.items() if o != "passed"} == flawed


def test_a_custom_class_following_drfs_conventions_is_green(broken_run: SessionRun) -> None:
    for check in ("paginated", "capped", "complete", "bad_input"):
        assert broken_run.outcome(item("GoodLinks", check)).outcome == "passed", check


def test_a_list_declared_unpaginated_is_a_declared_skip_with_its_reason(
    broken_run: SessionRun,
) -> None:
    outcome = broken_run.outcome(item("GoodSmall", "paginated"))

    assert outcome.outcome == "skipped"
    assert "declared unpaginated: at most seven entries a week" in outcome.text
    assert not [
        n
        for n in broken_run.junit
        if n.startswith("guard::feeds.GoodSmall::pagination[") and not n.endswith("-paginated]")
    ]
    broken_run.result.stdout.fnmatch_lines(["  declared skips: feeds.GoodSmall: 1 *"])


def test_an_unpaginated_reason_must_say_something(broken_run: SessionRun) -> None:
    outcome = broken_run.outcome("guard::feeds.BadDeclaration::declaration")

    assert outcome.outcome == "error"
    assert (
        "feeds.BadDeclaration: Guard.unpaginated: needs a reason: why is the list small "
        "enough to answer whole?" in outcome.text
    )


TOOLKIT = {
    "test_toolkit_unpaginated": [
        "assert_paginated('/api/broken/goodsmall/')",
        "  expected: a paginated list",
        "  got:      a bare array of every row, 3 now",
    ],
    "test_toolkit_uncapped": [
        "  expected: at most 10 rows on a page, even for ?limit=1000000",
        "  got:      30 rows",
    ],
    "test_toolkit_too_few_rows": [
        "  could not verify: 2 rows and no next page for ?size=1000000 — pass make_rows=*",
    ],
}


@pytest.mark.parametrize("test", sorted(TOOLKIT))
def test_assert_paginated_fails_with_the_same_words(broken_run: SessionRun, test: str) -> None:
    outcome = broken_run.outcome(f"tests.test_pagination_toolkit::{test}")

    assert outcome.outcome == "failed"
    outcome.lines.fnmatch_lines(TOOLKIT[test], consecutive=False)


def test_assert_paginated_passes_on_a_correct_list(broken_run: SessionRun) -> None:
    assert broken_run.outcome("tests.test_pagination_toolkit::test_toolkit_correct").outcome == (
        "passed"
    )
