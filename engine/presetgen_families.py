"""Preset builders of the families after ResNet (issue 13), kept apart from the classics.

The ImageNet-size ones reproduce torchvision's parameter counts exactly (and its MACs);
the small ones (3×32×32 ``shapes``, six classes) train on a CPU in about a minute. Each
description says what the family added. :mod:`engine.presetgen` registers them.
"""

from __future__ import annotations

from typing import Any

from engine.graph import Graph
from engine.preset_texts_families import TEXTS
from engine.presetgen import _Chain, _input

V3 = {"bn_eps": 0.001, "bn_momentum": 0.01}  # MobileNetV3's batch norms


def _stem(c: _Chain, out: int, act: str, stride: int = 2, **bn: Any) -> _Chain:
    """A 3×3 convolution without bias, batch norm and an activation."""
    c.conv("conv_stem", out, 3, stride=stride, padding=1, bias=False)
    return c.add("bn_stem", "BatchNorm2d", **bn).add("act_stem", act)


def _head_conv(c: _Chain, out: int, act: str, **bn: Any) -> _Chain:
    """The 1×1 convolution that widens the last map before pooling."""
    c.conv("conv_head", out, 1, bias=False)
    return c.add("bn_head", "BatchNorm2d", **bn).add("act_head", act)


def _pool_classifier(c: _Chain, classes: int, dropout: float | None = None) -> _Chain:
    c.add("avgpool", "AdaptiveAvgPool2d").add("flatten", "Flatten")
    if dropout is not None:
        c.add("dropout", "Dropout", p=dropout)
    return c.add("fc", "Linear", out_features=classes).add("output", "Output")


# --------------------------------------------------------------------------- MobileNet

MOBILENET_V2 = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1)]
MOBILENET_V2 += [(6, 160, 3, 2), (6, 320, 1, 1)]  # (expand, out, repeats, first stride)


def _inverted_stages(c: _Chain, stages, **extra: Any) -> None:
    index = 1
    for ratio, out, repeats, stride in stages:
        for i in range(repeats):
            params: dict[str, Any] = {"out_channels": out, **extra}
            if ratio != 6:
                params["expand_ratio"] = float(ratio)
            if i == 0 and stride != 1:
                params["stride"] = stride
            c.add(f"block{index}", "InvertedResidual", **params)
            index += 1


def mobilenet_v2() -> Graph:
    c = _input(3, 224)
    _stem(c, 32, "ReLU6")
    _inverted_stages(c, MOBILENET_V2)
    _head_conv(c, 1280, "ReLU6")
    _pool_classifier(c, 1000, dropout=0.2)
    return c.graph(
        *TEXTS["mobilenet_v2"],
        "Sandler et al.: MobileNetV2: Inverted Residuals and Linear Bottlenecks (CVPR "
        "2018); torchvision.models.mobilenet_v2.",
    )


# input, kernel, expanded, out, squeeze-and-excitation, activation, stride
V3_LARGE = [
    (16, 3, 16, 16, False, "ReLU", 1),
    (16, 3, 64, 24, False, "ReLU", 2),
    (24, 3, 72, 24, False, "ReLU", 1),
    (24, 5, 72, 40, True, "ReLU", 2),
    (40, 5, 120, 40, True, "ReLU", 1),
    (40, 5, 120, 40, True, "ReLU", 1),
    (40, 3, 240, 80, False, "Hardswish", 2),
    (80, 3, 200, 80, False, "Hardswish", 1),
    (80, 3, 184, 80, False, "Hardswish", 1),
    (80, 3, 184, 80, False, "Hardswish", 1),
    (80, 3, 480, 112, True, "Hardswish", 1),
    (112, 3, 672, 112, True, "Hardswish", 1),
    (112, 5, 672, 160, True, "Hardswish", 2),
    (160, 5, 960, 160, True, "Hardswish", 1),
    (160, 5, 960, 160, True, "Hardswish", 1),
]
V3_SMALL = [
    (16, 3, 16, 16, True, "ReLU", 2),
    (16, 3, 72, 24, False, "ReLU", 2),
    (24, 3, 88, 24, False, "ReLU", 1),
    (24, 5, 96, 40, True, "Hardswish", 2),
    (40, 5, 240, 40, True, "Hardswish", 1),
    (40, 5, 240, 40, True, "Hardswish", 1),
    (40, 5, 120, 48, True, "Hardswish", 1),
    (48, 5, 144, 48, True, "Hardswish", 1),
    (48, 5, 288, 96, True, "Hardswish", 2),
    (96, 5, 576, 96, True, "Hardswish", 1),
    (96, 5, 576, 96, True, "Hardswish", 1),
]


