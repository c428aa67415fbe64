"""Endpoints are classified from the view, and identified by the view object.

One copy of the example app gains the shapes that fooled URL-based discovery: a router
without trailing slashes, a list-and-create view whose parent kwarg is its lookup field,
a second view class with a name already taken in the app, and a declaration made through a
re-exported dotted path.
"""

import pytest

from conftest import collected_ids

VIEWS = '''
from rest_framework import generics, viewsets
from rest_framework.permissions import IsAuthenticated

from blog.models import Comment
from blog.serializers import CommentSerializer
from shop.models import Order
from shop.serializers import OrderSerializer


class OrderViewSet(viewsets.ModelViewSet):
    """Same class name as shop.views.OrderViewSet; routed without trailing slashes."""

    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.filter(user=self.request.user).select_related("user")

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)


class PostComments(generics.ListCreateAPIView):
    """/api/flat-posts/<post__pk>/comments: the lookup field names the parent, not a row."""

    serializer_class = CommentSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "post__pk"

    class Guard:
        factory = "blog.factories.CommentFactory"
        owner = "author"
        parents = {"post__pk": "post_id"}

    def get_queryset(self):
        return Comment.objects.filter(
            post_id=self.kwargs["post__pk"], author=self.request.user
        ).select_related("post", "author")

    def perform_create(self, serializer):
        serializer.save(post_id=self.kwargs["post__pk"], author=self.request.user)
'''

URLS = """
from django.urls import path
from rest_framework.routers import SimpleRouter

from shop.api import OrderViewSet, PostComments

router = SimpleRouter(trailing_slash=False)
router.register("orders-api", OrderViewSet, basename="order-api")

urlpatterns = [
    *router.urls,
    path("flat-posts/<int:post__pk>/comments", PostComments.as_view()),
]
"""

DECLARE = """
import pytest


@pytest.hookimpl
def pytest_guard_declare(declare):
    # A path through a module that only re-exports the view.
    declare("shop.reexport.OrderViewSet", factory="shop.factories.OrderFactory", owner="user")
"""


@pytest.fixture(scope="module")
def shapes_run(tmp_path_factory):
    from conftest import copy_example_app, run_pytest

    project = copy_example_app(tmp_path_factory.mktemp("discovery") / "project")
    (project / "shop" / "api.py").write_text(VIEWS)
    (project / "shop" / "api_urls.py").write_text(URLS)
    (project / "shop" / "reexport.py").write_text("from shop.api import OrderViewSet  # noqa\n")
    urls = project / "config" / "urls.py"
    urls.write_text(
        urls.read_text().replace(
            '    path("api/", include("catalogue.urls")),',
            '    path("api/", include("catalogue.urls")),\n'
            '    path("api/", include("shop.api_urls")),',
        )
    )
    (project / "declare_reexport.py").write_text(DECLARE)
    with (project / "conftest.py").open("a") as conftest:
        conftest.write("\npytest_plugins = ['declare_reexport']\n")
    collected = run_pytest(project, "--collect-only", "-q")
    assert collected.ret == pytest.ExitCode.OK, "\n".join(collected.outlines)
    # --guard-update: the new endpoints have no lock entries yet
    result = run_pytest(project, "-m", "guard", "-k", "api or PostComments", "--guard-update", "-q")
    return collected_ids(collected), result


def test_same_class_names_in_one_app_get_distinct_labels(shapes_run) -> None:
    ids, _ = shapes_run
    labels = {nodeid.split("::")[1] for nodeid in ids if nodeid.startswith("guard::")}

    assert {"shop.api.OrderViewSet", "shop.views.OrderViewSet"} <= labels
    assert "shop.OrderViewSet" not in labels


def test_a_router_without_trailing_slashes_is_one_endpoint(shapes_run) -> None:
    ids, _ = shapes_run
    actions = {
        nodeid.split("::")[2]
        for nodeid in ids
        if nodeid.startswith("guard::shop.api.OrderViewSet::")
    }

    assert {"queries[list]", "queries[retrieve]", "queries[destroy]"} <= actions


def test_a_declaration_through_a_re_exported_path_guards_the_view(shapes_run) -> None:
    ids, result = shapes_run

    assert "guard::shop.api.OrderViewSet::permissions[retrieve-other]" in ids
    result.stdout.no_fnmatch_line("*declared in pytest_guard_declare but not routed*")


def test_list_and_create_under_a_parent_lookup_are_list_and_create(shapes_run) -> None:
    ids, _ = shapes_run
    cases = {
        nodeid.split("::")[2]
        for nodeid in ids
        if nodeid.startswith("guard::shop.PostComments::permissions")
    }

    assert cases == {
        f"permissions[{action}-{actor}]"
        for action in ("list", "create")
        for actor in ("anonymous", "owner", "other", "staff")
    }


def test_the_new_shapes_are_green(shapes_run) -> None:
    _, result = shapes_run

    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0, "\n".join(result.outlines[-40:])
    assert outcomes["passed"] > 40
