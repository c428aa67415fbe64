"""Hand-written tests next to the generated ones: the plugin does not replace these."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from catalogue.factories import ProductFactory
from config.factories import UserFactory
from orgs.factories import OrganisationFactory, make_project
from shop.factories import OrderFactory

pytestmark = [
    pytest.mark.django_db,
    # config.settings_flawed routes only the flawed app.
    pytest.mark.skipif(settings.ROOT_URLCONF != "config.urls", reason="needs config.urls"),
]


@pytest.fixture
def client():
    return APIClient()


def test_order_list_is_scoped_to_the_caller(client):
    mine, _theirs = OrderFactory(), OrderFactory()
    client.force_authenticate(mine.user)

    response = client.get("/api/orders/")

    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [mine.id]


def test_cancel_sets_the_status(client):
    order = OrderFactory()
    client.force_authenticate(order.user)

    response = client.post(f"/api/orders/{order.id}/cancel/")

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_products_are_public_but_read_only_for_users(client):
    product = ProductFactory()
    assert client.get(f"/api/products/{product.slug}/").status_code == 200

    client.force_authenticate(UserFactory())
    response = client.patch(f"/api/products/{product.slug}/", {"name": "Renamed"})

    assert response.status_code == 403


def test_project_cannot_be_created_in_another_tenants_org(client):
    project = make_project(UserFactory())
    intruder = UserFactory()
    client.force_authenticate(intruder)

    response = client.post("/api/projects/", {"org": project.org_id, "name": "Takeover"})

    assert response.status_code == 400
    assert "org" in response.data
    assert not project.org.projects.filter(name="Takeover").exists()


def test_project_can_be_created_in_own_org(client):
    user = UserFactory()
    org = OrganisationFactory()
    org.memberships.create(user=user)
    client.force_authenticate(user)

    response = client.post("/api/projects/", {"org": org.id, "name": "Roadmap"})

    assert response.status_code == 201
    assert org.projects.filter(name="Roadmap").exists()
