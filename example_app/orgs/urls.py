from rest_framework.routers import SimpleRouter

from orgs.views import ProjectViewSet, TenantProjectViewSet

# config.urls merges this registry into the project's DefaultRouter.
router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("tenant-projects", TenantProjectViewSet, basename="tenant-project")

urlpatterns = router.urls
