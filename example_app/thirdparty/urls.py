from rest_framework.routers import SimpleRouter

from thirdparty.views import TagViewSet

# config.urls merges this registry into the project's DefaultRouter.
router = SimpleRouter()
router.register("tags", TagViewSet, basename="tag")

urlpatterns = router.urls
