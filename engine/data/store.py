"""Where a dataset's fitted images live: uint8 ``[N, C, H, W]`` in memory, in a cache
file on disk, or nowhere (decoded from the files again when read).

Every store answers :meth:`read` (the images at some slots, as a uint8 tensor) with the
same bytes whichever it is, so training from memory and streaming give the same batches.
:func:`memory_budget` says how much of the machine a dataset may hold in memory.

- :class:`MemoryStore`: a uint8 tensor (shared with the training process as shared
  memory). Reading is an ``index_select``.
- :class:`FileStore`: a raw uint8 file in the user's cache folder, read by offset
  (``os.pread``): the pages stay in the system's file cache, not in the process, so its
  memory doesn't grow with the number of images.
- :class:`DecodeStore`: the image files themselves, decoded on each read by a pool of
  threads (Pillow releases the interpreter's lock while it decodes and resizes).
- :class:`FitStore`: natural-size uint8 images in memory (MNIST, CIFAR-10, the
  built-ins) fitted to the Input on each read, for an Input too large to hold them all.

Streaming stores are read a few batches ahead in a background thread (see
:mod:`engine.data.images`).
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import torch

from engine.data.decode import decode_file
from engine.i18n import _

MEMORY, DISK, DECODE, FIT = "memory", "disk", "decode", "fit"
#: Share of the available memory a dataset may hold (the rest is the network's, the
#: window's and everyone else's).
MEMORY_SHARE = 0.4
#: Overrides the budget (in MiB; 0 streams every dataset): for tests and benchmarks.
BUDGET_ENV = "CONVAS_DATA_MEMORY_MB"


def memory_budget() -> int:
    """Bytes of fitted images a dataset may hold in memory on this machine, now."""
    override = os.environ.get(BUDGET_ENV, "").strip()
    if override:
        try:
            return max(0, int(float(override) * 1024**2))
        except ValueError:
            pass
    return int(available_memory() * MEMORY_SHARE)


def available_memory() -> int:
    """Bytes the system can give now (the memory guard's figure: ``MemAvailable`` within
    a container's limit, or ``CONVAS_MEMORY_LIMIT``); 4 GiB when the system won't say."""
    from engine.memory import available_bytes

    return available_bytes() or 4 * 1024**3


def read_threads() -> int:
    return max(1, min(8, os.cpu_count() or 1))


class MemoryStore:
    """Fitted images held in memory as one uint8 tensor ``[N, C, H, W]``."""

    kind = MEMORY
    prefetch = 0

    def __init__(self, images: torch.Tensor):
        self.images = images

    def __len__(self) -> int:
        return len(self.images)

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(self.images.shape[1:])

    def read(self, slots: np.ndarray) -> torch.Tensor:
        return torch.index_select(self.images, 0, torch.as_tensor(slots, dtype=torch.int64))

    def resident_bytes(self) -> int:
        return self.images.numel()

    def disk_bytes(self) -> int:
        return 0


class FileStore:
    """Fitted images in a raw uint8 file on disk, read by offset (never all in memory)."""

    kind = DISK
    prefetch = 3

    def __init__(self, path: str | Path, count: int, shape: tuple[int, int, int]):
        self.path, self.count, self._shape = str(path), int(count), tuple(shape)
        self._fd: int | None = None
        self._pid = -1

    def __getstate__(self):
        return {"path": self.path, "count": self.count, "_shape": self._shape}

    def __setstate__(self, state):
        self.__dict__.update(state, _fd=None, _pid=-1)

    def __len__(self) -> int:
        return self.count

    @property
    def shape(self) -> tuple[int, int, int]:
        return self._shape

    def _file(self) -> int:
        if self._fd is None or self._pid != os.getpid():  # a forked child opens its own
            flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
            self._fd, self._pid = os.open(self.path, flags), os.getpid()
        return self._fd

    def read(self, slots: np.ndarray) -> torch.Tensor:
        size = int(np.prod(self._shape))
        out = np.empty((len(slots), size), dtype=np.uint8)
        fd = self._file()
        for row, slot in enumerate(np.asarray(slots, dtype=np.int64)):
            if read_at(fd, memoryview(out[row]), int(slot) * size) != size:
                raise OSError(_("{path}: the cache file is shorter than expected", path=self.path))
        return torch.from_numpy(out.reshape(len(slots), *self._shape))

    def resident_bytes(self) -> int:
        return 0

    def disk_bytes(self) -> int:
        return self.count * int(np.prod(self._shape))

    def close(self) -> None:
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = None

    def __del__(self):
        with contextlib.suppress(OSError, AttributeError, TypeError):
            self.close()


def read_at(fd: int, buffer: memoryview, offset: int) -> int:
    """Read ``len(buffer)`` bytes at ``offset`` into ``buffer`` (no shared file position)."""
    if hasattr(os, "preadv"):
        return os.preadv(fd, [buffer], offset)
    data = os.pread(fd, len(buffer), offset) if hasattr(os, "pread") else b""
    buffer[: len(data)] = data
    return len(data)


class DecodeStore:
    """The image files themselves, decoded and fitted on every read (no copy anywhere)."""

    kind = DECODE
    prefetch = 2

    def __init__(self, files: list[str], shape: tuple[int, int, int]):
        self.files, self._shape = list(files), tuple(shape)
        self._pool: ThreadPoolExecutor | None = None
        self._pid = -1

    def __getstate__(self):
        return {"files": self.files, "_shape": self._shape}

    def __setstate__(self, state):
        self.__dict__.update(state, _pool=None, _pid=-1)

    def __len__(self) -> int:
        return len(self.files)

    @property
    def shape(self) -> tuple[int, int, int]:
        return self._shape

    def read(self, slots: np.ndarray) -> torch.Tensor:
        if self._pool is None or self._pid != os.getpid():
            self._pool, self._pid = ThreadPoolExecutor(read_threads(), "convas-decode"), os.getpid()
        shape = self._shape
        decoded = self._pool.map(lambda s: decode_file(self.files[int(s)], shape), slots)
        out = np.empty((len(slots), *shape), dtype=np.uint8)
        for row, result in enumerate(decoded):
            if result.array is None:  # readable when the dataset was scanned, not now
                raise OSError(_("{path}: can no longer be read", path=self.files[int(slots[row])]))
            out[row] = result.array
        return torch.from_numpy(out)

    def resident_bytes(self) -> int:
        return 0

    def disk_bytes(self) -> int:
        return 0


class FitStore:
    """Natural-size uint8 images ``[N, H, W, C]`` in memory, fitted on every read."""

    kind = FIT
    prefetch = 2

    def __init__(self, images: np.ndarray, shape: tuple[int, int, int]):
        self.images, self._shape = images, tuple(shape)

    def __len__(self) -> int:
        return len(self.images)

    @property
    def shape(self) -> tuple[int, int, int]:
        return self._shape

    def read(self, slots: np.ndarray) -> torch.Tensor:
        from engine.data.fit import fit_arrays

        return fit_arrays(self.images[np.asarray(slots, dtype=np.int64)], self._shape)

    def resident_bytes(self) -> int:
        return self.images.nbytes

    def disk_bytes(self) -> int:
        return 0
