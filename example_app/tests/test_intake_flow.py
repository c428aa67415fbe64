"""A hand-written flow over the intake app: bad input is refused, a fix goes through."""

import pytest
from django.conf import settings

from intake.factories import ApplicationFactory, ProgrammeFactory
from intake.models import Application

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(settings.ROOT_URLCONF != "config.urls", reason="needs config.urls"),
]


def test_an_application_refuses_bad_input_and_takes_a_fix(guard_client, assert_rejects):
    applicant = guard_client("other")
    programme = ProgrammeFactory()
    data = {
        "programme": programme.pk,
        "title": "A roof for the hall",
        "contact_email": "hall@example.com",
        "amount": "1200.00",
        "opens": "2026-03-01",
        "closes": "2026-04-01",
        "details": {"phone": "+44 20 7946 0000", "floors": 2},
    }

    # Each bad value is a 400 naming its field, and nothing is stored.
    assert_rejects(
        applicant,
        "post",
        "/api/intake/applications/",
        {**data, "amount": "lots"},
        field="amount",
        watch=Application,
    )
    assert_rejects(
        applicant,
        "post",
        "/api/intake/applications/",
        {**data, "title": "nul\x00byte"},
        field="title",
    )
    assert_rejects(applicant, "get", "/api/intake/applications/?min_seats=abc", field="min_seats")

    created = applicant.post("/api/intake/applications/", data, format="json")
    assert created.status_code == 201

    # A partial update of one bound is checked against the stored other bound.
    url = f"/api/intake/applications/{created.data['id']}/"
    assert_rejects(applicant, "patch", url, {"closes": "2026-02-01"}, field="closes")
    assert applicant.patch(url, {"closes": "2026-05-01"}, format="json").status_code == 200


def test_another_users_application_is_not_reachable_by_a_malformed_id(guard_client):
    ApplicationFactory()
    response = guard_client("other").get("/api/intake/applications/abc/")

    assert response.status_code == 404
