from django.contrib import admin

from catalogue.models import Product, Supplier


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "price"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "email"]
