"""The verdict on one hostile request, shared by the input family and ``assert_rejects``:
never a 5xx, a refusal writes nothing, a 400 for a body field names it, and a 2xx is
"accepted invalid input" only where the field itself calls the value invalid."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .responses import body_of, describe, server_error

EXPECTED = (
    "a 4xx that changes nothing, never a 5xx — hostile input is refused by validation, "
    "before any write"
)
CRASH_HINT = (
    "validate the value before it reaches the ORM or your code: a serializer field, "
    "validate_<field>() or validate() raising ValidationError (a 400)"
)
WRITE_HINT = "validate before writing: call serializer.is_valid(raise_exception=True) first"
NAMING_HINT = "raise ValidationError({<field>: ...}) so the client learns what to fix"
ACCEPT_HINT = (
    "the view writes without the field's validation: use serializer.validated_data, not "
    "request.data"
)


@dataclass(frozen=True)
class Problem:
    """What went wrong with one hostile request, and the fix."""

    got: str
    hint: str
    details: tuple[str, ...] = ()


def judge(
    response: Any,
    label: str,
    *,
    field: str | tuple[str, ...] | None = None,
    invalid: str | None = None,
    changed: Sequence[str] = (),
) -> Problem | None:
    """``label`` names the input ("price: beyond max_value 100"); ``field`` the body field
    it went into (or the fields); ``invalid`` who says the value is invalid ("the field
    says 'Not a valid string.'"), None when nobody does: then a 2xx is no problem."""
    status = response.status_code
    if status >= 500:
        return Problem(f"{label}: {server_error(response)}", CRASH_HINT)
    if changed and not 200 <= status < 300:
        got = f"{label}: {describe(response)}, yet {len(changed)} row(s) changed"
        return Problem(got, WRITE_HINT, tuple(changed))
    fields = (field,) if isinstance(field, str) else field
    if status == 400 and fields and not names(response, fields):
        got = f"{label}: {describe(response)} naming none of {', '.join(fields)}"
        return Problem(got, NAMING_HINT)
    if 200 <= status < 300 and invalid is not None:
        got = f"accepted invalid input: {label}: {describe(response)}, though {invalid}"
        return Problem(got, ACCEPT_HINT, tuple(changed))
    return None


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """Django's "Bad Request" warnings silenced while hostile requests are refused: dozens
    per item would bury a failure's own report (server errors are still logged)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def names(response: Any, fields: Sequence[str]) -> bool:
    """Whether the error body names one of ``fields`` (or DRF's non-field key; nested
    envelopes too)."""
    from rest_framework.settings import api_settings

    keys = set(_keys(body_of(response)))
    return bool(keys & {*fields, api_settings.NON_FIELD_ERRORS_KEY})


def _keys(body: Any) -> Iterator[str]:
    if isinstance(body, dict):
        for key, value in body.items():
            yield str(key)
            yield from _keys(value)
    elif isinstance(body, list):
        for item in body:
            yield from _keys(item)
