"""What the exposure family and ``assert_no_secrets`` look for: hashes by their format, secret
field names whatever their spelling, every key of a nested JSON body with its path, and the
``fields = "__all__"`` serializers over user models."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    MD5PasswordHasher,
    PBKDF2PasswordHasher,
    ScryptPasswordHasher,
)
from rest_framework import serializers

from pytest_django_guard.endpoint import secrets
from pytest_django_guard.endpoint.all_fields import all_over_user, declared_fields, user_like
from pytest_django_guard.endpoint.secrets import hash_format, leaks, secret_name, walk


@pytest.mark.parametrize(
    ("value", "algorithm"),
    [
        (PBKDF2PasswordHasher().encode("pw", "salt1234", iterations=1000), "pbkdf2_sha256"),
        (MD5PasswordHasher().encode("pw", "salt1234"), "md5"),
        (ScryptPasswordHasher().encode("pw", "salt1234", n=2, r=1, p=1), "scrypt"),
        # Not configured in the settings (argon2 and bcrypt need libraries): told by format.
        ("argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdHNhbHQ$TTg3dEVxZVdQdHJXT2ZKaw", "argon2"),
        ("bcrypt_sha256$$2b$12$" + "a" * 53, "bcrypt_sha256"),
        ("$2b$12$" + "R9h/cIPz0gi.URNNX3kh2O" + "PST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", "$2b$ crypt"),
        ("$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$abcdefghijkl", "$argon2id$ crypt"),
    ],
)
def test_password_hashes_are_told_by_their_format(value: str, algorithm: str) -> None:
    assert hash_format(value) == algorithm


@pytest.mark.parametrize(
    "value",
    [
        "",
        "plain text with a $ sign in it",
        "5f4dcc3b5aa765d61d8327deb882cf99",  # a bare hex digest: an etag as much as a hash
        "https://example.com/a$b/c$d",
        "price$12$usd",
        None,
        12,
        "!" + "x" * 40,  # an unusable password: no hash (the field's name gives it away)
    ],
)
def test_other_values_are_no_hash(value: object) -> None:
    assert hash_format(value) is None


def test_argon2_is_known_even_unconfigured() -> None:
    assert Argon2PasswordHasher.algorithm in secrets.hasher_algorithms()


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "Password",
        "new_password",
        "passwordHash",
        "api_key",
        "apiKey",
        "API-Key",
        "apikey",
        "api_token",
        "apiToken",
        "tokens",
        "otp_secret",
        "otpSeed",
        "totp",
        "private_key",
        "privateKey",
        "client_secret",
        "SECRET_KEY",
        "access_key",
    ],
)
def test_secret_names_in_any_spelling(name: str) -> None:
    assert secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "password_changed_at",
        "token_count",
        "secretary",
        "key",
        "keyboard",
        "passage",
        "email",
        "tokenizer",
        "has_otp_device",
    ],
)
def test_names_that_only_mention_a_secret(name: str) -> None:
    assert not secret_name(name)


def test_walk_gives_every_key_its_json_path() -> None:
    body = {"results": [{"id": 1, "owner": {"password": "x"}}], "count": 1}

    paths = [path for path, *_ in walk(body)]

    assert paths == [
        "results",
        "results[0].id",
        "results[0].owner",
        "results[0].owner.password",
        "count",
    ]


def test_leaks_in_nested_objects_lists_and_scalars() -> None:
    hashed = PBKDF2PasswordHasher().encode("pw", "salt1234", iterations=1000)
    body = {
        "results": [
            {"id": 1, "credential": hashed, "tokens": ["abc"], "has_password": True},
            {"id": 2, "owner": {"api_key": "k-1", "token": None, "apiToken": ""}},
        ]
    }

    found = leaks(body)

    assert [leak.line() for leak in found] == [
        "results[0].credential: a password hash (pbkdf2_sha256 format)",
        "results[0].tokens: a secret-named field ('tokens')",
        "results[1].owner.api_key: a secret-named field ('api_key')",
    ]


def test_allowed_and_private_are_asked_of_the_object_holding_the_field() -> None:
    own, other = (
        {"id": 1, "token": "t-1", "email": "a@x"},
        {"id": 2, "token": "t-2", "email": "b@x"},
    )

    found = leaks(
        {"results": [own, other]},
        allowed=lambda field, holder: holder is own,
        private=lambda field, holder: field == "email" and holder is other,
    )

    assert [leak.line() for leak in found] == [
        "results[1].token: a secret-named field ('token')",
        "results[1].email: 'email', a private field of another user",
    ]


def test_hints_name_the_field() -> None:
    leak = secrets.Leak("token", "token", "a secret-named field ('token')", "secret")

    assert 'Guard.exposed_to_owner = ["token"]' in secrets.hint(leak)
    assert 'allowed=["token"]' in secrets.hint(leak, 'pass allowed=["{field}"]')


class WholeUser(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = "__all__"


class Card(serializers.Serializer):
    owner = WholeUser()
    friends = WholeUser(many=True)


class ListedUser(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id"]


def test_all_fields_over_a_user_model_is_named_nested_too() -> None:
    assert user_like(get_user_model())
    assert all_over_user(WholeUser) == ["WholeUser over auth.User"]
    assert all_over_user(Card) == ["Card.owner (WholeUser) over auth.User"]
    assert all_over_user(ListedUser) == []


class NeedsRequest(serializers.Serializer):
    def get_fields(self):
        return {"mine": serializers.CharField(default=self.context["request"].user)}


def test_a_serializers_fields_are_built_once_per_class_or_none_without_context() -> None:
    """Collection asks several families for them; DRF would build them on every instance."""
    assert declared_fields(WholeUser) is declared_fields(WholeUser)
    assert "password" in declared_fields(WholeUser)  # type: ignore[operator]
    assert declared_fields(NeedsRequest) is None


@pytest.fixture(scope="module")
def cards():
    from pytest_django_guard.declare.discovery import discover

    (endpoint,) = [e for e in discover("config.urls") if e.label == "profiles.CardViewSet"]
    return endpoint


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("private_fields", "email", "must be a list of field names: *"),
        ("private_fields", {"email": ["owner", "auditor"]}, "'email': 'auditor' is not an actor *"),
        ("private_fields", [""], "'' is not a field name: *"),
        ("exposed_to_owner", "api_token", "must be a list of field names: *"),
        (
            "exposed_to_all",
            {"secret": " "},
            "'secret' needs a reason: why may every reader see it?",
        ),
        ("exposed_to_all", ["secret"], 'must be a dict: {"<field>": *'),
    ],
)
def test_exposure_declarations_fail_in_one_line(cards, field, value, message):
    from fnmatch import fnmatch

    from pytest_django_guard.declare.fields import FieldCheck
    from pytest_django_guard.families.exposure import ExposureChecks
    from pytest_django_guard.findings import DeclarationError

    with pytest.raises(DeclarationError) as raised:
        ExposureChecks.fields[field](value, FieldCheck(cards, field))

    expected = f"profiles.CardViewSet: Guard.{field}: {message}"
    assert fnmatch(str(raised.value), expected), str(raised.value)


def test_private_fields_parse_to_who_may_read_them(cards):
    from pytest_django_guard.declare.fields import FieldCheck
    from pytest_django_guard.families.exposure import parse_private

    check = FieldCheck(cards, "private_fields")

    assert parse_private(["email"], check) == {"email": {"owner"}}
    assert parse_private({"email": ["staff"]}, check) == {"email": {"owner", "staff"}}
