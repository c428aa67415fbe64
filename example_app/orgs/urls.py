from rest_framework.routers import SimpleRouter

from orgs.views import ProjectViewSet

# config.urls merges this registry into the project's DefaultRouter.
router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")

urlpatterns = router.urls
