from rest_framework import serializers

from bookings.models import Booking, Room


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "capacity"]  # unique name: DRF's UniqueValidator

    def validate_capacity(self, value):
        if value < 1:
            raise serializers.ValidationError("A room has at least one seat.")
        return value


class BookingSerializer(serializers.ModelSerializer):
    """The owner is the caller. DRF adds UniqueTogetherValidator for (room, start) and, with the
    hidden owner, for the conditional (owner, room) when confirmed; the time range is checked
    here: the database's CheckConstraint would otherwise surface as a 500."""

    owner = serializers.HiddenField(default=serializers.CurrentUserDefault())

    class Meta:
        model = Booking
        fields = ["id", "owner", "room", "start", "end", "confirmed"]

    def validate(self, attrs):
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start is not None and end is not None and end <= start:
            raise serializers.ValidationError({"end": "A booking ends after it starts."})
        return attrs
