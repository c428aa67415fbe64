"""SQL as a reviewer wants to read it in a lock file: literals and ids replaced, one line."""

from __future__ import annotations

import functools
import re
from typing import Any

from sqlparse import lexer, tokens

_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "START TRANSACTION")
_VALUE_KEYWORDS = {"TRUE", "FALSE"}
_REPEATED_PLACEHOLDERS = re.compile(r"\?(?:\s*,\s*\?)+")


def is_transaction_control(sql: str) -> bool:
    """SAVEPOINT / RELEASE / ROLLBACK TO and friends: the test's own bookkeeping."""
    return sql.lstrip().upper().startswith(_TRANSACTION_CONTROL)


@functools.lru_cache(maxsize=4096)
def normalise(sql: str) -> str:
    """Replace every literal with ``?`` (and ``IN (?, ?, ?)`` with ``IN (?...)``), unquote names.

    Django logs queries with their parameters interpolated, differently per backend
    (``'x'::timestamptz`` on PostgreSQL); after this, the same query reads the same. Only the
    lexer's tokens are needed (sqlparse's grouping, ten times dearer, adds nothing here), and
    the same text always reads the same: a pure function, cached.
    """
    parts: list[str] = []
    for ttype, value in lexer.tokenize(sql):  # type: ignore[no-untyped-call]
        if _is_value(ttype, value):
            parts.append("?")
        elif value[:1] in '"`' and value[-1:] == value[:1]:
            parts.append(value[1:-1])  # quoted identifiers read (and diff) better bare
        elif ttype in tokens.Whitespace or ttype in tokens.Newline:
            parts.append(" ")
        else:
            parts.append(value)
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    text = re.sub(r"\?::[\w\[\]]+", "?", text)  # PostgreSQL casts on interpolated values
    return _REPEATED_PLACEHOLDERS.sub("?...", text)


def _is_value(ttype: Any, value: str) -> bool:
    if ttype in tokens.Literal.String.Symbol:  # a quoted identifier, not a value
        return False
    if ttype in tokens.Literal or ttype in tokens.Name.Placeholder:
        return True  # a literal, or a %s placeholder in SQL seen before interpolation
    return ttype in tokens.Keyword and value.upper() in _VALUE_KEYWORDS
