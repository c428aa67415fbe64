"""A team vault: who may read or change a secret is granted per secret (django-guardian)."""

from django.conf import settings
from django.db import models


class Secret(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="secrets"
    )
    name = models.CharField(max_length=100)
    value = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.name
