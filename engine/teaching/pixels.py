"""An image as numbers: real samples, their pixels and the three ways to lay them out.

The lesson stores a colour image as a '가로×세로×3' array (width × height × 3: one
number per pixel and colour). Libraries order the axes differently: images on disk and
in numpy/PIL are H×W×C (height first, the channels last and interleaved: R, G, B of one
pixel side by side in memory); PyTorch's layers take C×H×W (one whole plane per
channel). :class:`PixelIndex` writes one pixel's address in each.

:func:`builtin_samples` gives a few images of the built-in datasets (no files, no
torch); :func:`fit_image` scales a sample to a network's input for the receptive field
view.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Built-in datasets the views can show without training first.
BUILTIN = ("digits", "shapes")


@dataclass(frozen=True)
class Samples:
    """``images`` uint8 ``[N, H, W, C]`` (C is 1 or 3) with their class names."""

    name: str
    images: np.ndarray
    labels: np.ndarray
    classes: list[str]

    def caption(self, index: int) -> str:
        """The class of sample ``index`` as a person reads it (in the user's language)."""
        from engine.data import class_labels

        return class_labels(self.classes)[int(self.labels[index])]


def builtin_samples(name: str, count: int = 24, size: int | None = None) -> Samples:
    """The first ``count`` images of built-in dataset ``name`` (``digits`` 8×8 grey,
    ``shapes`` colour, drawn at ``size`` pixels, 32 by default)."""
    from engine.data import builtin

    if name == "digits":
        raw = builtin.digits()
        order = np.arange(min(count, len(raw.images)))
    else:
        raw = builtin.shapes(
            per_class=max(1, -(-count // len(builtin.SHAPE_CLASSES))), size=size or 32
        )
        per_class = len(raw.images) // len(raw.classes)
        order = np.arange(len(raw.images)).reshape(len(raw.classes), per_class).T.ravel()[:count]
    return Samples(name, raw.images[order], raw.labels[order], list(raw.classes))


def fit_image(image: np.ndarray, height: int, width: int, channels: int) -> np.ndarray:
    """``image`` uint8 ``[H, W, C]`` scaled (nearest pixel) to ``height``×``width`` with
    ``channels`` channels (grey repeated to 3, colour averaged to 1)."""
    h, w = image.shape[:2]
    rows = (np.arange(height) * h // height).clip(0, h - 1)
    cols = (np.arange(width) * w // width).clip(0, w - 1)
    scaled = image[rows][:, cols]
    if scaled.shape[2] == channels:
        return scaled
    if channels == 1:
        return scaled.mean(axis=2, keepdims=True).round().astype(np.uint8)
    return np.repeat(scaled[..., :1], channels, axis=2)


@dataclass(frozen=True)
class PixelIndex:
    """One number of an image ``height``×``width`` with ``channels`` channels: the pixel at
    ``row``, ``col`` and its ``channel``, addressed in each layout."""

    row: int
    col: int
    channel: int
    height: int
    width: int
    channels: int

    @property
    def hwc(self) -> str:
        """numpy/PIL: ``x[row, col, channel]`` of an H×W×C array."""
        return f"x[{self.row}, {self.col}, {self.channel}]"

    @property
    def chw(self) -> str:
        """PyTorch: ``x[channel, row, col]`` of a C×H×W tensor."""
        return f"x[{self.channel}, {self.row}, {self.col}]"

    @property
    def lesson(self) -> str:
        """The lesson's 가로×세로×3: ``x[col, row, channel]`` (width first)."""
        return f"x[{self.col}, {self.row}, {self.channel}]"

    @property
    def hwc_offset(self) -> int:
        """Where the number sits in memory in H×W×C order (channels interleaved)."""
        return (self.row * self.width + self.col) * self.channels + self.channel

    @property
    def chw_offset(self) -> int:
        """Where it sits in C×H×W order (one plane per channel)."""
        return (self.channel * self.height + self.row) * self.width + self.col

    def shapes(self) -> tuple[str, str, str]:
        """The array's shape in each layout: H×W×C, C×H×W, W×H×C (the lesson's)."""
        h, w, c = self.height, self.width, self.channels
        return f"{h}×{w}×{c}", f"{c}×{h}×{w}", f"{w}×{h}×{c}"
