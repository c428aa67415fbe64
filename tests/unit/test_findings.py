"""Findings: the title and failure text of a check, the plain-dict round trip, GuardFailure."""

import datetime
import json
from decimal import Decimal

import pytest

from pytest_django_guard.findings import REPORT_ATTRIBUTE, Finding, GuardFailure, SentRequest

WHEN = datetime.datetime(2025, 1, 15, 12, 0, tzinfo=datetime.UTC)
SENT = SentRequest(
    method="POST",
    url="/api/orders/",
    body={"when": WHEN, "price": Decimal("1.50"), "ids": (1, 2)},
    headers={"X-Org": "acme"},
)
FINDING = Finding(
    family="permissions",
    endpoint="shop.OrderViewSet",
    expected="deny (policy private: objects are private to their owner)",
    got="201 Created",
    hint="check permission_classes",
    details=("created: id=7", "owner: other"),
    action="create",
    actor="other",
    request=SENT,
)


@pytest.mark.parametrize(
    ("fields", "title"),
    [
        ({}, "shop.OrderViewSet"),
        ({"actor": "owner", "request": SENT}, "shop.OrderViewSet"),
        ({"action": "list"}, "shop.OrderViewSet: list"),
        ({"action": "list", "actor": "anonymous"}, "shop.OrderViewSet: list as anonymous"),
        (
            {"action": "create", "request": SENT},
            "shop.OrderViewSet: create (POST /api/orders/)",
        ),
        (
            {"action": "create", "actor": "other", "request": SENT},
            "shop.OrderViewSet: create as other (POST /api/orders/)",
        ),
    ],
)
def test_the_title_names_endpoint_action_actor_and_request(fields: dict, title: str):
    finding = Finding(family="f", endpoint="shop.OrderViewSet", expected="e", got="g", **fields)

    assert finding.title == title


def test_a_verified_finding_renders_expected_got_details_hint_and_body():
    assert FINDING.render() == (
        "shop.OrderViewSet: create as other (POST /api/orders/)\n"
        "  expected: deny (policy private: objects are private to their owner)\n"
        "  got:      201 Created\n"
        "  created: id=7\n"
        "  owner: other\n"
        "  hint:     check permission_classes\n"
        '  body:     {"ids": [1, 2], "price": "1.50", "when": "2025-01-15 12:00:00+00:00"}'
    )


def test_no_body_line_when_the_request_sent_no_body():
    finding = Finding(
        family="permissions",
        endpoint="shop.OrderViewSet",
        expected="hide",
        got="200 OK",
        action="retrieve",
        actor="other",
        request=SentRequest(method="GET", url="/api/orders/1/"),
    )

    assert finding.render() == (
        "shop.OrderViewSet: retrieve as other (GET /api/orders/1/)\n"
        "  expected: hide\n"
        "  got:      200 OK"
    )


def test_no_hint_line_and_no_body_line_without_a_hint_or_a_request():
    finding = Finding(family="queries", endpoint="checkout", expected="3 queries", got="4")

    assert finding.render() == "checkout\n  expected: 3 queries\n  got:      4"


def test_an_empty_body_that_was_sent_is_shown():
    finding = Finding(
        family="f",
        endpoint="e",
        expected="x",
        got="y",
        request=SentRequest(method="PATCH", url="/api/e/1/", body={}),
    )

    assert finding.render().splitlines()[-1] == "  body:     {}"


def test_an_unverified_finding_says_it_could_not_verify_and_why():
    finding = Finding(
        family="permissions",
        endpoint="shop.OrderViewSet",
        expected="own",
        got="the rows carry no id",
        hint="include the lookup field in the serializer",
        details=("row keys: name, total",),
        action="list",
        actor="owner",
        request=SentRequest(method="POST", url="/api/orders/", body={"x": 1}),
        verified=False,
    )

    assert finding.render() == (
        "shop.OrderViewSet: list as owner (POST /api/orders/)\n"
        "  could not verify: the rows carry no id — include the lookup field in the serializer\n"
        "  row keys: name, total"
    )


def test_a_long_body_is_cut_to_three_hundred_characters_and_an_ellipsis():
    text = SentRequest(method="POST", url="/x/", body="a" * 400).body_text()

    assert text == '"' + "a" * 299 + "…"


def test_the_body_limit_can_be_changed():
    assert SentRequest(method="POST", url="/x/", body=[1, 2, 3]).body_text(limit=4) == "[1, …"
    assert SentRequest(method="POST", url="/x/", body=[1, 2]).body_text(limit=6) == "[1, 2]"


def test_to_dict_is_plain_json_data_with_non_json_body_values_as_strings():
    data = FINDING.to_dict()

    assert data == {
        "family": "permissions",
        "endpoint": "shop.OrderViewSet",
        "expected": "deny (policy private: objects are private to their owner)",
        "got": "201 Created",
        "hint": "check permission_classes",
        "details": ["created: id=7", "owner: other"],
        "action": "create",
        "actor": "other",
        "request": {
            "method": "POST",
            "url": "/api/orders/",
            "body": {"when": "2025-01-15 12:00:00+00:00", "price": "1.50", "ids": [1, 2]},
            "headers": {"X-Org": "acme"},
        },
        "verified": True,
        "stopped": False,
    }
    assert json.loads(json.dumps(data)) == data


def test_to_dict_leaves_the_finding_itself_unchanged():
    FINDING.to_dict()

    assert FINDING.request is not None
    assert FINDING.request.body["when"] is WHEN
    assert FINDING.details == ("created: id=7", "owner: other")


def test_from_dict_rebuilds_the_finding_with_the_body_as_it_travelled():
    rebuilt = Finding.from_dict(json.loads(json.dumps(FINDING.to_dict())))

    assert rebuilt == Finding(
        family=FINDING.family,
        endpoint=FINDING.endpoint,
        expected=FINDING.expected,
        got=FINDING.got,
        hint=FINDING.hint,
        details=FINDING.details,
        action="create",
        actor="other",
        request=SentRequest(
            method="POST",
            url="/api/orders/",
            body={"when": "2025-01-15 12:00:00+00:00", "price": "1.50", "ids": [1, 2]},
            headers={"X-Org": "acme"},
        ),
    )
    assert rebuilt.render() == FINDING.render()


@pytest.mark.parametrize(
    "finding",
    [
        Finding(family="queries", endpoint="checkout", expected="3", got="4"),
        Finding(
            family="n_plus_one",
            endpoint="blog.PostViewSet",
            expected="the same queries for 1 row and for 3",
            got="2 more",
            action="list",
            actor="owner",
            verified=False,
        ),
    ],
    ids=["bare", "unverified-without-request"],
)
def test_findings_without_a_request_round_trip_equal(finding: Finding):
    assert Finding.from_dict(finding.to_dict()) == finding


def test_guard_failure_is_an_assertion_error_whose_text_is_the_rendered_finding():
    failure = GuardFailure(FINDING)

    assert isinstance(failure, AssertionError)
    assert str(failure) == FINDING.render()
    assert failure.finding is FINDING


def test_findings_travel_on_reports_under_a_fixed_attribute_name():
    assert REPORT_ATTRIBUTE == "guard_finding"
