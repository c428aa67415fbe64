"""The names ``from pytest_django_guard import ...`` offers: the toolkit's assertions.

A module of its own, without Django, so the package can list them before the plugin registers
the toolkit for assertion rewriting (the toolkit must not be imported before that).
"""

from __future__ import annotations

ASSERTIONS = (
    "assert_denied",
    "assert_hidden",
    "assert_integrity_error",
    "assert_no_mass_assignment",
    "assert_no_n_plus_one",
    "assert_no_secrets",
    "assert_num_queries",
    "assert_paginated",
    "assert_query_lock",
    "assert_rejects",
    "assert_scoped",
)
