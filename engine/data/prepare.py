"""Fit decoded images to a model's Input, split them, and work out the normalisation.

Images are kept as uint8 at the Input's size (a quarter of float32's memory), in memory
when they fit (:func:`engine.data.store.memory_budget`) and streamed otherwise; each
split is an :class:`engine.data.images.Images` that normalises what it reads with the
training split's per-channel mean and standard deviation. Those are computed from exact
integer sums of the stored pixels, so every store gives the same numbers.
"""

from __future__ import annotations

import numpy as np
import torch

from engine.data.bundle import DatasetBundle, DatasetError, Fitted, RawImages, Storage
from engine.data.fit import fit_arrays, image_sums
from engine.data.images import Images
from engine.data.store import FitStore, MemoryStore, memory_budget
from engine.i18n import _

#: Bytes of images read at a time when counting sums.
_CHUNK_BYTES = 64 * 1024**2
#: Images whose sums give the normalisation when the reader didn't count them all
#: (built-in, MNIST and CIFAR arrays): a seeded sample of the training split.
STATS_SAMPLE = 4096


def stratified_split(
    labels: np.ndarray, val_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Train and validation indices: ``val_fraction`` of each class, chosen by ``seed``."""
    if not 0.0 < val_fraction < 1.0:
        raise DatasetError(
            _("val_fraction must be between 0 and 1, not {value}", value=val_fraction)
        )
    rng = np.random.default_rng(seed)
    train, val = [], []
    for cls in np.unique(labels):
        idx = np.flatnonzero(labels == cls)
        rng.shuffle(idx)
        n_val = int(round(len(idx) * val_fraction))
        if len(idx) >= 2:
            n_val = min(max(n_val, 1), len(idx) - 1)
        val.append(idx[:n_val])
        train.append(idx[n_val:])
    # Shuffle across classes, so the first images (the preview grid) show every class.
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(val))


def build_bundle(
    name: str,
    source: RawImages | Fitted,
    input_shape: tuple[int, int, int] | None,
    val_fraction: float,
    seed: int,
) -> DatasetBundle:
    """Split ``source``, fitted to ``input_shape`` (None: the images' own), and normalise
    with the training split's statistics."""
    fitted = source if isinstance(source, Fitted) else fit_raw(name, source, input_shape)
    kept = np.flatnonzero(fitted.labels >= 0)
    if len(kept) == 0:
        raise DatasetError(_("{name}: no images", name=name))
    if len(fitted.classes) < 2:
        raise DatasetError(
            _(
                "{name}: needs at least two classes, found {count}",
                name=name,
                count=len(fitted.classes),
            )
        )
    notices = list(fitted.notices)
    if fitted.val is not None:
        train_slots, val_slots = kept, np.flatnonzero(fitted.val.labels >= 0)
        val_fitted = fitted.val
        notices.append(
            _(
                "{name}: using the official test set ({count} images) for validation",
                name=name,
                count=f"{len(val_slots):,}",
            )
        )
    else:
        train_pos, val_pos = stratified_split(fitted.labels[kept], val_fraction, seed)
        train_slots, val_slots, val_fitted = kept[train_pos], kept[val_pos], fitted
    target = tuple(fitted.store.shape)
    notices += fit_notices(name, fitted.natural_shape, target)
    mean, std = channel_stats(fitted, train_slots, seed)
    train = Images(fitted.store, train_slots, mean, std)
    val = Images(val_fitted.store, val_slots, mean, std)
    return DatasetBundle(
        name=name,
        classes=list(fitted.classes),
        train_x=train,
        train_y=torch.from_numpy(fitted.labels[train_slots].copy()),
        val_x=val,
        val_y=torch.from_numpy(val_fitted.labels[val_slots].copy()),
        mean=mean,
        std=std,
        input_shape=target,
        notices=notices,
        natural_shape=fitted.natural_shape,
        storage=storage_of(fitted, len(train_slots) + len(val_slots)),
    )


def fit_raw(name: str, raw: RawImages, input_shape) -> Fitted:
    """Natural-size images fitted to ``input_shape``: in memory when they fit, else
    fitted as training reads them."""
    natural = raw.shape
    target = tuple(int(d) for d in input_shape) if input_shape is not None else natural
    if min(target) < 1:
        raise DatasetError(
            _(
                "{name}: can't fit images to an Input of {shape}",
                name=name,
                shape="×".join(map(str, target)),
            )
        )
    val = None
    if raw.val_images is not None and raw.val_labels is not None:
        val = _fit_part(raw.val_images, raw.val_labels, raw.classes, natural, target)
    count = len(raw.labels) + (0 if val is None else len(val.labels))
    in_memory = count * int(np.prod(target)) <= memory_budget()
    fitted = _fit_part(raw.images, raw.labels, raw.classes, natural, target, in_memory)
    if val is not None and not in_memory:
        val = _fit_part(raw.val_images, raw.val_labels, raw.classes, natural, target, False)
    fitted.notices, fitted.val = list(raw.notices), val
    return fitted


def _fit_part(images, labels, classes, natural, target, in_memory: bool = True) -> Fitted:
    labels = np.asarray(labels, dtype=np.int64)
    if in_memory:
        store = MemoryStore(fit_arrays(images, target))
    else:
        fit_arrays(images[:1], target)  # a channel count that can't convert fails now
        store = FitStore(images, target)
    return Fitted(store, labels, list(classes), natural)


def storage_of(fitted: Fitted, count: int) -> Storage:
    stores = [fitted.store] + ([fitted.val.store] if fitted.val is not None else [])
    return Storage(
        fitted.store.kind,
        sum(s.resident_bytes() for s in stores),
        sum(s.disk_bytes() for s in stores),
        count,
    )


def channel_stats(
    fitted: Fitted, slots: np.ndarray, seed: int = 0
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and std of pixel values (0..1) over ``slots`` (exact integer
    sums), or over a seeded sample of :data:`STATS_SAMPLE` of them when the reader
    didn't count every image's sums."""
    if fitted.sums is None or fitted.sumsq is None:
        if len(slots) > STATS_SAMPLE:
            slots = np.sort(np.random.default_rng(seed).choice(slots, STATS_SAMPLE, False))
        sums, sumsq = _count_sums(fitted.store, slots)
    else:
        sums, sumsq = fitted.sums[slots], fitted.sumsq[slots]
    total = sums.sum(0).astype(np.float64)
    total_sq = sumsq.sum(0).astype(np.float64)
    _c, h, w = fitted.store.shape
    count = max(1, len(slots) * h * w)
    mean = total / (255.0 * count)
    var = total_sq / (255.0 * 255.0 * count) - mean * mean
    std = np.maximum(np.sqrt(np.maximum(var, 0.0)), 1e-3)
    return tuple(float(v) for v in mean), tuple(float(v) for v in std)


def _count_sums(store, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-image sums of the images at ``slots``, read a few megabytes at a time."""
    chunk = max(1, min(1024, _CHUNK_BYTES // int(np.prod(store.shape))))
    parts = [image_sums(store.read(slots[i : i + chunk])) for i in range(0, len(slots), chunk)]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def fit_notices(name: str, natural: tuple[int, int, int], target: tuple[int, ...]) -> list[str]:
    """What fitting to the Input did, in plain words."""
    notices = []
    if natural[0] != target[0]:
        kinds = {1: _("grey"), 3: _("colour")}
        notices.append(
            _(
                "{name}: images converted from {source} to {target} ({have} → {want} "
                "channels) to fit the model's Input",
                name=name,
                source=kinds.get(natural[0], str(natural[0])),
                target=kinds.get(target[0], str(target[0])),
                have=natural[0],
                want=target[0],
            )
        )
    if tuple(natural[1:]) != tuple(target[1:]):
        notices.append(
            _(
                "{name}: images resized from {height}×{width} to {new_height}×{new_width} "
                "to fit the model's Input",
                name=name,
                height=natural[1],
                width=natural[2],
                new_height=target[1],
                new_width=target[2],
            )
        )
    return notices
