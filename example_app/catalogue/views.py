"""Generic views (not a viewset) so the plugin is exercised on plain DRF generics too."""

from rest_framework import generics

from catalogue.models import Product
from catalogue.serializers import ProductSerializer
from config.permissions import IsStaffOrReadOnly


class ProductListCreate(generics.ListCreateAPIView):
    queryset = Product.objects.order_by("name", "id")
    serializer_class = ProductSerializer
    permission_classes = [IsStaffOrReadOnly]

    class Guard:
        factory = "catalogue.factories.ProductFactory"
        policy = "staff_write"
        read = "public"
        max_page_size = 100


class ProductDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    permission_classes = [IsStaffOrReadOnly]
    lookup_field = "slug"

    class Guard:
        factory = "catalogue.factories.ProductFactory"
        policy = "staff_write"
        read = "public"
