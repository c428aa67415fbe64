from django.urls import path
from rest_framework.routers import SimpleRouter

from feeds.views import EntryViewSet, StreamViewSet, TimelineView

router = SimpleRouter()
router.register("feed-entries", EntryViewSet, basename="feed-entry")
router.register("feed-stream", StreamViewSet, basename="feed-stream")

urlpatterns = [
    *router.urls,
    path("feed-timeline/", TimelineView.as_view(), name="feed-timeline"),
]
