"""Natural-size uint8 images → uint8 ``[N, C, H, W]`` at a model's Input (torch).

Grey becomes colour by repeating the channel, colour becomes grey by luminance
(ITU-R 601: 0.299 R + 0.587 G + 0.114 B); sizes change by bilinear interpolation,
antialiased when shrinking; the result is rounded back to uint8. Each image is fitted
on its own, so fitting a batch gives the same bytes as fitting its images one by one.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from engine.data.bundle import DatasetError
from engine.i18n import _

LUMA = (0.299, 0.587, 0.114)
CHUNK = 1024  # images fitted at a time, to bound temporary memory


def fit_arrays(images: np.ndarray, shape: tuple[int, int, int]) -> torch.Tensor:
    """uint8 ``[N, H, W, C]`` (C 1 or 3) → uint8 ``[N, *shape]``."""
    c, h, w = shape
    out = torch.empty((len(images), c, h, w), dtype=torch.uint8)
    for start in range(0, len(images), CHUNK):
        part = images[start : start + CHUNK]
        part = np.ascontiguousarray(part) if part.flags.writeable else part.copy()
        x = torch.from_numpy(part).permute(0, 3, 1, 2)
        if tuple(x.shape[1:]) == (c, h, w):
            out[start : start + len(x)] = x
            continue
        x = convert_channels(x.float(), c)
        if tuple(x.shape[-2:]) != (h, w):
            down = h < x.shape[-2] or w < x.shape[-1]
            x = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False, antialias=down)
        out[start : start + len(x)] = x.round_().clamp_(0, 255).to(torch.uint8)
    return out


def convert_channels(x: torch.Tensor, channels: int) -> torch.Tensor:
    """Float ``[N, C, H, W]`` with C 1 or 3 → ``channels`` channels."""
    have = x.shape[1]
    if have == channels:
        return x
    if have == 1 and channels == 3:
        return x.expand(-1, 3, -1, -1)
    if have == 3 and channels == 1:
        return (x * torch.tensor(LUMA).view(1, 3, 1, 1)).sum(1, keepdim=True)
    raise DatasetError(
        _(
            "can't convert {have}-channel images to the Input's {channels} channels "
            "(use 1 for grey or 3 for colour)",
            have=have,
            channels=channels,
        )
    )


def image_sums(images) -> tuple[np.ndarray, np.ndarray]:
    """Per-image, per-channel sums of pixel values and of their squares (int64, exact)
    of uint8 ``[N, C, H, W]`` (an array or a tensor)."""
    array = images.numpy() if isinstance(images, torch.Tensor) else np.asarray(images)
    flat = array.reshape(len(array), array.shape[1], -1).astype(np.int64)
    return flat.sum(2), np.einsum("ncp,ncp->nc", flat, flat)
