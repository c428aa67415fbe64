from rest_framework.routers import SimpleRouter

from accounts.views import (
    LabelViewSet,
    PlanViewSet,
    ProfileViewSet,
    SubscriptionViewSet,
    TeamViewSet,
)

router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("profiles", ProfileViewSet, basename="profile")
router.register("subscriptions", SubscriptionViewSet, basename="subscription")
router.register("teams", TeamViewSet, basename="team")
router.register("labels", LabelViewSet, basename="label")

urlpatterns = router.urls
