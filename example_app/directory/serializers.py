from rest_framework import serializers

from directory.models import Contact


class ContactSerializer(serializers.ModelSerializer):
    organization_name = serializers.ReadOnlyField(source="organization.name")

    class Meta:
        model = Contact
        fields = ["id", "name", "email", "organization", "organization_name", "favourite"]
