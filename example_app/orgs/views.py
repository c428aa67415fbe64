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
