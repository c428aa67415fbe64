"""The example app as a user runs it: ids, selection, reporting, xdist and --lf."""

import itertools
import re

import pytest
from test_payloads import ACCOUNTS

from conftest import SessionRun, collected_ids

ORDER_ACTIONS = (
    "list",
    "create",
    "retrieve",
    "update",
    "partial_update",
    "destroy",
    "cancel",
    "recent",
)
ACTORS = ("anonymous", "owner", "other", "staff")
# Items the example app's declarations skip on purpose, with the reason each shows.
DECLARED_SKIPS = {
    "guard::library.ArticleViewSet::pagination[list-paginated]": "declared unpaginated: "
    "RealWorld's article list answers {articles, articlesCount} whole",
}


def collected_count(result: pytest.RunResult) -> int:
    match = re.search(r"collected (\d+) items?", "\n".join(result.outlines))
    assert match, result.outlines[:10]
    return int(match.group(1))


def guard_line(source: str) -> int:
    """1-based line of the first ``class Guard:`` in a file."""
    return next(
        number
        for number, line in enumerate(source.splitlines(), 1)
        if line.strip() == "class Guard:"
    )


# -- the whole app -------------------------------------------------------------------------------


def test_whole_example_app_is_green(example_run: SessionRun) -> None:
    result = example_run.result
    collected = collected_count(result)

    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=collected - len(DECLARED_SKIPS), skipped=len(DECLARED_SKIPS))
    assert collected > 150


def test_every_generated_item_ran_and_passed(example_run: SessionRun, generated: list[str]) -> None:
    items = example_run.guard_items()

    assert sorted(items) == sorted(generated)
    skipped = {nodeid for nodeid, outcome in items.items() if outcome.outcome == "skipped"}
    assert skipped == set(DECLARED_SKIPS)
    assert {o.outcome for nodeid, o in items.items() if nodeid not in skipped} == {"passed"}


def test_declared_skips_are_counted_in_the_summary(example_run: SessionRun) -> None:
    example_run.result.stdout.fnmatch_lines(["  declared skips: library.ArticleViewSet: 1 *"])
    for nodeid, reason in DECLARED_SKIPS.items():
        assert reason in example_run.outcome(nodeid).text


def test_summary_counts_guarded_endpoints(example_run: SessionRun, endpoints: set[str]) -> None:
    # Every endpoint of the example app is guarded (8 when this was written).
    assert len(endpoints) >= 8
    example_run.result.stdout.fnmatch_lines(
        [
            "*- pytest-django-guard -*",
            f"guarded endpoints: {len(endpoints)}/{len(endpoints)} (100.0 %)*",
        ]
    )
    example_run.result.stdout.no_fnmatch_line("*unguarded:*")


# -- node ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nodeid",
    [
        pytest.param("guard::shop.OrderViewSet::permissions[retrieve-other]", id="standard"),
        pytest.param("guard::shop.OrderViewSet::permissions[cancel-owner]", id="custom-action"),
        pytest.param(
            "guard::orgs.ProjectViewSet::permissions[archive-org_admin]", id="custom-actor"
        ),
        pytest.param(
            "guard::blog.PostViewSet@/api/posts/::permissions[list-anonymous]",
            id="mounted-twice-v1",
        ),
        pytest.param(
            "guard::blog.PostViewSet@/api/v2/posts/::permissions[list-anonymous]",
            id="mounted-twice-v2",
        ),
        pytest.param("guard::blog.CommentViewSet::permissions[list-owner]", id="nested-route"),
        pytest.param(
            "guard::catalogue.ProductDetail::permissions[update-staff]", id="generic-view"
        ),
        pytest.param(
            "guard::thirdparty.TagViewSet::permissions[create-other]", id="declared-in-conftest"
        ),
    ],
)
def test_collect_only_shows_documented_node_id(generated: list[str], nodeid: str) -> None:
    assert nodeid in generated


def test_every_permission_id_has_the_documented_shape(generated: list[str]) -> None:
    shape = re.compile(
        r"guard::[a-z_]+\.[A-Za-z]+(@/[\w/-]+/)?::permissions\[[a-z_]+(:[a-z]+)?-[a-z_]+\]"
    )
    permissions = [nodeid for nodeid in generated if "::permissions[" in nodeid]

    assert len(permissions) > 150
    assert [nodeid for nodeid in permissions if not shape.fullmatch(nodeid)] == []


