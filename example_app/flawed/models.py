from django.conf import settings
from django.db import models


class Note(models.Model):
    # Nullable only so the anonymous-create flaw produces a 201 rather than a 500.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="notes"
    )
    title = models.CharField(max_length=100)
    body = models.TextField()
    secret = models.CharField(max_length=100)
    views = models.IntegerField(default=0)
    published = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    """Ownerless, staff-maintained data for the staff-write flaw."""

    name = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=10, decimal_places=2)

    def __str__(self) -> str:
        return self.name


class NoteComment(models.Model):
    """Comments on a note, for the N+1 flaws (a reverse relation and a nested one)."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="note_comments"
    )
    body = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.note}"
