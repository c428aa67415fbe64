"""Multi-tenant data: a project is owned by every member of its organisation."""

import uuid

from django.conf import settings
from django.db import models


class Organisation(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        ADMIN = "admin", "Admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "org"], name="orgs_membership_unique_user_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.org} ({self.role})"


class Project(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=100)
    # Public identifier: sequential ids would reveal how many projects other tenants have.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="orgs_project_unique_org_name"),
        ]

    def __str__(self) -> str:
        return self.name
