"""Builders of the preset networks shipped in ``resources/presets/``.

Each function returns an :class:`engine.graph.Graph` made of registry blocks, with
readable ids, a top-to-bottom layout and a plain-words description in ``meta``. The
ImageNet presets reproduce torchvision's parameter counts exactly; the small ones
train on a CPU in minutes. The ``.convas`` files are generated from here, never
edited by hand::

    .venv/bin/python -m engine.presetgen
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine import fileformat
from engine.graph import Edge, Graph, Node
from engine.preset_texts import TEXTS
from engine.presets import PRESETS_DIR, SUFFIX

Y_STEP = 110


class _Chain:
    """Appends blocks one below the other, each fed by the previous one."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []

    def add(self, node_id: str, block_type: str, **params: Any) -> _Chain:
        position = (0, len(self.nodes) * Y_STEP)
        if self.nodes:
            self.edges.append(Edge(self.nodes[-1].id, node_id))
        self.nodes.append(Node(node_id, block_type, params, None, position))
        return self

    def conv(
        self,
        node_id: str,
        out: int,
        kernel: int,
        stride: int = 1,
        padding: int = 0,
        bias: bool = True,
    ) -> _Chain:
        """A ``Conv2d`` with its usual parameters spelled out."""
        params: dict[str, Any] = {"out_channels": out, "kernel_size": kernel}
        if stride != 1:
            params["stride"] = stride
        if padding:
            params["padding"] = padding
        if not bias:
            params["bias"] = False
        return self.add(node_id, "Conv2d", **params)

    def conv_bn_relu(
        self,
        name: str,
        out: int,
        kernel: int,
        stride: int = 1,
        padding: int = 0,
        eps: float | None = None,
    ) -> _Chain:
        """Convolution without bias, batch norm and ReLU: ``conv1``, ``bn1``, ``relu1``."""
        self.conv(f"conv{name}", out, kernel, stride, padding, bias=False)
        self.add(f"bn{name}", "BatchNorm2d", **({} if eps is None else {"eps": eps}))
        return self.add(f"relu{name}", "ReLU")

    def classifier_head(self, classes: int, dropout: float | None = None) -> _Chain:
        """Global average pooling, Flatten, optional Dropout, Linear ``fc``, Output."""
        self.add("avgpool", "AdaptiveAvgPool2d", output_size=1)
        self.add("flatten", "Flatten")
        if dropout is not None:
            self.add("dropout", "Dropout", p=dropout)
        return self.add("fc", "Linear", out_features=classes).add("output", "Output")

    def graph(
        self, title: str, description: str, source: str, training: dict | None = None
    ) -> Graph:
        meta = {"description": description, "source": source}
        return Graph(title, self.nodes, self.edges, training, meta)


def _input(channels: int, size: int) -> _Chain:
    return _Chain().add("input", "Input", channels=channels, height=size, width=size)


# --------------------------------------------------------------------------- ImageNet size


# ---- AlexNet as the paper has it (the single-column torchvision form and the two-GPU form)

#: The paper's local response normalisation (k 2, n 5, alpha 1e-4, beta 0.75). PyTorch
#: divides alpha by size, so the paper's alpha is 5 × 1e-4 in PyTorch's terms.
PAPER_LRN = {"size": 5, "alpha": 5e-4, "beta": 0.75, "k": 2.0}


