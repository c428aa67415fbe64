from rest_framework.routers import SimpleRouter

from intake.views import ApplicationViewSet

router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="intake-application")

urlpatterns = router.urls
