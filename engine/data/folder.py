"""Image folders: one subfolder per class, decoded once with Pillow and cached.

Unreadable or corrupt files are skipped and reported in a notice. The decoded arrays
are cached in :func:`engine.paths.cache_dir`, keyed by the folder's path, the target
size and every file's name, size and modification time, so a changed folder is
decoded again and an unchanged one loads in a moment.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from engine.data.bundle import DatasetError, RawImages

IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".ppm", ".pgm"}
)
_CACHE_VERSION = 1
Progress = Callable[[float, str], None]


def read_folder(
    folder: Path, size: tuple[int, int] | None = None, progress: Progress | None = None
) -> RawImages:
    """Decode every image under ``folder``'s class subfolders.

    ``size`` (height, width) resizes while decoding; None keeps the most common size
    (other images are resized to it).
    """
    try:
        import PIL.Image  # noqa: F401
    except ImportError:
        raise DatasetError("reading image folders needs Pillow: pip install pillow") from None
    classes, files = _scan(folder)
    cached = _cache_path(folder, files, size)
    raw = _load_cache(cached)
    if raw is not None:
        if progress:
            progress(1.0, f"{folder.name}: loaded {len(raw.labels):,} decoded images from cache")
        return raw
    raw = _decode_all(folder, classes, files, size, progress)
    _save_cache(cached, raw)
    return raw


def _scan(folder: Path) -> tuple[list[str], list[tuple[str, int]]]:
    """Class names (sorted subfolder names) and (relative path, class index) of each image."""
    if not folder.is_dir():
        raise DatasetError(f"{folder}: not a folder")
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    classes, files = [], []
    for sub in subfolders:
        images = sorted(
            p
            for p in sub.rglob("*")
            if p.suffix.lower() in IMAGE_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
        if images:
            files += [(p.relative_to(folder).as_posix(), len(classes)) for p in images]
            classes.append(sub.name)
    if len(classes) < 2:
        raise DatasetError(
            f"{folder}: expected one subfolder of images per class (at least two classes), "
            f"found {len(classes)} with images"
        )
    return classes, files


def _cache_path(folder: Path, files: list[tuple[str, int]], size) -> Path:
    from engine.paths import cache_dir

    digest = hashlib.sha256(f"v{_CACHE_VERSION}|{folder.resolve()}|{size}".encode())
    for rel, label in files:
        st = (folder / rel).stat()
        digest.update(f"|{rel}:{label}:{st.st_size}:{st.st_mtime_ns}".encode())
    return cache_dir() / f"folder-{digest.hexdigest()[:24]}.npz"


def _load_cache(path: Path) -> RawImages | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return RawImages(
                data["images"],
                data["labels"].astype(np.int64),
                [str(c) for c in data["classes"]],
                notices=[str(n) for n in data["notices"]],
            )
    except (OSError, ValueError, KeyError):
        return None  # a damaged cache file is simply decoded again


def _save_cache(path: Path, raw: RawImages) -> None:
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            np.savez(
                f,
                images=raw.images,
                labels=raw.labels,
                classes=np.array(raw.classes, dtype=str),
                notices=np.array(raw.notices, dtype=str),
            )
        os.replace(tmp, path)
    except OSError:  # caching is an optimisation: a full disk must not stop training
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _decode_all(
    folder: Path,
    classes: list[str],
    files: list[tuple[str, int]],
    size: tuple[int, int] | None,
    progress: Progress | None,
) -> RawImages:
    decoded: list[tuple[np.ndarray, bool] | None] = []
    step = max(1, len(files) // 50)
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        for i, image in enumerate(pool.map(lambda f: _decode(folder / f[0], size), files)):
            decoded.append(image)
            if progress and (i % step == 0 or i == len(files) - 1):
                progress((i + 1) / len(files), f"{folder.name}: decoding {i + 1:,}/{len(files):,}")
    skipped = [rel for (rel, _), img in zip(files, decoded) if img is None]
    kept = [(img[0], label) for (_, label), img in zip(files, decoded) if img is not None]
    resized_early = sum(1 for img in decoded if img is not None and img[1])
    if not kept:
        raise DatasetError(f"{folder}: none of the {len(files)} image files could be read")
    notices = []
    if skipped:
        shown = ", ".join(skipped[:3]) + (
            f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
        )
        notices.append(
            f"{folder.name}: skipped {len(skipped)} unreadable "
            f"file{'s' if len(skipped) != 1 else ''}: {shown}"
        )
    images, resized = _stack([img for img, _ in kept], size)
    resized += resized_early
    if resized:
        h, w = images.shape[1:3]
        notices.append(
            f"{folder.name}: {resized:,} image{'s' if resized != 1 else ''} of other "
            f"sizes resized to {h}×{w}"
        )
    labels = np.array([label for _, label in kept], dtype=np.int64)
    present = sorted(set(labels.tolist()))
    if len(present) < len(classes):  # a class whose every file was unreadable
        remap = {old: new for new, old in enumerate(present)}
        labels = np.array([remap[v] for v in labels.tolist()], dtype=np.int64)
        classes = [classes[i] for i in present]
    return RawImages(images, labels, classes, notices=notices)


def _decode(path: Path, size: tuple[int, int] | None) -> tuple[np.ndarray, bool] | None:
    """One image as uint8 [H, W, 1|3] (resized to ``size`` if given, and whether it
    was), or None if the file can't be read."""
    from PIL import Image

    try:
        with Image.open(path) as img:
            img.load()
            grey = img.mode in ("1", "L", "LA", "I", "I;16", "F")
            img = img.convert("L" if grey else "RGB")
            resized = size is not None and img.size != (size[1], size[0])
            if resized:
                img = img.resize((size[1], size[0]), Image.Resampling.BILINEAR)
            array = np.asarray(img, dtype=np.uint8)
    except Exception:  # noqa: BLE001 - Pillow raises many types for a bad file
        return None
    return (array[..., None] if array.ndim == 2 else array), resized


def _stack(images: list[np.ndarray], size: tuple[int, int] | None) -> tuple[np.ndarray, int]:
    """One uint8 [N, H, W, C] array: grey promoted to RGB if any image has colour."""
    from PIL import Image

    channels = 3 if any(img.shape[2] == 3 for img in images) else 1
    target = size or Counter(img.shape[:2] for img in images).most_common(1)[0][0]
    out = np.empty((len(images), target[0], target[1], channels), dtype=np.uint8)
    resized = 0
    for i, img in enumerate(images):
        if img.shape[:2] != tuple(target):
            pil = Image.fromarray(img[..., 0] if img.shape[2] == 1 else img)
            img = np.asarray(pil.resize((target[1], target[0]), Image.Resampling.BILINEAR))
            img = img[..., None] if img.ndim == 2 else img
            resized += 1
        out[i] = img if img.shape[2] == channels else np.repeat(img, channels, axis=2)
    return out, resized
