"""Modules of one-layer blocks that torch.nn doesn't provide as they are used here."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class Add(nn.Module):
    """Elementwise sum of two or more tensors of the same shape."""

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out


class Concat(nn.Module):
    """Concatenation on dimension 1: channels of feature maps or features of vectors."""

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return torch.cat(inputs, dim=1)


class Mul(nn.Module):
    """Elementwise product, left to right; a [N, C, 1, 1] gate scales whole channels."""

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        out = inputs[0]
        for x in inputs[1:]:
            out = out * x
        return out


class ChannelChunk(nn.Module):
    """One of ``chunks`` equal parts of the channels (``torch.chunk`` on dim 1)."""

    def __init__(self, chunks: int, index: int):
        super().__init__()
        self.chunks, self.index = chunks, index

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.chunk(x, self.chunks, dim=1)[self.index]


class ChannelShuffle(nn.Module):
    """ShuffleNet's channel shuffle: channels dealt out group by group."""

    def __init__(self, groups: int):
        super().__init__()
        self.groups = groups

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.unflatten(1, (self.groups, -1)).transpose(1, 2).flatten(1, 2)


class LayerNorm2d(nn.LayerNorm):
    """Layer norm over the channels of each pixel (ConvNeXt's, torchvision's)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


class LayerScale(nn.Module):
    """A learned scale per channel, starting small (ConvNeXt's layer scale)."""

    def __init__(self, channels: int, init: float = 1e-6):
        super().__init__()
        self.scale = nn.Parameter(torch.full((channels, 1, 1), float(init)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.scale * x


class StochasticDepth(nn.Module):
    """In training, drops a residual branch for a random share ``p`` of the samples and
    scales the rest up; does nothing at inference (torchvision's, mode "row")."""

    def __init__(self, p: float, mode: str = "row"):
        super().__init__()
        self.p, self.mode = p, mode

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        survival = 1.0 - self.p
        size = [x.shape[0]] + [1] * (x.ndim - 1)
        noise = torch.empty(size, dtype=x.dtype, device=x.device).bernoulli_(survival)
        if survival > 0.0:
            noise.div_(survival)
        return x * noise


class Permute(nn.Module):
    """Reorders a tensor's dimensions (ConvNeXt works channels-last in its block)."""

    def __init__(self, dims: list[int]):
        super().__init__()
        self.dims = list(dims)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.permute(x, self.dims)
