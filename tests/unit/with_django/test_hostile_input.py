"""Hostile input derived from serializer fields (the fixed list and Hypothesis's strategies),
the hand-read query parameters found in a view's source, and the shared verdict."""

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from rest_framework import serializers

from pytest_django_guard.endpoint import hostile, rejection
from pytest_django_guard.endpoint.query_params import read_by_hand
from pytest_django_guard.families.input import explore, strategies


class Address(serializers.Serializer):
    city = serializers.CharField(max_length=10)


class PlainField(serializers.Field):
    def to_internal_value(self, data):
        return str(data)


class Sample(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=5)
    seats = serializers.IntegerField(min_value=1, max_value=9)
    email = serializers.EmailField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=["a", "b"])
    address = Address()
    note = PlainField(required=False)


def labels(probes: list[hostile.Probe]) -> list[str]:
    return [probe.label for probe in probes]


def test_each_writable_field_gets_the_values_its_declaration_forbids() -> None:
    found = labels(hostile.body_probes(Sample(), partial=False))

    assert "name: 6 characters (max_length 5)" in found
    # DRF's CharField refuses NUL bytes itself; a project's own field is sent one.
    assert "name: a string with a NUL byte" not in found
    assert "note: a string with a NUL byte" in found
    assert "seats: beyond min_value 1" in found
    assert "seats: beyond max_value 9" in found
    assert "seats: an integer beyond 64 bits" in found
    assert "kind: a choice it does not offer" in found
    assert "email: a malformed email" in found
    assert "address.city: 11 characters (max_length 10)" in found
    assert "address: the wrong JSON type" in found
    assert not [label for label in found if label.startswith("id:")]  # read-only
    # Not required, nullable: no "left out" nor "null" probe.
    assert "email: left out though required" not in found
    assert "email: null for a non-null field" not in found
    assert "address: null for a non-null field" in found
    assert found[-3:] == [
        "malformed JSON",
        "a wrong content type",
        "name: JSON nested 64 deep",
    ]


def test_a_brief_list_keeps_what_tests_the_view() -> None:
    found = labels(hostile.body_probes(Sample(), partial=False, brief=True))

    assert "seats: the wrong JSON type" in found
    assert "seats: left out though required" in found
    assert "seats: beyond max_value 9" not in found


def test_a_partial_update_leaves_no_required_field_out() -> None:
    found = labels(hostile.body_probes(Sample(), partial=True))

    assert not [label for label in found if "left out" in label]


def test_a_probe_puts_its_value_into_a_nested_body() -> None:
    valid = {"name": "ok", "address": {"city": "Rome"}}

    assert hostile.put(valid, ("address", "city"), None) == {
        "name": "ok",
        "address": {"city": None},
    }
    assert hostile.put(valid, ("name",), hostile.MISSING) == {"address": {"city": "Rome"}}
    assert valid == {"name": "ok", "address": {"city": "Rome"}}


def test_the_field_itself_says_whether_a_value_is_invalid() -> None:
    fields = Sample().fields

    assert hostile.field_refuses(fields["seats"], 10) == (
        "Ensure this value is less than or equal to 9."
    )
    assert hostile.field_refuses(fields["seats"], 3) is None
    assert hostile.field_refuses(fields["name"], "a\x00b") == "Null characters are not allowed."


@settings(max_examples=30, database=None)
@given(strategies.bodies(Sample()))
def test_generated_bodies_change_writable_fields_only(values: dict) -> None:
    assert values
    assert set(values) <= {("name",), ("seats",), ("email",), ("kind",), ("address",),
                           ("address", "city"), ("note",)}  # fmt: skip


def test_the_seed_comes_from_the_node_id() -> None:
    assert explore.seed_of("a::input[create-body]") == explore.seed_of("a::input[create-body]")
    assert explore.seed_of("a::input[create-body]") != explore.seed_of("b::input[create-body]")


def test_the_budget_is_the_ini_value_else_the_default() -> None:
    assert explore.budget(SimpleNamespace(getini=lambda name: "")) == explore.DEFAULT_EXAMPLES
    assert explore.budget(SimpleNamespace(getini=lambda name: "200")) == 200


def test_the_same_seed_replays_the_same_examples() -> None:
    def drawn(node: str) -> list:
        seen: list = []
        explore.explore(strategies.bodies(Sample()), seen.append, 10, node)
        return seen

    assert drawn("a") == drawn("a")


def test_the_shrunk_failure_is_the_one_reported() -> None:
    def crashes_on_big_seats(values: dict) -> str | None:
        seats = values.get(("seats",))
        return "crash" if isinstance(seats, int) and seats > 5 else None

    assert explore.explore(strategies.bodies(Sample()), crashes_on_big_seats, 50, "x") == "crash"


class ReadsByHand:
    def get_queryset(self):  # pragma: no cover - read, never run
        request = self.request
        since = request.query_params.get("since")
        limit = request.GET["limit"]
        tags = request.query_params.getlist("tag")
        return since, limit, tags


def test_query_parameters_read_by_hand_are_found_in_the_source() -> None:
    assert read_by_hand(ReadsByHand) == ["since", "limit", "tag"]


def response(status: int, body: bytes = b"{}") -> SimpleNamespace:
    return SimpleNamespace(
        status_code=status,
        reason_phrase="",
        content=body,
        json=lambda: __import__("json").loads(body),
    )


DETAIL = '{"detail": "bad"}'
ACCEPTED = "x: 201  {}, though the field says 'bad'"


@pytest.mark.parametrize(
    ("status", "body", "field", "invalid", "changed", "got"),
    [
        (400, b'{"name": ["bad"]}', "name", None, (), None),
        (400, b'{"non_field_errors": ["bad"]}', "name", None, (), None),
        (400, b'{"detail": "bad"}', "name", None, (), f"x: 400  {DETAIL} naming none of name"),
        (403, b"{}", None, None, ("row 1 changed",), "x: 403  {}, yet 1 row(s) changed"),
        (201, b"{}", "name", None, (), None),
        (201, b"{}", "name", "the field says 'bad'", (), f"accepted invalid input: {ACCEPTED}"),
    ],
)  # fmt: skip
def test_the_verdict(status, body, field, invalid, changed, got) -> None:
    problem = rejection.judge(
        response(status, body), "x", field=field, invalid=invalid, changed=changed
    )

    assert (problem.got if problem else None) == got
