"""SQL as a reviewer wants to read it in a lock file: literals and ids replaced, one line."""

from __future__ import annotations

import re

import sqlparse
from sqlparse import tokens

_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "START TRANSACTION")
_VALUE_KEYWORDS = {"TRUE", "FALSE"}
_REPEATED_PLACEHOLDERS = re.compile(r"\?(?:\s*,\s*\?)+")


def is_transaction_control(sql: str) -> bool:
    """SAVEPOINT / RELEASE / ROLLBACK TO and friends: the test's own bookkeeping."""
    return sql.lstrip().upper().startswith(_TRANSACTION_CONTROL)


def normalise(sql: str) -> str:
    """Replace every literal with ``?`` (and ``IN (?, ?, ?)`` with ``IN (?...)``), unquote names.

    Django logs queries with their parameters interpolated, differently per backend
    (``'x'::timestamptz`` on PostgreSQL); after this, the same query reads the same.
    """
    parts: list[str] = []
    for token in sqlparse.parse(sql)[0].flatten():  # type: ignore[no-untyped-call]
        if _is_value(token):
            parts.append("?")
        elif (
            token.value[:1] in '"`' and token.value[-1:] == token.value[:1] and not _is_value(token)
        ):
            parts.append(token.value[1:-1])  # quoted identifiers read (and diff) better bare
        elif token.is_whitespace:
            parts.append(" ")
        else:
            parts.append(token.value)
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    text = re.sub(r"\?::[\w\[\]]+", "?", text)  # PostgreSQL casts on interpolated values
    return _REPEATED_PLACEHOLDERS.sub("?...", text)


def _is_value(token: sqlparse.sql.Token) -> bool:
    if token.ttype in tokens.Literal.String.Symbol:  # a quoted identifier, not a value
        return False
    if token.ttype in tokens.Literal or token.ttype in tokens.Name.Placeholder:
        return True  # a literal, or a %s placeholder in SQL seen before interpolation
    return token.ttype in tokens.Keyword and token.value.upper() in _VALUE_KEYWORDS
