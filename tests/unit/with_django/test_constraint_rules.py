"""What the constraints family reads from a model (rules) and derives from a rule's ``Q``
(values breaking a check, values meeting a condition), without a database."""

import datetime

from django.db.models import F, Q

from pytest_django_guard.families.constraints.derive import breaking, satisfying
from pytest_django_guard.families.constraints.rules import (
    CHECK,
    NOT_NULL,
    UNIQUE,
    referenced,
    rules,
)


def by_name(model):
    return {rule.name: rule for rule in rules(model)}


def test_every_kind_of_rule_is_found_in_declaration_order() -> None:
    from accounts.models import Label, Plan, Subscription

    assert list(by_name(Plan)) == ["slug-unique", "name-unique", "not_null"]
    assert list(by_name(Label)) == [
        "unique_together-team-color",
        "one_label_name_per_team",
        "not_null",
    ]
    assert list(by_name(Subscription)) == [
        "one_subscription_per_plan",
        "one_primary_subscription",
        "not_null",
    ]


def test_a_rule_knows_its_fields_label_and_database_name() -> None:
    from accounts.models import Label, Subscription
    from bookings.models import Booking

    together = by_name(Label)["unique_together-team-color"]
    assert (together.kind, together.fields, together.db_name) == (UNIQUE, ("team", "color"), None)
    assert together.label == "unique_together (team, color)"
    assert together.case_id == "accounts.Label.unique_together-team-color"

    expression = by_name(Label)["one_label_name_per_team"]
    assert expression.fields == ("name", "team")  # Lower("name") reads name: not skipped
    assert expression.skip is None

    primary = by_name(Subscription)["one_primary_subscription"]
    assert primary.condition == Q(primary=True)
    assert primary.label == "UniqueConstraint 'one_primary_subscription' (user) when ..."

    check = by_name(Booking)["booking_ends_after_start"]
    assert (check.kind, check.fields, check.db_name) == (CHECK, ("end", "start"), check.name)


def test_non_null_columns_without_defaults() -> None:
    from bookings.models import Booking, Room

    assert by_name(Booking)["not_null"].kind == NOT_NULL
    assert by_name(Booking)["not_null"].fields == ("owner", "room", "start", "end")
    assert by_name(Room)["not_null"].fields == ("name",)  # capacity has a default


def test_referenced_reads_fields_of_expressions_and_q() -> None:
    from django.db.models.functions import Lower

    assert referenced([Lower("name"), "team"]) == ["name", "team"]
    assert referenced([Q(end__gt=F("start")) | Q(start__isnull=True)]) == ["end", "start"]
    assert referenced([Q(name__startswith="Room", capacity__in=[1, 2])]) == [
        "capacity",
        "name",
    ]  # Q sorts its kwargs


def test_breaking_makes_each_comparison_false() -> None:
    from bookings.models import Booking, Room

    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    booking = Booking(start=start, end=start + datetime.timedelta(hours=1))

    assert list(breaking(Q(end__gt=F("start")), booking)) == [
        {"end": start},
        {"start": start + datetime.timedelta(hours=1)},
    ]
    either = Q(capacity__gte=1) | Q(name="Hall")  # an OR: every comparison false at once
    assert list(breaking(either, Room(capacity=2, name="Hall")))[-1] == {
        "capacity": 0,
        "name": "Hall~",
    }
    assert next(breaking(Q(capacity__gte=1), Room(capacity=3))) == {"capacity": 0}
    assert next(breaking(Q(capacity__lte=10), Room())) == {"capacity": 11}
    assert list(breaking(Q(name__startswith="R"), Room())) == []  # not derived: declared


def test_satisfying_meets_a_simple_condition_or_says_it_cannot() -> None:
    assert satisfying(None) == {}
    assert satisfying(Q(confirmed=True)) == {"confirmed": True}
    assert satisfying(Q(deleted_at__isnull=True, seats__gt=2)) == {"deleted_at": None, "seats": 3}
    assert satisfying(Q(confirmed=True) | Q(seats=1)) is None
    assert satisfying(~Q(confirmed=True)) is None
    assert satisfying(Q(name__startswith="x")) is None
