from rest_framework.routers import SimpleRouter

from gallery.views import AlbumViewSet, ProfileViewSet

router = SimpleRouter()
router.register("profiles", ProfileViewSet, basename="profile")
router.register("albums", AlbumViewSet, basename="album")

urlpatterns = router.urls
