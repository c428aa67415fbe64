from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from orgs.models import Project
from orgs.permissions import IsOrgAdminForLifecycle
from orgs.serializers import ProjectSerializer


class ProjectViewSet(viewsets.ModelViewSet):
    """Projects are visible to members of their organisation; only org admins archive/delete."""

    serializer_class = ProjectSerializer
    permission_classes = [IsAuthenticated, IsOrgAdminForLifecycle]
    lookup_field = "uuid"

    class Guard:
        factory = "orgs.factories.ProjectFactory"
        owner = "org__memberships__user"
        # Ownership is a membership row, not a factory kwarg.
        make = "orgs.factories.make_project"
        policy = "private"
        # The owner is a plain member; `org_admin` (see conftest.py) administers the owner's org.
        access = {
            "list": {"org_admin": "own"},
            "retrieve": {"org_admin": "allow"},
            "update": {"org_admin": "allow"},
            "partial_update": {"org_admin": "allow"},
            "destroy": {"owner": "deny", "org_admin": "allow"},
            "archive": {"owner": "deny", "org_admin": "allow"},
        }

    def get_queryset(self):
        # distinct(): the membership join must never duplicate a project.
        return (
            Project.objects.filter(org__memberships__user=self.request.user)
            .select_related("org")
            .distinct()
            .order_by("name", "id")
        )

    @action(detail=True, methods=["post"])
    def archive(self, request, uuid=None):
        project = self.get_object()
        project.archived = True
        project.save(update_fields=["archived"])
        return Response(self.get_serializer(project).data)


def tenant_header(user):
    """The header a signed-in client sends: the organisation it works in (none for others)."""
    membership = user.memberships.first() if user is not None else None
    return {"X-Org": str(membership.org_id)} if membership else {}


class TenantProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Projects of the organisation named by the X-Org header, for its members only."""

    serializer_class = ProjectSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "uuid"

    class Guard:
        factory = "orgs.factories.ProjectFactory"
        owner = "org__memberships__user"
        make = "orgs.factories.make_tenant_project"
        headers = tenant_header  # each actor sends its own organisation

    def get_queryset(self):
        return (
            Project.objects.filter(
                org_id=self.request.headers.get("X-Org"),
                org__memberships__user=self.request.user,
            )
            .select_related("org")
            .distinct()
            .order_by("name", "id")
        )
