"""Convas blocks from layer settings, shared by the torch.fx and the aten front ends.

Each function takes the settings of one PyTorch layer and returns ``(type, params)``
with the params a person would write (defaults left out), or a string saying why no
Convas block computes exactly that layer.
"""

from __future__ import annotations

import math
from typing import Any

from torch import nn

from engine.importer.ir import explicit, int_or_pair
from engine.registry import pair

Block = tuple[str, dict[str, Any]]

ACTIVATIONS = {nn.ReLU: "ReLU", nn.Tanh: "Tanh", nn.Sigmoid: "Sigmoid", nn.SiLU: "SiLU"}


def conv(
    out: int,
    kernel,
    stride,
    padding,
    dilation,
    groups: int,
    bias: bool,
    padding_mode: str = "zeros",
) -> Block | str:
    """A 2-D convolution: ``Conv1x1`` for a plain 1×1, else ``Conv2d``."""
    if padding_mode != "zeros":
        return f"padding_mode={padding_mode!r}: Convas pads with zeros only"
    if padding == "valid":
        padding = 0
    kernel, stride, dilation = pair(kernel), pair(stride), pair(dilation)
    plain = padding == "same" or pair(padding) == (0, 0)
    if kernel == (1, 1) and plain and dilation == (1, 1) and groups == 1:
        return "Conv1x1", explicit(
            "Conv1x1", {"out_channels": int(out), "stride": int_or_pair(stride), "bias": bias}
        )
    params = {
        "out_channels": int(out),
        "kernel_size": int_or_pair(kernel),
        "stride": int_or_pair(stride),
        "padding": "same" if padding == "same" else int_or_pair(padding),
        "dilation": int_or_pair(dilation),
        "groups": int(groups),
        "bias": bool(bias),
    }
    return "Conv2d", explicit("Conv2d", params)


def pool(
    kind: str,
    kernel,
    stride,
    padding,
    ceil_mode: bool,
    dilation=1,
    count_include_pad: bool = True,
    divisor_override=None,
) -> Block | str:
    """``MaxPool2d`` or ``AvgPool2d``."""
    if pair(dilation) != (1, 1):
        return "pooling with dilation: Convas pools have none"
    if kind == "AvgPool2d" and not count_include_pad:
        return "count_include_pad=False: Convas averages count the padding"
    if divisor_override:
        return "divisor_override: Convas averages divide by the window size"
    kernel = pair(kernel)
    stride = kernel if stride is None or stride == [] else pair(stride)
    params = {
        "kernel_size": int_or_pair(kernel),
        "stride": None if stride == kernel else int_or_pair(stride),
        "padding": int_or_pair(padding),
        "ceil_mode": bool(ceil_mode),
    }
    return kind, explicit(kind, params)


def adaptive_avg(output_size) -> Block | str:
    if isinstance(output_size, (list, tuple)) and any(v is None for v in output_size):
        return "adaptive pooling that keeps a dimension (None): give both sizes"
    return "AdaptiveAvgPool2d", explicit(
        "AdaptiveAvgPool2d", {"output_size": int_or_pair(output_size)}
    )


def batch_norm(eps: float, momentum, affine: bool = True, tracks: bool = True) -> Block | str:
    if not affine:
        return "batch norm without affine weights: Convas batch norm learns them"
    if not tracks:
        return "batch norm without running statistics: Convas keeps them"
    if momentum is None:
        return "batch norm with momentum=None (cumulative average): Convas needs a number"
    return "BatchNorm2d", explicit("BatchNorm2d", {"eps": float(eps), "momentum": float(momentum)})


def lrn(size: int, alpha: float, beta: float, k: float) -> Block:
    return "LocalResponseNorm", explicit(
        "LocalResponseNorm",
        {"size": int(size), "alpha": float(alpha), "beta": float(beta), "k": float(k)},
    )


def linear(out: int, bias: bool) -> Block:
    return "Linear", explicit("Linear", {"out_features": int(out), "bias": bool(bias)})


def dropout(p: float) -> Block:
    return "Dropout", explicit("Dropout", {"p": float(p)})


def leaky_relu(slope: float) -> Block:
    return "LeakyReLU", explicit("LeakyReLU", {"negative_slope": float(slope)})


def gelu(approximate: str = "none") -> Block | str:
    if approximate != "none":
        return f"GELU(approximate={approximate!r}): Convas's GELU is the exact one"
    return "GELU", {}


def from_module(m: nn.Module) -> Block | str | None:
    """The block of a torch.nn layer; None for a pass-through (Identity)."""
    if isinstance(m, nn.Identity):
        return None
    if type(m) in ACTIVATIONS:
        return ACTIVATIONS[type(m)], {}
    if type(m) is nn.Conv2d:
        return conv(
            m.out_channels,
            m.kernel_size,
            m.stride,
            m.padding,
            m.dilation,
            m.groups,
            m.bias is not None,
            m.padding_mode,
        )
    if type(m) is nn.Linear:
        return linear(m.out_features, m.bias is not None)
    if type(m) is nn.BatchNorm2d:
        return batch_norm(m.eps, m.momentum, m.affine, m.track_running_stats)
    if type(m) is nn.MaxPool2d:
        if m.return_indices:
            return "max pooling that returns indices"
        return pool("MaxPool2d", m.kernel_size, m.stride, m.padding, m.ceil_mode, m.dilation)
    if type(m) is nn.AvgPool2d:
        return pool(
            "AvgPool2d",
            m.kernel_size,
            m.stride,
            m.padding,
            m.ceil_mode,
            1,
            m.count_include_pad,
            m.divisor_override,
        )
    if type(m) is nn.AdaptiveAvgPool2d:
        return adaptive_avg(m.output_size)
    if type(m) is nn.LocalResponseNorm:
        return lrn(m.size, m.alpha, m.beta, m.k)
    if type(m) is nn.LeakyReLU:
        return leaky_relu(m.negative_slope)
    if type(m) is nn.GELU:
        return gelu(m.approximate)
    if type(m) is nn.Dropout:
        return dropout(m.p)
    if type(m) is nn.Flatten:
        if (m.start_dim, m.end_dim) != (1, -1):
            return (
                f"Flatten(start_dim={m.start_dim}, end_dim={m.end_dim}): Convas flattens "
                "everything but the batch"
            )
        return "Flatten", {}
    return f"{type(m).__name__} has no Convas block"


def is_flatten(in_shape: tuple[int, ...] | None, out_shape: tuple[int, ...] | None) -> bool:
    """Whether a reshape from ``in_shape`` to ``out_shape`` (batch excluded) flattens."""
    if in_shape is None or out_shape is None:
        return False
    return len(out_shape) == 1 and out_shape[0] == math.prod(in_shape)
