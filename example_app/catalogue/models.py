"""A public catalogue: nobody owns a product, staff maintain it (and its private suppliers)."""

from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="catalogue_product_price_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    """Who supplies the products: internal data that only staff see or change."""

    name = models.CharField(max_length=100)
    email = models.EmailField()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
