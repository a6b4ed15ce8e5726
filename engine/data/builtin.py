"""The built-in datasets: scikit-learn's 8×8 digits and procedurally drawn shapes."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np

from engine.data.bundle import RawImages
from engine.i18n import N_

#: The shapes' classes as files and checkpoints keep them; marked for translation, so the
#: interface shows them in the user's language (``engine.data.class_labels``).
SHAPE_CLASSES = (N_("circle"), N_("square"), N_("triangle"), N_("cross"), N_("star"), N_("ring"))
SHAPES_PER_CLASS = 600
SHAPES_SIZE = 32
#: The shapes are always drawn from this seed, so "shapes" is one fixed dataset;
#: the training seed only chooses the train/validation split.
SHAPES_SEED = 20240611
_SUPERSAMPLE = 2


def digits() -> RawImages:
    """scikit-learn's handwritten digits: 1,797 grey 8×8 images, 10 classes."""
    data = _read_digits_csv()
    if data is None:  # another sklearn layout: take the public API (slower to import)
        from sklearn.datasets import load_digits

        bunch = load_digits()
        pixels, labels = bunch.data, bunch.target
    else:
        pixels, labels = data[:, :-1], data[:, -1]
    # Values are 0..16; scale to 0..255 so every reader gives uint8 pixels.
    images = np.rint(pixels.reshape(-1, 8, 8, 1) * (255.0 / 16.0)).astype(np.uint8)
    return RawImages(images, labels.astype(np.int64), [str(d) for d in range(10)])


def _read_digits_csv() -> np.ndarray | None:
    """The digits straight from sklearn's bundled file, without importing sklearn.

    ``import sklearn.datasets`` takes seconds; the file it reads is plain CSV.
    """
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        path = Path(root) / "datasets" / "data" / "digits.csv.gz"
        if path.is_file():
            data = np.loadtxt(path, delimiter=",")
            if data.ndim == 2 and data.shape[1] == 65:
                return data
    return None


def shapes(
    per_class: int = SHAPES_PER_CLASS, size: int = SHAPES_SIZE, seed: int = SHAPES_SEED
) -> RawImages:
    """Six kinds of shape drawn at random size, position, rotation and colour, with noise."""
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for label, kind in enumerate(SHAPE_CLASSES):
        images.append(_draw(kind, per_class, size, rng))
        labels.append(np.full(per_class, label, dtype=np.int64))
    return RawImages(np.concatenate(images), np.concatenate(labels), list(SHAPE_CLASSES))


def _draw(kind: str, n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` RGB uint8 images of one kind of shape."""
    grid = size * _SUPERSAMPLE
    axis = (np.arange(grid, dtype=np.float32) + 0.5) / grid * 2.0 - 1.0  # pixel centres in -1..1
    scale = rng.uniform(0.38, 0.7, n).astype(np.float32)
    reach = 0.95 - scale
    cx = rng.uniform(-1.0, 1.0, n).astype(np.float32) * reach
    cy = rng.uniform(-1.0, 1.0, n).astype(np.float32) * reach
    angle = rng.uniform(0.0, 2.0 * np.pi, n).astype(np.float32)
    x = (axis[None, None, :] - cx[:, None, None]) / scale[:, None, None]
    y = (axis[None, :, None] - cy[:, None, None]) / scale[:, None, None]
    cos, sin = np.cos(angle)[:, None, None], np.sin(angle)[:, None, None]
    u, v = x * cos + y * sin, -x * sin + y * cos
    mask = _MASKS[kind](u, v).astype(np.float32)
    # Average the supersampled mask down: smooth, anti-aliased edges.
    mask = mask.reshape(n, size, _SUPERSAMPLE, size, _SUPERSAMPLE).mean(axis=(2, 4))
    background, foreground = _colours(n, rng)
    img = (
        background[:, None, None, :] * (1.0 - mask[..., None])
        + foreground[:, None, None, :] * mask[..., None]
    )
    img += 0.04 * rng.standard_normal(img.shape, dtype=np.float32)
    return np.clip(img * 255.0 + 0.5, 0, 255).astype(np.uint8)


def _colours(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Background and foreground colours whose brightness differs clearly."""
    background = rng.uniform(0.0, 1.0, (n, 3)).astype(np.float32)
    foreground = rng.uniform(0.0, 1.0, (n, 3)).astype(np.float32)
    luma = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    weak = np.abs((foreground - background) @ luma) < 0.3
    # Push a too-similar foreground to the far side of the background's brightness.
    dark = (background @ luma) > 0.5
    foreground[weak & dark] *= 0.25
    foreground[weak & ~dark] = 0.75 + 0.25 * foreground[weak & ~dark]
    return background, foreground


def _circle(u, v):
    return u * u + v * v <= 1.0


def _ring(u, v):
    r2 = u * u + v * v
    return (r2 <= 1.0) & (r2 >= 0.36)


def _square(u, v):
    return np.maximum(np.abs(u), np.abs(v)) <= 0.78


def _triangle(u, v):
    inside = np.ones(u.shape, dtype=bool)
    for k in range(3):  # three half-planes of an equilateral triangle, circumradius 1
        a = math.pi / 2 + k * 2 * math.pi / 3
        inside &= (u * math.cos(a) + v * math.sin(a)) >= -0.5
    return inside


def _cross(u, v):
    au, av = np.abs(u), np.abs(v)
    return ((au <= 0.3) & (av <= 0.95)) | ((av <= 0.3) & (au <= 0.95))


def _star(u, v, points: int = 5, inner: float = 0.42):
    """A five-pointed star: outer radius 1, straight edges to inner vertices."""
    r = np.sqrt(u * u + v * v)
    sector = math.pi / points
    # Fold the angle onto one edge: 0 at an outer point, ``sector`` at an inner vertex.
    phi = sector - np.abs(np.mod(np.arctan2(v, u), 2 * sector) - sector)
    # The edge runs from the outer point (1, 0) to the inner vertex at angle ``sector``;
    # (nx, ny) is its normal and nx its distance-times-length from the centre.
    p2x, p2y = inner * math.cos(sector), inner * math.sin(sector)
    nx, ny = p2y, 1.0 - p2x
    return r * (nx * np.cos(phi) + ny * np.sin(phi)) <= nx


_MASKS = {
    "circle": _circle,
    "square": _square,
    "triangle": _triangle,
    "cross": _cross,
    "star": _star,
    "ring": _ring,
}
