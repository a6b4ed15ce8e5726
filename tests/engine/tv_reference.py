"""Small classifiers written the way torchvision (and timm) write them, for import tests.

Each follows its library's code: the same module classes and names, the same functional
calls (``nn.functional.adaptive_avg_pool2d``, ``x.mean([2, 3])``, ``torch.flatten``,
``F.relu(..., inplace=True)``, ``result += input``), the same helper functions
(``channel_shuffle`` unpacking ``x.size()``, a ``stochastic_depth`` wrapped for torch.fx,
``Permute`` modules around a channels-last layer norm), at a few channels so a test runs
in a second. They need neither torchvision nor timm.
"""

from __future__ import annotations

from functools import partial

import torch
from torch import Tensor, nn

from tests.engine.test_import import _randomise_batch_norms


def stochastic_depth(input: Tensor, p: float, mode: str, training: bool = True) -> Tensor:  # noqa: A002
    if not training or p == 0.0:
        return input
    size = [input.shape[0]] + [1] * (input.ndim - 1) if mode == "row" else [1] * input.ndim
    noise = torch.empty(size, dtype=input.dtype, device=input.device).bernoulli_(1.0 - p)
    return input * noise.div_(1.0 - p)


torch.fx.wrap("stochastic_depth")


class StochasticDepth(nn.Module):
    def __init__(self, p: float, mode: str) -> None:
        super().__init__()
        self.p, self.mode = p, mode

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return stochastic_depth(input, self.p, self.mode, self.training)


class Conv2dNormActivation(nn.Sequential):
    def __init__(
        self,
        cin,
        cout,
        kernel_size=3,
        stride=1,
        groups=1,
        norm_layer=None,
        activation_layer=nn.ReLU,
        bias=None,
    ):
        norm_layer = norm_layer or nn.BatchNorm2d
        padding = (kernel_size - 1) // 2
        bias = norm_layer is None if bias is None else bias
        layers = [nn.Conv2d(cin, cout, kernel_size, stride, padding, groups=groups, bias=False)]
        layers.append(norm_layer(cout))
        if activation_layer is not None:
            layers.append(activation_layer(inplace=True))
        super().__init__(*layers)


class SqueezeExcitation(nn.Module):
    def __init__(
        self, input_channels, squeeze_channels, activation=nn.ReLU, scale_activation=nn.Sigmoid
    ):
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(input_channels, squeeze_channels, 1)
        self.fc2 = nn.Conv2d(squeeze_channels, input_channels, 1)
        self.activation = activation()
        self.scale_activation = scale_activation()

    def _scale(self, input: Tensor) -> Tensor:  # noqa: A002
        scale = self.avgpool(input)
        scale = self.fc1(scale)
        scale = self.activation(scale)
        scale = self.fc2(scale)
        return self.scale_activation(scale)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        scale = self._scale(input)
        return scale * input


def _make_divisible(v: float, divisor: int = 8) -> int:
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def _randomised(model: nn.Module) -> nn.Module:
    return _randomise_batch_norms(model).eval()


class _Classifier(nn.Module):
    """features → global pool → flatten → classifier, as most torchvision nets end."""

    def forward(self, x: Tensor) -> Tensor:
        x = self.features(x)
        x = nn.functional.adaptive_avg_pool2d(x, (1, 1))
        x = torch.flatten(x, 1)
        return self.classifier(x)


def build(cls) -> nn.Module:
    """A model with seeded weights and randomised batch-norm statistics, in eval mode."""
    torch.manual_seed(0)
    return _randomised(cls())


# --------------------------------------------------------------------------- MobileNetV2


