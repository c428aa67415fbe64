"""The project-settings family: DRF's defaults deny, paginate and throttle, CORS is not open to
every origin, and Django's deployment checks pass on the production settings.

The example app's settings are the correct project; ``config.settings_open`` (AllowAny as the
default permission) is the flawed one the example app keeps; the other flaws are settings
modules written into a copy.
"""

from pathlib import Path

import pytest

from conftest import GuardProject, SessionRun, session_run

LAX = """
from config.settings import *  # noqa: F403

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": None},
}
CORS_ALLOW_ALL_ORIGINS = True
"""
DEBUG_PROD = """
from config.settings_prod import *  # noqa: F403

DEBUG = True
"""


def item(check: str) -> str:
    return f"guard::accounts.LabelViewSet::settings[{check}]"


def prepare(project: Path) -> None:
    (project / "config" / "settings_lax.py").write_text(LAX)
    (project / "config" / "settings_debug.py").write_text(DEBUG_PROD)


@pytest.fixture(scope="session")
def lax_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    run = session_run(
        tmp_path_factory,
        "settings-lax",
        "-m",
        "guard_settings",
        "-o",
        "guard_deploy_settings=config.settings_debug",
        settings="config.settings_lax",
        prepare=prepare,
    )
    assert run.result.ret == 1, "\n".join(run.result.outlines[-40:] + run.result.errlines)
    return run


@pytest.fixture(scope="session")
def correct_run(tmp_path_factory: pytest.TempPathFactory) -> SessionRun:
    return session_run(tmp_path_factory, "settings-correct", "-m", "guard_settings")


def failed(run: SessionRun, nodeid: str) -> pytest.LineMatcher:
    outcome = run.outcome(nodeid)
    assert outcome.outcome == "failed", f"{nodeid}: {outcome.outcome}\n{outcome.text}"
    assert "Traceback" not in outcome.text
    return outcome.lines


def test_the_example_project_passes_every_check(correct_run: SessionRun) -> None:
    correct_run.result.assert_outcomes(passed=5)
    assert sorted(correct_run.guard_items()) == sorted(
        item(check) for check in ("permissions", "pagination", "throttle", "cors", "deploy")
    )


FAILURES = [
    (
        "permissions",
        [
            "  expected: REST_FRAMEWORK?'DEFAULT_PERMISSION_CLASSES'? refuses by default *",
            "  got:      it is ?'rest_framework.permissions.AllowAny'?: AllowAny answers "
            "everyone, signed in or not",
        ],
    ),
    (
        "pagination",
        [
            "  got:      rest_framework.pagination.PageNumberPagination has no page size "
            "(PAGE_SIZE is None): DRF then does not paginate at all",
        ],
    ),
    (
        "throttle",
        [
            "  got:      rest_framework.throttling.AnonRateThrottle has no rate: "
            "DEFAULT_THROTTLE_RATES?'anon'? is None, so it never throttles",
        ],
    ),
    (
        "cors",
        ["  got:      CORS_ALLOW_ALL_ORIGINS = True: any web site may call the API *"],
    ),
    (
        "deploy",
        [
            "  expected: manage.py check --deploy passes with the production settings "
            "config.settings_debug",
            "  got:      1 deployment warnings: security.W018",
            "*(security.W018) You should not have DEBUG set to True in deployment.",
        ],
    ),
]


@pytest.mark.parametrize(("check", "lines"), FAILURES, ids=[f[0] for f in FAILURES])
def test_a_lax_project_fails_each_check(lax_run: SessionRun, check: str, lines: list[str]) -> None:
    failed(lax_run, item(check)).fnmatch_lines(lines, consecutive=False)


def test_allow_any_by_default_is_caught(guard_project: GuardProject) -> None:
    """The example app's deliberately open settings (config.settings_open)."""
    result = guard_project.run(
        "-m", "guard_settings", "-k", "permissions", settings="config.settings_open"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AllowAny answers everyone, signed in or not"])


def test_a_waived_check_is_a_skip_with_its_reason(guard_project: GuardProject) -> None:
    guard_project.write("config/settings_lax.py", LAX)
    result = guard_project.run(
        "-m",
        "guard_settings",
        "-k",
        "throttle or deploy",
        "-rs",
        "-o",
        "guard_settings_waive=throttle: rates set per view by ScopedRateThrottle",
        "-o",
        "guard_deploy_settings=",
        settings="config.settings_lax",
    )
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(
        [
            "SKIPPED * waived in guard_settings_waive: rates set per view by ScopedRateThrottle",
            "SKIPPED * not verified: no production settings module is named; declare "
            "guard_deploy_settings = <module> *",
        ],
        consecutive=False,
    )


def test_a_malformed_waiver_is_one_usage_error(guard_project: GuardProject) -> None:
    result = guard_project.run("-m", "guard_settings", "-o", "guard_settings_waive=throttle")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: guard_settings_waive: 'throttle' is not check: reason; write one check a "
            "line as <check>: <why>, the checks being permissions, pagination, throttle, cors, "
            "deploy"
        ]
    )
    assert "Traceback" not in result.stderr.str()


def test_drf_defaults_deny_nothing_and_are_caught(guard_project: GuardProject) -> None:
    """A project that never set REST_FRAMEWORK gets DRF's defaults: AllowAny, no pages, no
    throttles."""
    guard_project.write(
        "config/settings_bare.py",
        "from config.settings import *  # noqa: F403\n\nREST_FRAMEWORK = {}\n",
    )
    result = guard_project.run(
        "-m", "guard_settings", "-k", "not deploy", settings="config.settings_bare"
    )
    result.assert_outcomes(failed=3, passed=1)  # cors passes: corsheaders is not configured
    result.stdout.fnmatch_lines(
        [
            "*got:      it is ?'rest_framework.permissions.AllowAny'?: AllowAny answers *",
            "*got:      DEFAULT_PAGINATION_CLASS is not set: lists are unpaginated by default",
            "*got:      DEFAULT_THROTTLE_CLASSES is empty",
        ],
        consecutive=False,
    )