def alexnet() -> Graph:
    """AlexNet as in torchvision, with the paper's local response normalisation."""
    c = _input(3, 224)
    c.conv("conv1", 64, 11, stride=4, padding=2).add("relu1", "ReLU")
    c.add("lrn1", "LocalResponseNorm", **PAPER_LRN)
    c.add("pool1", "MaxPool2d", kernel_size=3, stride=2)
    c.conv("conv2", 192, 5, padding=2).add("relu2", "ReLU")
    c.add("lrn2", "LocalResponseNorm", **PAPER_LRN)
    c.add("pool2", "MaxPool2d", kernel_size=3, stride=2)
    c.conv("conv3", 384, 3, padding=1).add("relu3", "ReLU")
    c.conv("conv4", 256, 3, padding=1).add("relu4", "ReLU")
    c.conv("conv5", 256, 3, padding=1).add("relu5", "ReLU")
    c.add("pool5", "MaxPool2d", kernel_size=3, stride=2)
    c.add("avgpool", "AdaptiveAvgPool2d", output_size=6).add("flatten", "Flatten")
    _alexnet_classifier(c)
    return c.graph(
        *TEXTS["alexnet"],
        "Krizhevsky, Sutskever, Hinton: ImageNet Classification with Deep Convolutional "
        "Neural Networks (NeurIPS 2012); layer sizes of torchvision.models.alexnet.",
    )


def alexnet_2gpu() -> Graph:
    """AlexNet as the paper has it: 96/256/384/384/256 filters, groups 2 where the two
    GPUs did not talk, 224×224 input (60,965,224 parameters)."""
    c = _input(3, 224)
    c.conv("conv1", 96, 11, stride=4, padding=2).add("relu1", "ReLU")
    c.add("lrn1", "LocalResponseNorm", **PAPER_LRN)
    c.add("pool1", "MaxPool2d", kernel_size=3, stride=2)
    c.add("conv2", "Conv2d", out_channels=256, kernel_size=5, padding=2, groups=2)
    c.add("relu2", "ReLU").add("lrn2", "LocalResponseNorm", **PAPER_LRN)
    c.add("pool2", "MaxPool2d", kernel_size=3, stride=2)
    c.conv("conv3", 384, 3, padding=1).add("relu3", "ReLU")
    c.add("conv4", "Conv2d", out_channels=384, padding=1, groups=2).add("relu4", "ReLU")
    c.add("conv5", "Conv2d", out_channels=256, padding=1, groups=2).add("relu5", "ReLU")
    c.add("pool5", "MaxPool2d", kernel_size=3, stride=2)
    c.add("avgpool", "AdaptiveAvgPool2d", output_size=6).add("flatten", "Flatten")
    _alexnet_classifier(c)
    return c.graph(
        *TEXTS["alexnet_2gpu"],
        "Krizhevsky, Sutskever, Hinton: ImageNet Classification with Deep Convolutional "
        "Neural Networks (NeurIPS 2012), figure 2 and section 3.",
    )


def _alexnet_classifier(c: _Chain) -> None:
    c.add("dropout6", "Dropout", p=0.5).add("fc6", "Linear", out_features=4096)
    c.add("relu6", "ReLU")
    c.add("dropout7", "Dropout", p=0.5).add("fc7", "Linear", out_features=4096)
    c.add("relu7", "ReLU").add("fc8", "Linear", out_features=1000).add("output", "Output")


# ---- end of the AlexNet section


# Channels of each 3×3 convolution, "M" for 2×2 max pooling (torchvision's configurations).
VGG_CONFIGS = {
    "vgg11": "64 M 128 M 256 256 M 512 512 M 512 512 M",
    "vgg16": "64 64 M 128 128 M 256 256 256 M 512 512 512 M 512 512 512 M",
}


def _vgg(name: str) -> Graph:
    config = VGG_CONFIGS[name]
    c = _input(3, 224)
    stage, index = 1, 1
    for item in config.split():
        if item == "M":
            c.add(f"pool{stage}", "MaxPool2d", kernel_size=2, stride=2)
            stage, index = stage + 1, 1
            continue
        c.conv(f"conv{stage}_{index}", int(item), 3, padding=1).add(f"relu{stage}_{index}", "ReLU")
        index += 1
    c.add("avgpool", "AdaptiveAvgPool2d", output_size=7).add("flatten", "Flatten")
    c.add("fc6", "Linear", out_features=4096).add("relu6", "ReLU").add("dropout6", "Dropout")
    c.add("fc7", "Linear", out_features=4096).add("relu7", "ReLU").add("dropout7", "Dropout")
    c.add("fc8", "Linear", out_features=1000).add("output", "Output")
    return c.graph(
        *TEXTS[name],
        "Simonyan, Zisserman: Very Deep Convolutional Networks for Large-Scale Image "
        f"Recognition (ICLR 2015); torchvision.models.{name}.",
    )