def _v3_blocks(c: _Chain, config) -> int:
    for i, (cin, k, exp, out, se, act, stride) in enumerate(config, 1):
        params: dict[str, Any] = {"out_channels": out, "kernel_size": k, **V3}
        if exp == cin:
            params["expand_ratio"] = 1.0
        elif exp / cin in (3.0, 4.0, 6.0):
            params["expand_ratio"] = exp / cin
        else:
            params["expanded_channels"] = exp
        params |= {"activation": act, "se": se} | ({"stride": stride} if stride != 1 else {})
        c.add(f"block{i}", "InvertedResidual", **params)
    return config[-1][3]


def _mobilenet_v3(config, hidden: int, name: str, size: str) -> Graph:
    c = _input(3, 224)
    _stem(c, 16, "Hardswish", eps=0.001, momentum=0.01)
    channels = _v3_blocks(c, config)
    _head_conv(c, channels * 6, "Hardswish", eps=0.001, momentum=0.01)
    c.add("avgpool", "AdaptiveAvgPool2d").add("flatten", "Flatten")
    c.add("fc1", "Linear", out_features=hidden).add("act_fc1", "Hardswish")
    c.add("dropout", "Dropout", p=0.2).add("fc", "Linear", out_features=1000)
    c.add("output", "Output")
    return c.graph(
        *TEXTS[name],
        f"Howard et al.: Searching for MobileNetV3 (ICCV 2019); "
        f"torchvision.models.mobilenet_v3_{size.lower()}.",
    )


def mobilenet_v3_large() -> Graph:
    return _mobilenet_v3(V3_LARGE, 1280, "mobilenet_v3_large", "Large")


def mobilenet_v3_small() -> Graph:
    return _mobilenet_v3(V3_SMALL, 1024, "mobilenet_v3_small", "Small")


# --------------------------------------------------------------------------- EfficientNet

# expand, kernel, stride, out, repeats (EfficientNet-B0's stages)
EFFICIENTNET_B0 = [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3)]
EFFICIENTNET_B0 += [(6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)]


def _mbconv_stages(c: _Chain, stages, drop: float, **extra: Any) -> int:
    total, index = sum(s[-1] for s in stages), 0
    for expand, k, stride, out, repeats in stages:
        for i in range(repeats):
            params: dict[str, Any] = {"out_channels": out, "kernel_size": k, **extra}
            if expand != 6:
                params["expand_ratio"] = expand
            if i == 0 and stride != 1:
                params["stride"] = stride
            if index:
                params["stochastic_depth"] = round(drop * index / total, 6)
            c.add(f"block{index + 1}", "MBConv", **params)
            index += 1
    return stages[-1][3]


def efficientnet_b0() -> Graph:
    c = _input(3, 224)
    _stem(c, 32, "SiLU")
    channels = _mbconv_stages(c, EFFICIENTNET_B0, 0.2)
    _head_conv(c, 4 * channels, "SiLU")
    _pool_classifier(c, 1000, dropout=0.2)
    return c.graph(
        *TEXTS["efficientnet_b0"],
        "Tan, Le: EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks "
        "(ICML 2019); torchvision.models.efficientnet_b0.",
    )


# --------------------------------------------------------------------------- ConvNeXt


def convnext_tiny() -> Graph:
    c = _input(3, 224)
    c.conv("stem", 96, 4, stride=4).add("stem_norm", "LayerNorm2d")
    stages = [(96, 3), (192, 3), (384, 9), (768, 3)]
    total, index = sum(n for _, n in stages), 0
    for s, (width, repeats) in enumerate(stages, 1):
        if s > 1:
            c.add(f"down{s}_norm", "LayerNorm2d").conv(f"down{s}", width, 2, stride=2)
        for _ in range(repeats):
            params = {"stochastic_depth": round(0.1 * index / (total - 1), 6)} if index else {}
            c.add(f"stage{s}_{index + 1}", "ConvNeXtBlock", **params)
            index += 1
    c.add("avgpool", "AdaptiveAvgPool2d").add("head_norm", "LayerNorm2d")
    c.add("flatten", "Flatten").add("fc", "Linear", out_features=1000).add("output", "Output")
    return c.graph(
        *TEXTS["convnext_tiny"],
        "Liu et al.: A ConvNet for the 2020s (CVPR 2022); torchvision.models.convnext_tiny.",
    )


# --------------------------------------------------------------------------- SqueezeNet


