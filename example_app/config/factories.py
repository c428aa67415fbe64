"""User factory shared by every app's factories, for whichever user model the settings name.

``auth.User`` logs in with a ``username``; ``people.EmailUser`` (config.settings_email_user)
logs in with its email and requires a ``full_name`` instead.
"""

import factory
from django.contrib.auth import get_user_model

User = get_user_model()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    if User.USERNAME_FIELD == "username":
        username = factory.Sequence(lambda n: f"user{n}")
        email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    else:
        email = factory.Sequence(lambda n: f"user{n}@example.com")
        full_name = factory.Sequence(lambda n: f"User {n}")
    is_staff = False
