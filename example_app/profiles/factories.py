import factory

from config.factories import UserFactory
from profiles.models import ApiToken, Card

# A real PBKDF2 hash (of "correct horse battery staple"), written as is: hashing a password
# costs a million iterations, and the checks only need the hash a production row holds.
PASSWORD_HASH = (
    "pbkdf2_sha256$1000000$guardsalt0123456$NTv7F+EaNrOSzTUOXkb2xeqce868KTFpwYFs4jWp1OA="
)


def with_password(user):
    """The user, given a real password hash: a leak of it shows by its format."""
    user.password = PASSWORD_HASH
    user.save(update_fields=["password"])
    return user


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Card

    owner = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Card {n}")
    bio = factory.Sequence(lambda n: f"Bio {n}")
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.com")


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Token {n}")


def make_card(user):
    """The user's card, the user holding a real password hash and an API token: whatever
    renders the card's owner must leave both out."""
    ApiTokenFactory(owner=with_password(user))
    return CardFactory(owner=user)
