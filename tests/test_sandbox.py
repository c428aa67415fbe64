"""Generated requests run in a sandbox: no network, frozen time, server errors reported.

One run of a copy with extra endpoints (views that reach out, crash, read the clock), then
copies that break the sandbox on purpose: a second database written by a signal, a fixture
that flushes the database after every test.
"""

import contextlib
import hashlib
import re
import sqlite3
from pathlib import Path

import pytest

from conftest import GuardProject, SessionRun, session_run

SANDBOX_VIEWS = """\
import datetime
import http.client
import socket
import threading
import time
import urllib.request

import httpx
import requests
import urllib3
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


OK = b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok"


def listen():
    # A local HTTP listener every client below would reach, answering 200 OK.
    server = socket.create_server(("127.0.0.1", 0))

    def answer():
        while True:
            conn, _ = server.accept()
            with conn:
                conn.recv(65536)
                conn.sendall(OK)

    threading.Thread(target=answer, daemon=True).start()
    return server.getsockname()[1]


PORT = listen()
URL = f"http://127.0.0.1:{PORT}/"


def swallowed(call):
    # A list() that calls out and catches the error: the refusal must still fail the test.
    def list(self, request, *args, **kwargs):
        try:
            call()
        except Exception:
            pass
        return OrderViewSet.list(self, request, *args, **kwargs)

    return list


def http_client():
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
    connection.request("GET", "/")
    connection.getresponse().read()


def raw_socket():
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", PORT)) != 0:
            raise OSError("refused")


class UrllibViewSet(OrderViewSet):
    list = swallowed(lambda: urllib.request.urlopen(URL, timeout=2).read())


class HttpClientViewSet(OrderViewSet):
    list = swallowed(http_client)


class Urllib3ViewSet(OrderViewSet):
    list = swallowed(lambda: urllib3.PoolManager().request("GET", URL, timeout=2, retries=False))


class HttpxViewSet(OrderViewSet):
    list = swallowed(lambda: httpx.get(URL, timeout=2))


class CreateConnectionViewSet(OrderViewSet):
    list = swallowed(lambda: socket.create_connection(("127.0.0.1", PORT), timeout=2).close())


class ConnectExViewSet(OrderViewSet):
    list = swallowed(raw_socket)


router = SimpleRouter()
router.register("sandbox/network", NetworkViewSet, basename="sandbox-network")
router.register("sandbox/crash", CrashViewSet, basename="sandbox-crash")
router.register("sandbox/clock", ClockViewSet, basename="sandbox-clock")
for view in (UrllibViewSet, HttpClientViewSet, Urllib3ViewSet, HttpxViewSet,
             CreateConnectionViewSet, ConnectExViewSet):
    name = view.__name__.lower()
    router.register(f"sandbox/{name}", view, basename=f"sandbox-{name}")
"""
# How each client's refusal is described: the client, then the socket-level call.
CLIENTS = {
    "UrllibViewSet": "through urllib.request (socket.create_connection",
    "HttpClientViewSet": "through http.client (socket.create_connection",
    "Urllib3ViewSet": "through urllib3 (socket.getaddrinfo",
    "HttpxViewSet": "through httpx (socket.create_connection",
    "CreateConnectionViewSet": "(socket.create_connection",
    "ConnectExViewSet": "(socket.connect_ex",
}

ROUTES = """
from shop.sandbox import router as sandbox_router  # noqa: E402

urlpatterns += [path("api/", include(sandbox_router.urls))]
"""

EXPECTED = "a response from the endpoint itself: no 5xx, no outgoing network call"
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
        " or ".join(["NetworkViewSet", "CrashViewSet", "ClockViewSet", *CLIENTS]),
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
            "  hint:     mock the call (`responses` for requests*guard_allow_hosts",
        ]
    )
    assert failed(sandbox_run, "NetworkViewSet") == LIST_AS_USERS


@pytest.mark.parametrize(("view", "through"), sorted(CLIENTS.items()))
def test_every_client_is_refused_at_the_socket(
    sandbox_run: SessionRun, view: str, through: str
) -> None:
    """The view swallows the client's error; the recorded attempt still fails the test."""
    outcome = sandbox_run.outcome(f"guard::shop.{view}::permissions[list-other]")

    assert outcome.outcome == "failed"
    outcome.lines.re_match_lines(
        [
            re.escape(f"shop.{view}: list as other (GET /api/sandbox/{view.lower()}/)"),
            re.escape(f"  expected: {EXPECTED}"),
            rf"  got:      the endpoint tried to reach 127\.0\.0\.1:\d+ {re.escape(through)} "
            r"at \S+/shop/sandbox\.py:\d+\)$",
            r"  hint:     mock the call .*guard_allow_hosts$",
        ]
    )
    assert failed(sandbox_run, view) == LIST_AS_USERS


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

    assert len(items) == (3 + len(CLIENTS)) * 32
    assert {nodeid: o for nodeid, o in others.items() if o != "passed"} == {}


