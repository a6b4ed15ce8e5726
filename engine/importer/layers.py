"""Convas blocks from layer settings, shared by the torch.fx and the aten front ends.

Each function takes the settings of one PyTorch layer and returns ``(type, params)``
with the params a person would write (defaults left out), or a string saying why no
Convas block computes exactly that layer.
"""

from __future__ import annotations

import math
from typing import Any

from torch import nn

from engine.i18n import _
from engine.importer.ir import explicit, int_or_pair
from engine.registry import pair

Block = tuple[str, dict[str, Any]]

ACTIVATIONS = {
    nn.ReLU: "ReLU",
    nn.Tanh: "Tanh",
    nn.Sigmoid: "Sigmoid",
    nn.SiLU: "SiLU",
    nn.ReLU6: "ReLU6",
    nn.Hardswish: "Hardswish",
    nn.Hardsigmoid: "Hardsigmoid",
}
#: Modules traced as one operation whatever library they come from (class name →
#: the attribute holding the drop probability): in eval mode they do nothing, so
#: tracing through them would lose them.
FOREIGN_LEAVES = {"StochasticDepth": "p", "DropPath": "drop_prob"}


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
        return _("padding_mode={mode}: Convas pads with zeros only", mode=repr(padding_mode))
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


def explicit_conv1x1(out: int, bias: bool) -> dict[str, Any]:
    return explicit("Conv1x1", {"out_channels": int(out), "bias": bool(bias)})


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
        return _("pooling with dilation: Convas pools have none")
    if kind == "AvgPool2d" and not count_include_pad:
        return _("count_include_pad=False: Convas averages count the padding")
    if divisor_override:
        return _("divisor_override: Convas averages divide by the window size")
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
        return _("adaptive pooling that keeps a dimension (None): give both sizes")
    return "AdaptiveAvgPool2d", explicit(
        "AdaptiveAvgPool2d", {"output_size": int_or_pair(output_size)}
    )


def batch_norm(eps: float, momentum, affine: bool = True, tracks: bool = True) -> Block | str:
    if not affine:
        return _("batch norm without affine weights: Convas batch norm learns them")
    if not tracks:
        return _("batch norm without running statistics: Convas keeps them")
    if momentum is None:
        return _("batch norm with momentum=None (cumulative average): Convas needs a number")
    return "BatchNorm2d", explicit("BatchNorm2d", {"eps": float(eps), "momentum": float(momentum)})


def layer_norm_2d(eps: float, weight, bias) -> Block | str:
    """Layer norm over the channels of each pixel."""
    if weight is None or bias is None:
        return _("layer norm without a learned scale and shift: Convas's learns both")
    return "LayerNorm2d", explicit("LayerNorm2d", {"eps": float(eps)})


def layer_scale(scale) -> Block:
    """A learned scale per channel; its starting value when all channels still share it."""
    params = {}
    if scale.device.type != "meta" and scale.numel() and bool((scale == scale.flatten()[0]).all()):
        params["init"] = float(f"{float(scale.flatten()[0]):.7g}")  # float32's digits
    return "LayerScale", explicit("LayerScale", params)


def lrn(size: int, alpha: float, beta: float, k: float) -> Block:
    return "LocalResponseNorm", explicit(
        "LocalResponseNorm",
        {"size": int(size), "alpha": float(alpha), "beta": float(beta), "k": float(k)},
    )


def linear(out: int, bias: bool) -> Block:
    return "Linear", explicit("Linear", {"out_features": int(out), "bias": bool(bias)})


def dropout(p: float) -> Block:
    return "Dropout", explicit("Dropout", {"p": float(p)})


def stochastic_depth(p: float, mode: str | None = "row") -> Block | str:
    if mode not in (None, "row"):
        return _("stochastic depth in mode {mode}: Convas drops samples (row)", mode=mode)
    return "StochasticDepth", explicit("StochasticDepth", {"p": float(p)})


def leaky_relu(slope: float) -> Block:
    return "LeakyReLU", explicit("LeakyReLU", {"negative_slope": float(slope)})


def hardtanh(low: float, high: float) -> Block | str:
    if (float(low), float(high)) != (0.0, 6.0):
        return _("Hardtanh({low}, {high}): Convas clips only as ReLU6", low=low, high=high)
    return "ReLU6", {}


