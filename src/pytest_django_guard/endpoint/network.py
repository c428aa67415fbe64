"""Outgoing connections refused at the socket level, whatever the client.

Every Python client (urllib.request, http.client, urllib3, httpx, aiohttp, boto3, smtplib, a
bare socket) ends in ``socket.getaddrinfo`` (a name) and ``socket.socket.connect`` (an address),
or ``sendto`` for datagrams, so refusing there catches them all, the way pytest-socket does.
Database drivers built on libpq or libmysqlclient connect from C and never pass here; pure-Python
drivers do, so the hosts, ports and socket directories of ``DATABASES`` stay allowed, beside
``guard_allow_hosts``. Every refusal is recorded with the client and the project line that made
it, so a view that swallows the error still fails its generated test.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
import sysconfig
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

# Whole families of hosts a port-less DATABASES entry may use (the engine's own default port).
_DEFAULT_PORTS = {"postgresql": 5432, "postgis": 5432, "mysql": 3306, "oracle": 1521}
_LOCAL = ("localhost", "127.0.0.1", "::1")

HINT = (
    "mock the call (`responses` for requests, `respx` for httpx, ...) or move it out of the "
    "request path; a test service the tests really use goes in guard_allow_hosts"
)


class ConnectionRefusedByGuard(ConnectionRefusedError):
    """A refused connection looks like a closed port to the client, so its error path runs."""


@dataclass(frozen=True)
class Attempt:
    """One refused call: where to, through which client, from which line of the project."""

    target: str  # host:port, or a socket path
    client: str  # urllib.request, httpx, requests, socket, ...
    call: str  # the socket-level call: socket.create_connection, socket.connect, ...
    where: str  # file:line of the project code that used the client ("" if none)

    def describe(self) -> str:
        at = f" at {self.where}" if self.where else ""
        through = "" if self.client == "socket" else f" through {self.client}"
        return f"{self.target}{through} ({self.call}{at})"


@dataclass(frozen=True)
class Allowed:
    """Where generated code may connect: the test databases and ``guard_allow_hosts``."""

    hosts: frozenset[tuple[str, int | None]]  # (name or address, port or None for any port)
    paths: tuple[str, ...]  # unix socket files or the directories holding them

    def permits(self, host: Any, port: Any) -> bool:
        host = str(host).strip("[]").lower()
        number = _port(port)
        return (host, None) in self.hosts or (number is not None and (host, number) in self.hosts)

    def permits_path(self, path: Any) -> bool:
        text = path.decode(errors="replace") if isinstance(path, bytes) else str(path)
        return any(text == p or text.startswith(p.rstrip("/") + "/") for p in self.paths)


def allowed(entries: Iterable[str], databases: Iterable[Mapping[str, Any]]) -> Allowed:
    """The allow-list: ``guard_allow_hosts`` entries plus every DATABASES host, port and socket.

    A host name also allows the addresses it resolves to, since ``connect`` sees addresses.
    """
    pairs: set[tuple[str, int | None]] = set()
    paths: list[str] = []
    for entry in entries:
        if entry.startswith("/"):
            paths.append(entry)
        else:
            pairs.add(_host_port(entry))
    for db in databases:
        engine = str(db.get("ENGINE", "")).rsplit(".", 1)[-1]
        host, port = str(db.get("HOST") or ""), _port(db.get("PORT"))
        if "sqlite" in engine:
            continue
        if host.startswith("/"):
            paths.append(host)
            continue
        port = port if port is not None else _DEFAULT_PORTS.get(engine)
        pairs.update((name, port) for name in ([host] if host else _LOCAL))
    for name, port in list(pairs):
        pairs.update((address, port) for address in _addresses(name))
    return Allowed(frozenset(pairs), tuple(paths))


def _host_port(entry: str) -> tuple[str, int | None]:
    """``host``, ``host:port``, ``[v6]:port`` or a bare IPv6 address."""
    entry = entry.strip().lower()
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return host, _port(rest.lstrip(":"))
    if entry.count(":") == 1:
        host, port = entry.split(":")
        return host, _port(port)
    return entry, None


def _port(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _addresses(name: str) -> set[str]:
    try:
        ipaddress.ip_address(name)
        return set()
    except ValueError:
        pass
    try:
        return {str(info[4][0]).lower() for info in _REAL_GETADDRINFO(name, None)}
    except (OSError, UnicodeError):
        return set()


_REAL_GETADDRINFO = socket.getaddrinfo


@contextmanager
def refuse_connections(allow: Allowed) -> Iterator[list[Attempt]]:
    """Refuse every connection ``allow`` does not permit, recording each attempt."""
    attempts: list[Attempt] = []

    def refuse(target: str, call: str) -> ConnectionRefusedByGuard:
        attempts.append(_attempt(target, call))
        return ConnectionRefusedByGuard(
            errno.ECONNREFUSED,
            f"pytest-django-guard refused a connection to {target}: generated tests never "
            "reach the network (allow a test service in guard_allow_hosts)",
        )

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host is None or allow.permits(host, port):
            return real_getaddrinfo(host, port, *args, **kwargs)
        raise refuse(_target(host, port), "socket.getaddrinfo")

    def guard(real: Callable[..., Any], call: str, *, returns_errno: bool = False) -> Any:
        def guarded(sock: socket.socket, *args: Any) -> Any:
            target = _refused_target(allow, sock, args[-1] if args else None)
            if target is None:
                return real(sock, *args)
            error = refuse(target, call)
            if returns_errno:
                return error.errno
            raise error

        return guarded

    patches = {
        "connect": guard(socket.socket.connect, "socket.connect"),
        "connect_ex": guard(socket.socket.connect_ex, "socket.connect_ex", returns_errno=True),
        "sendto": guard(socket.socket.sendto, "socket.sendto"),
    }
    saved = {name: socket.socket.__dict__.get(name) for name in patches}
    for name, patched in patches.items():
        setattr(socket.socket, name, patched)
    socket.getaddrinfo = getaddrinfo
    try:
        yield attempts
    finally:
        socket.getaddrinfo = real_getaddrinfo
        for name, before in saved.items():
            if before is None:
                delattr(socket.socket, name)
            else:
                setattr(socket.socket, name, before)


def _refused_target(allow: Allowed, sock: socket.socket, address: Any) -> str | None:
    """The target of a connection ``allow`` refuses; None when it is allowed or not a network."""
    if sock.family == getattr(socket, "AF_UNIX", None):
        return None if allow.permits_path(address) else str(address)
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(address, tuple):
        return None
    host, port = address[0], address[1]
    return None if allow.permits(host, port) else _target(host, port)


def _target(host: Any, port: Any) -> str:
    host = host.decode() if isinstance(host, bytes) else str(host)
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port not in (None, "", 0) else host


# Frames under these are a client's, not the project's; "<" covers frozen and generated code.
_LIBRARY_PATHS = (
    *{sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")},
    str(Path(__file__).resolve().parents[1]),
    "<",
)


def _attempt(target: str, call: str) -> Attempt:
    """Name the client (the outermost library frame) and the project line that called it."""
    frame: FrameType | None = sys._getframe(3)  # above _attempt, refuse and the patch
    module, where, via_create = "", "", False
    while frame is not None:
        filename = frame.f_code.co_filename
        name = str(frame.f_globals.get("__name__", ""))
        if name == "socket" and frame.f_code.co_name == "create_connection":
            via_create = True
        if not filename.startswith(_LIBRARY_PATHS):
            where = f"{filename}:{frame.f_lineno}"
            break
        module = name
        frame = frame.f_back
    return Attempt(
        target=target,
        client=_client(module),
        call="socket.create_connection" if via_create else call,
        where=where,
    )


def _client(module: str) -> str:
    """``urllib.request`` for the standard library, the distribution's package otherwise."""
    parts = module.split(".")
    if not module:
        return "socket"
    if parts[0] in sys.stdlib_module_names:
        return ".".join(parts[:2])
    return parts[0]
