"""One split of a dataset as normalised float samples, read from a store on demand.

:class:`Images` is what ``DatasetBundle.train_x`` and ``val_x`` hold. Indexing it gives
float tensors like indexing a tensor would (``images[3]`` is ``[C, H, W]``,
``images[:8]`` is ``[8, C, H, W]``), normalised per channel; the trainer instead reads
uint8 batches (:meth:`Images.batches`, a few batches ahead for a streaming store) and
normalises them on the device (:meth:`Images.normalise`), so the same bytes become the
same floats whichever store they came from.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from engine.data.store import MemoryStore


class Images:
    """Samples ``store[slots[i]]``, normalised with ``mean`` and ``std`` (of 0..1 pixels).

    A float store (a tensor already normalised, as tests build) passes unchanged.
    """

    def __init__(self, store, slots: np.ndarray | None = None, mean=(0.0,), std=(1.0,)):
        self.store = store
        self.slots = np.arange(len(store)) if slots is None else np.asarray(slots, np.int64)
        self.mean, self.std = tuple(float(m) for m in mean), tuple(float(s) for s in std)
        std_t = torch.tensor(self.std, dtype=torch.float32).view(-1, 1, 1)
        mean_t = torch.tensor(self.mean, dtype=torch.float32).view(-1, 1, 1)
        self._scale = 1.0 / (255.0 * std_t)
        self._shift = -mean_t / std_t

    def __len__(self) -> int:
        return len(self.slots)

    @property
    def shape(self) -> tuple[int, ...]:
        return (len(self), *self.store.shape)

    @property
    def dtype(self) -> torch.dtype:
        return torch.float32

    def positions(self, key) -> np.ndarray:
        """Positions in this split for an int, a slice, or an index array / tensor."""
        if isinstance(key, slice):
            return np.arange(len(self))[key]
        if isinstance(key, torch.Tensor):
            key = key.cpu().numpy()
        positions = np.asarray(key, dtype=np.int64).reshape(-1)
        return np.where(positions < 0, positions + len(self), positions)

    def raw(self, positions) -> torch.Tensor:
        """The stored images at ``positions`` (uint8, or float for a float store)."""
        return self.store.read(self.slots[np.asarray(positions, dtype=np.int64)])

    def normalise(self, raw: torch.Tensor) -> torch.Tensor:
        """A batch from :meth:`raw` (on any device) as normalised float32."""
        if raw.dtype != torch.uint8:
            return raw.float()
        scale, shift = self._scale.to(raw.device), self._shift.to(raw.device)
        return raw.float().mul_(scale).add_(shift)

    def __getitem__(self, key) -> torch.Tensor:
        if isinstance(key, int | np.integer):
            if not -len(self) <= key < len(self):
                raise IndexError(f"index {key} is out of range for {len(self)} images")
            return self.normalise(self.raw(self.positions(key)))[0]
        return self.normalise(self.raw(self.positions(key)))

    def batches(self, order: Iterable[np.ndarray]) -> Iterator[torch.Tensor]:
        """The raw batches at each array of positions in ``order``, in order; a streaming
        store is read ``store.prefetch`` batches ahead in a background thread."""
        reads = (self.slots[np.asarray(p, dtype=np.int64)] for p in order)
        return prefetched(self.store.read, reads, getattr(self.store, "prefetch", 0))

    def subset(self, positions) -> Images:
        """A view of some of these samples (no copy)."""
        view = Images.__new__(Images)
        view.__dict__.update(self.__dict__)
        view.slots = self.slots[self.positions(positions)]
        return view

    def numpy(self) -> np.ndarray:
        """Every sample as one float32 array (for small splits only)."""
        return self[:].numpy()

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    def memory_bytes(self) -> int:
        return self.store.resident_bytes()


def as_images(x) -> Images:
    """``x`` as :class:`Images`: itself, or a tensor of samples wrapped as they are."""
    return x if isinstance(x, Images) else Images(MemoryStore(torch.as_tensor(x)))


def prefetched(read, items: Iterable, depth: int, workers: int = 1) -> Iterator:
    """``read(item)`` for each item, in order, up to ``depth`` reads ahead in ``workers``
    threads."""
    if depth <= 0:
        for item in items:
            yield read(item)
        return
    items = iter(items)
    pool = ThreadPoolExecutor(workers, thread_name_prefix="convas-read")
    pending = collections.deque(pool.submit(read, i) for i in itertools.islice(items, depth))
    try:
        while pending:
            result = pending.popleft().result()
            for item in itertools.islice(items, 1):
                pending.append(pool.submit(read, item))
            yield result
    finally:  # a run stopped mid-epoch: drop what was read ahead
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True)
