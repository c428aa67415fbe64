"""``check --deploy`` runs as Django runs it, in a process of its own."""

import pytest

from conftest import EXAMPLE_APP
from pytest_django_guard.families.project.deploy import run_check


@pytest.mark.parametrize(
    ("module", "status", "seen"),
    [
        ("config.settings_prod", 0, "System check identified no issues"),
        ("config.settings", 1, "(security.W004)"),  # the test settings are not production's
        ("config.no_such_settings", 1, "No module named 'config.no_such_settings'"),
    ],
)
def test_the_deployment_checks_of_a_settings_module(module: str, status: int, seen: str) -> None:
    code, output = run_check(module, str(EXAMPLE_APP))
    assert (code, seen in output) == (status, True), output
