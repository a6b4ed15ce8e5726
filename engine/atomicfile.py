"""Atomic saves with normal permissions, and no temporary files left behind.

:func:`write_atomic` writes a temporary file beside the target, flushes it to disk, then
renames it over the target: a crash or a kill at any moment leaves either the old file
or the new one, never half of one. The temporary file is locked while it is written
(:mod:`engine.locks`), so the next save of the same file can tell a leftover of a killed
save (nobody holds its lock) from a save in progress in another window, and deletes
only the leftovers.

The saved file gets the permissions a new file gets from the user's umask (usually
0644), or keeps those of the file it replaces; ``tempfile.mkstemp`` alone would leave
every saved project readable by its owner only (0600).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from pathlib import Path

from engine import locks

TMP_SUFFIX = ".tmp"
_umask_lock = threading.Lock()


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see the module's docstring)."""
    path = Path(path)
    mode = mode_for(path)
    clean_leftovers(path)
    tmp, lock = _locked_temp(path)
    with lock:
        try:
            _write_all(lock.fd, data)
            os.chmod(tmp, mode)
            os.fsync(lock.fd)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    _sync_folder(path.parent)


def clean_leftovers(path: str | os.PathLike) -> list[Path]:
    """Delete the temporary files that killed saves of ``path`` left; returns them."""
    path = Path(path)
    prefix = f".{path.name}."
    return _clean(path.parent, lambda name: name.startswith(prefix))


def clean_folder(folder: str | os.PathLike) -> list[Path]:
    """Delete every save's leftover in ``folder`` (one that holds only Convas's files)."""
    return _clean(Path(folder), lambda name: name.startswith("."))


def _clean(folder: Path, ours) -> list[Path]:
    removed = []
    try:
        entries = list(os.scandir(folder or "."))
    except OSError:
        return removed
    for entry in entries:
        if not (ours(entry.name) and entry.name.endswith(TMP_SUFFIX)):
            continue
        lock = locks.try_lock(entry.path, create=False)
        if lock is None:
            continue  # a save in progress
        with lock, contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _locked_temp(path: Path) -> tuple[str, locks.FileLock]:
    """A new temporary file beside ``path`` whose lock this process holds."""
    while True:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
        lock = locks.hold(tmp, fd)
        try:
            if os.path.samestat(os.stat(tmp), os.fstat(fd)):
                return tmp, lock
        except OSError:
            pass
        lock.release()  # another save's clean-up took it between creation and locking


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def mode_for(path: str | os.PathLike) -> int:
    """The existing file's permissions, else what the umask gives a new file."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask (read without changing it where the system allows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _umask_lock:  # elsewhere the only way to read it is to set it
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders can't be opened)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)
