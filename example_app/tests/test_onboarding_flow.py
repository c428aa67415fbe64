"""A hand-written flow (a new user makes a card and an API token) proving with the toolkit what
the exposure items prove of each endpoint alone: the token is shown once, to its owner; the
card's contact e-mail reaches its owner and staff only; no answer carries a password hash."""

import pytest
from django.conf import settings

from profiles.factories import with_password

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(settings.ROOT_URLCONF != "config.urls", reason="needs config.urls"),
]


def test_onboarding_flow(guard_client, assert_no_secrets):
    newcomer = guard_client("other")
    with_password(newcomer.guard_user)  # a real hash: a leak of it would show by its format
    card = {"display_name": "Ada", "bio": "", "contact_email": "ada@example.com"}

    # 1. The card's answer is the newcomer's own: the e-mail is theirs to see, no secret.
    created = assert_no_secrets(newcomer.post("/api/cards/", card, format="json"))
    assert created.data["contact_email"] == "ada@example.com"

    # 2. The token is shown in the answer to its creation, to its owner...
    made = newcomer.post("/api/api-tokens/", {"name": "ci"}, format="json")
    token = assert_no_secrets(made, allowed=["token"]).data["token"]

    # 3. ...and never again, not even to its owner.
    listed = assert_no_secrets(newcomer.get("/api/api-tokens/"))
    assert token not in listed.content.decode()

    # 4. Another user reads the card without its e-mail; staff with it.
    url = f"/api/cards/{created.data['id']}/"
    assert_no_secrets(guard_client("other").get(url), private=["contact_email"])
    assert "contact_email" in assert_no_secrets(guard_client("staff").get(url)).data