def squeezenet1_1() -> Graph:
    c = _input(3, 224)
    c.conv("conv1", 64, 3, stride=2).add("relu1", "ReLU")
    fires = ["pool", (16, 64), (16, 64), "pool", (32, 128), (32, 128), "pool"]
    fires += [(48, 192), (48, 192), (64, 256), (64, 256)]
    for i, item in enumerate(fires, 2):
        if item == "pool":
            c.add(f"pool{i}", "MaxPool2d", kernel_size=3, stride=2, ceil_mode=True)
        else:
            c.add(f"fire{i}", "Fire", squeeze=item[0], expand1x1=item[1], expand3x3=item[1])
    c.add("dropout", "Dropout").add("conv_final", "Conv1x1", out_channels=1000)
    c.add("relu_final", "ReLU").add("avgpool", "AdaptiveAvgPool2d").add("flatten", "Flatten")
    c.add("output", "Output")
    return c.graph(
        *TEXTS["squeezenet1_1"],
        "Iandola et al.: SqueezeNet (arXiv 2016); torchvision.models.squeezenet1_1.",
    )


# --------------------------------------------------------------------------- ResNeXt, RegNet


def resnext50_32x4d() -> Graph:
    c = _input(3, 224)
    c.conv_bn_relu("1", 64, 7, stride=2, padding=3)
    c.add("maxpool", "MaxPool2d", kernel_size=3, stride=2, padding=1)
    for stage, (count, planes) in enumerate(zip([3, 4, 6, 3], [64, 128, 256, 512]), 1):
        for i in range(count):
            params: dict[str, Any] = {"out_channels": planes * 4, "bottleneck": True}
            params |= {"width": planes * 2, "groups": 32}
            if i == 0 and stage > 1:
                params["stride"] = 2
            c.add(f"layer{stage}_{i}", "ResidualBlock", **params)
    c.classifier_head(1000)
    return c.graph(
        *TEXTS["resnext50_32x4d"],
        "Xie et al.: Aggregated Residual Transformations for Deep Neural Networks (CVPR "
        "2017); torchvision.models.resnext50_32x4d.",
    )


def regnet_y_400mf() -> Graph:
    c = _input(3, 224)
    _stem(c, 32, "ReLU")
    channels = 32
    for stage, (width, depth) in enumerate(zip([48, 104, 208, 440], [1, 3, 6, 6]), 1):
        for i in range(depth):
            params: dict[str, Any] = {"out_channels": width, "bottleneck": True}
            params |= {"width": width, "groups": width // 8}
            params |= {"se_channels": int(round(0.25 * channels))}
            if i == 0:
                params["stride"] = 2
            c.add(f"stage{stage}_{i}", "ResidualBlock", **params)
            channels = width
    c.classifier_head(1000)
    return c.graph(
        *TEXTS["regnet_y_400mf"],
        "Radosavovic et al.: Designing Network Design Spaces (CVPR 2020); "
        "torchvision.models.regnet_y_400mf.",
    )


# --------------------------------------------------------------------------- ShuffleNet


def _shuffle_stages(c: _Chain, repeats, widths) -> None:
    for stage, (count, width) in enumerate(zip(repeats, widths), 2):
        for i in range(count):
            params = {"out_channels": width} | ({"stride": 2} if i == 0 else {})
            c.add(f"stage{stage}_{i}", "ShuffleUnit", **params)


def shufflenet_v2_x1_0() -> Graph:
    c = _input(3, 224)
    _stem(c, 24, "ReLU")
    c.add("maxpool", "MaxPool2d", kernel_size=3, stride=2, padding=1)
    _shuffle_stages(c, [4, 8, 4], [116, 232, 464])
    _head_conv(c, 1024, "ReLU")
    _pool_classifier(c, 1000)
    return c.graph(
        *TEXTS["shufflenet_v2_x1_0"],
        "Ma et al.: ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture "
        "Design (ECCV 2018); torchvision.models.shufflenet_v2_x1_0.",
    )


# --------------------------------------------------------------------------- small

SHAPES = {"dataset": "shapes"}
SHAPE_CLASSES = 6


def mobilenet_shapes() -> Graph:
    c = _input(3, 32)
    _stem(c, 16, "ReLU6")
    _inverted_stages(c, [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 2, 2)])
    _head_conv(c, 128, "ReLU6")
    _pool_classifier(c, SHAPE_CLASSES, dropout=0.2)
    return c.graph(
        *TEXTS["mobilenet_shapes"],
        "After Sandler et al. (CVPR 2018), scaled down.",
        training=SHAPES,
    )


