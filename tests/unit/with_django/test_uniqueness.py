"""Reading a model's uniqueness rules: every shape Django declares, and which allow one row per
owner (no client-sent value can make a second row differ from the first)."""

import pytest
from accounts.models import Label, Plan, Profile, Subscription, Team
from django.db.models import BaseConstraint, Field, Q
from orgs.models import Membership, Project
from rest_framework.validators import UniqueTogetherValidator, UniqueValidator
from shop.models import Order

from pytest_django_guard.endpoint.uniqueness import (
    one_per_owner,
    ownership_fields,
    unique_sets,
)
from pytest_django_guard.families.permissions.run import UNIQUE


def rules(model):
    return {rule.label: sorted(rule.fields) for rule in unique_sets(model)}


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        pytest.param(
            Plan,
            {"slug (unique=True)": ["slug"], "name (unique=True)": ["name"]},
            id="unique-fields",
        ),
        pytest.param(Profile, {"user (OneToOneField)": ["user"]}, id="one-to-one"),
        pytest.param(
            Subscription,
            {
                "UniqueConstraint 'one_subscription_per_plan' (user, plan)": ["plan", "user"],
                "UniqueConstraint 'one_primary_subscription' (user) when ...": ["user"],
            },
            id="constraints-with-and-without-condition",
        ),
        pytest.param(
            Label,
            {
                "unique_together (team, color)": ["color", "team"],
                "UniqueConstraint 'one_label_name_per_team' (name, team)": ["name", "team"],
            },
            id="unique-together-and-expressions",
        ),
        pytest.param(Order, {"reference (unique=True)": ["reference"]}, id="no-pk"),
    ],
)
def test_every_uniqueness_rule_of_a_model(model, expected):
    assert rules(model) == expected


def test_expression_rules_are_told_apart_from_field_rules():
    by_label = {rule.label: rule for rule in unique_sets(Label)}

    assert by_label["UniqueConstraint 'one_label_name_per_team' (name, team)"].expressions
    assert not by_label["unique_together (team, color)"].expressions


def test_a_condition_is_kept_for_the_rows_it_reads():
    rule = next(r for r in unique_sets(Subscription) if r.label.endswith("when ..."))

    assert rule.constraint.condition == Q(primary=True)


@pytest.mark.parametrize(
    ("model", "owner", "expected"),
    [
        pytest.param(Profile, "user", {"user"}, id="user-fk"),
        pytest.param(Label, "team__owner", {"team"}, id="first-hop"),
        pytest.param(Plan, None, set(), id="no-owner"),
        pytest.param(Membership, "user", {"user"}, id="membership"),
    ],
)
def test_ownership_fields(model, owner, expected):
    assert ownership_fields(model, owner) == expected


@pytest.mark.parametrize(
    ("model", "owner", "labels"),
    [
        pytest.param(Profile, "user", ["user (OneToOneField)"], id="one-profile-per-user"),
        # Conditional: at most one *primary* subscription per user.
        pytest.param(
            Subscription,
            "user",
            ["UniqueConstraint 'one_primary_subscription' (user) when ..."],
            id="one-primary-per-user",
        ),
        # The plan is the client's to choose: a second subscription to another plan is fine.
        pytest.param(Team, "owner", [], id="unique-slug-is-not-per-owner"),
        pytest.param(Label, "team__owner", [], id="per-team-rules-read-client-fields"),
        # One membership per user and org: the org is sent by the client.
        pytest.param(Membership, "user", [], id="unique-with-a-client-field"),
        pytest.param(Project, "org__memberships__user", [], id="unique-per-parent"),
    ],
)
def test_rules_that_allow_one_row_per_owner(model, owner, labels):
    assert [rule.label for rule in one_per_owner(model, owner)] == labels


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(
            Field.default_error_messages["unique"] % {"model_name": "team", "field_label": "slug"},
            id="modelserializer-unique-field",
        ),
        pytest.param(
            UniqueTogetherValidator.message.format(field_names="user, plan"),
            id="unique-together",
        ),
        pytest.param(UniqueValidator.message, id="unique-validator"),
        pytest.param(
            BaseConstraint.default_violation_error_message % {"name": "x"},
            id="constraint",
        ),
    ],
)
def test_a_refusal_worded_as_a_duplicate_is_recognised(message):
    """The words DRF and Django use, read from them: the fixed-dict hint keys on these."""
    assert UNIQUE.search(f'{{"errors": ["{message}"]}}')


def test_other_refusals_are_not_duplicates():
    assert not UNIQUE.search('{"seats": ["Ensure this value is greater than or equal to 1."]}')
