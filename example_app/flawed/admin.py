from django.contrib import admin

from flawed.models import Item, Note, NoteComment


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "views", "published"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["name", "price"]


@admin.register(NoteComment)
class NoteCommentAdmin(admin.ModelAdmin):
    list_display = ["id", "note", "author"]
