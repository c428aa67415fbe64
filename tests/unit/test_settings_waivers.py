"""``guard_settings_waive`` lines: a check and its reason, anything else one usage error."""

import pytest

from pytest_django_guard.families.project import CHECKS, waivers


def test_each_line_waives_one_check_with_its_reason() -> None:
    assert waivers(
        ["throttle: rates set per view by ScopedRateThrottle", "cors:behind a proxy"]
    ) == {
        "throttle": "rates set per view by ScopedRateThrottle",
        "cors": "behind a proxy",
    }


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("throttle", "is not check: reason"),
        ("throttle:   ", "is not check: reason"),
        ("thrott: per view", "is not check: reason"),
    ],
)
def test_a_malformed_line_is_one_usage_error(line: str, problem: str) -> None:
    with pytest.raises(pytest.UsageError) as error:
        waivers([line])
    assert str(error.value) == (
        f"guard_settings_waive: {line.strip()!r} {problem}; write one check a line as "
        f"<check>: <why>, the checks being {', '.join(CHECKS)}"
    )


def test_a_check_waived_twice_is_a_usage_error() -> None:
    with pytest.raises(pytest.UsageError, match="'cors: again' is waived twice"):
        waivers(["cors: once", "cors: again"])
