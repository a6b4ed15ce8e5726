"""The blocks of the mobile families and ConvNeXt, as torchvision writes them.

Squeeze-and-excitation (SENet), the inverted residual (MobileNetV2/V3, MnasNet),
EfficientNet's MBConv and FusedMBConv, ShuffleNetV2's unit, SqueezeNet's Fire and
ConvNeXt's block. Submodule names and the order of operations are torchvision's, so
their weights load as they are and they compute the same numbers.
"""

from __future__ import annotations

import torch
from torch import nn

from engine.nets.basic import ChannelShuffle, Permute, StochasticDepth
from engine.nets.sizes import make_divisible


class SqueezeExcitation(nn.Module):
    """Squeeze-and-excitation: a channel's weight in [0, 1] from the average of every
    channel (global pooling, two 1x1 convolutions), then the map scaled by it."""

    def __init__(
        self,
        channels: int,
        squeeze_channels: int,
        activation: str = "ReLU",
        gate: str = "Sigmoid",
    ):
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, squeeze_channels, 1)
        self.fc2 = nn.Conv2d(squeeze_channels, channels, 1)
        self.activation = getattr(nn, activation)()
        self.scale_activation = getattr(nn, gate)()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scale = self.activation(self.fc1(self.avgpool(x)))
        scale = self.scale_activation(self.fc2(scale))
        return scale * x


class ConvBNAct(nn.Sequential):
    """A convolution without bias, batch norm and an optional activation (torchvision's
    Conv2dNormActivation): the unit the mobile blocks are made of."""

    def __init__(
        self,
        cin: int,
        cout: int,
        kernel: int = 1,
        stride: int = 1,
        groups: int = 1,
        activation: str | None = None,
        eps: float = 1e-5,
        momentum: float = 0.1,
    ):
        padding = (kernel - 1) // 2
        layers = [
            nn.Conv2d(cin, cout, kernel, stride, padding, groups=groups, bias=False),
            nn.BatchNorm2d(cout, eps=eps, momentum=momentum),
        ]
        if activation is not None:
            layers.append(getattr(nn, activation)(inplace=True))
        super().__init__(*layers)


