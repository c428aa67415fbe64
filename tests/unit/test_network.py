"""The socket-level refusal in-process: what the allow-list lets through, what a refusal records.

The generated-test view of the same rules is tests/test_sandbox.py; here each rule is checked
directly, including a real PostgreSQL connection when one is reachable (CI's postgres leg).
"""

import errno
import os
import socket
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_django_guard.endpoint.network import allowed, refuse_connections

POSTGRES = {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost", "PORT": "5432"}


@pytest.fixture
def listener() -> Iterator[int]:
    """A local TCP port that accepts connections (and answers HTTP 200)."""
    server = socket.create_server(("127.0.0.1", 0))

    def answer() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    threading.Thread(target=answer, daemon=True).start()
    yield server.getsockname()[1]
    server.close()


def test_database_hosts_and_declared_hosts_are_allowed() -> None:
    allow = allowed(
        ["localhost:6379", "[::1]:9000", "minio", "/run/redis.sock"],
        [
            POSTGRES,
            {"ENGINE": "django.db.backends.mysql", "HOST": "", "PORT": ""},
            {"ENGINE": "django.db.backends.postgresql", "HOST": "/var/run/postgresql"},
            {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"},
        ],
    )

    assert allow.permits("localhost", "5432")
    assert allow.permits("127.0.0.1", 5432)  # connect() sees the address a name resolves to
    assert allow.permits("localhost", 3306)  # no HOST, no PORT: the engine's default, locally
    assert allow.permits("127.0.0.1", 6379)
    assert allow.permits("::1", 9000)
    assert allow.permits("minio", 12345)  # a host without a port: every port
    assert allow.permits_path("/var/run/postgresql/.s.PGSQL.5432")
    assert allow.permits_path(b"/run/redis.sock")
    assert not allow.permits("localhost", 8000)
    assert not allow.permits("example.com", 443)
    assert not allow.permits_path("/var/run/docker.sock")


def test_a_refused_connection_names_client_target_and_line(listener: int) -> None:
    with (
        refuse_connections(allowed([], [POSTGRES])) as attempts,
        pytest.raises(OSError, match=r"refused a connection to 127\.0\.0\.1"),
    ):
        urllib.request.urlopen(f"http://127.0.0.1:{listener}/", timeout=2)  # CALL LINE

    source = Path(__file__).read_text().splitlines()
    line = next(n for n, text in enumerate(source, 1) if "# CALL LINE" in text)
    assert [attempt.describe() for attempt in attempts] == [
        f"127.0.0.1:{listener} through urllib.request (socket.create_connection at "
        f"{__file__}:{line})"
    ]


def test_connect_ex_and_datagrams_are_refused_too(listener: int) -> None:
    with refuse_connections(allowed([], [])) as attempts:
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", listener)) == errno.ECONNREFUSED
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
            pytest.raises(ConnectionRefusedError),
        ):
            udp.sendto(b"metric:1|c", ("127.0.0.1", 8125))

    assert [(a.target, a.call) for a in attempts] == [
        (f"127.0.0.1:{listener}", "socket.connect_ex"),
        ("127.0.0.1:8125", "socket.sendto"),
    ]


def test_an_allowed_host_is_reached_and_everything_is_restored(listener: int) -> None:
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    url = f"http://localhost:{listener}/"
    with (
        refuse_connections(allowed([f"localhost:{listener}"], [])) as attempts,
        urllib.request.urlopen(url, timeout=2) as response,
    ):
        body = response.read()

    assert (body, attempts) == (b"ok", [])
    assert (socket.socket.connect, socket.getaddrinfo) == (connect, getaddrinfo)
    assert "connect" not in socket.socket.__dict__


@pytest.mark.skipif(not os.environ.get("PGPORT"), reason="no PostgreSQL (PGHOST/PGPORT)")
def test_postgresql_over_tcp_keeps_working() -> None:
    """psycopg resolves a host name in Python: a reconnect mid-test goes through the guard."""
    psycopg = pytest.importorskip("psycopg")
    port, user = os.environ["PGPORT"], os.environ.get("PGUSER", "postgres")
    settings = {**POSTGRES, "PORT": port}
    password = os.environ.get("PGPASSWORD", "")
    params = {"host": "localhost", "port": port, "user": user, "dbname": "postgres"}

    with (
        refuse_connections(allowed([], [settings])) as attempts,
        psycopg.connect(**params, password=password, connect_timeout=5) as conn,
    ):
        assert conn.execute("SELECT 1").fetchone() == (1,)
    with refuse_connections(allowed([], [])) as refused, pytest.raises(psycopg.OperationalError):
        psycopg.connect(**params, password=password, connect_timeout=5)

    assert attempts == []
    assert [(a.target, a.client) for a in refused] == [(f"localhost:{port}", "psycopg")]
