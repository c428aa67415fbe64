"""The default user maker fills what any user model needs: unique, present values."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.test.utils import isolate_apps

from pytest_django_guard.endpoint.users import user_fields


def test_django_users_get_a_username_and_an_email() -> None:
    assert user_fields(get_user_model(), "guard-owner-1") == {
        "username": "guard-owner-1",
        "email": "guard-owner-1@example.com",
    }


@isolate_apps("library")
def test_email_login_users_also_get_their_unique_handle_and_required_fields() -> None:
    """Like RealWorld's Conduit: email login, a unique username, a required birth date."""

    class EmailUser(AbstractBaseUser):
        email = models.EmailField(unique=True)
        username = models.CharField(max_length=8, unique=True)
        born = models.DateField()
        bio = models.TextField(blank=True)
        USERNAME_FIELD = "email"
        REQUIRED_FIELDS = ["born"]

        class Meta:
            app_label = "library"

    fields = user_fields(EmailUser, "guard-other-12")

    assert fields == {
        "email": "guard-other-12@example.com",
        "born": fields["born"],
        "username": "other-12",  # the end of the handle: the number keeps it unique
    }
    assert str(fields["born"]) == "2000-01-01"
