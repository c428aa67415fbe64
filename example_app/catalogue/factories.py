from decimal import Decimal

import factory

from catalogue.models import Product, Supplier


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    price = factory.Sequence(lambda n: Decimal(n % 100) + Decimal("0.99"))


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Supplier {n}")
    email = factory.LazyAttribute(lambda o: f"{o.name.lower().replace(' ', '-')}@example.com")
