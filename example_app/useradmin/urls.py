from rest_framework.routers import SimpleRouter

from useradmin.views import UserAdminViewSet

router = SimpleRouter()
router.register("admin/users", UserAdminViewSet, basename="admin-user")

urlpatterns = router.urls
