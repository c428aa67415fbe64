"""Routers that end URLs differently still give one endpoint per view."""

import sys

import pytest

from pytest_django_guard.declare.discovery import discover

URLS = """
from rest_framework.routers import SimpleRouter
from shop.views import OrderViewSet

router = SimpleRouter(trailing_slash={slash!r})
router.register("orders", OrderViewSet, basename="order")
urlpatterns = router.urls
"""


@pytest.mark.parametrize("slash", ["/", "", "/?"], ids=["slash", "none", "optional"])
def test_one_endpoint_whatever_the_trailing_slash(tmp_path, monkeypatch, slash):
    module = f"guard_urls_{abs(hash(slash))}"
    (tmp_path / f"{module}.py").write_text(URLS.format(slash=slash))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module, raising=False)

    [endpoint] = discover(module)

    assert endpoint.label == "shop.OrderViewSet"
    assert set(endpoint.actions) == {
        "list",
        "create",
        "retrieve",
        "update",
        "partial_update",
        "destroy",
        "cancel",
        "recent",
    }
