import datetime
import decimal

import factory

from config.factories import UserFactory
from intake.models import Application, Programme

OPENS = datetime.date(2026, 3, 1)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    owner = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Application {n}")
    contact_email = factory.Sequence(lambda n: f"applicant{n}@example.com")
    website = "https://example.com/"
    kind = "grant"
    amount = decimal.Decimal("1500.00")
    seats = 4
    # Constant bounds: a partial update sending one of them keeps closes after opens.
    opens = OPENS
    closes = OPENS + datetime.timedelta(days=30)
    details = factory.LazyFunction(lambda: {"phone": "+44 20 7946 0000", "floors": 3})
    tags = factory.LazyFunction(lambda: ["urgent"])
