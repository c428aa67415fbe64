import factory

from config.factories import UserFactory
from shop.models import Order


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    user = factory.SubFactory(UserFactory)
    reference = factory.Sequence(lambda n: f"ORD-{n:06d}")
    quantity = factory.Sequence(lambda n: n % 9 + 1)
