from decimal import Decimal

import factory

from catalogue.models import Product


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    price = factory.Sequence(lambda n: Decimal(n % 100) + Decimal("0.99"))
