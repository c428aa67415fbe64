from rest_framework import serializers

from orgs.models import Organisation, Project


class MemberOrganisationField(serializers.PrimaryKeyRelatedField):
    """Accepts only organisations the caller belongs to: another tenant's org is a 400."""

    def get_queryset(self):
        user = self.context["request"].user
        return Organisation.objects.filter(memberships__user=user)


class ProjectSerializer(serializers.ModelSerializer):
    org = MemberOrganisationField()

    class Meta:
        model = Project
        fields = ["uuid", "org", "name", "archived", "created_at"]
        read_only_fields = ["uuid", "archived", "created_at"]
