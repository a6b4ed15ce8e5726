"""The prepared dataset handed to the trainer, and the errors loading can raise.

This module imports numpy only; the tensors it holds are torch tensors created by
:mod:`engine.data.prepare`, so importing it (for the GUI's type hints, or the dataset
names) does not load torch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

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
class DatasetBundle:
    """A dataset split, fitted to a model's Input and normalised per channel.

    ``train_x``/``val_x`` are float32 ``[N, C, H, W]`` tensors, normalised with the
    training split's per-channel ``mean`` and ``std`` (of pixel values in 0..1);
    ``train_y``/``val_y`` int64 ``[N]``. ``notices`` say what was done to the data
    (resizing, channel conversion, skipped files) in plain words.
    """

    name: str
    classes: list[str]
    train_x: torch.Tensor
    train_y: torch.Tensor
    val_x: torch.Tensor
    val_y: torch.Tensor
    mean: tuple[float, ...]
    std: tuple[float, ...]
    input_shape: tuple[int, int, int]
    notices: list[str] = field(default_factory=list)
    #: the images' size before fitting to the model (C, H, W)
    natural_shape: tuple[int, int, int] | None = None

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def raw_preview(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The first ``n`` training images as uint8 ``[n, H, W, C]`` and their labels.

        The images are de-normalised (what the model sees, before normalisation), for
        the data preview grid.
        """
        n = max(0, min(n, len(self.train_x)))
        x = self.train_x[:n].detach().float().cpu().numpy()
        mean = np.asarray(self.mean, dtype=np.float32)[None, :, None, None]
        std = np.asarray(self.std, dtype=np.float32)[None, :, None, None]
        pixels = np.clip((x * std + mean) * 255.0 + 0.5, 0, 255).astype(np.uint8)
        labels = self.train_y[:n].detach().cpu().numpy().astype(np.int64)
        return np.ascontiguousarray(pixels.transpose(0, 2, 3, 1)), labels

    def summary(self) -> dict[str, Any]:
        """A short description (for run records and the CLI)."""
        return {
            "name": self.name,
            "classes": len(self.classes),
            "train": len(self.train_y),
            "val": len(self.val_y),
            "input_shape": list(self.input_shape),
        }