def vgg11() -> Graph:
    """VGG-11 (configuration A)."""
    return _vgg("vgg11")


def vgg16() -> Graph:
    """VGG-16 (configuration D)."""
    return _vgg("vgg16")


# name, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj ("pool" = max pooling here)
GOOGLENET_STAGES = [
    ("inception3a", 64, 96, 128, 16, 32, 32),
    ("inception3b", 128, 128, 192, 32, 96, 64),
    ("pool3", 3),
    ("inception4a", 192, 96, 208, 16, 48, 64),
    ("inception4b", 160, 112, 224, 24, 64, 64),
    ("inception4c", 128, 128, 256, 24, 64, 64),
    ("inception4d", 112, 144, 288, 32, 64, 64),
    ("inception4e", 256, 160, 320, 32, 128, 128),
    ("pool4", 2),
    ("inception5a", 256, 160, 320, 32, 128, 128),
    ("inception5b", 384, 192, 384, 48, 128, 128),
]
_INCEPTION_KEYS = ("ch1x1", "ch3x3red", "ch3x3", "ch5x5red", "ch5x5", "pool_proj")


def googlenet() -> Graph:
    """GoogLeNet as torchvision builds it (batch norm, 3×3 "5×5" branch, no aux heads)."""
    c = _input(3, 224)
    c.conv_bn_relu("1", 64, 7, stride=2, padding=3, eps=0.001)
    c.add("pool1", "MaxPool2d", kernel_size=3, stride=2, ceil_mode=True)
    c.conv_bn_relu("2", 64, 1, eps=0.001)
    c.conv_bn_relu("3", 192, 3, padding=1, eps=0.001)
    c.add("pool2", "MaxPool2d", kernel_size=3, stride=2, ceil_mode=True)
    for name, *numbers in GOOGLENET_STAGES:
        if len(numbers) == 1:
            c.add(name, "MaxPool2d", kernel_size=numbers[0], stride=2, ceil_mode=True)
        else:
            c.add(
                name,
                "InceptionBlock",
                **dict(zip(_INCEPTION_KEYS, numbers, strict=True)),
                kernel_5x5=3,
                batch_norm=True,
            )
    c.classifier_head(1000, dropout=0.2)
    return c.graph(
        *TEXTS["googlenet"],
        "Szegedy et al.: Going Deeper with Convolutions (CVPR 2015); "
        "torchvision.models.googlenet (aux_logits=False).",
    )


def _resnet(blocks: list[int], bottleneck: bool, name: str) -> Graph:
    c = _input(3, 224)
    c.conv_bn_relu("1", 64, 7, stride=2, padding=3)
    c.add("maxpool", "MaxPool2d", kernel_size=3, stride=2, padding=1)
    widths = [64, 128, 256, 512]
    for stage, (count, width) in enumerate(zip(blocks, widths, strict=True), 1):
        out = width * 4 if bottleneck else width
        for i in range(count):
            params: dict[str, Any] = {"out_channels": out}
            if i == 0 and stage > 1:
                params["stride"] = 2
            if bottleneck:
                params["bottleneck"] = True
            c.add(f"layer{stage}_{i}", "ResidualBlock", **params)
    c.classifier_head(1000)
    return c.graph(
        *TEXTS[name],
        "He, Zhang, Ren, Sun: Deep Residual Learning for Image Recognition (CVPR 2016); "
        f"torchvision.models.{name}.",
    )


def resnet18() -> Graph:
    """ResNet-18: basic blocks [2, 2, 2, 2]."""
    return _resnet([2, 2, 2, 2], False, "resnet18")


