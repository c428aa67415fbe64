"""What a response must never carry: password hashes (told by their value), secret-named fields
and private fields of another user. One implementation, read by the exposure family and by
``assert_no_secrets`` alike.

A hash is recognised by its format, not its field name: a serializer renaming ``password`` to
``credential`` still leaks it. Django's own hashers say which formats exist
(``identify_hasher`` for the configured ones, every hasher class's ``algorithm`` for the rest:
test settings often configure MD5 alone while production rows hold PBKDF2).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

# The last word(s) of a field name that make it a secret: ``api_token``, ``apiKey``,
# ``otp_secret``, ``private-key``, ``password``; not ``password_changed_at`` or ``token_count``.
SECRET_WORDS = frozenset({"password", "passwd", "secret", "token", "otp", "totp", "hotp"})
SECRET_PAIRS = frozenset(
    {("api", "key"), ("private", "key"), ("secret", "key"), ("access", "key"), ("otp", "seed")}
)
SECRET_JOINED = frozenset({"apikey", "privatekey", "secretkey", "accesskey", "otpseed"})
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Modular-crypt strings other libraries write: $2b$ (bcrypt), $argon2id$, $scrypt$, $6$ (sha512)
_CRYPT = re.compile(r"^\$(2[abxy]|argon2(id|i|d)|scrypt|pbkdf2[-\w]*|[156]|y|7)\$\S{8,}$")

KINDS = ("hash", "secret", "private")
EXPECTED = (
    "no password hash, no secret-named field and no other user's private field in the "
    "response — what a response carries reaches every client, cache and log on its way"
)


@dataclass(frozen=True)
class Leak:
    """One thing a response must not carry: where (a JSON path), which field, and why."""

    path: str  # results[0].owner.password
    field: str
    why: str  # "a password hash (pbkdf2_sha256 format)"
    kind: str  # "hash" | "secret" | "private"

    def line(self) -> str:
        return f"{self.path}: {self.why}"


def words(name: str) -> list[str]:
    """``apiKey`` / ``api_key`` / ``API-Key`` -> ["api", "key"]."""
    return [word.lower() for word in _WORD.findall(name)]


def secret_name(name: str) -> bool:
    """Whether a field name says it holds a secret: its last word (or last two) says so."""
    parts = words(name)
    if not parts:
        return False
    last = parts[-1].removesuffix("s") if parts[-1] != "pass" else parts[-1]
    if last in SECRET_WORDS or last in SECRET_JOINED:
        return True
    if last == "hash" and len(parts) > 1 and parts[-2] in SECRET_WORDS:
        return True  # password_hash
    return len(parts) > 1 and (parts[-2], last) in SECRET_PAIRS


@cache
def hasher_algorithms() -> frozenset[str]:
    """Every algorithm name Django's hashers write before the first ``$``."""
    from django.contrib.auth import hashers

    found: set[str] = set()
    pending: list[type[Any]] = [hashers.BasePasswordHasher]
    while pending:
        klass = pending.pop()
        pending.extend(klass.__subclasses__())
        if isinstance(getattr(klass, "algorithm", None), str):
            found.add(klass.algorithm)
    return frozenset(found - {"unsalted_md5", "unsalted_sha1"})  # bare hex: not a format


def hash_format(value: Any) -> str | None:
    """The hasher a string is a password hash of (``pbkdf2_sha256``), or None."""
    if not isinstance(value, str) or "$" not in value or len(value) < 20 or " " in value:
        return None
    from django.contrib.auth.hashers import identify_hasher

    try:
        return str(identify_hasher(value).algorithm)
    except (ValueError, TypeError):
        pass
    algorithm, _, rest = value.partition("$")
    if algorithm in hasher_algorithms() and "$" in rest:
        return algorithm
    match = _CRYPT.match(value)
    return f"${match.group(1)}$ crypt" if match else None


