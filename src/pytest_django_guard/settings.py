"""Command-line options and ini settings, declared in one group and read once per session."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

LOCK_MODES = ("auto", "strict", "record")
# What CI services set CI to is "true" or "1"; a developer may export CI=false to opt out.
_NOT_CI = ("", "0", "false", "no", "off")
_FIELD_NAME = re.compile(r"[A-Za-z_]\w*")


def add_options(parser: pytest.Parser) -> None:
    """Every option shares the ``--guard`` prefix; ini names share ``guard_``."""
    group = parser.getgroup("django-guard", "generated DRF endpoint tests (pytest-django-guard)")
    group.addoption(
        "--guard",
        action="store_true",
        dest="guard",
        default=None,
        help="generate guard tests even when specific paths are given",
    )
    group.addoption(
        "--no-guard", action="store_false", dest="guard", help="do not generate guard tests"
    )
    group.addoption(
        "--guard-update",
        action="store_true",
        dest="guard_update",
        default=False,
        help="write missing or changed query-lock entries (and prune stale ones on a full run)",
    )
    parser.addini(
        "guard_lockfile", "query lock file, relative to the ini file", default="guard.lock"
    )
    _add_lock_mode(parser, group)
    parser.addini(
        "guard_nplusone_backend", "N+1 culprit detector: zeal (default) or nplusone", default="zeal"
    )
    parser.addini(
        "guard_default_policy", "policy of declarations that name none", default="private"
    )
    parser.addini(
        "guard_refusal",
        "how views refuse signed-in users an object they may not see: hide (404, the default) "
        "or deny (403: existence is not secret)",
        default="hide",
    )
    parser.addini(
        "guard_user_factory", "dotted path of a factory making users (is_staff=...)", default=""
    )
    parser.addini(
        "guard_urlconf", "URLconf to discover endpoints in (default ROOT_URLCONF)", default=""
    )
    _add_sandbox_options(parser)
    _add_project_wide_options(parser)
    _add_project_checks(parser)


def _add_project_checks(parser: pytest.Parser) -> None:
    """The throttle and project-settings families' options (docs/throttle.md, settings.md)."""
    parser.addini(
        "guard_throttle_required",
        "URL names of endpoints that must be throttled (login, one-time codes, password "
        "reset), e.g. login password-reset",
        type="args",
        default=[],
    )
    parser.addini(
        "guard_settings_waive",
        "project settings checks waived, one a line as check: reason, e.g. "
        "throttle: rates set per view by ScopedRateThrottle",
        type="linelist",
        default=[],
    )
    parser.addini(
        "guard_deploy_settings",
        "production settings module Django's deployment checks (check --deploy) run against, "
        "e.g. config.settings_prod",
        default="",
    )


def _add_project_wide_options(parser: pytest.Parser) -> None:
    """Project-wide additions to every declaration: constraint models and privilege fields."""
    parser.addini(
        "guard_constraint_models",
        "models no endpoint serves whose constraints are checked too: app_label.Model "
        "(or app_label.Model=dotted.Factory), one a line",
        type="linelist",
        default=[],
    )
    parser.addini(
        "guard_privilege_fields",
        "a project's own privilege fields, probed on every write that can set them besides "
        "is_staff, is_superuser, groups and user_permissions: a boolean or many-to-many field "
        "by name, any other as name=raised value, e.g. is_verified role=admin",
        type="args",
        default=[],
    )
    parser.addini(
        "guard_exposed_to_owner",
        "secret-named fields each row's owner may read, project-wide (as Guard.exposed_to_owner "
        "does for one view): app_label.Model.field, one a line",
        type="linelist",
        default=[],
    )
    parser.addini(
        "guard_input_examples",
        "examples Hypothesis generates per write action in the input family, after the fixed "
        "list (default 10; raise it for a nightly run)",
        default="10",
    )


def _add_sandbox_options(parser: pytest.Parser) -> None:
    """Where generated tests may reach: hosts besides the databases, and database aliases."""
    parser.addini(
        "guard_allow_hosts",
        "hosts generated tests may connect to besides the databases (host, host:port or a "
        "unix socket path), e.g. a test Redis: localhost:6379",
        type="args",
        default=[],
    )
    parser.addini(
        "guard_databases",
        "database aliases generated tests use, each in a transaction (default: every alias)",
        type="args",
        default=[],
    )


