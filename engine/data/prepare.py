"""Fit decoded images to a model's Input, split them, normalise them (torch)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from engine.data.bundle import DatasetBundle, DatasetError, RawImages

#: Refuse to build float tensors larger than this (resizing to a big Input can explode).
MAX_TENSOR_BYTES = 6 * 1024**3
_CHUNK = 4096  # images converted at a time, to bound temporary memory
_LUMA = torch.tensor([0.299, 0.587, 0.114])


def stratified_split(
    labels: np.ndarray, val_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Train and validation indices: ``val_fraction`` of each class, chosen by ``seed``."""
    if not 0.0 < val_fraction < 1.0:
        raise DatasetError(f"val_fraction must be between 0 and 1, not {val_fraction}")
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
    raw: RawImages,
    input_shape: tuple[int, int, int] | None,
    val_fraction: float,
    seed: int,
) -> DatasetBundle:
    """Split ``raw``, convert to ``input_shape`` and normalise with the train split's stats."""
    if len(raw.labels) == 0:
        raise DatasetError(f"{name}: no images")
    if len(raw.classes) < 2:
        raise DatasetError(f"{name}: needs at least two classes, found {len(raw.classes)}")
    notices = list(raw.notices)
    natural = raw.shape
    target = tuple(input_shape) if input_shape is not None else natural
    _check_memory(
        name, len(raw.labels) + (0 if raw.val_labels is None else len(raw.val_labels)), target
    )
    if raw.val_images is not None and raw.val_labels is not None:
        train_images, train_labels = raw.images, raw.labels
        val_images, val_labels = raw.val_images, raw.val_labels
        notices.append(
            f"{name}: using the official test set ({len(val_labels):,} images) for validation"
        )
    else:
        train_idx, val_idx = stratified_split(raw.labels, val_fraction, seed)
        train_images, train_labels = raw.images[train_idx], raw.labels[train_idx]
        val_images, val_labels = raw.images[val_idx], raw.labels[val_idx]
    train_x = _to_tensor(train_images, target)
    val_x = _to_tensor(val_images, target)
    notices += _fit_notices(name, natural, target)
    mean, std = _channel_stats(train_x)
    for x in (train_x, val_x):
        x.sub_(torch.tensor(mean).view(1, -1, 1, 1)).div_(torch.tensor(std).view(1, -1, 1, 1))
    return DatasetBundle(
        name=name,
        classes=list(raw.classes),
        train_x=train_x,
        train_y=torch.from_numpy(np.asarray(train_labels, dtype=np.int64)),
        val_x=val_x,
        val_y=torch.from_numpy(np.asarray(val_labels, dtype=np.int64)),
        mean=mean,
        std=std,
        input_shape=target,
        notices=notices,
        natural_shape=natural,
    )


def _check_memory(name: str, count: int, shape: tuple[int, int, int]) -> None:
    c, h, w = shape
    if min(shape) < 1:
        raise DatasetError(f"{name}: can't fit images to an Input of {c}×{h}×{w}")
    need = count * c * h * w * 4
    if need > MAX_TENSOR_BYTES:
        raise DatasetError(
            f"{name}: {count:,} images at {c}×{h}×{w} need {need / 1024**3:.1f} GB of memory; "
            "use a smaller Input size"
        )


def _to_tensor(images: np.ndarray, target: tuple[int, int, int]) -> torch.Tensor:
    """uint8 [N, H, W, C] → float32 [N, C', H', W'] in 0..1, channels and size converted."""
    c, h, w = target
    out = torch.empty((len(images), c, h, w), dtype=torch.float32)
    for start in range(0, len(images), _CHUNK):
        part = images[start : start + _CHUNK]
        part = np.ascontiguousarray(part) if part.flags.writeable else part.copy()
        chunk = torch.from_numpy(part)
        x = chunk.permute(0, 3, 1, 2).float().div_(255.0)
        x = _convert_channels(x, c)
        if x.shape[-2:] != (h, w):
            down = h < x.shape[-2] or w < x.shape[-1]
            x = F.interpolate(
                x, size=(h, w), mode="bilinear", align_corners=False, antialias=down
            ).clamp_(0.0, 1.0)
        out[start : start + len(x)] = x
    return out


def _convert_channels(x: torch.Tensor, channels: int) -> torch.Tensor:
    have = x.shape[1]
    if have == channels:
        return x
    if have == 1 and channels == 3:
        return x.expand(-1, 3, -1, -1)
    if have == 3 and channels == 1:
        return (x * _LUMA.view(1, 3, 1, 1)).sum(1, keepdim=True)
    raise DatasetError(
        f"can't convert {have}-channel images to the Input's {channels} channels "
        "(use 1 for grey or 3 for colour)"
    )


def _fit_notices(name: str, natural: tuple[int, int, int], target: tuple[int, ...]) -> list[str]:
    notices = []
    if natural[0] != target[0]:
        kinds = {1: "grey", 3: "colour"}
        what = f"{kinds.get(natural[0], natural[0])} to {kinds.get(target[0], target[0])}"
        notices.append(
            f"{name}: images converted from {what} ({natural[0]} → {target[0]} "
            "channels) to fit the model's Input"
        )
    if natural[1:] != target[1:]:
        notices.append(
            f"{name}: images resized from {natural[1]}×{natural[2]} to "
            f"{target[1]}×{target[2]} to fit the model's Input"
        )
    return notices


def _channel_stats(x: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and std over all pixels (float64 accumulation, in chunks)."""
    c = x.shape[1]
    total = torch.zeros(c, dtype=torch.float64)
    total_sq = torch.zeros(c, dtype=torch.float64)
    for start in range(0, len(x), _CHUNK):
        part = x[start : start + _CHUNK].double()
        total += part.sum(dim=(0, 2, 3))
        total_sq += (part * part).sum(dim=(0, 2, 3))
    count = x.shape[0] * x.shape[2] * x.shape[3]
    mean = total / count
    std = (total_sq / count - mean * mean).clamp_min(0).sqrt().clamp_min(1e-3)
    return tuple(float(v) for v in mean), tuple(float(v) for v in std)