def test_allowed_hosts_are_reached_and_the_rest_refused(guard_project: GuardProject) -> None:
    """guard_allow_hosts = localhost lets every client reach the listener; a port does not."""
    add_sandbox_views(guard_project.path)
    select = ["-m", "guard", "-k", "list-other and (UrllibViewSet or HttpxViewSet or ConnectEx)"]

    allowed = guard_project.run(*select, "-o", "guard_allow_hosts=localhost")
    other_port = guard_project.run(*select, "-o", "guard_allow_hosts=localhost:1 [::1]:2")

    allowed.assert_outcomes(passed=3)
    other_port.assert_outcomes(failed=3)
    other_port.stdout.fnmatch_lines(["*tried to reach 127.0.0.1:* through httpx*"])


SIGNAL_CALLS_OUT = """

from django.db.models.signals import post_save


def notify(sender, instance, **kwargs):
    try:
        urllib.request.urlopen(URL, timeout=2)
    except OSError:
        pass


post_save.connect(notify, sender=Order)
"""


@pytest.mark.parametrize("swallowed", [True, False])
def test_building_the_data_may_not_reach_the_network(
    guard_project: GuardProject, swallowed: bool
) -> None:
    """A post_save signal calls out while the endpoint's rows are built: the setup fails,
    naming the connection whether the signal swallowed the error or let it through."""
    add_sandbox_views(guard_project.path)
    signal = SIGNAL_CALLS_OUT if swallowed else SIGNAL_CALLS_OUT.replace("OSError", "KeyError")
    guard_project.append("shop/sandbox.py", signal)

    result = guard_project.run("-m", "guard", "-k", "OrderViewSet and retrieve-owner")

    result.assert_outcomes(errors=1)
    result.stdout.re_match_lines(
        [
            r"shop\.OrderViewSet$",
            r"  expected: the endpoint's users and rows",
            r"  got:      building them tried to reach 127\.0\.0\.1:\d+ through urllib\.request "
            r"\(socket\.create_connection at \S+/shop/sandbox\.py:\d+\)",
            r"  hint:     mock the call .*",
        ]
    )


SECOND_DATABASE = """

DATABASES["second"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "second.sqlite3"}
"""

AUDIT_SIGNAL = """
import uuid

from django.contrib.auth.models import Group
from django.db.models.signals import post_save

from shop.models import Order


def audit(sender, instance, **kwargs):
    Group.objects.using("second").create(name=f"audit {uuid.uuid4()}")


post_save.connect(audit, sender=Order)
"""


def with_second_database(project: GuardProject) -> Path:
    """A second SQLite alias written by a post_save signal; its real file has the table."""
    project.append("config/settings.py", SECOND_DATABASE)
    project.write("shop/audit.py", AUDIT_SIGNAL)
    project.append("config/urls.py", "\nimport shop.audit  # noqa: E402, F401\n")
    real = project.path / "second.sqlite3"
    with contextlib.closing(sqlite3.connect(real)) as db, db:
        db.execute("CREATE TABLE auth_group (id integer PRIMARY KEY, name varchar(150) UNIQUE)")
    return real


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_second_database_gets_a_test_database_and_a_transaction(
    guard_project: GuardProject,
) -> None:
    """By default every alias is a test database: the signal's rows never reach the real file."""
    real = with_second_database(guard_project)
    before = digest(real)

    result = guard_project.run("-m", "guard", "-k", "shop and OrderViewSet")

    with contextlib.closing(sqlite3.connect(real)) as db, db:
        assert db.execute("SELECT count(*) FROM auth_group").fetchone() == (0,)
    assert digest(real) == before
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] > 40  # every family's items
    assert outcomes.get("failed", 0) == outcomes.get("errors", 0) == 0


def test_an_alias_outside_guard_databases_is_refused(guard_project: GuardProject) -> None:
    """guard_databases = default: writing to 'second' stops the build, naming the setting."""
    real = with_second_database(guard_project)
    before = digest(real)

    result = guard_project.run(
        "-m", "guard", "-k", "OrderViewSet and retrieve-owner", "-o", "guard_databases=default"
    )

    assert digest(real) == before
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "  got:      building them failed: OutsideGuardDatabases: a query to database "
            "'second', which generated tests do not use: add 'second' to guard_databases*",
        ]
    )