class InvertedResidual(nn.Module):
    """MobileNet's inverted residual: a 1x1 expansion, a depthwise kxk, optional
    squeeze-and-excitation, a linear 1x1 projection; the input is added back when the
    shapes match (torchvision's MobileNetV3 block; MobileNetV2's and MnasNet's too)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        expanded_channels: int,
        kernel_size: int = 3,
        stride: int = 1,
        activation: str = "ReLU6",
        se: bool = False,
        eps: float = 1e-5,
        momentum: float = 0.1,
    ):
        super().__init__()
        bn = {"eps": eps, "momentum": momentum}
        exp = expanded_channels
        layers: list[nn.Module] = []
        if exp != in_channels:
            layers.append(ConvBNAct(in_channels, exp, activation=activation, **bn))
        layers.append(ConvBNAct(exp, exp, kernel_size, stride, exp, activation, **bn))
        if se:
            squeeze = make_divisible(exp // 4, 8)
            layers.append(SqueezeExcitation(exp, squeeze, "ReLU", "Hardsigmoid"))
        layers.append(ConvBNAct(exp, out_channels, **bn))
        self.block = nn.Sequential(*layers)
        self.use_res_connect = stride == 1 and in_channels == out_channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        result = self.block(x)
        if self.use_res_connect:
            result = result + x
        return result


class _DropPathResidual(nn.Module):
    """A block whose branch (``self.block``) is added back to its input, through
    stochastic depth, when the shapes match (EfficientNet's blocks)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        result = self.block(x)
        if self.use_res_connect:
            result = self.stochastic_depth(result)
            result = result + x
        return result


class MBConv(_DropPathResidual):
    """EfficientNet's block: an inverted residual with SiLU, squeeze-and-excitation
    (EfficientNet squeezes to a quarter of the input channels) and stochastic depth on
    the residual branch (torchvision's MBConv)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        expanded_channels: int,
        kernel_size: int = 3,
        stride: int = 1,
        squeeze_channels: int = 0,
        stochastic_depth: float = 0.0,
        eps: float = 1e-5,
        momentum: float = 0.1,
    ):
        super().__init__()
        bn = {"eps": eps, "momentum": momentum}
        exp = expanded_channels
        layers: list[nn.Module] = []
        if exp != in_channels:
            layers.append(ConvBNAct(in_channels, exp, activation="SiLU", **bn))
        layers.append(ConvBNAct(exp, exp, kernel_size, stride, exp, "SiLU", **bn))
        if squeeze_channels:
            se = SqueezeExcitation(exp, squeeze_channels, "SiLU", "Sigmoid")
            layers.append(se)
        layers.append(ConvBNAct(exp, out_channels, **bn))
        self.block = nn.Sequential(*layers)
        self.stochastic_depth = StochasticDepth(stochastic_depth, "row")
        self.use_res_connect = stride == 1 and in_channels == out_channels


class FusedMBConv(_DropPathResidual):
    """EfficientNetV2's early block: the expansion and the depthwise convolution fused
    into one full kxk convolution, then a 1x1 projection (torchvision's)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        expanded_channels: int,
        kernel_size: int = 3,
        stride: int = 1,
        stochastic_depth: float = 0.0,
        eps: float = 1e-5,
        momentum: float = 0.1,
    ):
        super().__init__()
        bn = {"eps": eps, "momentum": momentum}
        exp = expanded_channels
        k, s = kernel_size, stride
        if exp != in_channels:
            layers = [
                ConvBNAct(in_channels, exp, k, s, activation="SiLU", **bn),
                ConvBNAct(exp, out_channels, **bn),
            ]
        else:
            layers = [
                ConvBNAct(in_channels, out_channels, k, s, activation="SiLU", **bn)
            ]
        self.block = nn.Sequential(*layers)
        self.stochastic_depth = StochasticDepth(stochastic_depth, "row")
        self.use_res_connect = stride == 1 and in_channels == out_channels


class ShuffleUnit(nn.Module):
    """ShuffleNetV2's unit: half the channels pass untouched (stride 1) or both halves
    are convolved (stride 2); the halves are joined and their channels shuffled."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        self.stride = stride
        half = out_channels // 2
        self.branch1 = nn.Sequential()
        if stride > 1:
            self.branch1 = nn.Sequential(
                nn.Conv2d(
                    in_channels,
                    in_channels,
                    3,
                    stride,
                    1,
                    groups=in_channels,
                    bias=False,
                ),
                nn.BatchNorm2d(in_channels),
                nn.Conv2d(in_channels, half, 1, bias=False),
                nn.BatchNorm2d(half),
                nn.ReLU(inplace=True),
            )
        self.branch2 = nn.Sequential(
            nn.Conv2d(in_channels if stride > 1 else half, half, 1, bias=False),
            nn.BatchNorm2d(half),
            nn.ReLU(inplace=True),
            nn.Conv2d(half, half, 3, stride, 1, groups=half, bias=False),
            nn.BatchNorm2d(half),
            nn.Conv2d(half, half, 1, bias=False),
            nn.BatchNorm2d(half),
            nn.ReLU(inplace=True),
        )
        self.shuffle = ChannelShuffle(2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stride == 1:
            x1, x2 = x.chunk(2, dim=1)
            out = torch.cat((x1, self.branch2(x2)), dim=1)
        else:
            out = torch.cat((self.branch1(x), self.branch2(x)), dim=1)
        return self.shuffle(out)


class Fire(nn.Module):
    """SqueezeNet's module: a 1x1 squeeze, then 1x1 and 3x3 expansions side by side."""

    def __init__(self, in_channels: int, squeeze: int, expand1x1: int, expand3x3: int):
        super().__init__()
        self.squeeze = nn.Conv2d(in_channels, squeeze, 1)
        self.squeeze_activation = nn.ReLU(inplace=True)
        self.expand1x1 = nn.Conv2d(squeeze, expand1x1, 1)
        self.expand1x1_activation = nn.ReLU(inplace=True)
        self.expand3x3 = nn.Conv2d(squeeze, expand3x3, 3, padding=1)
        self.expand3x3_activation = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.squeeze_activation(self.squeeze(x))
        a = self.expand1x1_activation(self.expand1x1(x))
        b = self.expand3x3_activation(self.expand3x3(x))
        return torch.cat([a, b], 1)


class ConvNeXtBlock(nn.Module):
    """ConvNeXt's block: a depthwise 7x7, layer norm, a 4x wider MLP with GELU, a layer
    scale, stochastic depth, and the input added back (torchvision's CNBlock)."""

    def __init__(
        self, channels: int, layer_scale: float = 1e-6, stochastic_depth: float = 0.0
    ):
        super().__init__()
        dim = channels
        self.block = nn.Sequential(
            nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim, bias=True),
            Permute([0, 2, 3, 1]),
            nn.LayerNorm(dim, eps=1e-6),
            nn.Linear(dim, 4 * dim, bias=True),
            nn.GELU(),
            nn.Linear(4 * dim, dim, bias=True),
            Permute([0, 3, 1, 2]),
        )
        self.layer_scale = nn.Parameter(torch.ones(dim, 1, 1) * layer_scale)
        self.stochastic_depth = StochasticDepth(stochastic_depth, "row")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        result = self.layer_scale * self.block(x)
        result = self.stochastic_depth(result)
        return result + x
