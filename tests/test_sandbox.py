"""Generated requests run in a sandbox: no network, frozen time, server errors reported.

One run of a copy with three extra endpoints (views that reach out, crash, read the clock).
"""

from pathlib import Path

import pytest

from conftest import SessionRun, session_run

SANDBOX_VIEWS = """\
import datetime
import time

import requests
from django.utils import timezone
from rest_framework.routers import SimpleRouter

from shop.models import Order
from shop.views import OrderViewSet


class NetworkViewSet(OrderViewSet):
    def list(self, request, *args, **kwargs):
        requests.get("https://example.com/x", timeout=5)
        return super().list(request, *args, **kwargs)


class CrashViewSet(OrderViewSet):
    def list(self, request, *args, **kwargs):
        return 1 / 0  # CRASH LINE


class ClockViewSet(OrderViewSet):
    def list(self, request, *args, **kwargs):
        before = timezone.now()
        time.sleep(0.01)
        moved = timezone.now() - before
        wall = datetime.datetime.now(datetime.UTC).isoformat()
        built = Order.objects.order_by("id").first().created_at.isoformat()
        raise RuntimeError(f"clock={before.isoformat()} wall={wall} moved={moved} built={built}")


router = SimpleRouter()
router.register("sandbox/network", NetworkViewSet, basename="sandbox-network")
router.register("sandbox/crash", CrashViewSet, basename="sandbox-crash")
router.register("sandbox/clock", ClockViewSet, basename="sandbox-clock")
"""

ROUTES = """
from shop.sandbox import router as sandbox_router  # noqa: E402

urlpatterns += [path("api/", include(sandbox_router.urls))]
"""

FROZEN = "2025-01-15T12:00:00+00:00"  # http.FROZEN_AT, documented in docs/permissions.md


def add_sandbox_views(project: Path) -> None:
    (project / "shop/sandbox.py").write_text(SANDBOX_VIEWS)
    with (project / "config/urls.py").open("a") as urls:
        urls.write(ROUTES)


@pytest.fixture(scope="session")
def sandbox_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    return session_run(
        tmp_path_factory,
        "sandbox",
        "-m",
        "guard_permissions",
        "-k",
        "NetworkViewSet or CrashViewSet or ClockViewSet",
        prepare=add_sandbox_views,
    )


def failed(run: SessionRun, view: str) -> set[str]:
    prefix = f"guard::shop.{view}::"
    return {
        nodeid.removeprefix(prefix)
        for nodeid, outcome in run.guard_items().items()
        if nodeid.startswith(prefix) and outcome.outcome == "failed"
    }


# Anonymous callers are refused before list() runs; every signed-in actor reaches it.
LIST_AS_USERS = {"permissions[list-owner]", "permissions[list-other]", "permissions[list-staff]"}


def test_outgoing_http_fails_naming_the_url(sandbox_run: SessionRun) -> None:
    outcome = sandbox_run.outcome("guard::shop.NetworkViewSet::permissions[list-owner]")

    assert outcome.outcome == "failed"
    outcome.lines.fnmatch_lines(
        [
            "shop.NetworkViewSet: list as owner (GET /api/sandbox/network/)",
            "  expected: a response from the endpoint itself: no 5xx, no outgoing network call",
            "  got:      the endpoint tried to reach GET https://example.com/x",
            "  hint:     mock the call with the `responses` library*",
        ]
    )
    assert failed(sandbox_run, "NetworkViewSet") == LIST_AS_USERS


def test_server_error_names_the_exception_and_the_line(sandbox_run: SessionRun) -> None:
    source = (sandbox_run.project / "shop/sandbox.py").read_text().splitlines()
    line = next(n for n, text in enumerate(source, 1) if "# CRASH LINE" in text)

    outcome = sandbox_run.outcome("guard::shop.CrashViewSet::permissions[list-other]")

    assert outcome.outcome == "failed"
    outcome.lines.fnmatch_lines(
        [
            "shop.CrashViewSet: list as other (GET /api/sandbox/crash/)",
            "  expected: a response from the endpoint itself: no 5xx, no outgoing network call",
            f"  got:      500: ZeroDivisionError: division by zero at */shop/sandbox.py:{line}",
            "  hint:     a 5xx is never*",
        ]
    )
    assert "Traceback" not in outcome.text
    assert failed(sandbox_run, "CrashViewSet") == LIST_AS_USERS


def test_time_is_frozen_while_building_and_requesting(sandbox_run: SessionRun) -> None:
    outcome = sandbox_run.outcome("guard::shop.ClockViewSet::permissions[list-staff]")

    outcome.lines.fnmatch_lines(
        [
            f"  got:      500: RuntimeError: clock={FROZEN} wall={FROZEN} moved=0:00:00 "
            f"built={FROZEN} at *",
        ]
    )


def test_the_rest_of_a_sandboxed_endpoint_passes(sandbox_run: SessionRun) -> None:
    """Only list() misbehaves: every other action of the three endpoints passes."""
    items = sandbox_run.guard_items()
    others = {
        nodeid: outcome.outcome for nodeid, outcome in items.items() if "[list-" not in nodeid
    }

    assert len(items) == 3 * 32
    assert {nodeid: o for nodeid, o in others.items() if o != "passed"} == {}
