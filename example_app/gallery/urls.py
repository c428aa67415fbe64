from rest_framework.routers import SimpleRouter

from gallery.views import AlbumViewSet, ProfileViewSet

router = SimpleRouter()
router.register("gallery/profiles", ProfileViewSet, basename="gallery-profile")
router.register("gallery/albums", AlbumViewSet, basename="gallery-album")

urlpatterns = router.urls