def test_permission_matrix_is_every_action_times_every_actor(generated: list[str]) -> None:
    prefix = "guard::shop.OrderViewSet::permissions["
    cases = {nodeid.removeprefix(prefix)[:-1] for nodeid in generated if nodeid.startswith(prefix)}

    assert cases == {f"{a}-{b}" for a, b in itertools.product(ORDER_ACTIONS, ACTORS)}


def test_endpoint_without_owner_has_no_owner_actor(generated: list[str]) -> None:
    prefix = "guard::catalogue.ProductListCreate::permissions["
    cases = {nodeid.removeprefix(prefix)[:-1] for nodeid in generated if nodeid.startswith(prefix)}

    assert cases == {
        f"{a}-{b}" for a in ("list", "create") for b in ("anonymous", "other", "staff")
    }


# -- selection -----------------------------------------------------------------------------------


def test_keyword_selects_exactly_the_matching_items(guard_project, generated: list[str]) -> None:
    result = guard_project.run("--collect-only", "-q", "-k", "OrderViewSet and retrieve")

    selected = collected_ids(result)
    assert sorted(selected) == sorted(
        nodeid for nodeid in generated if "OrderViewSet" in nodeid and "retrieve" in nodeid
    )
    assert {f"guard::shop.OrderViewSet::permissions[retrieve-{actor}]" for actor in ACTORS} <= set(
        selected
    )
    result.stdout.fnmatch_lines([f"{len(selected)}/* tests collected (* deselected)*"])


@pytest.mark.parametrize(
    ("args", "expect_hand_written", "expect_generated"),
    [
        pytest.param(("-m", "guard_permissions"), False, "permissions", id="marker-permissions"),
        pytest.param(("-m", "guard"), False, "all", id="marker-guard"),
        pytest.param(("-m", "not guard"), True, None, id="marker-not-guard"),
        pytest.param(("--no-guard",), True, None, id="no-guard"),
        pytest.param(("tests",), True, None, id="path-arg"),
        pytest.param(("tests/test_smoke.py",), "smoke", None, id="file-arg"),
        pytest.param(("tests", "--guard"), True, "all", id="path-arg-with-guard"),
        pytest.param((".",), True, "all", id="rootdir-arg"),
    ],
)
def test_which_tests_are_collected(
    guard_project,
    generated: list[str],
    hand_written: list[str],
    args: tuple[str, ...],
    expect_hand_written: bool | str,
    expect_generated: str | None,
) -> None:
    result = guard_project.run("--collect-only", "-q", *args)

    expected = {
        True: hand_written,
        False: [],
        "smoke": [n for n in hand_written if n.startswith("tests/test_smoke.py::")],
    }[expect_hand_written] + {
        None: [],
        "all": generated,
        "permissions": [n for n in generated if "::permissions[" in n],
    }[expect_generated]
    assert result.ret == pytest.ExitCode.OK
    assert sorted(collected_ids(result)) == sorted(expected)
    if expect_generated is None and "-m" not in args:
        # Not generated at all (rather than deselected): no endpoint discovery, no summary.
        result.stdout.no_fnmatch_line("*pytest-django-guard*")
        result.stdout.no_fnmatch_line("*deselected*")


def test_deselect_by_node_id(guard_project, generated: list[str]) -> None:
    nodeid = "guard::shop.OrderViewSet::permissions[retrieve-other]"

    result = guard_project.run("--collect-only", "-q", "--deselect", nodeid)

    assert nodeid not in collected_ids(result)
    assert set(generated) - set(collected_ids(result)) == {nodeid}
    result.stdout.fnmatch_lines(["*tests collected (1 deselected)*"])


# -- reporting -----------------------------------------------------------------------------------


def test_junit_xml_locates_items_at_the_views_file(example_run: SessionRun) -> None:
    located = {nodeid: outcome.file for nodeid, outcome in example_run.guard_items().items()}

    # guard::<app label>.<View>...: every example endpoint lives in <app>/views.py.
    assert located
    assert {n: f for n, f in located.items() if f != f"{n[7:].split('.')[0]}/views.py"} == {}


def test_junit_xml_line_is_the_guard_line_zero_based(example_run: SessionRun) -> None:
    guard_at = guard_line((example_run.project / "shop/views.py").read_text())
    outcome = example_run.outcome("guard::shop.OrderViewSet::permissions[retrieve-other]")

    assert outcome.line == str(guard_at - 1)


