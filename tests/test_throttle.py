"""The throttle family on real views: rate throttles that bite, and ones that never do.

One copy of example_app gains ``signin/broken.py`` (one view per flaw, and correct shapes); one
run of the throttle items is shared by the tests here. The flawed app's login without a
throttle and its throttle that never bites are asserted in tests/test_flawed.py.
"""

from pathlib import Path

import pytest

from conftest import SessionRun, session_run

VIEWS = """
import uuid

from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, ScopedRateThrottle
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from signin.views import LoginView


class AlwaysAllows(ScopedRateThrottle):
    def allow_request(self, request, view):
        return True


class KeyedPerRequest(ScopedRateThrottle):
    def get_cache_key(self, request, view):
        return f"throttle_{uuid.uuid4().hex}"  # a new history for every request


class NoWait(ScopedRateThrottle):
    def wait(self):
        return None


class BrokenNoThrottle(LoginView):
    throttle_classes = []


class BrokenAlwaysAllows(LoginView):
    throttle_classes = [AlwaysAllows]


class BrokenKeyedPerRequest(LoginView):
    throttle_classes = [KeyedPerRequest]


class BrokenHugeRate(LoginView):
    throttle_scope = "huge"


class BrokenNoRetryAfter(LoginView):
    throttle_classes = [NoWait]


class BrokenRequiredByIni(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = []

    class Guard:
        policy = "private"

    def post(self, request):
        return Response({"sent": True})


class GoodUserThrottle(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [UserRateThrottle]

    class Guard:
        policy = "private"

    def get(self, request):
        return Response({"user": request.user.pk})


class GoodAnonOnPrivate(GoodUserThrottle):
    throttle_classes = [AnonRateThrottle]  # applies to nobody the view answers


class Opaque(BaseThrottle):
    def allow_request(self, request, view):
        return True


class OpaqueThrottle(LoginView):
    throttle_classes = [Opaque]


class BadDeclaration(LoginView):
    class Guard(LoginView.Guard):
        throttled = "yes"
"""
NAMES = (
    "BrokenNoThrottle",
    "BrokenAlwaysAllows",
    "BrokenKeyedPerRequest",
    "BrokenHugeRate",
    "BrokenNoRetryAfter",
    "BrokenRequiredByIni",
    "GoodUserThrottle",
    "GoodAnonOnPrivate",
    "OpaqueThrottle",
    "BadDeclaration",
)
URLS = "\n".join(
    [
        "",
        "from signin import broken  # noqa: E402",
        "",
        "urlpatterns += [",
        *(f'    path("{n.lower()}/", broken.{n}.as_view(), name="{n.lower()}"),' for n in NAMES),
        "]",
        "",
    ]
)
SETTINGS = '\nREST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["huge"] = "1000000/second"\n'
REQUIRED = "guard_throttle_required=password-reset brokenrequiredbyini no-such-url"


def prepare(project: Path) -> None:
    (project / "signin" / "broken.py").write_text(VIEWS)
    with (project / "signin" / "urls.py").open("a") as urls:
        urls.write(URLS)
    with (project / "config" / "settings.py").open("a") as settings:
        settings.write(SETTINGS)


@pytest.fixture(scope="session")
def throttle_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    run = session_run(
        tmp_path_factory,
        "throttle",
        "-m",
        "guard_throttle",
        "-o",
        REQUIRED,
        "-rs",
        prepare=prepare,
    )
    assert run.result.ret == 1, "\n".join(run.result.outlines[-40:] + run.result.errlines)
    return run


def item(view: str, case: str = "post") -> str:
    return f"guard::signin.{view}::throttle[{case}]"


def failed(run: SessionRun, nodeid: str) -> pytest.LineMatcher:
    outcome = run.outcome(nodeid)
    assert outcome.outcome == "failed", f"{nodeid}: {outcome.outcome}\n{outcome.text}"
    assert "Traceback" not in outcome.text
    return outcome.lines


