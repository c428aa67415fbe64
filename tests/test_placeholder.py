"""THROWAWAY (build scripts check) - delete me."""

import os
import sys

import django


def test_django_matches_env() -> None:
    expected = {(3, 11): (5, 2), (3, 13): (6, 1)}[sys.version_info[:2]]
    assert django.VERSION[:2] == expected


def test_database_reachable() -> None:
    if os.environ.get("GUARD_DB") != "postgres":
        return
    import psycopg

    with psycopg.connect(dbname="postgres") as conn:
        assert conn.execute("select 1").fetchone() == (1,)
