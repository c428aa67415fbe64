"""Django's deployment checks (``manage.py check --deploy``) on the production settings.

They run in a subprocess: a settings module is read once per process, and the production one
may install other apps and middleware, whose checks only Django's own start-up registers
(docs/decisions.md). Overriding a few values in this process would check a mixture.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from .. import Context

TIMEOUT = 300
_ISSUE = re.compile(r"^\S*: \((?P<id>[\w.]+)\) ")


def run_check(module: str, cwd: str) -> tuple[int, str]:
    """(exit status, output) of ``python -m django check --deploy --fail-level WARNING``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "PYTHONPATH": os.pathsep.join(path for path in sys.path if path),
    }
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    proc = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def check_deploy(module: str, ctx: Context) -> None:
    """No warning of ``check --deploy`` on ``module``: their ids and messages are the finding."""
    status, output = run_check(module, str(ctx.config.rootpath))
    if status == 0:
        return
    lines = output.strip().splitlines()
    issues = [line.strip() for line in lines if _ISSUE.match(line.strip())]
    expected = f"manage.py check --deploy passes with the production settings {module}"
    if not issues:
        raise ctx.failure(
            None,
            expected=expected,
            got=f"check --deploy --settings={module} stopped: {lines[-1] if lines else status}",
            hint="guard_deploy_settings must name an importable settings module",
            details=lines[-20:],
        )
    ids = [match.group("id") for line in issues if (match := _ISSUE.match(line))]
    raise ctx.failure(
        None,
        expected=expected,
        got=f"{len(issues)} deployment warnings: {', '.join(ids)}",
        hint="fix each in the production settings, or silence one deliberately "
        "(SILENCED_SYSTEM_CHECKS) where the deployment handles it elsewhere",
        details=issues,
    )
