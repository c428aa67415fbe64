import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Programme(models.Model):
    """A funding programme applications name (a relation without an owner)."""

    name = models.CharField(max_length=60, unique=True)


class Application(models.Model):
    KINDS = [("grant", "Grant"), ("loan", "Loan")]

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT)
    title = models.CharField(max_length=60)
    contact_email = models.EmailField()
    website = models.URLField(blank=True)
    reference = models.UUIDField(default=uuid.uuid4)
    kind = models.CharField(max_length=10, choices=KINDS, default="grant")
    amount = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    seats = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(50)])
    opens = models.DateField()
    closes = models.DateField()
    details = models.JSONField(default=dict)  # written through a nested serializer
    tags = models.JSONField(default=list)
