from rest_framework.routers import SimpleRouter

from bookings.views import BookingViewSet, RoomViewSet

router = SimpleRouter()
router.register("rooms", RoomViewSet, basename="booking-room")
router.register("reservations", BookingViewSet, basename="booking")

urlpatterns = router.urls