def test_hand_written_junit_line_is_zero_based(example_run: SessionRun) -> None:
    """The convention the test above holds generated items to (pytest's own items)."""
    source = (example_run.project / "tests/test_smoke.py").read_text().splitlines()
    def_line = source.index("def test_cancel_sets_the_status(client):") + 1

    outcome = example_run.outcome("tests.test_smoke::test_cancel_sets_the_status")

    assert outcome.line == str(def_line - 1)


def test_very_verbose_output_points_at_the_views_file(example_run: SessionRun) -> None:
    example_run.result.stdout.fnmatch_lines(
        [
            "guard::*ProjectViewSet::permissions[[]archive-org_admin[]] <- orgs/views.py PASSED*",
            "guard::*OrderViewSet::permissions[[]retrieve-other[]] <- shop/views.py PASSED*",
        ]
    )


def test_verbose_output_shows_the_real_node_id(example_run: SessionRun) -> None:
    example_run.result.stdout.fnmatch_lines(
        [
            "guard::shop.OrderViewSet::permissions[[]retrieve-other[]] <- shop/views.py PASSED*",
        ]
    )


def test_unguarded_endpoint_is_listed_in_the_summary(
    guard_project, generated: list[str], endpoints: set[str]
) -> None:
    guard_project.write("shop/unguarded.py", UNGUARDED_VIEW)
    guard_project.append("config/urls.py", UNGUARDED_ROUTE)

    result = guard_project.run("--collect-only", "-q")

    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "*- pytest-django-guard -*",
            f"guarded endpoints: {len(endpoints)}/{len(endpoints) + 1} (*)",
            "  unguarded: shop.unguarded.UnguardedOrderViewSet (/api/unguarded/orders/)",
        ]
    )
    assert sorted(n for n in collected_ids(result) if n.startswith("guard::")) == sorted(generated)


UNGUARDED_VIEW = """\
from rest_framework import viewsets
from rest_framework.routers import SimpleRouter

from shop.models import Order
from shop.serializers import OrderSerializer


class UnguardedOrderViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.none()
    serializer_class = OrderSerializer


router = SimpleRouter()
router.register("orders", UnguardedOrderViewSet, basename="unguarded-order")
"""

UNGUARDED_ROUTE = """
from shop.unguarded import router as unguarded_router  # noqa: E402

urlpatterns += [path("api/unguarded/", include(unguarded_router.urls))]
"""


# -- xdist and --lf ------------------------------------------------------------------------------


def test_xdist_runs_the_same_tests_as_a_serial_run(
    guard_project, example_run: SessionRun, endpoints: set[str]
) -> None:
    serial = example_run.result.parseoutcomes()

    result = guard_project.run("-n", "2")

    result.assert_outcomes(passed=serial["passed"], skipped=serial.get("skipped", 0))
    result.stdout.fnmatch_lines(
        [
            "*- pytest-django-guard -*",
            f"guarded endpoints: {len(endpoints)}/{len(endpoints)} (100.0 %)*",
        ]
    )


CANCEL_SCOPED = "order = self.get_object()"
CANCEL_UNSCOPED = "order = Order.objects.get(pk=pk)"
CANCEL_FAILURES = [
    "guard::shop.OrderViewSet::permissions[cancel-other]",
    "guard::shop.OrderViewSet::permissions[cancel-staff]",
]


def failed_ids(result: pytest.RunResult) -> list[str]:
    return sorted(line.split()[1] for line in result.outlines if line.startswith("FAILED "))


def test_a_broken_view_fails_only_its_own_items(guard_project) -> None:
    """The set-up of the --lf test below: an unscoped custom action fails exactly two items."""
    guard_project.replace("shop/views.py", CANCEL_SCOPED, CANCEL_UNSCOPED)

    result = guard_project.run("-m", "guard_permissions", "-k", "OrderViewSet")

    assert failed_ids(result) == CANCEL_FAILURES
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 2
    assert outcomes["passed"] == len(ORDER_ACTIONS) * len(ACTORS) - 2


