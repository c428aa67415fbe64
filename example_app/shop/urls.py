from rest_framework.routers import SimpleRouter

from shop.views import OrderViewSet

# config.urls merges this registry into the project's DefaultRouter.
router = SimpleRouter()
router.register("orders", OrderViewSet, basename="order")

urlpatterns = router.urls
