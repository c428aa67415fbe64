from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from intake.models import Application
from intake.serializers import ApplicationSerializer, ScheduleSerializer

DETAILS = {"phone": "+44 20 7946 0000", "floors": 3}


def query_value(field, name, value):
    """A hand-read query parameter through a serializer field: malformed is a 400."""
    try:
        return field.run_validation(value)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({name: error.detail}) from None


class ApplicationViewSet(viewsets.ModelViewSet):
    """The user's own applications; the list narrows by ?min_seats= and ?kind=, read by
    hand and validated before they reach the ORM. ``reschedule`` is a custom action with a
    body, validated by a serializer of its own."""

    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]

    class Guard:
        factory = "intake.factories.ApplicationFactory"
        owner = "owner"
        payload = {"details": DETAILS}

    def get_queryset(self):
        rows = Application.objects.filter(owner=self.request.user).order_by("id")
        params = self.request.query_params
        if self.action != "list":
            return rows
        min_seats = params.get("min_seats")
        if min_seats is not None:
            field = serializers.IntegerField(min_value=0, max_value=32767)
            rows = rows.filter(seats__gte=query_value(field, "min_seats", min_seats))
        kind = params.get("kind")
        if kind is not None:
            field = serializers.ChoiceField(choices=Application.KINDS)
            rows = rows.filter(kind=query_value(field, "kind", kind))
        return rows

    @action(detail=True, methods=["post"], serializer_class=ScheduleSerializer)
    def reschedule(self, request, pk=None):
        """POST {"opens": ..., "closes": ...}: both bounds, validated together."""
        serializer = self.get_serializer(self.get_object(), data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)
