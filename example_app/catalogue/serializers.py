from decimal import Decimal

from rest_framework import serializers

from catalogue.models import Product, Supplier


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "name", "slug", "price"]
        # Mirror the CheckConstraint so a negative price is a 400, not an IntegrityError.
        extra_kwargs = {"price": {"min_value": Decimal("0")}}


class SupplierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplier
        fields = ["id", "name", "email"]
