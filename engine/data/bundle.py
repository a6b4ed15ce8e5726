"""The prepared dataset handed to the trainer, and the errors loading can raise.

This module imports numpy only; the images it holds are created by
:mod:`engine.data.prepare` (with torch), so importing it (for the GUI's type hints, or
the dataset names) does not load torch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.i18n import _

if TYPE_CHECKING:  # pragma: no cover
    import torch


class DatasetError(Exception):
    """Input that can't be used as a dataset; the message is one clear line."""


@dataclass
class RawImages:
    """Decoded images before fitting to a model: what every reader returns.

    ``images`` are uint8 ``[N, H, W, C]`` (C is 1 or 3); ``labels`` int64 ``[N]`` in
    ``0..len(classes)-1``. ``val_images``/``val_labels`` hold an official test split
    when the source has one (MNIST, CIFAR-10); otherwise a seeded split is made.
    """

    images: np.ndarray
    labels: np.ndarray
    classes: list[str]
    val_images: np.ndarray | None = None
    val_labels: np.ndarray | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def shape(self) -> tuple[int, int, int]:
        """The images' natural (C, H, W)."""
        _, h, w, c = self.images.shape
        return (c, h, w)


@dataclass
class Fitted:
    """Images fitted to an Input (uint8 ``[C, H, W]`` each), wherever they are stored.

    ``store`` is one of :mod:`engine.data.store`'s; ``labels`` (int64, one per slot of
    the store) are ``-1`` for a slot to leave out (a file that couldn't be read).
    ``sums``/``sumsq`` are each slot's per-channel sums of pixel values and of their
    squares (int64), when the reader counted them while decoding. ``val`` holds an
    official test split when the source has one.
    """

    store: Any
    labels: np.ndarray
    classes: list[str]
    natural_shape: tuple[int, int, int]
    notices: list[str] = field(default_factory=list)
    sums: np.ndarray | None = None
    sumsq: np.ndarray | None = None
    val: Fitted | None = None


@dataclass(frozen=True)
class Storage:
    """Where a dataset's images are while training: ``kind`` is memory, disk (a cache
    file read as needed), decode (the files decoded again as needed) or fit (small
    images in memory, fitted to the Input as needed)."""

    kind: str
    memory_bytes: int
    disk_bytes: int = 0
    count: int = 0

    def describe(self, reading_bytes: int = 0) -> str:
        """One line for the training panel and the command line; ``reading_bytes``: the
        batches a streaming run holds while it reads ahead."""
        memory, disk = _size(self.memory_bytes + reading_bytes), _size(self.disk_bytes)
        if self.kind == "memory":
            return _(
                "Data: {count} images held in memory ({memory})",
                count=f"{self.count:,}",
                memory=memory,
            )
        if self.kind == "disk":
            return _(
                "Data: {count} images streamed from a cache on disk ({disk}); {memory} in memory",
                count=f"{self.count:,}",
                disk=disk,
                memory=memory,
            )
        if self.kind == "decode":
            return _(
                "Data: {count} images decoded from their files as training reads them "
                "(too many to hold in memory or cache on disk)",
                count=f"{self.count:,}",
            )
        return _(
            "Data: {count} images fitted to the Input as training reads them; {memory} in memory",
            count=f"{self.count:,}",
            memory=memory,
        )


def _size(nbytes: int) -> str:
    if nbytes >= 1024**3:
        return f"{nbytes / 1024**3:.1f} GB"
    return f"{max(nbytes, 0) / 1024**2:.0f} MB" if nbytes >= 1024**2 else f"{nbytes / 1024:.0f} kB"


@dataclass
class DatasetBundle:
    """A dataset split, fitted to a model's Input and normalised per channel.

    ``train_x``/``val_x`` give float32 ``[C, H, W]`` samples normalised with the
    training split's per-channel ``mean`` and ``std`` (of pixel values in 0..1): an
    :class:`engine.data.images.Images` over uint8 images held in memory or streamed
    (``storage`` says which), or a float tensor ``[N, C, H, W]`` already normalised.
    ``train_y``/``val_y`` are int64 ``[N]``. ``notices`` say what was done to the data
    (resizing, channel conversion, skipped files) in plain words.
    """

    name: str
    classes: list[str]
    train_x: Any
    train_y: torch.Tensor
    val_x: Any
    val_y: torch.Tensor
    mean: tuple[float, ...]
    std: tuple[float, ...]
    input_shape: tuple[int, int, int]
    notices: list[str] = field(default_factory=list)
    #: the images' size before fitting to the model (C, H, W)
    natural_shape: tuple[int, int, int] | None = None
    #: where the images are kept (None: a tensor built by the caller)
    storage: Storage | None = None

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def raw_preview(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The first ``n`` training images as uint8 ``[n, H, W, C]`` and their labels.

        The images are de-normalised (what the model sees, before normalisation), for
        the data preview grid.
        """
        n = max(0, min(n, len(self.train_x)))
        labels = self.train_y[:n].detach().cpu().numpy().astype(np.int64)
        raw = getattr(self.train_x, "raw", None)
        if raw is not None:
            pixels = raw(np.arange(n))
            if not pixels.dtype.is_floating_point:
                return np.ascontiguousarray(pixels.numpy().transpose(0, 2, 3, 1)), labels
        x = self.train_x[:n].detach().float().cpu().numpy()
        mean = np.asarray(self.mean, dtype=np.float32)[None, :, None, None]
        std = np.asarray(self.std, dtype=np.float32)[None, :, None, None]
        pixels = np.clip((x * std + mean) * 255.0 + 0.5, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(pixels.transpose(0, 2, 3, 1)), labels

    def summary(self) -> dict[str, Any]:
        """A short description (for run records and the CLI)."""
        return {
            "name": self.name,
            "classes": len(self.classes),
            "train": len(self.train_y),
            "val": len(self.val_y),
            "input_shape": list(self.input_shape),
            "storage": None if self.storage is None else self.storage.kind,
        }
