"""Per-object permissions: DjangoObjectPermissions with django-guardian, as DRF documents it."""

from guardian.shortcuts import assign_perm
from rest_framework import viewsets
from rest_framework.permissions import DjangoObjectPermissions
from rest_framework_guardian.filters import ObjectPermissionsFilter

from vault.models import Secret
from vault.serializers import SecretSerializer

CREATOR_PERMISSIONS = ("vault.view_secret", "vault.change_secret", "vault.delete_secret")


class SecretViewSet(viewsets.ModelViewSet):
    """Writes need the model permission and the permission on the secret; lists and lookups
    show only the secrets the user holds vault.view_secret on."""

    serializer_class = SecretSerializer
    permission_classes = [DjangoObjectPermissions]
    filter_backends = [ObjectPermissionsFilter]
    queryset = Secret.objects.select_related("owner").order_by("id")

    class Guard:
        factory = "vault.factories.SecretFactory"
        owner = "owner"
        policy = "object_permissions"  # the preset for DjangoObjectPermissions + guardian
        actors = {
            # May see and change the owner's secret (DRF also wants the model permission).
            "reviewer": {
                "permissions": ["vault.change_secret"],
                "object_permissions": ["vault.view_secret", "vault.change_secret"],
            },
            # May only see the owner's secret.
            "viewer": {"object_permissions": ["vault.view_secret"]},
            # Model permissions only: creates secrets, sees none of the others'.
            "editor": {"permissions": ["vault.add_secret", "vault.change_secret"]},
            "admin": {"superuser": True},
        }

    def perform_create(self, serializer):
        secret = serializer.save(owner=self.request.user)
        for permission in CREATOR_PERMISSIONS:
            assign_perm(permission, self.request.user, secret)
