from django.urls import path
from rest_framework.routers import SimpleRouter

from blog.views import CommentViewSet, PageAdminViewSet, PageViewSet, PostViewSet

# config.urls merges this registry into the project's DefaultRouter.
router = SimpleRouter()
router.register("posts", PostViewSet, basename="post")
router.register("pages", PageViewSet, basename="page")
router.register("wiki-admin", PageAdminViewSet, basename="wiki-admin")

# The same PostViewSet again, mounted by config.urls under api/v2/ in the "v2" namespace.
router_v2 = SimpleRouter()
router_v2.register("posts", PostViewSet, basename="post-v2")

# Nested routes written by hand: no nested-router dependency.
comment_list = CommentViewSet.as_view({"get": "list", "post": "create"})
comment_detail = CommentViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
)

comment_urlpatterns = [
    path("posts/<int:post_pk>/comments/", comment_list, name="post-comment-list"),
    path("posts/<int:post_pk>/comments/<int:pk>/", comment_detail, name="post-comment-detail"),
]

urlpatterns = [*router.urls, *comment_urlpatterns]
