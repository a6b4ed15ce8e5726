"""Datasets for training: built-ins, image folders, MNIST/CIFAR files, downloads.

:func:`load_dataset` turns a name or a folder into a :class:`DatasetBundle` fitted to
a model's Input (resized, channels converted, with a notice saying so), split into
training and validation sets by a seed, and normalised per channel. The images are
uint8 at the Input's size, in memory when they fit and streamed when they don't
(``bundle.storage`` says which). Importing this package does not import torch; loading
a dataset does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from engine.data.bundle import DatasetBundle, DatasetError, Fitted, RawImages, Storage
from engine.data.download import DOWNLOADABLE, download
from engine.i18n import _, translated

__all__ = [
    "BUILTIN_DATASETS",
    "DOWNLOADABLE",
    "DatasetBundle",
    "DatasetError",
    "Fitted",
    "RawImages",
    "Storage",
    "class_labels",
    "dataset_folder",
    "describe_dataset",
    "download",
    "load_dataset",
    "load_raw",
]

BUILTIN_DATASETS = ("digits", "shapes")
Progress = Callable[[float, str], None]


def describe_dataset(name: str) -> str:
    """A short description of a dataset name or folder."""
    descriptions = {
        "digits": _("scikit-learn's handwritten digits: 1,797 grey 8×8 images, 10 classes"),
        "shapes": _(
            "generated shapes (circle, square, triangle, cross, star, ring): 3,600 colour "
            "32×32 images, 6 classes"
        ),
        "mnist": _("MNIST handwritten digits: 70,000 grey 28×28 images, 10 classes (download)"),
        "fashion-mnist": _(
            "Fashion-MNIST clothing: 70,000 grey 28×28 images, 10 classes (download)"
        ),
        "cifar10": _("CIFAR-10 photos: 60,000 colour 32×32 images, 10 classes (download)"),
    }
    return descriptions.get(name) or _("images from {name} (one subfolder per class)", name=name)


def class_labels(classes) -> list[str]:
    """Class names as a person reads them: the built-in datasets' own classes (shapes,
    CIFAR-10, Fashion-MNIST) in the user's language, any others (digits' "0"…"9", the
    subfolders of an image folder) as they are. Files, checkpoints and JSON keep the
    stable names of ``classes``; only what is shown goes through here."""
    from engine.data.archives import CIFAR10_CLASSES, FASHION_CLASSES
    from engine.data.builtin import SHAPE_CLASSES

    names = [str(c) for c in classes]
    if names in (list(SHAPE_CLASSES), CIFAR10_CLASSES, FASHION_CLASSES):
        return [translated(name) for name in names]
    return names


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

    shape = None if input_shape is None else tuple(int(d) for d in input_shape)
    name, source = load_source(name_or_folder, shape, progress)
    if progress:
        progress(
            1.0, _("{name}: preparing {count} images", name=name, count=f"{len(source.labels):,}")
        )
    return build_bundle(name, source, shape, val_fraction, seed)


def load_source(
    name_or_folder: str,
    shape: tuple[int, int, int] | None = None,
    progress: Progress | None = None,
) -> tuple[str, RawImages | Fitted]:
    """(display name, images): an image folder decoded at ``shape`` (C, H, W), or the
    natural-size images of a named dataset or MNIST/CIFAR files."""
    from engine.data import folder

    label, path = _locate(name_or_folder)
    if path is None:
        return load_raw(label, progress=progress)
    if _holds_data(path):
        return load_raw(str(path), progress=progress)
    if progress:
        progress(0.0, _("{name}: reading", name=label))
    return label, folder.read_folder(path, shape, progress)


def _locate(name_or_folder: str) -> tuple[str, Path | None]:
    """(display name, folder), or (name, None) for a built-in dataset."""
    key = str(name_or_folder).strip()
    if key in BUILTIN_DATASETS:
        return key, None
    path = Path(os.path.expanduser(key))
    if key.lower() in DOWNLOADABLE and not path.exists():
        path = dataset_folder(key.lower())
        if not _holds_data(path):
            raise DatasetError(
                _(
                    "{name} isn't downloaded yet: download it first (train --download, or "
                    "Download in the training panel)",
                    name=key,
                )
            )
    if not path.exists():
        choices = ", ".join((*BUILTIN_DATASETS, *DOWNLOADABLE))
        raise DatasetError(
            _(
                "unknown dataset {name!r}: use one of {choices}, or a folder with "
                "one subfolder of images per class",
                name=key,
                choices=choices,
            )
        )
    if not path.is_dir():
        raise DatasetError(
            _("{name}: not a folder (a dataset folder has one subfolder per class)", name=key)
        )
    return path.name or str(path), path


def load_raw(name_or_folder: str, progress: Progress | None = None) -> tuple[str, RawImages]:
    """The natural-size images of a built-in dataset or a folder of MNIST/CIFAR files."""
    from engine.data import archives, builtin

    key = str(name_or_folder).strip()
    if key in BUILTIN_DATASETS:
        if progress:
            progress(0.0, _("{name}: loading", name=key))
        return key, builtin.digits() if key == "digits" else builtin.shapes()
    label, path = _locate(key)
    if progress:
        progress(0.0, _("{name}: reading", name=label))
    if archives.idx_files(path):
        return label, archives.read_mnist_folder(path)
    if archives.cifar_folder(path) is not None:
        return label, archives.read_cifar10_folder(path)
    raise DatasetError(_("{name}: no MNIST or CIFAR-10 files here", name=label))


def _holds_data(path: Path) -> bool:
    from engine.data import archives

    return path.is_dir() and bool(archives.idx_files(path) or archives.cifar_folder(path))
