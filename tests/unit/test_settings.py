"""The ``guard_privilege_fields`` ini option: names and raised values, or one usage error."""

import pytest

from pytest_django_guard.settings import privilege_fields


def test_bare_names_follow_the_field_and_named_values_are_sent_as_given() -> None:
    assert privilege_fields(["is_verified", "role=admin", "level=3"]) == (
        ("is_verified", None),
        ("role", "admin"),
        ("level", "3"),
    )


def test_no_option_means_no_project_privilege() -> None:
    assert privilege_fields([]) == ()


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        (["role="], "'role=' is not a field name"),
        (["=admin"], "'=admin' is not a field name"),
        (["is-staff"], "'is-staff' is not a field name"),
        (["2fa"], "'2fa' is not a field name"),
        (["role=admin", "role=owner"], "'role=owner' is named twice"),
    ],
)
def test_a_bad_token_is_a_usage_error_naming_it(tokens: list[str], message: str) -> None:
    with pytest.raises(pytest.UsageError, match=message) as raised:
        privilege_fields(tokens)

    assert "\n" not in str(raised.value)
