from django.urls import include, path
from rest_framework.routers import SimpleRouter

from library.views import ArticleViewSet, AttachmentViewSet, MeView, WebhookViewSet

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("attachments", AttachmentViewSet, basename="attachment")

versioned = SimpleRouter()
versioned.register("webhooks", WebhookViewSet, basename="webhook")

urlpatterns = [
    *router.urls,
    path("me/", MeView.as_view(), name="me"),
    path("<str:version>/", include(versioned.urls)),
]
