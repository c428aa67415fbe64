"""Shapes real APIs have: an enveloped API, file uploads, write-only secrets, versioned URLs."""

from django.conf import settings
from django.db import models


class Article(models.Model):
    """A RealWorld-style ("Conduit") article: bodies wrapped in {"article": {...}}."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="articles"
    )
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A user's uploaded file, with an image preview: written as multipart."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(max_length=100)
    file = models.FileField(upload_to="attachments/")
    preview = models.ImageField(upload_to="previews/")

    def __str__(self) -> str:
        return self.title


class Webhook(models.Model):
    """A user's webhook: its signing secret is write-only, the API is versioned in the URL."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField()
    secret = models.CharField(max_length=100)
    deleted_at = models.DateTimeField(null=True, blank=True)  # deleting keeps the row

    def __str__(self) -> str:
        return self.url


class Board(models.Model):
    """A private board its owner may hand over to a colleague (a transfer, on purpose)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boards"
    )
    name = models.CharField(max_length=100)

    def __str__(self):
        return self.name
