"""Datasets for training: built-ins, image folders, MNIST/CIFAR files, downloads.

:func:`load_dataset` turns a name or a folder into a :class:`DatasetBundle` fitted to
a model's Input (resized, channels converted, with a notice saying so), split into
training and validation sets by a seed, and normalised per channel. Importing this
package does not import torch; loading a dataset does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from engine.data.bundle import DatasetBundle, DatasetError, RawImages
from engine.data.download import DOWNLOADABLE, download

__all__ = [
    "BUILTIN_DATASETS",
    "DOWNLOADABLE",
    "DatasetBundle",
    "DatasetError",
    "RawImages",
    "dataset_folder",
    "describe_dataset",
    "download",
    "load_dataset",
    "load_raw",
]

BUILTIN_DATASETS = ("digits", "shapes")
_DESCRIPTIONS = {
    "digits": "scikit-learn's handwritten digits: 1,797 grey 8×8 images, 10 classes",
    "shapes": "generated shapes (circle, square, triangle, cross, star, ring): 3,600 colour "
    "32×32 images, 6 classes",
    "mnist": "MNIST handwritten digits: 70,000 grey 28×28 images, 10 classes (download)",
    "fashion-mnist": "Fashion-MNIST clothing: 70,000 grey 28×28 images, 10 classes (download)",
    "cifar10": "CIFAR-10 photos: 60,000 colour 32×32 images, 10 classes (download)",
}
Progress = Callable[[float, str], None]


def describe_dataset(name: str) -> str:
    """A short description of a dataset name or folder."""
    if name in _DESCRIPTIONS:
        return _DESCRIPTIONS[name]
    return f"images from {name} (one subfolder per class)"


def dataset_folder(name: str) -> Path:
    """Where a downloadable dataset lives in the user data folder."""
    from engine.paths import data_dir

    return data_dir() / "datasets" / name


def load_dataset(
    name_or_folder: str,
    input_shape: tuple[int, int, int] | None = None,
    val_fraction: float = 0.2,
    seed: int = 0,
    progress: Progress | None = None,
) -> DatasetBundle:
    """Load, fit to ``input_shape`` (C, H, W; None keeps the images' own), split, normalise.

    Raises :class:`DatasetError` with one clear line when the input can't be used.
    """
    from engine.data.prepare import build_bundle

    size = None if input_shape is None else (int(input_shape[1]), int(input_shape[2]))
    name, raw = load_raw(name_or_folder, size, progress)
    if progress:
        progress(1.0, f"{name}: preparing {len(raw.labels):,} images")
    return build_bundle(name, raw, input_shape, val_fraction, seed)


def load_raw(
    name_or_folder: str, size: tuple[int, int] | None = None, progress: Progress | None = None
) -> tuple[str, RawImages]:
    """The decoded images of a dataset, before fitting: (display name, images)."""
    from engine.data import archives, builtin, folder

    key = str(name_or_folder).strip()
    if key in BUILTIN_DATASETS:
        if progress:
            progress(0.0, f"{key}: loading")
        return key, builtin.digits() if key == "digits" else builtin.shapes()
    path = Path(os.path.expanduser(key))
    if key.lower() in DOWNLOADABLE and not path.exists():
        path = dataset_folder(key.lower())
        if not _holds_data(path):
            raise DatasetError(
                f"{key} isn't downloaded yet: download it first (train --download, or "
                "Download in the training panel)"
            )
    if not path.exists():
        choices = ", ".join((*BUILTIN_DATASETS, *DOWNLOADABLE))
        raise DatasetError(
            f"unknown dataset {key!r}: use one of {choices}, or a folder with "
            "one subfolder of images per class"
        )
    if not path.is_dir():
        raise DatasetError(f"{key}: not a folder (a dataset folder has one subfolder per class)")
    label = path.name or str(path)
    if progress:
        progress(0.0, f"{label}: reading")
    if archives.idx_files(path):
        return label, archives.read_mnist_folder(path)
    if archives.cifar_folder(path) is not None:
        return label, archives.read_cifar10_folder(path)
    return label, folder.read_folder(path, size, progress)


def _holds_data(path: Path) -> bool:
    from engine.data import archives

    return path.is_dir() and bool(archives.idx_files(path) or archives.cifar_folder(path))