def resnet34() -> Graph:
    """ResNet-34: basic blocks [3, 4, 6, 3]."""
    return _resnet([3, 4, 6, 3], False, "resnet34")


def resnet50() -> Graph:
    """ResNet-50: bottleneck blocks [3, 4, 6, 3]."""
    return _resnet([3, 4, 6, 3], True, "resnet50")


def _dense_stages(c: _Chain, channels: int, layers: list[int], growth: int) -> int:
    """Dense blocks with a halving Transition between them; returns the final channels."""
    for i, count in enumerate(layers, 1):
        params: dict[str, Any] = {"num_layers": count, "growth_rate": growth}
        c.add(f"denseblock{i}", "DenseBlock", **params)
        channels += count * growth
        if i < len(layers):
            channels //= 2
            c.add(f"transition{i}", "Transition", out_channels=channels)
    return channels


def densenet121() -> Graph:
    """DenseNet-121: growth 32, blocks [6, 12, 24, 16]."""
    c = _input(3, 224)
    c.conv("conv0", 64, 7, stride=2, padding=3, bias=False)
    c.add("norm0", "BatchNorm2d").add("relu0", "ReLU")
    c.add("pool0", "MaxPool2d", kernel_size=3, stride=2, padding=1)
    _dense_stages(c, 64, [6, 12, 24, 16], 32)
    c.add("norm5", "BatchNorm2d").add("relu5", "ReLU")
    c.classifier_head(1000)
    return c.graph(
        *TEXTS["densenet121"],
        "Huang, Liu, van der Maaten, Weinberger: Densely Connected Convolutional Networks "
        "(CVPR 2017); torchvision.models.densenet121.",
    )


# --------------------------------------------------------------------------- small images


def lenet5() -> Graph:
    """LeNet-5 with ReLU and max pooling, for 32×32 grey images."""
    c = _input(1, 32)
    c.conv("conv1", 6, 5).add("relu1", "ReLU").add("pool1", "MaxPool2d", kernel_size=2)
    c.conv("conv2", 16, 5).add("relu2", "ReLU").add("pool2", "MaxPool2d", kernel_size=2)
    c.add("flatten", "Flatten")
    c.add("fc1", "Linear", out_features=120).add("relu3", "ReLU")
    c.add("fc2", "Linear", out_features=84).add("relu4", "ReLU")
    c.add("fc3", "Linear", out_features=10).add("output", "Output")
    return c.graph(
        *TEXTS["lenet5"],
        "LeCun, Bottou, Bengio, Haffner: Gradient-Based Learning Applied to Document "
        "Recognition (Proc. IEEE 1998).",
        training={"dataset": "digits"},
    )


def digits_cnn() -> Graph:
    """A tiny CNN for the built-in 8×8 digits."""
    c = _input(1, 8)
    c.conv("conv1", 16, 3, padding=1).add("relu1", "ReLU")
    c.conv("conv2", 32, 3, padding=1).add("relu2", "ReLU")
    c.add("pool", "MaxPool2d", kernel_size=2).add("flatten", "Flatten")
    c.add("dropout", "Dropout", p=0.25).add("fc1", "Linear", out_features=64)
    c.add("relu3", "ReLU").add("fc", "Linear", out_features=10).add("output", "Output")
    return c.graph(
        *TEXTS["digits_cnn"],
        "Convas example network.",
        training={"dataset": "digits"},
    )


def vgg_small() -> Graph:
    """A VGG-style net for 32×32 colour images: three stages of two 3×3 convolutions."""
    c = _input(3, 32)
    for stage, width in enumerate([32, 64, 128], 1):
        for index in (1, 2):
            c.conv_bn_relu(f"{stage}_{index}", width, 3, padding=1)
        c.add(f"pool{stage}", "MaxPool2d", kernel_size=2)
    c.add("flatten", "Flatten").add("fc1", "Linear", out_features=128).add("relu_fc1", "ReLU")
    c.add("dropout", "Dropout").add("fc", "Linear", out_features=10).add("output", "Output")
    return c.graph(
        *TEXTS["vgg_small"],
        "After Simonyan, Zisserman (ICLR 2015), scaled down for 32×32 images.",
    )


