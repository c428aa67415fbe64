"""Writing a shared file beside other runs: an exclusive lock, an atomic rename, its mode kept.

Two runs updating one lock file at once must not lose each other's entries, and a run killed
while writing must leave the old file whole. So a writer holds an exclusive lock on a hidden
sidecar file, writes a temporary file in the same directory and renames it over the target.
The lock comes from ``django.core.files.locks`` (flock on Linux and macOS, LockFileEx on
Windows); where no lock is available the write is still atomic, only not serialised.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def sidecar(path: Path) -> Path:
    """The hidden file whose lock serialises writers of ``path``; removed after each write."""
    return path.with_name(f".{path.name}.lock")


def temporary(path: Path) -> Path:
    """The temporary file this process writes before renaming it over ``path``."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def refuse_read_only(path: Path) -> None:
    """A read-only file or directory is its owner's "do not write": honour it, even as root."""
    if _read_only(path.parent):
        raise PermissionError(errno.EACCES, f"its directory {path.parent} is read-only")
    if path.exists() and _read_only(path):
        raise PermissionError(errno.EACCES, "the file is read-only")


def _read_only(path: Path) -> bool:
    return not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[bool]:
    """Hold the write lock of ``path``; yields whether a real lock is held.

    The sidecar is removed before the lock is released, so a waiting run may wake up holding
    the lock of a file that is gone: it checks that the sidecar it locked is still the one at
    that path, and otherwise starts again.
    """
    lock_path = sidecar(path)
    while True:
        stream = lock_path.open("ab")
        held = _lock(stream)
        if not held or _is_current(stream, lock_path):
            break
        stream.close()
    try:
        yield held
    finally:
        removed = _remove(lock_path)  # before releasing: a waiter then sees it is gone
        stream.close()  # closing releases the lock
        if not removed and os.name == "nt":  # Windows removes no open file: this one is unused
            _remove(lock_path)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True


def _lock(stream: IO[bytes]) -> bool:
    from django.core.files import locks  # portable; imported late, like all of Django

    try:
        return bool(locks.lock(stream, locks.LOCK_EX))
    except OSError:  # a filesystem without locks (some network mounts): write unserialised
        return False


def _is_current(stream: IO[bytes], lock_path: Path) -> bool:
    try:
        current = lock_path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(stream.fileno())
    return (held.st_dev, held.st_ino) == (current.st_dev, current.st_ino)


def remove_leftovers(path: Path, *, locked: bool) -> None:
    """Remove temporary files of runs killed while writing ``path``.

    Writers create them only while holding the lock, so with the lock held every one is a
    leftover (a pid check alone would be fooled by a reused pid). Without a lock, only those
    whose process is gone are removed.
    """
    prefix = f".{path.name}."
    for candidate in path.parent.iterdir():
        name = candidate.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid = name.removeprefix(prefix).removesuffix(".tmp")
        if locked or (pid.isdigit() and _process_gone(int(pid))):
            with contextlib.suppress(OSError):
                candidate.unlink()


def _process_gone(pid: int) -> bool:
    if os.name == "nt":  # os.kill would terminate the process there, not probe it
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, owned by someone else
        return False
    return False


def replace(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``.

    A reader, or a run killed halfway, sees the old file or the new one, never half of one.
    The file keeps its permission bits; a new file gets the usual ones (0666 less the umask).
    """
    partial = temporary(path)
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(partial, stat.S_IMODE(path.stat().st_mode))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
