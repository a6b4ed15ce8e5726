"""Readers for the classic dataset files: MNIST-style IDX and CIFAR-10 python batches.

A folder holding ``train-images-idx3-ubyte`` (optionally ``.gz``) and its labels is
read as MNIST or Fashion-MNIST; a folder holding ``data_batch_1`` … ``test_batch``
(or a ``cifar-10-batches-py`` subfolder) as CIFAR-10. The official test split, when
present, becomes the validation set.
"""

from __future__ import annotations

import gzip
import pickle
import re
from pathlib import Path

import numpy as np

from engine.data.bundle import DatasetError, RawImages
from engine.i18n import N_, _

#: The classes of Fashion-MNIST and CIFAR-10 as files and checkpoints keep them; marked
#: for translation, so the interface shows them in the user's language (``class_labels``).
FASHION_CLASSES = [
    N_("T-shirt/top"),
    N_("Trouser"),
    N_("Pullover"),
    N_("Dress"),
    N_("Coat"),
    N_("Sandal"),
    N_("Shirt"),
    N_("Sneaker"),
    N_("Bag"),
    N_("Ankle boot"),
]
CIFAR10_CLASSES = [
    N_("airplane"),
    N_("automobile"),
    N_("bird"),
    N_("cat"),
    N_("deer"),
    N_("dog"),
    N_("frog"),
    N_("horse"),
    N_("ship"),
    N_("truck"),
]
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_IDX_NAME = re.compile(r"^(train|t10k)-(images|labels)[.-]idx([13])-ubyte(\.gz)?$")


# --------------------------------------------------------------------------- IDX (MNIST)


def read_idx(path: Path) -> np.ndarray:
    """One IDX file (``.gz`` or not) as a numpy array of its stored shape."""
    data = _read_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_TYPES:
        raise DatasetError(_("{name}: not an IDX file (bad magic number)", name=path.name))
    ndim = data[3]
    header = 4 + 4 * ndim
    if ndim == 0 or len(data) < header:
        raise DatasetError(_("{name}: truncated IDX header", name=path.name))
    dims = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_TYPES[data[2]])
    expected = int(np.prod(dims)) * dtype.itemsize
    if len(data) - header != expected:
        raise DatasetError(
            _(
                "{name}: expected {expected} bytes of data for shape {shape}, found {found}",
                name=path.name,
                expected=f"{expected:,}",
                shape=list(dims),
                found=f"{len(data) - header:,}",
            )
        )
    return np.frombuffer(data, dtype=dtype, offset=header).reshape(dims)


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
        return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DatasetError(
            _("{name}: can't be read ({error})", name=path.name, error=exc)
        ) from None


def idx_files(folder: Path) -> dict[tuple[str, str], Path]:
    """``{("train"|"t10k", "images"|"labels"): path}`` for the IDX files in ``folder``."""
    found = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        match = _IDX_NAME.match(path.name)
        if match and path.is_file():
            found.setdefault((match.group(1), match.group(2)), path)
    return found


def read_mnist_folder(folder: Path) -> RawImages:
    """MNIST or Fashion-MNIST from its IDX files (the test files become validation)."""
    files = idx_files(folder)
    if ("train", "images") not in files or ("train", "labels") not in files:
        raise DatasetError(
            _(
                "{folder}: needs train-images-idx3-ubyte and train-labels-idx1-ubyte "
                "(optionally .gz)",
                folder=folder,
            )
        )
    images, labels = _idx_pair(files[("train", "images")], files[("train", "labels")])
    val_images = val_labels = None
    if ("t10k", "images") in files and ("t10k", "labels") in files:
        val_images, val_labels = _idx_pair(files[("t10k", "images")], files[("t10k", "labels")])
    top = int(max(labels.max(), -1 if val_labels is None else val_labels.max()))
    fashion = "fashion" in folder.name.lower() and top == 9
    classes = list(FASHION_CLASSES) if fashion else [str(i) for i in range(top + 1)]
    return RawImages(images, labels, classes, val_images, val_labels)


