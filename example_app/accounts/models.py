"""Rows a user may hold only once: uniqueness rules real account APIs have.

One profile per user (a OneToOneField), one subscription per user and plan (a UniqueConstraint
with the user), plans and teams named by a unique slug, labels unique per team whatever their
case (an expression constraint) and colour (unique_together), at most one primary subscription
per user (a conditional UniqueConstraint).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class Plan(models.Model):
    """A public catalogue row: anyone reads plans, staff edits them; looked up by slug."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    price = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """One per user: a second profile for the same user is impossible."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    bio = models.CharField(max_length=200, blank=True)
    website = models.URLField(blank=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"


class Subscription(models.Model):
    """A user subscribes to each plan at most once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="subscriptions")
    seats = models.PositiveIntegerField(default=1)
    primary = models.BooleanField(default=False)  # the one the user is billed for first

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "plan"], name="one_subscription_per_plan"),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(primary=True), name="one_primary_subscription"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.plan}"


class Team(models.Model):
    """A user's team, named in URLs by its globally unique slug (which an update may change)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teams"
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Label(models.Model):
    """A team's label: unique per team, whatever its case ("Bug" and "bug" clash)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(max_length=50)
    color = models.CharField(max_length=7)  # "#rrggbb", one label per colour in a team

    class Meta:
        unique_together = [("team", "color")]
        constraints = [
            models.UniqueConstraint(Lower("name"), "team", name="one_label_name_per_team")
        ]

    def __str__(self) -> str:
        return self.name
