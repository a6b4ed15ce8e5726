"""ResNet's, DenseNet's and GoogLeNet's blocks (torchvision's submodule names)."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from engine.nets.mobile import SqueezeExcitation


def _conv_bn(cin: int, cout: int, kernel: int, stride: int = 1, groups: int = 1):
    """A convolution without bias and the batch norm after it."""
    padding = kernel // 2
    conv = nn.Conv2d(cin, cout, kernel, stride, padding, groups=groups, bias=False)
    return conv, nn.BatchNorm2d(cout)


class ResidualBlock(nn.Module):
    """ResNet's basic or bottleneck block (torchvision's BasicBlock / Bottleneck), with
    grouped 3x3 convolutions (ResNeXt, RegNet) and squeeze-and-excitation after the
    first 3x3 (RegNetY) as options."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        stride: int = 1,
        bottleneck: bool = False,
        width: int | None = None,
        groups: int = 1,
        se_channels: int = 0,
    ):
        super().__init__()
        self.bottleneck = bottleneck
        if bottleneck:
            width = width or max(1, out_channels // 4)
            self.conv1, self.bn1 = _conv_bn(in_channels, width, 1)
            self.conv2, self.bn2 = _conv_bn(width, width, 3, stride, groups)
            self.conv3, self.bn3 = _conv_bn(width, out_channels, 1)
        else:
            width = out_channels
            self.conv1, self.bn1 = _conv_bn(in_channels, width, 3, stride, groups)
            self.conv2, self.bn2 = _conv_bn(width, width, 3, 1, groups)
        self.relu = nn.ReLU(inplace=True)
        self.se = SqueezeExcitation(width, se_channels) if se_channels else None
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            shortcut = _conv_bn(in_channels, out_channels, 1, stride)
            self.downsample = nn.Sequential(*shortcut)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        if self.bottleneck:
            out = self.relu(self.bn2(self.conv2(out)))
            if self.se is not None:
                out = self.se(out)
            out = self.bn3(self.conv3(out))
        else:
            if self.se is not None:
                out = self.se(out)
            out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class DenseLayer(nn.Module):
    """One DenseNet layer: BN-ReLU-1x1 conv-BN-ReLU-3x3 conv (torchvision's)."""

    def __init__(
        self, in_channels: int, growth_rate: int, bn_size: int, drop_rate: float
    ):
        super().__init__()
        mid = bn_size * growth_rate
        self.norm1 = nn.BatchNorm2d(in_channels)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(in_channels, mid, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(mid)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(mid, growth_rate, 3, padding=1, bias=False)
        self.drop_rate = float(drop_rate)

    def forward(self, features: list[torch.Tensor]) -> torch.Tensor:
        x = torch.cat(features, 1)
        x = self.conv1(self.relu1(self.norm1(x)))
        x = self.conv2(self.relu2(self.norm2(x)))
        if self.drop_rate > 0:
            x = F.dropout(x, p=self.drop_rate, training=self.training)
        return x


class DenseBlock(nn.ModuleDict):
    """DenseNet block: every layer sees all earlier outputs (torchvision's)."""

    def __init__(
        self,
        in_channels: int,
        num_layers: int,
        growth_rate: int = 32,
        bn_size: int = 4,
        drop_rate: float = 0.0,
    ):
        super().__init__()
        for i in range(num_layers):
            cin = in_channels + i * growth_rate
            layer = DenseLayer(cin, growth_rate, bn_size, drop_rate)
            self.add_module(f"denselayer{i + 1}", layer)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = [x]
        for layer in self.values():
            features.append(layer(features))
        return torch.cat(features, 1)


class Transition(nn.Sequential):
    """DenseNet transition: BN-ReLU-1x1 conv-2x2 average pool (torchvision's)."""

    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.norm = nn.BatchNorm2d(in_channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv = nn.Conv2d(in_channels, out_channels, 1, bias=False)
        self.pool = nn.AvgPool2d(2, stride=2)


class ConvUnit(nn.Sequential):
    """Conv (+ batch norm, eps 0.001) + ReLU; a bias only without batch norm."""

    def __init__(self, cin: int, cout: int, kernel: int, batch_norm: bool):
        super().__init__()
        self.conv = nn.Conv2d(
            cin, cout, kernel, padding=kernel // 2, bias=not batch_norm
        )
        if batch_norm:
            self.bn = nn.BatchNorm2d(cout, eps=0.001)
        self.relu = nn.ReLU(inplace=True)


class InceptionBlock(nn.Module):
    """GoogLeNet's four-branch block joined on channels (torchvision's Inception)."""

    def __init__(
        self,
        in_channels: int,
        ch1x1: int,
        ch3x3red: int,
        ch3x3: int,
        ch5x5red: int,
        ch5x5: int,
        pool_proj: int,
        kernel_5x5: int = 5,
        batch_norm: bool = False,
    ):
        super().__init__()
        bn = batch_norm
        self.branch1 = ConvUnit(in_channels, ch1x1, 1, bn)
        self.branch2 = nn.Sequential(
            ConvUnit(in_channels, ch3x3red, 1, bn), ConvUnit(ch3x3red, ch3x3, 3, bn)
        )
        self.branch3 = nn.Sequential(
            ConvUnit(in_channels, ch5x5red, 1, bn),
            ConvUnit(ch5x5red, ch5x5, kernel_5x5, bn),
        )
        self.branch4 = nn.Sequential(
            nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True),
            ConvUnit(in_channels, pool_proj, 1, bn),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat(
            [self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)], 1
        )
