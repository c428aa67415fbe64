from django.contrib.auth import get_user_model
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.response import Response

from useradmin.serializers import UserAdminSerializer

USER = get_user_model()._meta
# auth.add_user, ... (people.add_emailuser, ... under the email-login settings)
USER_PERMISSIONS = [
    f"{USER.app_label}.{verb}_{USER.model_name}" for verb in ("add", "change", "delete")
]


class UserAdminViewSet(viewsets.ModelViewSet):
    """Accounts managed by user admins (Django's auth.*_user permissions)."""

    serializer_class = UserAdminSerializer
    permission_classes = [DjangoModelPermissions]
    queryset = USER.model.objects.prefetch_related("groups").order_by("id")

    class Guard:
        factory = "config.factories.UserFactory"
        owner = "self"  # the object is a user: the target user is the owner's own account
        policy = "model_permissions"
        actors = {
            "user_admin": {"permissions": USER_PERMISSIONS},
            "root": {"superuser": True},  # the only one who may grant privilege
        }
        # the body of the custom action (create and update derive theirs from the factory)
        payload = staticmethod(
            lambda action, user, obj: {"is_active": False} if action == "set_active" else {}
        )

    @action(detail=True, methods=["post"])
    def set_active(self, request, pk=None):
        """POST {"is_active": false} suspends an account; the serializer still refuses
        is_staff, is_superuser and groups from anyone but a superuser."""
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)
