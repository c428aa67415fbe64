"""What an API says about its users: profile cards everyone signed in reads, whose contact
e-mail only their owner (and staff) see, and API tokens shown once, when they are made."""

import secrets

from django.conf import settings
from django.db import models


class Card(models.Model):
    """A user's public card; ``contact_email`` is private to its owner (and staff)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards"
    )
    display_name = models.CharField(max_length=100)
    bio = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField()

    def __str__(self) -> str:
        return self.display_name


def new_token() -> str:
    return secrets.token_hex(20)


class ApiToken(models.Model):
    """A user's API token: its value is shown once, in the answer to its creation."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    token = models.CharField(max_length=64, default=new_token)  # 160 random bits

    def __str__(self) -> str:
        return self.name
