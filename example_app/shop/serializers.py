from rest_framework import serializers

from shop.models import Order


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "user", "reference", "quantity", "status", "created_at"]
        # The owner comes from the request and the status only changes through actions.
        read_only_fields = ["user", "status", "created_at"]
        # Mirror the CheckConstraint so bad input is a 400, not an IntegrityError.
        extra_kwargs = {"quantity": {"min_value": 1}}