def efficientnet_shapes() -> Graph:
    c = _input(3, 32)
    _stem(c, 16, "SiLU")
    stages = [(1, 3, 1, 16, 1), (4, 3, 2, 24, 2), (4, 5, 2, 40, 2)]
    channels = _mbconv_stages(c, stages, 0.1)
    _head_conv(c, 4 * channels, "SiLU")
    _pool_classifier(c, SHAPE_CLASSES, dropout=0.2)
    return c.graph(
        *TEXTS["efficientnet_shapes"],
        "After Tan, Le (ICML 2019), scaled down.",
        training=SHAPES,
    )


def convnext_shapes() -> Graph:
    c = _input(3, 32)
    c.conv("stem", 32, 4, stride=4).add("stem_norm", "LayerNorm2d")
    for s, width in enumerate([32, 64], 1):
        if s > 1:
            c.add(f"down{s}_norm", "LayerNorm2d").conv(f"down{s}", width, 2, stride=2)
        for i in range(2):
            c.add(f"stage{s}_{i + 1}", "ConvNeXtBlock", layer_scale=1.0)
    c.add("avgpool", "AdaptiveAvgPool2d").add("head_norm", "LayerNorm2d")
    c.add("flatten", "Flatten").add("fc", "Linear", out_features=SHAPE_CLASSES)
    c.add("output", "Output")
    return c.graph(
        *TEXTS["convnext_shapes"],
        "After Liu et al. (CVPR 2022), scaled down.",
        training={**SHAPES, "epochs": 30, "augment": True},
    )


def squeezenet_shapes() -> Graph:
    c = _input(3, 32)
    c.conv("conv1", 32, 3, stride=2, padding=1).add("relu1", "ReLU")
    c.add("pool1", "MaxPool2d", kernel_size=2)
    for i, item in enumerate([(16, 32), (16, 32), "pool", (24, 48), (24, 48)], 2):
        if item == "pool":
            c.add(f"pool{i}", "MaxPool2d", kernel_size=2)
        else:
            c.add(f"fire{i}", "Fire", squeeze=item[0], expand1x1=item[1], expand3x3=item[1])
    c.add("dropout", "Dropout").add("conv_final", "Conv1x1", out_channels=SHAPE_CLASSES)
    c.add("relu_final", "ReLU").add("avgpool", "AdaptiveAvgPool2d").add("flatten", "Flatten")
    c.add("output", "Output")
    return c.graph(
        *TEXTS["squeezenet_shapes"],
        "After Iandola et al. (2016), scaled down.",
        training={**SHAPES, "epochs": 40, "lr": 0.001, "augment": True},
    )


def regnet_shapes() -> Graph:
    c = _input(3, 32)
    _stem(c, 24, "ReLU")
    channels = 24
    for stage, (width, depth) in enumerate(zip([32, 64], [1, 2]), 1):
        for i in range(depth):
            params: dict[str, Any] = {"out_channels": width, "bottleneck": True}
            params |= {"width": width, "groups": width // 8}
            params |= {"se_channels": int(round(0.25 * channels))}
            if i == 0:
                params["stride"] = 2
            c.add(f"stage{stage}_{i}", "ResidualBlock", **params)
            channels = width
    c.classifier_head(SHAPE_CLASSES)
    return c.graph(
        *TEXTS["regnet_shapes"],
        "After Radosavovic et al. (CVPR 2020), scaled down.",
        training=SHAPES,
    )


def shufflenet_shapes() -> Graph:
    c = _input(3, 32)
    _stem(c, 24, "ReLU")
    c.add("maxpool", "MaxPool2d", kernel_size=3, stride=2, padding=1)
    _shuffle_stages(c, [2, 2], [48, 96])
    _head_conv(c, 128, "ReLU")
    _pool_classifier(c, SHAPE_CLASSES)
    return c.graph(
        *TEXTS["shufflenet_shapes"],
        "After Ma et al. (ECCV 2018), scaled down.",
        training={**SHAPES, "epochs": 20},
    )


PRESETS = {
    "mobilenet_v2": mobilenet_v2,
    "mobilenet_v3_small": mobilenet_v3_small,
    "mobilenet_v3_large": mobilenet_v3_large,
    "efficientnet_b0": efficientnet_b0,
    "convnext_tiny": convnext_tiny,
    "squeezenet1_1": squeezenet1_1,
    "resnext50_32x4d": resnext50_32x4d,
    "shufflenet_v2_x1_0": shufflenet_v2_x1_0,
    "regnet_y_400mf": regnet_y_400mf,
    "mobilenet_shapes": mobilenet_shapes,
    "efficientnet_shapes": efficientnet_shapes,
    "convnext_shapes": convnext_shapes,
    "squeezenet_shapes": squeezenet_shapes,
    "regnet_shapes": regnet_shapes,
    "shufflenet_shapes": shufflenet_shapes,
}
