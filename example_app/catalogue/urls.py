from django.urls import path
from rest_framework.routers import SimpleRouter

from catalogue.views import ProductDetail, ProductListCreate, SupplierViewSet

router = SimpleRouter()
router.register("suppliers", SupplierViewSet, basename="supplier")

urlpatterns = [
    path("products/", ProductListCreate.as_view(), name="product-list"),
    path("products/<slug:slug>/", ProductDetail.as_view(), name="product-detail"),
    *router.urls,
]
