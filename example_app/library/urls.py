from django.urls import include, path
from rest_framework.routers import SimpleRouter

from library.views import (
    ArticleViewSet,
    AttachmentDownloadView,
    AttachmentViewSet,
    BoardViewSet,
    MeView,
    ReadingStatsView,
    WebhookViewSet,
    reindex,
)

# RealWorld's API has no trailing slashes: /api/articles, /api/articles/<slug>.
articles = SimpleRouter(trailing_slash=False)
articles.register("articles", ArticleViewSet, basename="article")

router = SimpleRouter()
router.register("attachments", AttachmentViewSet, basename="attachment")
router.register("boards", BoardViewSet, basename="board")

versioned = SimpleRouter()
versioned.register("webhooks", WebhookViewSet, basename="webhook")

urlpatterns = [
    *articles.urls,
    *router.urls,
    path("me/", MeView.as_view(), name="me"),
    path("attachments/<int:pk>/download/", AttachmentDownloadView.as_view(), name="download"),
    path("reading-stats/", ReadingStatsView.as_view(), name="reading-stats"),
    path("reindex/", reindex, name="reindex"),
    path("<str:version>/", include(versioned.urls)),
]