def test_last_failed_reruns_only_the_failed_generated_items(guard_project) -> None:
    guard_project.replace("shop/views.py", CANCEL_SCOPED, CANCEL_UNSCOPED)
    first = guard_project.run("-m", "guard_permissions", "-k", "OrderViewSet", cache=True)
    assert failed_ids(first) == CANCEL_FAILURES

    result = guard_project.run("--lf", "-k", "OrderViewSet", cache=True)

    result.stdout.fnmatch_lines(["run-last-failure: rerun previous 2 failures*"])
    assert failed_ids(result) == CANCEL_FAILURES
    outcomes = result.parseoutcomes()
    assert (outcomes.get("failed"), outcomes.get("passed")) == (2, None)


# -- real API shapes (example_app/library) -------------------------------------------------------

SHAPES = {
    # an enveloped API: {"article": {...}} in and out, lists as {"articles": [...], ...},
    # routed without trailing slashes (one endpoint for /api/articles and /api/articles/{slug})
    "library.ArticleViewSet": [
        "create-owner",
        "update-owner",
        "partial_update-owner",
        "list-other",
    ],
    # multipart uploads (a file and an image) and a paginator answering {"items": [...]}
    "library.AttachmentViewSet": ["create-owner", "update-owner", "list-owner", "list-other"],
    # a URL-path versioned route (/api/{version}/webhooks/) and a write-only secret
    "library.WebhookViewSet": ["create-owner", "update-owner", "list-owner", "retrieve-other"],
    # a "me" endpoint (RetrieveUpdateAPIView serving request.user): each actor gets its own
    "library.MeView": ["retrieve-other", "update-other", "partial_update-staff", "retrieve-owner"],
    # a plain APIView whose URL names an object (get as other must be hidden)
    "library.AttachmentDownloadView": ["get-owner", "get-other", "get-staff", "get-anonymous"],
    # a tenant named by a header (Guard.headers = user -> {"X-Org": ...})
    "orgs.TenantProjectViewSet": ["list-owner", "list-other", "retrieve-other", "retrieve-owner"],
}


@pytest.mark.parametrize("label", sorted(SHAPES))
def test_real_api_shapes_are_guarded_and_green(example_run: SessionRun, label: str) -> None:
    for case in SHAPES[label]:
        assert example_run.outcome(f"guard::{label}::permissions[{case}]").outcome == "passed"
    if label not in ("library.MeView", "library.AttachmentDownloadView"):  # no list
        assert example_run.outcome(f"guard::{label}::n_plus_one[list]").outcome == "passed"


def test_files_written_by_generated_tests_stay_out_of_the_project(example_run: SessionRun) -> None:
    """Factories and multipart uploads wrote files: into a temporary MEDIA_ROOT, not the app."""
    written = [p for p in example_run.project.rglob("*") if p.suffix in (".txt", ".png", ".jpg")]
    media = example_run.project.parent / "basetemp"  # the inner run's --basetemp

    assert written == []
    # Not vacuous: the files were written, into the session's temporary MEDIA_ROOT.
    assert list(media.glob("guard-media*/attachments/*.txt"))
    assert list(media.glob("guard-media*/previews/*"))


# -- features' correct endpoints, read from the same run -----------------------------------------
# (kept here so that the example app's run is made once, in one CI part)


def test_the_directory_list_is_green_for_every_actor(example_run: SessionRun) -> None:
    for actor in ("owner", "other", "staff", "anonymous"):
        outcome = example_run.outcome(f"guard::directory.ContactViewSet::permissions[list-{actor}]")
        assert outcome.outcome == "passed", outcome.text


def test_the_example_apps_three_classes_are_green(example_run: SessionRun) -> None:
    for view in ("EntryViewSet", "TimelineView", "StreamViewSet"):
        for check in ("paginated", "capped", "complete", "bad_input"):
            nodeid = f"guard::feeds.{view}::pagination[list-{check}]"
            assert example_run.outcome(nodeid).outcome == "passed", nodeid


@pytest.mark.parametrize("label", sorted(ACCOUNTS))
def test_correct_endpoints_with_each_uniqueness_shape_are_green(
    example_run: SessionRun, label: str
) -> None:
    items = {k: v for k, v in example_run.guard_items().items() if k.startswith(f"guard::{label}")}
    writes = [k for k in items if "permissions[create-" in k or "permissions[update-" in k]

    assert len(writes) >= 6, ACCOUNTS[label]
    assert {k: v.outcome for k, v in items.items() if v.outcome != "passed"} == {}