class InvertedResidualV2(nn.Module):
    def __init__(self, inp: int, oup: int, stride: int, expand_ratio: int) -> None:
        super().__init__()
        hidden_dim = int(round(inp * expand_ratio))
        self.use_res_connect = stride == 1 and inp == oup
        layers: list[nn.Module] = []
        if expand_ratio != 1:
            layers.append(Conv2dNormActivation(inp, hidden_dim, 1, activation_layer=nn.ReLU6))
        layers.extend(
            [
                Conv2dNormActivation(
                    hidden_dim,
                    hidden_dim,
                    stride=stride,
                    groups=hidden_dim,
                    activation_layer=nn.ReLU6,
                ),
                nn.Conv2d(hidden_dim, oup, 1, 1, 0, bias=False),
                nn.BatchNorm2d(oup),
            ]
        )
        self.conv = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        if self.use_res_connect:
            return x + self.conv(x)
        return self.conv(x)


class MobileNetV2(_Classifier):
    def __init__(self, num_classes: int = 5) -> None:
        super().__init__()
        setting = [[1, 8, 1, 1], [6, 12, 2, 2], [6, 16, 2, 2]]
        features: list[nn.Module] = [
            Conv2dNormActivation(3, 8, stride=2, activation_layer=nn.ReLU6)
        ]
        cin = 8
        for t, c, n, s in setting:
            for i in range(n):
                features.append(InvertedResidualV2(cin, c, s if i == 0 else 1, expand_ratio=t))
                cin = c
        features.append(Conv2dNormActivation(cin, 64, 1, activation_layer=nn.ReLU6))
        self.features = nn.Sequential(*features)
        self.classifier = nn.Sequential(nn.Dropout(p=0.2), nn.Linear(64, num_classes))


# --------------------------------------------------------------------------- MobileNetV3