def _add_lock_mode(parser: pytest.Parser, group: pytest.OptionGroup) -> None:
    group.addoption(
        "--guard-lock-mode",
        dest="guard_lock_mode",
        choices=LOCK_MODES,
        default=None,
        help="record: a missing query-lock entry is written to the lock file; strict: it fails "
        "(default auto: strict when the CI environment variable is set, else record)",
    )
    parser.addini(
        "guard_lock_mode", "auto (default), strict or record: see --guard-lock-mode", default=""
    )
    group.addoption(
        "--guard-lock-fragment",
        dest="guard_lock_fragment",
        default=None,
        metavar="PATH",
        help="a CI shard: write this run's query measurements to PATH instead of the lock file "
        "(merged by python -m pytest_django_guard merge)",
    )


@dataclass(frozen=True)
class Settings:
    """The session's options, typed; read from ``config`` once (``settings(config)``)."""

    choice: bool | None  # --guard / --no-guard / neither
    whole_suite: bool  # no explicit paths (or the rootdir): every test file was collected
    update: bool
    lockfile: Path
    lock_mode: str  # "strict" | "record" (auto resolved)
    nplusone_backend: str
    default_policy: str
    refusal: str
    user_factory: str
    urlconf: str
    allow_hosts: tuple[str, ...] = ()
    databases: tuple[str, ...] = ()  # empty: every alias of DATABASES
    privilege_fields: tuple[tuple[str, str | None], ...] = ()  # (field, raised value or None)
    lock_fragment: Path | None = None  # a CI shard's measurements go here, not to the lock

    @property
    def enabled(self) -> bool:
        """On with --guard; off with --no-guard; otherwise on for whole-suite runs."""
        return self.choice if self.choice is not None else self.whole_suite


SETTINGS = pytest.StashKey[Settings]()


def settings(config: pytest.Config) -> Settings:
    """The session's settings (read on first use)."""
    if SETTINGS not in config.stash:
        config.stash[SETTINGS] = _read(config)
    return config.stash[SETTINGS]


def _read(config: pytest.Config) -> Settings:
    base = config.inipath.parent if config.inipath else config.rootpath
    choice = config.getoption("guard")
    return Settings(
        choice=None if choice is None else bool(choice),
        whole_suite=_whole_suite_selected(config),
        update=bool(config.getoption("guard_update")),
        lockfile=base / (config.getini("guard_lockfile") or "guard.lock"),
        lock_mode=_lock_mode(config),
        nplusone_backend=config.getini("guard_nplusone_backend") or "zeal",
        default_policy=config.getini("guard_default_policy") or "private",
        refusal=config.getini("guard_refusal") or "hide",
        user_factory=config.getini("guard_user_factory") or "",
        urlconf=config.getini("guard_urlconf") or "",
        allow_hosts=tuple(config.getini("guard_allow_hosts")),
        databases=tuple(config.getini("guard_databases")),
        privilege_fields=privilege_fields(config.getini("guard_privilege_fields")),
        lock_fragment=_path(config.getoption("guard_lock_fragment")),
    )


def _path(value: str | None) -> Path | None:
    return None if value is None else Path(value).resolve()


def privilege_fields(tokens: list[str]) -> tuple[tuple[str, str | None], ...]:
    """``is_verified role=admin`` -> (("is_verified", None), ("role", "admin")); None: the
    raised forms follow the model field (true for a boolean, a group for a many-to-many)."""
    fields: dict[str, str | None] = {}
    for token in tokens:
        name, equals, value = token.partition("=")
        if not _FIELD_NAME.fullmatch(name) or (equals and not value) or name in fields:
            problem = "is named twice" if name in fields else "is not a field name"
            raise pytest.UsageError(
                f"guard_privilege_fields: {token!r} {problem}: give each field once, as name "
                "or name=raised value, e.g. guard_privilege_fields = is_verified role=admin"
            )
        fields[name] = value if equals else None
    return tuple(fields.items())


def _lock_mode(config: pytest.Config) -> str:
    """The command line, else the ini file, else strict in CI (the CI variable) and record."""
    mode = config.getoption("guard_lock_mode") or config.getini("guard_lock_mode") or "auto"
    if mode not in LOCK_MODES:
        raise pytest.UsageError(f"guard_lock_mode: {mode!r} is not one of {', '.join(LOCK_MODES)}")
    if mode != "auto":
        return str(mode)
    return "record" if os.environ.get("CI", "").strip().lower() in _NOT_CI else "strict"


def _whole_suite_selected(config: pytest.Config) -> bool:
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        return True
    return all(Path(arg).resolve() == config.rootpath for arg in config.args)
