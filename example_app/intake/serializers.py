from rest_framework import serializers

from intake.models import Application


class DetailsSerializer(serializers.Serializer):
    """The JSON column's shape, validated like any other field."""

    phone = serializers.CharField(max_length=20)
    floors = serializers.IntegerField(min_value=0, max_value=200)


class ApplicationSerializer(serializers.ModelSerializer):
    owner = serializers.HiddenField(default=serializers.CurrentUserDefault())
    details = DetailsSerializer()
    tags = serializers.ListField(
        child=serializers.CharField(max_length=20), max_length=5, required=False
    )

    class Meta:
        model = Application
        fields = [
            "id", "owner", "programme", "title", "contact_email", "website", "reference",
            "kind", "amount", "seats", "opens", "closes", "details", "tags",
        ]  # fmt: skip

    def validate_details(self, value):
        """A partial update's nested details may carry one key (a PATCH makes the nested
        serializer partial too): merged over the stored ones, the column stays whole. Without
        this, PATCH {"details": {}} stored {} and rendering it was a 500 (the input family's
        Hypothesis examples found it)."""
        stored = self.instance.details if self.instance is not None else {}
        return {**stored, **value}

    def validate(self, attrs):
        """Closes on or after it opens; a partial update compares with the stored value of
        the bound it does not send (never ``attrs["opens"]``: a PATCH may not carry it)."""
        opens = attrs.get("opens", getattr(self.instance, "opens", None))
        closes = attrs.get("closes", getattr(self.instance, "closes", None))
        if opens is not None and closes is not None and closes < opens:
            raise serializers.ValidationError({"closes": "An application closes after it opens."})
        return attrs


class ScheduleSerializer(serializers.ModelSerializer):
    """The body of the reschedule action: the two bounds, and nothing else of the row."""

    class Meta:
        model = Application
        fields = ["opens", "closes"]

    def validate(self, attrs):
        if attrs["closes"] < attrs["opens"]:
            raise serializers.ValidationError({"closes": "An application closes after it opens."})
        return attrs
