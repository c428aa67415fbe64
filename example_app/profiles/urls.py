from rest_framework.routers import SimpleRouter

from profiles.views import ApiTokenViewSet, CardViewSet

router = SimpleRouter()
router.register("cards", CardViewSet, basename="card")
router.register("api-tokens", ApiTokenViewSet, basename="api-token")

urlpatterns = router.urls
