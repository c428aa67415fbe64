"""A hand-written multi-step flow (an order checkout) proving, with the toolkit, what the
generated tests prove of each endpoint alone: who may do what, what stays hidden, what a list
shows, that ownership never follows client-sent ids, and the query counts."""

import pytest
from django.conf import settings

from blog.models import Page
from blog.views import PageAdminViewSet
from orgs.factories import make_project
from shop.factories import OrderFactory
from shop.models import Order
from shop.views import OrderViewSet

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(settings.ROOT_URLCONF != "config.urls", reason="needs config.urls"),
]


def test_checkout_flow(
    guard_client,
    assert_denied,
    assert_hidden,
    assert_scoped,
    assert_no_mass_assignment,
    assert_max_num_queries,
):
    buyer = guard_client("other")
    stranger = guard_client("other")
    order_data = {"reference": "CHK-1", "quantity": 2}

    # 1. Anonymous visitors cannot start a checkout; nothing is written.
    assert_denied(guard_client("anonymous"), "post", "/api/orders/", order_data)

    # 2. The buyer places the order: the owner sent in the body is ignored.
    user = buyer.guard_user
    victim = stranger.guard_user
    assert_no_mass_assignment(
        buyer, "post", "/api/orders/", order_data, forged={"user": victim.pk}, victim=victim
    )
    with assert_max_num_queries(6):
        created = buyer.post("/api/orders/", order_data, format="json")
    assert created.status_code == 201
    order = Order.objects.get(pk=created.json()["id"])

    # 3. The order is the buyer's alone: a stranger neither sees nor cancels it.
    assert_hidden(stranger, "get", f"/api/orders/{order.pk}/")
    assert_hidden(stranger, "post", f"/api/orders/{order.pk}/cancel/")

    # 4. Each list shows exactly its reader's orders.
    OrderFactory(user=victim)
    assert_scoped(buyer.get("/api/orders/"), Order.objects.filter(user=user))
    staff = guard_client("staff")
    assert_scoped(staff.get("/api/orders/"), [])

    # 5. The owner of the order (found through Guard.owner) cancels it.
    owner = guard_client("owner", order, view=OrderViewSet)
    assert owner.post(f"/api/orders/{order.pk}/cancel/").status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED


def test_order_list_scales_and_pages(guard_client, assert_no_n_plus_one, assert_paginated):
    buyer = guard_client("other")
    user = buyer.guard_user
    make_orders = lambda count: OrderFactory.create_batch(count, user=user)  # noqa: E731
    assert_no_n_plus_one(make_orders, lambda: buyer.get("/api/orders/"))
    assert_paginated(buyer, "/api/orders/", max_page_size=100, make_rows=make_orders)


def test_wiki_back_office_actors(guard_client, assert_denied, assert_num_queries):
    # Permission actors come from PageAdminViewSet.Guard.actors, as in the generated tests.
    editor = guard_client("editor", view=PageAdminViewSet)
    moderator = guard_client("moderator", view=PageAdminViewSet)
    page = {"title": "Checkout help", "body": "How to pay."}
    assert_denied(moderator, "post", "/api/wiki-admin/", page)
    with assert_num_queries(3):  # its permissions, its groups' permissions, the insert
        created = editor.post("/api/wiki-admin/", page, format="json")
    assert created.status_code == 201
    assert_denied(editor, "delete", f"/api/wiki-admin/{created.json()['id']}/")
    assert Page.objects.filter(title="Checkout help").exists()


def test_custom_actor_archives(guard_client):
    member = guard_client("other")
    project = make_project(member.guard_user)
    admin = guard_client("org_admin", project)  # the guard_actor_org_admin fixture's user
    assert admin.post(f"/api/projects/{project.uuid}/archive/").status_code == 200