FAILURES = [
    (
        "BrokenNoThrottle",
        [
            "  expected: a throttle on POST /api/signin/brokennothrottle/: the project marks it "
            "as needing one (login, one-time codes, password reset)",
            "  got:      no throttle applies to POST /api/signin/brokennothrottle/ as anonymous "
            "(its throttle_classes is empty)",
            "  hint:     add throttle_classes = ?...? to the view *",
        ],
    ),
    (
        "BrokenAlwaysAllows",
        [
            "  expected: 429 with Retry-After once AlwaysAllows (scope 'login', rate '5/minute') "
            "has seen 5 requests per 60s from anonymous",
            "  got:      POST /api/signin/brokenalwaysallows/ answered 200 with the history "
            "empty, then 200 OK * with 5 requests in the window: AlwaysAllows never bites",
            "  hint:     AlwaysAllows: check allow_request() and get_cache_key() *",
        ],
    ),
    (
        "BrokenKeyedPerRequest",
        ["  got:      * with 5 requests in the window: KeyedPerRequest never bites"],
    ),
    (
        "BrokenHugeRate",
        [
            "  got:      ScopedRateThrottle (scope 'huge', rate '1000000/second') allows "
            "1000000 requests per 1s: it never bites in practice",
        ],
    ),
    (
        "BrokenNoRetryAfter",
        [
            "  got:      POST /api/signin/brokennoretryafter/ answered 429 without a "
            "Retry-After header",
            "  hint:     NoWait.wait() must return the seconds to wait",
        ],
    ),
    (
        "BrokenRequiredByIni",
        ["  got:      no throttle applies to POST /api/signin/brokenrequiredbyini/ as other *"],
    ),
]


@pytest.mark.parametrize(("view", "lines"), FAILURES, ids=[f[0] for f in FAILURES])
def test_a_throttle_that_does_not_bite_fails(
    throttle_run: SessionRun, view: str, lines: list[str]
) -> None:
    failed(throttle_run, item(view)).fnmatch_lines(lines, consecutive=False)


def test_throttles_that_bite_pass(throttle_run: SessionRun) -> None:
    for nodeid in (
        item("LoginView"),  # ScopedRateThrottle, declared Guard.throttled
        item("PasswordResetView"),  # AnonRateThrottle, named in the ini
        item("GoodUserThrottle", "get"),  # a user's history, not an address's
        "guard::accounts.PlanViewSet::throttle[defaults]",  # the project's defaults, once
    ):
        assert throttle_run.outcome(nodeid).outcome == "passed", nodeid


def test_a_throttle_applying_to_no_answered_actor_is_a_skip_saying_so(
    throttle_run: SessionRun,
) -> None:
    outcome = throttle_run.outcome(item("GoodAnonOnPrivate", "get"))
    assert outcome.outcome == "skipped"
    assert "no throttle applies a rate to the actors answered (other" in outcome.text


def test_a_throttle_without_a_history_to_fill_could_not_be_verified(
    throttle_run: SessionRun,
) -> None:
    failed(throttle_run, item("OpaqueThrottle")).fnmatch_lines(
        [
            "*could not verify*Opaque is no SimpleRateThrottle: its history cannot be filled to "
            "prove it bites*",
        ]
    )


def test_the_defaults_are_checked_once_per_project(throttle_run: SessionRun) -> None:
    defaults = [nodeid for nodeid in throttle_run.junit if nodeid.endswith("throttle[defaults]")]
    assert defaults == ["guard::accounts.PlanViewSet::throttle[defaults]"]
    assert not any("OrderViewSet::throttle" in nodeid for nodeid in throttle_run.junit)


def test_an_ini_name_routing_nothing_fails(throttle_run: SessionRun) -> None:
    failed(throttle_run, "guard::accounts.LabelViewSet::throttle[no-such-url]").fnmatch_lines(
        [
            "  expected: guard_throttle_required lists URL names of the project",
            "  got:      'no-such-url' is the name of no URL pattern",
        ],
        consecutive=False,
    )


def test_a_bad_declaration_is_one_line(throttle_run: SessionRun) -> None:
    outcome = throttle_run.outcome("guard::signin.BadDeclaration::declaration")
    assert outcome.outcome in ("failed", "error")
    assert (
        "signin.BadDeclaration: Guard.throttled: must be True or a list of actions" in outcome.text
    )
