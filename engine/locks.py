"""Advisory file locks that say whether their owner is still alive.

A lock is held for as long as its owner keeps the file open: when the process ends,
however it ends (a crash, ``kill -9``, a power cut), the operating system drops the
lock. So "is this lock held?" answers "is its owner alive?" without process ids, which
are reused after a reboot. Convas uses them for a window's recovery files, for a
training run's "running" row in the history, and for a save's temporary file.

On POSIX these are ``flock`` locks: held per open file, so even two owners in one
process exclude each other, and closing a probe never releases someone else's lock.
On Windows ``msvcrt.locking`` gives the same answer for other processes.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
    import msvcrt


class FileLock:
    """An exclusive lock on ``path``, held until :meth:`release` or the process ends."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    @property
    def fd(self) -> int:
        """The open descriptor the lock is held through (valid until released)."""
        if self._fd is None:
            raise ValueError("the lock was released")
        return self._fd

    def release(self, remove: bool = False) -> None:
        """Drop the lock (and delete its file when ``remove``)."""
        if self._fd is None:
            return
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def try_lock(path: str | os.PathLike, create: bool = True) -> FileLock | None:
    """Take the lock on ``path`` if nobody holds it; None when someone does.

    With ``create`` False a missing file is not created (and gives None).
    """
    path = Path(path)
    flags = os.O_RDWR | (os.O_CREAT if create else 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError:
        return None
    if _lock(fd, blocking=False):
        return FileLock(path, fd)
    os.close(fd)
    return None


def hold(path: str | os.PathLike, fd: int) -> FileLock:
    """Lock the open file ``fd`` (the file at ``path``), waiting for another holder.

    The returned lock owns ``fd``: releasing it closes the descriptor.
    """
    _lock(fd, blocking=True)
    return FileLock(Path(path), fd)


def wait_lock(path: str | os.PathLike) -> FileLock:
    """Take the lock on ``path``, waiting for its holder to release it."""
    return hold(path, os.open(path, os.O_RDWR | os.O_CREAT, 0o644))


def is_held(path: str | os.PathLike) -> bool:
    """Whether a live owner holds the lock on ``path`` (False when there is no file)."""
    probe = try_lock(path, create=False)
    if probe is None:
        return Path(path).exists()
    probe.release()
    return False


def _lock(fd: int, blocking: bool) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except OSError:
            return False
        return True
    mode = msvcrt.LK_LOCK if blocking else msvcrt.LK_NBLCK  # pragma: no cover
    try:  # pragma: no cover
        msvcrt.locking(fd, mode, 1)
    except OSError:  # pragma: no cover
        return False
    return True  # pragma: no cover
