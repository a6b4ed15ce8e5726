"""Image folders: one subfolder per class, decoded once to the Input's size.

:func:`read_folder` decodes every file once (a pool of threads, at reduced size, see
:mod:`engine.data.decode`) into uint8 at the Input's size, counting each image's pixel
sums for the normalisation on the way. Where the images go depends on their size:

- in memory when they fit (:func:`engine.data.store.memory_budget`), and into the
  cache too, so the next run loads them at once;
- otherwise into the cache file only, which training then reads as it goes;
- and when the disk has no room for that either, nowhere: training decodes the files
  again as it reads them.

Unreadable files are skipped and named in a notice, as are class folders without a
readable image.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from engine.data import cache
from engine.data.bundle import DatasetError, Fitted
from engine.data.decode import GREY_MODES, IMAGE_SUFFIXES, decode_file
from engine.data.fit import image_sums
from engine.data.images import prefetched
from engine.data.notices import folder_notices, too_few_classes
from engine.data.store import DecodeStore, FileStore, MemoryStore, memory_budget, read_threads
from engine.i18n import _

Progress = Callable[[float, str], None]
#: Files whose headers are read to find a folder's usual size when no Input is given.
SIZE_SAMPLE = 1000


def read_folder(
    folder: Path, shape: tuple[int, int, int] | None = None, progress: Progress | None = None
) -> Fitted:
    """Every image under ``folder``'s class subfolders, fitted to ``shape`` (C, H, W).

    ``shape`` None takes the most common size of the images, in colour if any is.
    """
    try:
        import PIL.Image  # noqa: F401
    except ImportError:
        raise DatasetError(_("reading image folders needs Pillow: pip install pillow")) from None
    classes, files, empty = scan(folder)
    if shape is None:
        shape = usual_shape(folder, files)
    shape = tuple(int(d) for d in shape)
    data_path, index_path = cache.paths(folder, files, shape)
    cached = _from_cache(folder, data_path, index_path, len(files), shape, progress)
    if cached is not None:
        return cached
    return _decode_folder(folder, classes, files, empty, shape, (data_path, index_path), progress)


def scan(folder: Path) -> tuple[list[str], list[tuple[str, int]], list[str]]:
    """Class names (sorted subfolders), (relative path, class index) of every image file,
    and the class folders that hold no image file."""
    if not folder.is_dir():
        raise DatasetError(_("{folder}: not a folder", folder=folder))
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    classes, files, empty = [], [], []
    for sub in subfolders:
        images = sorted(
            p
            for p in sub.rglob("*")
            if p.suffix.lower() in IMAGE_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
        if not images:
            empty.append(sub.name)
            continue
        files += [(p.relative_to(folder).as_posix(), len(classes)) for p in images]
        classes.append(sub.name)
    if len(classes) < 2:
        raise DatasetError(too_few_classes(folder, classes, empty))
    return classes, files, empty


def usual_shape(folder: Path, files: list[tuple[str, int]]) -> tuple[int, int, int]:
    """The most common (height, width) among the files' headers, colour if any is."""
    from PIL import Image

    step = max(1, len(files) // SIZE_SAMPLE)
    sizes, colour = Counter(), False
    for rel, _label in files[::step]:
        try:
            with Image.open(folder / rel) as img:
                sizes[(img.height, img.width)] += 1
                colour |= img.mode not in GREY_MODES
        except Exception:  # noqa: BLE001 - unreadable: the decode reports it
            continue
    if not sizes:
        raise DatasetError(
            _(
                "{folder}: none of the {count} image files could be read",
                folder=folder,
                count=len(files),
            )
        )
    height, width = sizes.most_common(1)[0][0]
    return (3 if colour else 1, height, width)


def _from_cache(folder, data_path, index_path, count, shape, progress) -> Fitted | None:
    index = cache.load_index(data_path, index_path, count, shape)
    if index is None:
        return None
    nbytes = count * int(np.prod(shape))
    if nbytes <= memory_budget():
        images = np.fromfile(data_path, dtype=np.uint8).reshape(count, *shape)
        store = MemoryStore(torch.from_numpy(images))
    else:
        store = FileStore(data_path, count, shape)
    if progress:
        progress(
            1.0,
            _(
                "{name}: loaded {count} decoded images from cache",
                name=folder.name,
                count=f"{count:,}",
            ),
        )
    return Fitted(
        store,
        index["labels"].astype(np.int64),
        index["classes"],
        index["natural"],
        index["notices"],
        index["sums"],
        index["sumsq"],
    )


class _Pass:
    """One decode of every file: where the images go, and what was found on the way."""

    def __init__(self, folder: Path, files, shape, cache_paths):
        self.folder, self.files, self.shape = folder, files, shape
        count, channels = len(files), shape[0]
        nbytes = count * int(np.prod(shape))
        self.memory = np.empty((count, *shape), np.uint8) if nbytes <= memory_budget() else None
        data_path = cache_paths[0]
        room = cache.make_room(nbytes, keep=data_path)
        self.writer = cache.Writer(data_path, count, shape) if room else None
        self.sums = np.zeros((count, channels), np.int64)
        self.sumsq = np.zeros((count, channels), np.int64)
        self.labels = np.array([label for _rel, label in files], np.int64)
        self.problems: dict[str, list[str]] = {}
        self.large: list[str] = []
        self.naturals: Counter = Counter()

    def take(self, slot: int, decoded) -> None:
        rel = self.files[slot][0]
        if decoded.large:
            self.large.append(rel)
        if decoded.array is None:
            self.labels[slot] = -1
            self.problems.setdefault(decoded.problem or "unreadable", []).append(rel)
            return
        self.naturals[decoded.natural] += 1
        image = decoded.array
        sums, sumsq = image_sums(image[None])
        self.sums[slot], self.sumsq[slot] = sums[0], sumsq[0]
        if self.memory is not None:
            self.memory[slot] = image
        if self.writer is not None and self.memory is None:
            self.writer.write(slot, image)

    def store(self):
        """Where training reads the images from, now that every file is decoded."""
        count = len(self.files)
        if self.writer is not None and self.memory is not None:
            self.writer.write_all(self.memory)
        cached = self.writer is not None and self.writer.commit()
        if self.memory is not None:
            return MemoryStore(torch.from_numpy(self.memory)), cached
        if cached:
            return FileStore(self.writer.path, count, self.shape), cached
        paths = [str(self.folder / rel) for rel, _label in self.files]
        return DecodeStore(paths, self.shape), cached

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()


def _decode_folder(folder, classes, files, empty, shape, cache_paths, progress) -> Fitted:
    work = _Pass(folder, files, shape, cache_paths)
    paths = [folder / rel for rel, _label in files]
    step, total = max(1, len(files) // 50), len(files)
    threads = read_threads()
    try:
        decoded = prefetched(lambda p: decode_file(p, shape), paths, 4 * threads, threads)
        for slot, result in enumerate(decoded):
            work.take(slot, result)
            if progress and (slot % step == 0 or slot == total - 1):
                progress(
                    (slot + 1) / total,
                    _(
                        "{name}: decoding {done}/{total}",
                        name=folder.name,
                        done=f"{slot + 1:,}",
                        total=f"{total:,}",
                    ),
                )
    except BaseException:
        work.abort()  # stopped (or failed): no half-written cache is left behind
        raise
    natural = _natural(work.naturals, shape)
    notices = folder_notices(folder, files, work, classes, empty, shape, natural)
    labels, kept_classes = _present_classes(folder, work, classes, empty, notices)
    store, cached = work.store()
    fitted = Fitted(store, labels, kept_classes, natural, notices, work.sums, work.sumsq)
    if cached:
        cache.save_index(
            cache_paths[1],
            labels=labels,
            classes=np.array(kept_classes, dtype=str),
            notices=np.array(notices, dtype=str),
            natural=np.array(natural),
            sums=work.sums,
            sumsq=work.sumsq,
        )
    return fitted


def _natural(naturals: Counter, shape) -> tuple[int, int, int]:
    if not naturals:
        return tuple(shape)
    (_c, height, width), _n = naturals.most_common(1)[0]
    colour = any(c == 3 for c, _h, _w in naturals)
    return (3 if colour else 1, height, width)


def _present_classes(folder, work: _Pass, classes, empty, notices):
    """Labels renumbered over the classes that kept at least one image; refuse < 2."""
    present = sorted(set(work.labels[work.labels >= 0].tolist()))
    if len(present) < 2:
        raise DatasetError(too_few_classes(folder, [classes[i] for i in present], empty, notices))
    remap = np.full(len(classes), -1, np.int64)
    remap[present] = np.arange(len(present))
    labels = np.where(work.labels >= 0, remap[np.maximum(work.labels, 0)], -1)
    return labels, [classes[i] for i in present]
