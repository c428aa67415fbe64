import factory

from config.factories import UserFactory
from directory.models import Contact, Organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    api_key = factory.Sequence(lambda n: f"key-{n:04d}")


class ContactFactory(factory.django.DjangoModelFactory):
    """Each contact at an organization of its own, so tenants differ between users."""

    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.LazyAttribute(lambda o: f"contact{o.name.split()[-1]}@example.com")
