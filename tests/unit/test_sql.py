"""SQL normalisation for the lock file, and telling the test's transaction bookkeeping apart."""

import pytest

from pytest_django_guard.queries.sql import is_transaction_control, normalise


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        pytest.param("SELECT * FROM t WHERE id = 42", "SELECT * FROM t WHERE id = ?", id="integer"),
        pytest.param("SELECT * FROM t WHERE x = -1", "SELECT * FROM t WHERE x = ?", id="negative"),
        pytest.param("SELECT * FROM t WHERE x > 1.5", "SELECT * FROM t WHERE x > ?", id="float"),
        pytest.param(
            "SELECT * FROM t WHERE name = 'O''Brien'",
            "SELECT * FROM t WHERE name = ?",
            id="string-with-escaped-quote",
        ),
        pytest.param("SELECT * FROM t LIMIT 21", "SELECT * FROM t LIMIT ?", id="limit"),
        pytest.param(
            "SELECT * FROM t WHERE x = %s AND y = %(name)s",
            "SELECT * FROM t WHERE x = ? AND y = ?",
            id="placeholders-before-interpolation",
        ),
        pytest.param(
            "SELECT * FROM t WHERE published = TRUE AND archived = false",
            "SELECT * FROM t WHERE published = ? AND archived = ?",
            id="booleans-are-values",
        ),
        pytest.param(
            "SELECT * FROM t WHERE x IS NULL", "SELECT * FROM t WHERE x IS NULL", id="null-kept"
        ),
        pytest.param(
            "SELECT 1 AS true_value", "SELECT ? AS true_value", id="true-inside-a-name-kept"
        ),
    ],
)
def test_literals_become_placeholders(sql: str, expected: str):
    assert normalise(sql) == expected


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT * FROM t WHERE id IN (1, 2, 3)", "SELECT * FROM t WHERE id IN (?...)"),
        ("SELECT * FROM t WHERE id IN (1,2)", "SELECT * FROM t WHERE id IN (?...)"),
        ("SELECT * FROM t WHERE id IN (%s, %s)", "SELECT * FROM t WHERE id IN (?...)"),
        ("SELECT * FROM t WHERE id IN ('a', 'b')", "SELECT * FROM t WHERE id IN (?...)"),
        ("SELECT * FROM t WHERE id IN (7)", "SELECT * FROM t WHERE id IN (?)"),
    ],
)
def test_in_lists_of_any_length_read_the_same(sql: str, expected: str):
    assert normalise(sql) == expected


def test_a_prefetch_for_two_rows_and_for_twenty_normalise_alike():
    two = "SELECT * FROM c WHERE c.post_id IN (1, 2)"
    twenty = "SELECT * FROM c WHERE c.post_id IN (" + ", ".join(map(str, range(20))) + ")"
    assert normalise(two) == normalise(twenty)


def test_every_run_of_placeholders_collapses_not_only_in_lists():
    assert (
        normalise("INSERT INTO t (a, b) VALUES (1, 2), (3, 4)")
        == "INSERT INTO t (a, b) VALUES (?...), (?...)"
    )


def test_double_quoted_identifiers_are_unquoted():
    sql = 'SELECT "shop_order"."id" FROM "shop_order" WHERE "shop_order"."user_id" = 42'
    assert normalise(sql) == "SELECT shop_order.id FROM shop_order WHERE shop_order.user_id = ?"


def test_a_quoted_identifier_is_not_mistaken_for_a_value():
    assert normalise('SELECT "count" FROM "t"') == "SELECT count FROM t"


def test_backquoted_identifiers_are_unquoted():
    assert normalise("SELECT `a`.`b` FROM `a`") == "SELECT a.b FROM a"


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "SELECT * FROM t WHERE created_at >= '2025-01-15T12:00:00+00:00'::timestamptz",
            "SELECT * FROM t WHERE created_at >= ?",
        ),
        ("SELECT * FROM t WHERE ids && '{1,2}'::integer[]", "SELECT * FROM t WHERE ids && ?"),
        ("SELECT * FROM t WHERE d = '2025-01-15'::date", "SELECT * FROM t WHERE d = ?"),
    ],
)
def test_postgresql_casts_on_interpolated_values_are_dropped(sql: str, expected: str):
    assert normalise(sql) == expected


def test_the_same_query_from_sqlite_and_postgresql_reads_the_same():
    sqlite = 'SELECT "t"."id" FROM "t" WHERE "t"."created_at" >= \'2025-01-15 12:00:00\''
    postgres = (
        'SELECT "t"."id" FROM "t" WHERE "t"."created_at" >= '
        "'2025-01-15T12:00:00+00:00'::timestamptz"
    )
    assert normalise(sqlite) == normalise(postgres) == "SELECT t.id FROM t WHERE t.created_at >= ?"


def test_whitespace_is_collapsed_to_one_line():
    sql = "\n  SELECT  *\n\tFROM   t\n  WHERE x =\n 1  \n"
    assert normalise(sql) == "SELECT * FROM t WHERE x = ?"


@pytest.mark.parametrize(
    "sql",
    [
        'SAVEPOINT "s140_x1"',
        'RELEASE SAVEPOINT "s140_x1"',
        'ROLLBACK TO SAVEPOINT "s140_x1"',
        "ROLLBACK",
        "BEGIN",
        "COMMIT",
        "START TRANSACTION",
        "  savepoint x",
        "\n release savepoint x",
    ],
)
def test_transaction_bookkeeping_is_recognised(sql: str):
    assert is_transaction_control(sql) is True


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "UPDATE t SET x = 1",
        "INSERT INTO savepoint_log VALUES (1)",
        "SET TIME ZONE 'UTC'",
        "",
    ],
)
def test_ordinary_queries_are_not_transaction_control(sql: str):
    assert is_transaction_control(sql) is False