def inception_small() -> Graph:
    """A small GoogLeNet-style net for 32×32 colour images."""
    c = _input(3, 32)
    c.conv_bn_relu("1", 32, 3, padding=1)
    c.add("pool1", "MaxPool2d", kernel_size=2)
    blocks = [
        ("inception1", 16, 16, 32, 8, 8, 8),
        ("inception2", 32, 32, 48, 8, 16, 16),
        ("pool2", 2),
        ("inception3", 48, 32, 64, 8, 16, 16),
    ]
    for name, *numbers in blocks:
        if len(numbers) == 1:
            c.add(name, "MaxPool2d", kernel_size=numbers[0])
        else:
            c.add(
                name,
                "InceptionBlock",
                **dict(zip(_INCEPTION_KEYS, numbers, strict=True)),
                batch_norm=True,
            )
    c.classifier_head(10, dropout=0.2)
    return c.graph(
        *TEXTS["inception_small"],
        "After Szegedy et al. (CVPR 2015), scaled down for 32×32 images.",
    )


def resnet_cifar() -> Graph:
    """ResNet-20 for 32×32 colour images: 16/32/64 channels, three basic blocks each."""
    c = _input(3, 32)
    c.conv_bn_relu("1", 16, 3, padding=1)
    for stage, width in enumerate([16, 32, 64], 1):
        for i in range(3):
            params: dict[str, Any] = {"out_channels": width}
            if i == 0 and stage > 1:
                params["stride"] = 2
            c.add(f"layer{stage}_{i}", "ResidualBlock", **params)
    c.classifier_head(10)
    return c.graph(
        *TEXTS["resnet_cifar"],
        "He, Zhang, Ren, Sun: Deep Residual Learning for Image Recognition (CVPR 2016), "
        "section 4.2, with 1×1 projection shortcuts.",
    )


def densenet_small() -> Graph:
    """A small DenseNet for 32×32 colour images: growth 12, three blocks of 4 layers."""
    c = _input(3, 32)
    c.conv("conv0", 24, 3, padding=1, bias=False)
    _dense_stages(c, 24, [4, 4, 4], 12)
    c.add("norm5", "BatchNorm2d").add("relu5", "ReLU")
    c.classifier_head(10)
    return c.graph(
        *TEXTS["densenet_small"],
        "After Huang et al. (CVPR 2017), DenseNet-BC for CIFAR, scaled down.",
    )


PRESETS: dict[str, Callable[[], Graph]] = {
    "alexnet": alexnet,
    "alexnet_2gpu": alexnet_2gpu,
    "vgg11": vgg11,
    "vgg16": vgg16,
    "googlenet": googlenet,
    "resnet18": resnet18,
    "resnet34": resnet34,
    "resnet50": resnet50,
    "densenet121": densenet121,
    "lenet5": lenet5,
    "digits_cnn": digits_cnn,
    "vgg_small": vgg_small,
    "inception_small": inception_small,
    "resnet_cifar": resnet_cifar,
    "densenet_small": densenet_small,
}


def all_presets() -> dict[str, Callable[[], Graph]]:
    """:data:`PRESETS` and those of the families after ResNet, which live in their own
    module (:mod:`engine.presetgen_families`, built on the helpers above)."""
    from engine import presetgen_families

    return {**PRESETS, **presetgen_families.PRESETS}


def build(name: str) -> Graph:
    """A fresh graph of the preset ``name`` (a key of :func:`all_presets`)."""
    return all_presets()[name]()


def main(folder: Path = PRESETS_DIR) -> list[Path]:
    """Regenerate every preset file in ``folder``; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in all_presets().items():
        path = folder / f"{name}{SUFFIX}"
        fileformat.save(builder(), path)
        written.append(path)
    return written


if __name__ == "__main__":
    main()
