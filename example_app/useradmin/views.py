from django.contrib.auth import get_user_model
from rest_framework import viewsets
from rest_framework.permissions import DjangoModelPermissions

from useradmin.serializers import UserAdminSerializer


class UserAdminViewSet(viewsets.ModelViewSet):
    """Accounts managed by user admins (Django's auth.*_user permissions)."""

    serializer_class = UserAdminSerializer
    permission_classes = [DjangoModelPermissions]
    queryset = get_user_model().objects.prefetch_related("groups").order_by("id")

    class Guard:
        factory = "config.factories.UserFactory"
        owner = "self"  # the object is a user: the target user is the owner's own account
        policy = "model_permissions"
        actors = {
            "user_admin": {
                "permissions": ["auth.add_user", "auth.change_user", "auth.delete_user"]
            },
            "root": {"superuser": True},  # the only one who may grant privilege
        }
