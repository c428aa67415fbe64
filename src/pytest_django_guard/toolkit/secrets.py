"""``assert_no_secrets``: the exposure family's response check for one response of a
hand-written test, judged by the same code (``endpoint/secrets.py``) and worded the same."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..endpoint import secrets
from ..endpoint.responses import body_of, read_list
from .subject import Subject

OWNER_MAY = 'pass allowed=["{field}"] where the response is its owner\'s own'


def assert_no_secrets(
    response: Any, *, allowed: Collection[str] = (), private: Collection[str] = ()
) -> Any:
    """``response`` carries no password hash (told by its format), no secret-named field and
    none of the ``private`` fields, at any depth; returns it.

    ``allowed``: secret-named fields the reader may see on the response's own rows (the body,
    or each row of a list: a token in the answer to its creation). ``private``: fields of
    another user this reader must not see (the test knows whose rows it reads)."""
    body = body_of(response)
    rows = _rows(response, body)
    allowed, private = frozenset(allowed), frozenset(private)
    found = secrets.leaks(
        body,
        allowed=lambda field, holder: field in allowed and id(holder) in rows,
        private=lambda field, holder: field in private,
    )
    if found:
        Subject.of_response(response).fail(
            secrets.EXPECTED,
            secrets.got(found),
            secrets.hint(found[0], OWNER_MAY),
            [leak.line() for leak in found[1:]],
            family="exposure",
        )
    return response


def _rows(response: Any, body: Any) -> set[int]:
    """The objects a response is about: the body, or the rows of a list."""
    rows: list[Any] = [body]
    listed = read_list(response).rows
    if listed is not None:
        rows.extend(listed)
    return {id(row) for row in rows if isinstance(row, dict)}