Node = tuple[str, str, Any, Any]  # (path, key, value, the object holding the key)


def walk(body: Any, path: str = "") -> Iterator[Node]:
    """Every key of every object in a JSON body, with its path, depth first."""
    if isinstance(body, dict):
        for key, value in body.items():
            here = f"{path}.{key}" if path else str(key)
            yield here, str(key), value, body
            yield from walk(value, here)
    elif isinstance(body, list):
        for index, value in enumerate(body):
            yield from walk(value, f"{path}[{index}]")


def shown(value: Any) -> bool:
    """Whether a value shows something: a non-empty string or a number, or a list of them
    (``"api_tokens": ["9f3c…"]``); objects are walked into instead."""
    if isinstance(value, list):
        return any(shown(item) for item in value if not isinstance(item, list | dict))
    if isinstance(value, bool) or value is None:
        return False
    return isinstance(value, int | float) or (isinstance(value, str) and bool(value.strip()))


def leaks(
    body: Any,
    allowed: Callable[[str, Any], bool] = lambda field, holder: False,
    private: Callable[[str, Any], bool] = lambda field, holder: False,
) -> list[Leak]:
    """What ``body`` must not carry. ``allowed(field, holder)``: a secret-named field this
    reader may see in that object (the owner's own row); ``private(field, holder)``: a field
    this reader must not see there (another user's private field)."""
    found: list[Leak] = []
    for path, key, value, holder in walk(body):
        algorithm = hash_format(value)
        if algorithm is not None:
            found.append(Leak(path, key, f"a password hash ({algorithm} format)", "hash"))
        elif shown(value) and secret_name(key) and not allowed(key, holder):
            found.append(Leak(path, key, f"a secret-named field ({key!r})", "secret"))
        elif shown(value) and private(key, holder):
            found.append(Leak(path, key, f"{key!r}, a private field of another user", "private"))
    return sorted(found, key=lambda leak: KINDS.index(leak.kind))  # the worst first


TEXT = "(text)"  # the "field" of a hash found in a body that is not JSON
_TOKEN = re.compile(r"[^\s\"'<>,;()\[\]{}]{20,}")


def hashes_in_text(text: str) -> list[Leak]:
    """Password hashes anywhere in a body that is not JSON (an HTML page, a YAML schema): a
    hash is told by its format, so it is found without fields."""
    return [
        Leak(f"text at {match.start()}", TEXT, f"a password hash ({algorithm} format)", "hash")
        for match in _TOKEN.finditer(text)
        if (algorithm := hash_format(match.group())) is not None
    ]


def got(found: list[Leak]) -> str:
    first = found[0].line()
    return first if len(found) == 1 else f"{first} (and {len(found) - 1} more)"


OWNER_MAY = 'declare Guard.exposed_to_owner = ["{field}"]'


def hint(leak: Leak, owner_may: str = OWNER_MAY) -> str:
    """One line: what to change for the first leak (``owner_may``: how its owner is let see a
    secret-named field, e.g. the toolkit's ``allowed=``)."""
    if leak.kind == "hash" and leak.field == TEXT:
        return "stop rendering the user's password into the answer: a password is never read back"
    if leak.kind == "hash":
        return (
            f"drop {leak.field!r} from the serializer's fields: a password is write_only=True, "
            "never read back"
        )
    if leak.kind == "secret":
        return (
            f"make {leak.field!r} write_only=True or drop it from Meta.fields; if its owner "
            f"must see it, {owner_may.format(field=leak.field)}"
        )
    return (
        f"leave {leak.field!r} out of other users' representation (to_representation), or "
        f'declare who may see it: Guard.private_fields = {{"{leak.field}": ["owner", "staff"]}}'
    )


def in_rows(field: str, holder: Any, rows: Collection[int], names: Collection[str]) -> bool:
    """Whether ``field`` is one of ``names`` on one of the row objects (ids in ``rows``)."""
    return field in names and id(holder) in rows
