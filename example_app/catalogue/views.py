"""Products use generic views (not a viewset) so the plugin is exercised on plain DRF generics
too; suppliers are a staff-only viewset."""

from rest_framework import generics, viewsets
from rest_framework.permissions import IsAdminUser

from catalogue.models import Product, Supplier
from catalogue.serializers import ProductSerializer, SupplierSerializer
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


class SupplierViewSet(viewsets.ModelViewSet):
    """Staff only: everyone else, signed in or not, is refused every action."""

    queryset = Supplier.objects.order_by("name", "id")
    serializer_class = SupplierSerializer
    permission_classes = [IsAdminUser]

    class Guard:
        factory = "catalogue.factories.SupplierFactory"
        policy = "staff_only"
        max_page_size = 100
