"""Every kind of relation an N+1 check must grow: one-to-one, many-to-many, reverse FK, generic.

A profile is one per user (a one-to-one to the user). An album has photos (reverse foreign
key), tags (many-to-many) and reactions (a ``GenericRelation``: reactions point at any model
through a ``GenericForeignKey``).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    bio = models.TextField(blank=True)


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)


class Album(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="albums"
    )
    title = models.CharField(max_length=100)
    tags = models.ManyToManyField(Tag, related_name="albums", blank=True)
    reactions = GenericRelation("gallery.Reaction", related_query_name="album")


class Photo(models.Model):
    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="photos")
    caption = models.CharField(max_length=100)


class Reaction(models.Model):
    """An emoji on anything (albums here): the generic relation's child."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    emoji = models.CharField(max_length=8)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