def gelu(approximate: str = "none") -> Block | str:
    if approximate != "none":
        return _(
            "GELU(approximate={approximate}): Convas's GELU is the exact one",
            approximate=repr(approximate),
        )
    return "GELU", {}


def from_module(m: nn.Module) -> Block | str | None:
    """The block of a torch.nn layer; None for a pass-through (Identity)."""
    if isinstance(m, nn.Identity):
        return None
    if type(m) in ACTIVATIONS:
        return ACTIVATIONS[type(m)], {}
    mapper = _MODULES.get(type(m))
    if mapper is not None:
        return mapper(m)
    if type(m).__name__ in FOREIGN_LEAVES:
        return stochastic_depth(
            getattr(m, FOREIGN_LEAVES[type(m).__name__]), getattr(m, "mode", None)
        )
    return _("{name} has no Convas block", name=type(m).__name__)


def channels_last(m: nn.Module, channels: int) -> tuple[Block | str | None, dict]:
    """The block of a layer applied to channels-last data, and its tensors."""
    tensors = {k: v.detach() for k, v in m.state_dict().items()}
    if type(m) is nn.LayerNorm:
        if tuple(m.normalized_shape) != (channels,):
            return _("layer norm over other dimensions than the channels"), {}
        return layer_norm_2d(m.eps, m.weight, m.bias), tensors
    if type(m) is nn.Linear:
        tensors["weight"] = tensors["weight"].reshape(*tensors["weight"].shape, 1, 1)
        return ("Conv1x1", explicit_conv1x1(m.out_features, m.bias is not None)), tensors
    block = from_module(m)
    if block is None or (isinstance(block, tuple) and block[0] in _ELEMENTWISE):
        return block, tensors
    return _("{name} on channels-last data", name=type(m).__name__), {}


_ELEMENTWISE = {*ACTIVATIONS.values(), "GELU", "LeakyReLU", "Dropout", "StochasticDepth"}


def _conv_module(m: nn.Conv2d) -> Block | str:
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


def _max_pool(m: nn.MaxPool2d) -> Block | str:
    if m.return_indices:
        return _("max pooling that returns indices")
    return pool("MaxPool2d", m.kernel_size, m.stride, m.padding, m.ceil_mode, m.dilation)


def _avg_pool(m: nn.AvgPool2d) -> Block | str:
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


def _flatten(m: nn.Flatten) -> Block | str:
    if (m.start_dim, m.end_dim) != (1, -1):
        return _(
            "Flatten(start_dim={start}, end_dim={end}): Convas flattens everything but the batch",
            start=m.start_dim,
            end=m.end_dim,
        )
    return "Flatten", {}


_MODULES = {
    nn.Conv2d: _conv_module,
    nn.Linear: lambda m: linear(m.out_features, m.bias is not None),
    nn.BatchNorm2d: lambda m: batch_norm(m.eps, m.momentum, m.affine, m.track_running_stats),
    nn.MaxPool2d: _max_pool,
    nn.AvgPool2d: _avg_pool,
    nn.AdaptiveAvgPool2d: lambda m: adaptive_avg(m.output_size),
    nn.LocalResponseNorm: lambda m: lrn(m.size, m.alpha, m.beta, m.k),
    nn.LeakyReLU: lambda m: leaky_relu(m.negative_slope),
    nn.Hardtanh: lambda m: hardtanh(m.min_val, m.max_val),
    nn.GELU: lambda m: gelu(m.approximate),
    nn.Dropout: lambda m: dropout(m.p),
    nn.Flatten: _flatten,
    nn.ChannelShuffle: lambda m: (
        "ChannelShuffle",
        explicit("ChannelShuffle", {"groups": m.groups}),
    ),
}


def is_flatten(in_shape: tuple[int, ...] | None, out_shape: tuple[int, ...] | None) -> bool:
    """Whether a reshape from ``in_shape`` to ``out_shape`` (batch excluded) flattens."""
    if in_shape is None or out_shape is None:
        return False
    return len(out_shape) == 1 and out_shape[0] == math.prod(in_shape)
