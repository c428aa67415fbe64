from django.urls import path

from catalogue.views import ProductDetail, ProductListCreate

urlpatterns = [
    path("products/", ProductListCreate.as_view(), name="product-list"),
    path("products/<slug:slug>/", ProductDetail.as_view(), name="product-detail"),
]
