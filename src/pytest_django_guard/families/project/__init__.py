"""Project defaults (``guard_settings``): REST_FRAMEWORK denies by default, paginates with a
page size and throttles at default rates; CORS does not allow every origin; Django's own
deployment checks pass on the production settings module the ini names.

One item per check per project, under the first declared endpoint (as ``constraints
[migrations]``): ``guard::<first endpoint>::settings[<check>]``. A check is waived with a
reason in the ini (``guard_settings_waive = throttle: rates set per view``): its item is then
a skip showing the reason, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import pytest

from .. import Case, Context

if TYPE_CHECKING:
    from ...declare.declaration import Declaration
    from ...declare.discovery import Endpoint
    from ...declare.fields import FieldParser

WAIVE = "guard_settings_waive"
DEPLOY = "guard_deploy_settings"
CHECKS = ("permissions", "pagination", "throttle", "cors", "deploy")


def waivers(lines: list[str]) -> dict[str, str]:
    """``check: reason`` lines -> {check: reason}; anything else is a usage error, one line."""
    waived: dict[str, str] = {}
    for line in lines:
        check, colon, reason = (part.strip() for part in line.partition(":"))
        if check not in CHECKS or not colon or not reason or check in waived:
            problem = "is waived twice" if check in waived else "is not check: reason"
            raise pytest.UsageError(
                f"{WAIVE}: {line.strip()!r} {problem}; write one check a line as "
                f"<check>: <why>, the checks being {', '.join(CHECKS)}"
            )
        waived[check] = reason
    return waived


class SettingsChecks:
    name = "settings"
    marker = "guard_settings"
    description = "generated project-settings test: DRF defaults deny, paginate, throttle; deploy"
    fields: Mapping[str, FieldParser] = {}

    def __init__(self) -> None:
        self.placed = False
        self.waived: dict[str, str] = {}
        self.deploy = ""

    @pytest.hookimpl
    def pytest_configure(self, config: pytest.Config) -> None:
        self.waived = waivers(list(config.getini(WAIVE)))
        self.deploy = str(config.getini(DEPLOY) or "").strip()

    def cases(self, endpoint: Endpoint, declaration: Declaration) -> Iterator[Case]:
        from functools import partial

        from . import check

        if self.placed:
            return
        self.placed = True
        runs: dict[str, Callable[[Context], None]] = {
            "permissions": check.check_permissions,
            "pagination": check.check_pagination,
            "throttle": check.check_throttle,
            "cors": check.check_cors,
            "deploy": partial(check.check_deploy, self.deploy),
        }
        for name in CHECKS:
            skip = f"waived in {WAIVE}: {self.waived[name]}" if name in self.waived else None
            if name == "deploy" and not self.deploy and skip is None:
                skip = (
                    "not verified: no production settings module is named; declare "
                    f"{DEPLOY} = <module> (e.g. config.settings_prod) to run check --deploy"
                )
            yield Case(id=name, run=runs[name], action="settings", skip=skip)