def test_an_unknown_alias_in_guard_databases_is_one_line(guard_project: GuardProject) -> None:
    result = guard_project.run("-m", "guard", "-o", "guard_databases=default secnd")

    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [
            "guard_databases names 'secnd', which DATABASES does not define (it has default)",
        ]
    )


TRANSACTIONAL_FIXTURE = """

@pytest.fixture(autouse=True)
def enable_transactions(transactional_db):
    pass
"""

GUARD_AWARE_FIXTURE = """

@pytest.fixture(autouse=True)
def enable_transactions(request):
    if request.node.get_closest_marker("guard") is None:
        request.getfixturevalue("transactional_db")
"""


def test_an_autouse_transactional_fixture_is_refused_in_one_line(
    guard_project: GuardProject,
) -> None:
    """It would flush the shared rows after each test: leak checks would pass on nothing."""
    guard_project.append("conftest.py", TRANSACTIONAL_FIXTURE)

    result = guard_project.run("-m", "guard", "-k", "OrderViewSet")

    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [
            "generated tests cannot run beside `transactional_db` (the autouse "
            "fixture `enable_transactions` requests it): it flushes the rows an endpoint's tests "
            "share after each test; request it only in tests without the `guard` marker*"
            "or run with --no-guard",
        ]
    )
    assert "passed" not in result.stdout.lines[-1]
    result.stdout.no_fnmatch_line("*stale lock entry*")


def test_a_fixture_requested_at_run_time_is_refused_at_the_item(
    guard_project: GuardProject,
) -> None:
    """getfixturevalue() escapes collection: the item says it, before any check runs."""
    guard_project.append(
        "conftest.py", GUARD_AWARE_FIXTURE.replace(" is None:\n", " is not None:\n")
    )

    result = guard_project.run("-m", "guard", "-k", "shop and OrderViewSet and retrieve")

    # 4 permission items, queries[retrieve], exposure[retrieve], input[retrieve-…]
    result.assert_outcomes(errors=7)
    result.stdout.fnmatch_lines(["*generated tests cannot run beside `transactional_db`*"])


def test_a_transactional_fixture_kept_off_guard_items_leaves_checks_working(
    guard_project: GuardProject,
) -> None:
    """The remedy the message gives: leaks are still caught and the owner still served."""
    guard_project.append("conftest.py", GUARD_AWARE_FIXTURE)

    result = guard_project.run(
        "-m",
        "guard_permissions",
        "-k",
        "ListLeak or UnscopedRetrieve",
        "-o",
        "guard_lockfile=flawed.lock",
        settings="config.settings_flawed",
    )

    failures = {line.split()[1] for line in result.outlines if line.startswith("FAILED ")}
    assert failures == {
        f"guard::flawed.{item}"
        for item in [
            "ListLeakFlawed::permissions[list-owner]",
            "ListLeakFlawed::permissions[list-other]",
            "ListLeakFlawed::permissions[list-staff]",
            "UnscopedRetrieveFlawed::permissions[retrieve-other]",
            "UnscopedRetrieveFlawed::permissions[retrieve-staff]",
        ]
    }
    result.stdout.no_fnmatch_line("*ERROR*")


PROJECT_FIXTURES = """

@pytest.fixture(autouse=True)
def orders_flag(monkeypatch):
    monkeypatch.setenv("ORDERS_FLAG", "on")


def pytest_collection_modifyitems(items):
    for item in items:
        if "OrderViewSet::permissions[retrieve-" in item.nodeid:
            item.add_marker(pytest.mark.urls("config.no_urls"))
"""


def test_a_projects_autouse_fixtures_and_markers_still_act_on_generated_tests(
    guard_project: GuardProject,
) -> None:
    """pytest-django's marker-driven fixtures are skipped only where their marker is absent
    (closure.py): a hook's ``urls`` marker is honoured, and ``monkeypatch`` still reaches an
    autouse fixture that asks for it."""
    guard_project.append("conftest.py", PROJECT_FIXTURES)
    guard_project.write("config/no_urls.py", "urlpatterns = []\n")
    guard_project.replace(
        "shop/views.py",
        "    def get_queryset(self):\n",
        "    def get_queryset(self):\n"
        '        assert __import__("os").environ["ORDERS_FLAG"] == "on"\n',
    )

    result = guard_project.run("-m", "guard_permissions", "-k", "shop and OrderViewSet")

    # Every list test passed: the flag was set. The owner's retrieve found no URL.
    failures = {line.split()[1] for line in result.outlines if line.startswith("FAILED ")}
    assert "guard::shop.OrderViewSet::permissions[retrieve-owner]" in failures
    assert all("[retrieve-" in nodeid for nodeid in failures), failures
    result.stdout.fnmatch_lines(["*retrieve as owner*", "*404*"], consecutive=False)
