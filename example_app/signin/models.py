"""An API client's device credentials: a name and a secret, kept as its SHA-256 digest."""

import hashlib
import hmac

from django.conf import settings
from django.db import models


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Device(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=64, unique=True)
    secret_digest = models.CharField(max_length=64)

    def check_secret(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_digest, digest(secret))
