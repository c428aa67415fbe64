from rest_framework.permissions import BasePermission

from orgs.models import Membership

# Lifecycle actions are reserved to organisation admins; plain members may read and edit.
ADMIN_ACTIONS = {"destroy", "archive"}


class IsOrgAdminForLifecycle(BasePermission):
    """Members reach the object through the scoped queryset; this adds the admin-only rule."""

    def has_object_permission(self, request, view, obj):
        if view.action not in ADMIN_ACTIONS:
            return True
        return Membership.objects.filter(
            user=request.user, org_id=obj.org_id, role=Membership.Role.ADMIN
        ).exists()
