"""The decoded-folder cache: fitted uint8 images in one raw file, and its index.

A folder decoded for an Input is kept in :func:`engine.paths.cache_dir` as
``folder2-KEY.u8`` (the images, ``[N, C, H, W]`` uint8, one slot per file) and
``folder2-KEY.npz`` (labels, classes, per-image sums, notices), keyed by the folder's
path, the Input's shape and every file's name, size and modification time: a changed
folder is decoded again, an unchanged one loads at once. The index is written last, so
a cache without one (an interrupted decode) is never used. The oldest caches are
removed when a new one needs the room.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

import numpy as np

VERSION = 2
PREFIX = "folder2-"
#: A new cache may take at most this share of the disk's free space.
DISK_SHARE = 0.5
#: ... and always leaves this much free.
DISK_RESERVE = 1024**3


def paths(folder: Path, files: list[tuple[str, int]], shape) -> tuple[Path, Path]:
    """The (data, index) files of ``folder``'s images fitted to ``shape``."""
    from engine.paths import cache_dir

    digest = hashlib.sha256(f"v{VERSION}|{folder.resolve()}|{tuple(shape)}".encode())
    for rel, label in files:
        st = (folder / rel).stat()
        digest.update(f"|{rel}:{label}:{st.st_size}:{st.st_mtime_ns}".encode())
    stem = PREFIX + digest.hexdigest()[:24]
    root = cache_dir()
    return root / f"{stem}.u8", root / f"{stem}.npz"


def load_index(data: Path, index: Path, count: int, shape) -> dict | None:
    """The cached index if the data file is whole for ``count`` images of ``shape``."""
    try:
        if data.stat().st_size != count * int(np.prod(shape)):
            return None
        with np.load(index, allow_pickle=False) as f:
            found = {key: f[key] for key in f.files}
        found["classes"] = [str(c) for c in found["classes"]]
        found["notices"] = [str(n) for n in found["notices"]]
        found["natural"] = tuple(int(v) for v in found["natural"])
        if len(found["labels"]) != count:
            return None
        os.utime(data)  # recently used: removed last
        return found
    except (OSError, ValueError, KeyError):
        return None  # no cache, or a damaged one: decode again


def save_index(index: Path, **arrays) -> None:
    """Write the index atomically (after the data file is complete)."""
    tmp = index.with_name(index.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, index)
    except OSError:  # caching is an optimisation: a full disk must not stop training
        tmp.unlink(missing_ok=True)


def make_room(nbytes: int, keep: Path | None = None) -> bool:
    """Remove old folder caches (least recently used first) until ``nbytes`` fit on the
    disk within :data:`DISK_SHARE` of its free space; False when they never will."""
    from engine.paths import cache_dir

    root = cache_dir()
    _remove_legacy(root)
    olds = sorted(
        (p for p in root.glob(f"{PREFIX}*.u8") if p != keep),
        key=lambda p: p.stat().st_mtime,
    )
    while not _fits(root, nbytes):
        if not olds:
            return False
        old = olds.pop(0)
        old.unlink(missing_ok=True)
        old.with_suffix(".npz").unlink(missing_ok=True)
    return True


def _fits(root: Path, nbytes: int) -> bool:
    free = shutil.disk_usage(root).free
    return nbytes <= DISK_SHARE * free and free - nbytes >= DISK_RESERVE


def _remove_legacy(root: Path) -> None:
    """Caches of the first format (``folder-*.npz``, float images at natural size)."""
    for old in root.glob("folder-*.npz"):
        with contextlib.suppress(OSError):
            old.unlink()


class Writer:
    """Writes images into a new cache data file by slot; :meth:`commit` renames it into
    place. Any write error turns it off (``ok`` False) instead of stopping the decode."""

    def __init__(self, path: Path, count: int, shape):
        self.path, self.size = path, int(np.prod(shape))
        self.tmp = path.with_name(path.name + ".tmp")
        self.ok = True
        try:
            self.fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.ftruncate(self.fd, count * self.size)
        except OSError:
            self.fd, self.ok = None, False

    def write(self, slot: int, image: np.ndarray) -> None:
        if not self.ok:
            return
        try:
            os.pwrite(self.fd, np.ascontiguousarray(image).data, slot * self.size)
        except OSError:
            self.abort()

    def write_all(self, images: np.ndarray) -> None:
        """Every slot at once (an in-memory array of all of them)."""
        if self.ok:
            try:
                with os.fdopen(os.dup(self.fd), "wb") as f:
                    images.tofile(f)
            except OSError:
                self.abort()

    def commit(self) -> bool:
        if not self.ok:
            return False
        try:
            os.close(self.fd)
            self.fd = None
            os.replace(self.tmp, self.path)
            return True
        except OSError:
            self.abort()
            return False

    def abort(self) -> None:
        self.ok = False
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None
        self.tmp.unlink(missing_ok=True)
