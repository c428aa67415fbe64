from django.contrib import admin

from blog.models import Comment, Page, Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "published", "created_at"]
    list_filter = ["published"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "post", "author", "created_at"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "updated_at"]