class InvertedResidualV3(nn.Module):
    def __init__(self, cin, kernel, exp, cout, use_se, use_hs, stride, norm_layer) -> None:
        super().__init__()
        se_layer = partial(SqueezeExcitation, scale_activation=nn.Hardsigmoid)
        self.use_res_connect = stride == 1 and cin == cout
        act = nn.Hardswish if use_hs else nn.ReLU
        layers: list[nn.Module] = []
        if exp != cin:
            layers.append(
                Conv2dNormActivation(cin, exp, 1, norm_layer=norm_layer, activation_layer=act)
            )
        layers.append(
            Conv2dNormActivation(
                exp, exp, kernel, stride, groups=exp, norm_layer=norm_layer, activation_layer=act
            )
        )
        if use_se:
            squeeze = _make_divisible(exp // 4, 8)
            layers.append(se_layer(exp, squeeze))
        layers.append(
            Conv2dNormActivation(exp, cout, 1, norm_layer=norm_layer, activation_layer=None)
        )
        self.block = nn.Sequential(*layers)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        result = self.block(input)
        if self.use_res_connect:
            result += input
        return result


class MobileNetV3(nn.Module):
    def __init__(self, num_classes: int = 5) -> None:
        super().__init__()
        norm = partial(nn.BatchNorm2d, eps=0.001, momentum=0.01)
        config = [
            (8, 3, 8, 8, True, False, 2),
            (8, 3, 36, 12, False, False, 2),
            (12, 5, 44, 12, True, True, 1),
            (12, 5, 48, 16, True, True, 2),
        ]
        layers = [Conv2dNormActivation(3, 8, 3, 2, norm_layer=norm, activation_layer=nn.Hardswish)]
        layers += [InvertedResidualV3(*c, norm_layer=norm) for c in config]
        layers.append(
            Conv2dNormActivation(16, 96, 1, norm_layer=norm, activation_layer=nn.Hardswish)
        )
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(
            nn.Linear(96, 128),
            nn.Hardswish(inplace=True),
            nn.Dropout(p=0.2, inplace=True),
            nn.Linear(128, num_classes),
        )

    def forward(self, x: Tensor) -> Tensor:
        x = self.avgpool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


# --------------------------------------------------------------------------- EfficientNet


class MBConv(nn.Module):
    def __init__(self, cin, cout, expand, kernel, stride, sd_prob, norm_layer) -> None:
        super().__init__()
        self.use_res_connect = stride == 1 and cin == cout
        exp = _make_divisible(cin * expand, 8)
        layers: list[nn.Module] = []
        if exp != cin:
            layers.append(
                Conv2dNormActivation(cin, exp, 1, norm_layer=norm_layer, activation_layer=nn.SiLU)
            )
        layers.append(
            Conv2dNormActivation(
                exp,
                exp,
                kernel,
                stride,
                groups=exp,
                norm_layer=norm_layer,
                activation_layer=nn.SiLU,
            )
        )
        squeeze = max(1, cin // 4)
        layers.append(SqueezeExcitation(exp, squeeze, activation=partial(nn.SiLU, inplace=True)))
        layers.append(
            Conv2dNormActivation(exp, cout, 1, norm_layer=norm_layer, activation_layer=None)
        )
        self.block = nn.Sequential(*layers)
        self.stochastic_depth = StochasticDepth(sd_prob, "row")

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        result = self.block(input)
        if self.use_res_connect:
            result = self.stochastic_depth(result)
            result += input
        return result


class FusedMBConv(nn.Module):
    def __init__(self, cin, cout, expand, kernel, stride, sd_prob, norm_layer) -> None:
        super().__init__()
        self.use_res_connect = stride == 1 and cin == cout
        exp = _make_divisible(cin * expand, 8)
        act = nn.SiLU
        if exp != cin:
            layers = [
                Conv2dNormActivation(
                    cin, exp, kernel, stride, norm_layer=norm_layer, activation_layer=act
                ),
                Conv2dNormActivation(exp, cout, 1, norm_layer=norm_layer, activation_layer=None),
            ]
        else:
            layers = [
                Conv2dNormActivation(
                    cin, cout, kernel, stride, norm_layer=norm_layer, activation_layer=act
                )
            ]
        self.block = nn.Sequential(*layers)
        self.stochastic_depth = StochasticDepth(sd_prob, "row")

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        result = self.block(input)
        if self.use_res_connect:
            result = self.stochastic_depth(result)
            result += input
        return result


class EfficientNet(nn.Module):
    def __init__(self, num_classes: int = 5) -> None:
        super().__init__()
        norm = partial(nn.BatchNorm2d, eps=1e-03)
        self.features = nn.Sequential(
            Conv2dNormActivation(3, 16, 3, 2, norm_layer=norm, activation_layer=nn.SiLU),
            nn.Sequential(FusedMBConv(16, 16, 1, 3, 1, 0.0, norm)),
            nn.Sequential(FusedMBConv(16, 24, 4, 3, 2, 0.05, norm)),
            nn.Sequential(MBConv(24, 32, 4, 3, 2, 0.1, norm), MBConv(32, 32, 4, 5, 1, 0.15, norm)),
            Conv2dNormActivation(32, 128, 1, norm_layer=norm, activation_layer=nn.SiLU),
        )
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(
            nn.Dropout(p=0.2, inplace=True), nn.Linear(128, num_classes)
        )

    def forward(self, x: Tensor) -> Tensor:
        x = self.avgpool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


# --------------------------------------------------------------------------- ShuffleNetV2


def channel_shuffle(x: Tensor, groups: int) -> Tensor:
    batchsize, num_channels, height, width = x.size()
    channels_per_group = num_channels // groups
    x = x.view(batchsize, groups, channels_per_group, height, width)
    x = torch.transpose(x, 1, 2).contiguous()
    return x.view(batchsize, num_channels, height, width)


class ShuffleUnit(nn.Module):
    def __init__(self, inp: int, oup: int, stride: int) -> None:
        super().__init__()
        self.stride = stride
        bf = oup // 2
        if stride > 1:
            self.branch1 = nn.Sequential(
                self.depthwise_conv(inp, inp, 3, stride, 1),
                nn.BatchNorm2d(inp),
                nn.Conv2d(inp, bf, 1, 1, 0, bias=False),
                nn.BatchNorm2d(bf),
                nn.ReLU(inplace=True),
            )
        else:
            self.branch1 = nn.Sequential()
        self.branch2 = nn.Sequential(
            nn.Conv2d(inp if stride > 1 else bf, bf, 1, 1, 0, bias=False),
            nn.BatchNorm2d(bf),
            nn.ReLU(inplace=True),
            self.depthwise_conv(bf, bf, 3, stride, 1),
            nn.BatchNorm2d(bf),
            nn.Conv2d(bf, bf, 1, 1, 0, bias=False),
            nn.BatchNorm2d(bf),
            nn.ReLU(inplace=True),
        )

    @staticmethod
    def depthwise_conv(i, o, kernel_size, stride=1, padding=0, bias=False) -> nn.Conv2d:
        return nn.Conv2d(i, o, kernel_size, stride, padding, bias=bias, groups=i)

    def forward(self, x: Tensor) -> Tensor:
        if self.stride == 1:
            x1, x2 = x.chunk(2, dim=1)
            out = torch.cat((x1, self.branch2(x2)), dim=1)
        else:
            out = torch.cat((self.branch1(x), self.branch2(x)), dim=1)
        return channel_shuffle(out, 2)


class ShuffleNetV2(nn.Module):
    def __init__(self, num_classes: int = 5) -> None:
        super().__init__()
        self.conv1 = nn.Sequential(
            nn.Conv2d(3, 8, 3, 2, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU(inplace=True)
        )
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.stage2 = nn.Sequential(ShuffleUnit(8, 16, 2), ShuffleUnit(16, 16, 1))
        self.stage3 = nn.Sequential(ShuffleUnit(16, 32, 2), ShuffleUnit(32, 32, 1))
        self.conv5 = nn.Sequential(
            nn.Conv2d(32, 64, 1, 1, 0, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True)
        )
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        x = self.stage3(self.stage2(self.maxpool(self.conv1(x))))
        x = self.conv5(x)
        x = x.mean([2, 3])  # globalpool
        return self.fc(x)


# --------------------------------------------------------------------------- MnasNet


class MnasInvertedResidual(nn.Module):
    def __init__(self, in_ch, out_ch, kernel_size, stride, expansion_factor, bn_momentum=0.1):
        super().__init__()
        mid_ch = in_ch * expansion_factor
        self.apply_residual = in_ch == out_ch and stride == 1
        self.layers = nn.Sequential(
            nn.Conv2d(in_ch, mid_ch, 1, bias=False),
            nn.BatchNorm2d(mid_ch, momentum=bn_momentum),
            nn.ReLU(inplace=True),
            nn.Conv2d(
                mid_ch,
                mid_ch,
                kernel_size,
                padding=kernel_size // 2,
                stride=stride,
                groups=mid_ch,
                bias=False,
            ),
            nn.BatchNorm2d(mid_ch, momentum=bn_momentum),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_ch, out_ch, 1, bias=False),
            nn.BatchNorm2d(out_ch, momentum=bn_momentum),
        )

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        if self.apply_residual:
            return self.layers(input) + input
        return self.layers(input)


class MnasNet(nn.Module):
    def __init__(self, num_classes: int = 5) -> None:
        super().__init__()
        m = 1 - 0.9997
        self.layers = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1, stride=2, bias=False),
            nn.BatchNorm2d(8, momentum=m),
            nn.ReLU(inplace=True),
            nn.Sequential(
                MnasInvertedResidual(8, 12, 3, 2, 3, m), MnasInvertedResidual(12, 12, 3, 1, 3, m)
            ),
            nn.Sequential(MnasInvertedResidual(12, 16, 5, 2, 6, m)),
            nn.Conv2d(16, 64, 1, bias=False),
            nn.BatchNorm2d(64, momentum=m),
            nn.ReLU(inplace=True),
        )
        self.classifier = nn.Sequential(nn.Dropout(p=0.2, inplace=True), nn.Linear(64, num_classes))

    def forward(self, x: Tensor) -> Tensor:
        x = self.layers(x)
        x = x.mean([2, 3])
        return self.classifier(x)
