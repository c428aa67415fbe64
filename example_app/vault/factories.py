import factory

from config.factories import UserFactory
from vault.models import Secret


class SecretFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Secret

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"secret-{n}")
    value = factory.LazyAttribute(lambda o: f"the value of {o.name}")