def _idx_pair(images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise DatasetError(
            _(
                "{name}: expected N images of H×W and N labels, got shapes {images} and {labels}",
                name=images_path.name,
                images=list(images.shape),
                labels=list(labels.shape),
            )
        )
    if images.dtype != np.uint8:
        images = np.clip(images, 0, 255).astype(np.uint8)
    labels = labels.astype(np.int64)
    if labels.min() < 0:
        raise DatasetError(_("{name}: negative labels", name=labels_path.name))
    return np.ascontiguousarray(images[..., None]), labels


# --------------------------------------------------------------------------- CIFAR-10


class _ArraysOnly(pickle.Unpickler):
    """Unpickles dicts, lists, bytes and numpy arrays, and nothing that runs code."""

    _ALLOWED = {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"),
        ("numpy._core.multiarray", "scalar"),
        ("_codecs", "encode"),  # how protocol-2 pickles written by Python 3 hold bytes
    }

    def find_class(self, module: str, name: str):
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            _(
                "it holds {name}, which could run code: only arrays are read",
                name=f"{module}.{name}",
            )
        )


def read_cifar_batch(path: Path) -> dict:
    """One CIFAR python batch as a dict with ``str`` keys (``data``, ``labels``…)."""
    try:
        with path.open("rb") as f:
            raw = _ArraysOnly(f, encoding="bytes").load()
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError) as exc:
        raise DatasetError(
            _("{name}: not a CIFAR python batch ({error})", name=path.name, error=exc)
        ) from None
    if not isinstance(raw, dict):
        raise DatasetError(_("{name}: not a CIFAR python batch", name=path.name))
    return {k.decode() if isinstance(k, bytes) else k: v for k, v in raw.items()}


def cifar_folder(folder: Path) -> Path | None:
    """The folder holding CIFAR-10 batches: ``folder`` itself or its ``cifar-10-batches-py``."""
    for candidate in (folder, folder / "cifar-10-batches-py"):
        if (candidate / "data_batch_1").is_file():
            return candidate
    return None


def read_cifar10_folder(folder: Path) -> RawImages:
    """CIFAR-10 from its python batches; ``test_batch`` becomes validation."""
    root = cifar_folder(folder)
    if root is None:
        raise DatasetError(_("{folder}: no CIFAR-10 batches (data_batch_1 …) found", folder=folder))
    batches = sorted(root.glob("data_batch_*"), key=lambda p: p.name)
    images, labels = zip(*(_cifar_arrays(p) for p in batches))
    val = _cifar_arrays(root / "test_batch") if (root / "test_batch").is_file() else None
    classes = list(CIFAR10_CLASSES)
    if (root / "batches.meta").is_file():
        names = read_cifar_batch(root / "batches.meta").get("label_names")
        if isinstance(names, list) and names:
            classes = [n.decode() if isinstance(n, bytes) else str(n) for n in names]
    return RawImages(
        np.concatenate(images),
        np.concatenate(labels),
        classes,
        None if val is None else val[0],
        None if val is None else val[1],
    )


def _cifar_arrays(path: Path) -> tuple[np.ndarray, np.ndarray]:
    batch = read_cifar_batch(path)
    data, labels = batch.get("data"), batch.get("labels")
    if not isinstance(data, np.ndarray) or labels is None:
        raise DatasetError(_("{name}: missing 'data' or 'labels'", name=path.name))
    labels = np.asarray(labels, dtype=np.int64)
    if data.ndim != 2 or data.shape[1] != 3 * 32 * 32 or len(data) != len(labels):
        raise DatasetError(
            _(
                "{name}: expected N×3072 data and N labels, got {data} and {labels}",
                name=path.name,
                data=list(data.shape),
                labels=len(labels),
            )
        )
    images = data.astype(np.uint8, copy=False).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), labels
