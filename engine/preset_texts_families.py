"""Titles and descriptions of the presets of the families after ResNet, in English and
marked for translation (Korean in ``resources/translations/engine/presets-families.ko.po``);
:mod:`engine.presetgen_families` writes them into the files. Names that read the same in
Korean (MobileNetV2, EfficientNet-B0…) are not marked."""

from __future__ import annotations

from engine.i18n import N_

#: preset name → (title, description)
TEXTS: dict[str, tuple[str, str]] = {
    "mobilenet_v2": (
        "MobileNetV2",
        N_(
            "MobileNet made CNNs small enough for phones by replacing each convolution "
            "with a depthwise separable one: a depthwise 3×3 (one filter per channel, "
            "looking at neighbours) then a 1×1 (mixing channels), about eight times "
            "cheaper. MobileNetV2 arranges them in inverted residual blocks: a 1×1 "
            "widens the channels six times, the depthwise 3×3 works in that wide space,"
            " and a linear 1×1 (no activation, so no information is lost) narrows them "
            "again; the input is added back where the shapes match — the reverse of "
            "ResNet's bottleneck. ReLU6 keeps values small for low-precision "
            "arithmetic."
        ),
    ),
    "mobilenet_v3_small": (
        "MobileNetV3-Small",
        N_(
            "MobileNetV3-Small was found by neural architecture search on top of "
            "MobileNetV2's inverted residual blocks. It adds squeeze-and-excitation to "
            "some blocks (global pooling and two 1×1 convolutions learn a weight per "
            "channel that scales the map), uses 5×5 depthwise kernels where they pay, "
            "and replaces swish with its cheap piecewise-linear form, hard-swish "
            "(x·ReLU6(x+3)/6), in the deeper half. Batch norm with eps 0.001 and "
            "momentum 0.01, as torchvision."
        ),
    ),
    "mobilenet_v3_large": (
        "MobileNetV3-Large",
        N_(
            "MobileNetV3-Large was found by neural architecture search on top of "
            "MobileNetV2's inverted residual blocks. It adds squeeze-and-excitation to "
            "some blocks (global pooling and two 1×1 convolutions learn a weight per "
            "channel that scales the map), uses 5×5 depthwise kernels where they pay, "
            "and replaces swish with its cheap piecewise-linear form, hard-swish "
            "(x·ReLU6(x+3)/6), in the deeper half. Batch norm with eps 0.001 and "
            "momentum 0.01, as torchvision."
        ),
    ),
    "efficientnet_b0": (
        "EfficientNet-B0",
        N_(
            "EfficientNet showed that a net should grow in depth, width and image "
            "resolution together, in fixed proportions (compound scaling): B0 is the "
            "small base found by architecture search, B1 to B7 scale it up. Its MBConv "
            "blocks are MobileNet's inverted residuals with SiLU (swish) activations "
            "and squeeze-and-excitation, and stochastic depth randomly skips whole "
            "blocks during training (more often deeper in the net, up to 20%). As "
            "accurate as ResNet-50 with a fifth of the parameters and a tenth of the "
            "computation."
        ),
    ),
    "convnext_tiny": (
        "ConvNeXt-T",
        N_(
            "ConvNeXt (2022) modernised ResNet step by step with the design choices of "
            "vision transformers and matched them with nothing but convolutions: a 4×4 "
            'stride-4 "patchify" stem, stages of 3, 3, 9 and 3 blocks, large 7×7 '
            "depthwise kernels, layer norm instead of batch norm, GELU, an inverted "
            "bottleneck (the 1×1 widens four times), fewer activations and norms, "
            "separate downsampling layers, layer scale and stochastic depth."
        ),
    ),
    "squeezenet1_1": (
        "SqueezeNet 1.1",
        N_(
            "SqueezeNet reached AlexNet's accuracy with 50 times fewer parameters. Its "
            "Fire modules squeeze the channels with a 1×1 convolution, then expand them"
            " with 1×1 and 3×3 convolutions side by side (most filters 1×1, nine times "
            "cheaper than 3×3); pooling comes late so the maps stay large; and there is"
            " no fully connected layer: a 1×1 convolution to 1000 channels and global "
            "average pooling classify. Version 1.1 pools earlier and needs 2.4 times "
            "less computation than 1.0."
        ),
    ),
    "resnext50_32x4d": (
        "ResNeXt-50 (32×4d)",
        N_(
            "ResNeXt adds a new dimension to ResNet, cardinality: the 3×3 convolution "
            "of each bottleneck block is split into 32 groups of 4 channels convolved "
            "separately (a grouped convolution), like 32 narrow paths side by side. At "
            "the same cost, more paths beat a deeper or wider net. Otherwise ResNet-50:"
            " stages of 3, 4, 6 and 3 bottleneck blocks, twice as wide inside."
        ),
    ),
    "shufflenet_v2_x1_0": (
        "ShuffleNetV2 1.0×",
        N_(
            "ShuffleNet made grouped 1×1 convolutions cheap and still mixing: after a "
            "grouped layer, a channel shuffle deals the channels out so the next group "
            "sees every group's output. Version 2 measured speed rather than counting "
            "operations and followed four rules (equal channel widths, few groups, few "
            "branches, few element-wise operations): each unit splits the channels in "
            "halves, passes one through untouched, convolves the other (1×1, depthwise "
            "3×3, 1×1), joins them and shuffles."
        ),
    ),
    "regnet_y_400mf": (
        "RegNetY-400MF",
        N_(
            "RegNet (2020) designed a space of networks rather than one: stage widths "
            "grow along a quantised straight line, and a few rules (equal-width "
            "bottlenecks, grouped 3×3 convolutions of 8 channels a group) hold across "
            "sizes from 200 million to 32 billion operations. The Y models add "
            "squeeze-and-excitation after each grouped 3×3. This one needs 400 million "
            "multiply-accumulates."
        ),
    ),
    "mobilenet_shapes": (
        N_("Small MobileNetV2"),
        N_(
            "MobileNetV2's inverted residual blocks at CIFAR size: each widens the "
            "channels six times with a 1×1 convolution, filters them with a cheap "
            "depthwise 3×3 (one filter per channel), and narrows them again with a "
            "linear 1×1, adding the input back where the shapes match. Sized for the "
            "built-in shapes (3×32×32 colour images, six classes): it trains on a CPU "
            "in about a minute."
        ),
    ),
    "efficientnet_shapes": (
        N_("Small EfficientNet"),
        N_(
            "EfficientNet's MBConv blocks at CIFAR size: inverted residuals with SiLU, "
            "squeeze-and-excitation (each block learns a weight per channel from the "
            "whole image) and stochastic depth (blocks skipped at random in training). "
            "Sized for the built-in shapes (3×32×32 colour images, six classes): it "
            "trains on a CPU in about a minute."
        ),
    ),
    "convnext_shapes": (
        N_("Small ConvNeXt"),
        N_(
            "ConvNeXt's design at CIFAR size: a 4×4 stride-4 patchify stem, two stages "
            "of two blocks (a depthwise 7×7, layer norm, a four times wider 1×1 MLP "
            "with GELU, layer scale, and the input added back) separated by layer norm "
            "and a 2×2 stride-2 convolution. The layer scale starts at 1 here (not "
            "0.000001), so that a net this small learns quickly; 30 epochs with augmentation. "
            "Sized for the built-in shapes (3×32×32 colour images, six classes): it "
            "trains on a CPU in about a minute."
        ),
    ),
    "squeezenet_shapes": (
        N_("Small SqueezeNet"),
        N_(
            "SqueezeNet's Fire modules at CIFAR size: a 1×1 convolution squeezes the "
            "channels, 1×1 and 3×3 convolutions expand them side by side, and a 1×1 "
            "convolution to one channel per class with global average pooling replaces "
            "the fully connected classifier. Without batch norm it needs a gentler "
            "learning rate (0.001) and more epochs (40, with augmentation). Sized for "
            "the built-in shapes (3×32×32 colour images, six classes): it trains on a "
            "CPU in about a minute."
        ),
    ),
    "regnet_shapes": (
        N_("Small RegNetY"),
        N_(
            "RegNetY's blocks at CIFAR size: residual bottlenecks whose 3×3 convolution"
            " is grouped (8 channels a group, as in ResNeXt) and followed by "
            "squeeze-and-excitation, in stages whose widths grow along a straight line."
            " Sized for the built-in shapes (3×32×32 colour images, six classes): it "
            "trains on a CPU in about a minute."
        ),
    ),
    "shufflenet_shapes": (
        N_("Small ShuffleNetV2"),
        N_(
            "ShuffleNetV2's units at CIFAR size: each splits the channels in halves, "
            "convolves one half (1×1, depthwise 3×3, 1×1) while the other passes "
            "through, joins them and shuffles the channels so the next unit mixes both;"
            " 20 epochs. Sized for the built-in shapes (3×32×32 colour images, six "
            "classes): it trains on a CPU in about a minute."
        ),
    ),
}
