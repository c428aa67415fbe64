from django.contrib import admin

from catalogue.models import Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "price"]
    prepopulated_fields = {"slug": ["name"]}
