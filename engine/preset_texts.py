"""The presets' titles and descriptions, in English and marked for translation.

:mod:`engine.presetgen` writes them into the preset files (``name`` and
``meta.description``); :mod:`engine.presets` shows them in the user's language, looking
the English up in ``resources/translations/engine/presets.ko.po``. Each is one literal
text (no formatting), so the catalogue can hold it as it is. Names that read the same in
Korean (AlexNet, ResNet-18…) are not marked.
"""

from __future__ import annotations

from engine.i18n import N_

_VGG = N_(
    "VGG showed that depth matters, using nothing but 3×3 convolutions (stride 1, padding 1) "
    "in stages separated by 2×2 max pooling. Two stacked 3×3 layers see as far as one 5×5 "
    "and three see as far as one 7×7, with fewer weights and an extra ReLU between them. "
    "The number in the name counts the layers with weights: the convolutions and three "
    "fully connected layers. Simple and uniform, but heavy: most of its parameters sit in "
    "the first fully connected layer."
)
_RESNET_BASIC = N_(
    "ResNet won ImageNet 2015 by making very deep networks trainable. Each residual block "
    "adds its input back to its output through a shortcut, so the layers only learn a "
    "correction (the residual) and the gradient flows straight through the shortcuts. "
    "ResNet-18 and ResNet-34 are built of basic blocks of two 3×3 convolutions, in four "
    "stages (2, 2, 2 and 2 blocks in ResNet-18; 3, 4, 6 and 3 in ResNet-34). Each stage "
    "after the first halves the map with a stride-2 block (its shortcut is a 1×1 "
    "convolution) and doubles the channels. Global average pooling and one fully connected "
    "layer classify."
)

#: preset name → (title, description)
TEXTS: dict[str, tuple[str, str]] = {
    "alexnet": (
        "AlexNet",
        N_(
            "The network that won ImageNet 2012 and started the deep-learning era: five "
            "convolutions (some followed by max pooling) and three fully connected layers. "
            "It made ReLU the standard non-linearity (it trained six times faster than "
            "tanh), normalised with local response normalisation (lateral inhibition between "
            "nearby channels, later replaced by batch norm; alpha 5e-4 here is the paper's "
            "1e-4, as PyTorch divides alpha by the size 5), used overlapping pooling (3×3 "
            "windows with stride 2, which cut overfitting), and fought overfitting with "
            "dropout in the classifier and data augmentation. It was split over two GPUs; "
            "this is the single-column version, with torchvision's channel counts (64 and "
            "192 filters in the first two layers)."
        ),
    ),
    "alexnet_2gpu": (
        N_("AlexNet (two GPUs)"),
        N_(
            "AlexNet as the 2012 paper drew it: 96, 256, 384, 384 and 256 filters, split "
            "over two GPUs of 3 GB each. The second, fourth and fifth convolutions have "
            "groups 2: each GPU's half of the filters sees only the half of the channels "
            "computed on the same GPU, which halves their weights; the third convolution and "
            "the fully connected layers talk across both GPUs. Local response normalisation "
            "follows the first two convolutions with the paper's constants (k 2, n 5, "
            "alpha 1e-4, beta 0.75; alpha is 5e-4 in PyTorch's terms). The input is 224×224 "
            "as in the paper; padding 2 on the first convolution gives its 55×55 maps (the "
            "paper's numbers need 227×227 without padding). The adaptive pooling to 6×6 "
            "changes nothing at this size and lets other sizes through, as in torchvision. "
            "60,965,224 parameters."
        ),
    ),
    "vgg11": ("VGG-11", _VGG),
    "vgg16": ("VGG-16", _VGG),
    "googlenet": (
        "GoogLeNet",
        N_(
            "GoogLeNet (Inception v1) won ImageNet 2014 with 22 layers yet 12 times fewer "
            "parameters than AlexNet. Its Inception block runs four branches side by side — "
            "a 1×1 convolution, 1×1 then 3×3, 1×1 then a larger kernel, and 3×3 max pooling "
            "then 1×1 — and joins them on channels. The 1×1 convolutions are the trick: they "
            "cut the channels before the expensive kernels (a bottleneck) and add "
            "non-linearity with their ReLU. Global average pooling replaces the big fully "
            "connected layers. This is torchvision's version: batch norm after every "
            "convolution, 3×3 in the third branch, and no auxiliary classifiers."
        ),
    ),
    "resnet18": ("ResNet-18", _RESNET_BASIC),
    "resnet34": ("ResNet-34", _RESNET_BASIC),
    "resnet50": (
        "ResNet-50",
        N_(
            "ResNet won ImageNet 2015 by making very deep networks trainable. Each residual "
            "block adds its input back to its output through a shortcut, so the layers only "
            "learn a correction (the residual) and the gradient flows straight through the "
            "shortcuts. ResNet-50 has four stages of 3, 4, 6 and 3 bottleneck blocks: a 1×1 "
            "convolution narrows the channels, a 3×3 works on fewer of them and a 1×1 widens "
            "them again, which keeps so deep a net affordable. Each stage after the first "
            "halves the map with a stride-2 block (its shortcut is a 1×1 convolution) and "
            "doubles the channels. Global average pooling and one fully connected layer "
            "classify."
        ),
    ),
    "densenet121": (
        "DenseNet-121",
        N_(
            "DenseNet connects every layer to every later layer in its block: each layer sees "
            "the block's input and all earlier outputs joined on channels (not added, as in "
            "ResNet), and contributes only a few new channels (the growth rate, 32 here). "
            "Features are reused instead of relearned, so it matches ResNet's accuracy with "
            "far fewer parameters. Each layer is BN-ReLU-1×1 (bottleneck to 4 × growth "
            "channels)-BN-ReLU-3×3. Between the four dense blocks (6, 12, 24 and 16 layers), "
            "a transition halves the channels with a 1×1 convolution and the map with 2×2 "
            "average pooling."
        ),
    ),
    "lenet5": (
        "LeNet-5",
        N_(
            "LeCun's 1998 network for handwritten digits, the ancestor of every CNN here: two "
            "5×5 convolutions (6 then 16 filters), each followed by 2×2 pooling, then fully "
            "connected layers of 120, 84 and 10 units. It takes 32×32 grey images; the "
            "built-in 8×8 digits are scaled up to fit. This is the modern reading: ReLU "
            "instead of tanh and max pooling instead of the original trainable average "
            "pooling. About 62 thousand parameters: it trains on a CPU in seconds."
        ),
    ),
    "digits_cnn": (
        N_("Digits CNN"),
        N_(
            "A first CNN for the built-in 8×8 handwritten digits. Two 3×3 convolutions with "
            "padding 1 (so the small image does not shrink) learn strokes and their "
            "combinations, 2×2 max pooling halves the map to 4×4, and two fully connected "
            "layers classify the ten digits. Dropout keeps it from memorising the small data "
            "set. It trains in seconds on a CPU."
        ),
    ),
    "vgg_small": (
        N_("Small VGG"),
        N_(
            "VGG's idea at CIFAR size: stages of two 3×3 convolutions (32, 64, then 128 "
            "filters), each stage closed by 2×2 max pooling that halves the map (32 → 16 → 8 "
            "→ 4), then a small fully connected classifier with dropout. Batch norm after "
            "each convolution (so the convolutions need no bias) makes it train quickly. "
            "Takes 3×32×32 images, 10 classes."
        ),
    ),
    "inception_small": (
        N_("Small Inception"),
        N_(
            "GoogLeNet's Inception block at CIFAR size. A 3×3 stem, then three Inception "
            "blocks (with a max pooling between them) that look at the image through 1×1, "
            "3×3 and 5×5 windows and 3×3 pooling side by side and join the results on "
            "channels. The 1×1 convolutions cut the channels before the larger kernels, "
            "which keeps it cheap. Global average pooling, dropout and one fully connected "
            "layer classify. Takes 3×32×32 images, 10 classes."
        ),
    ),
    "resnet_cifar": (
        "ResNet-20 (32×32)",
        N_(
            "The residual network of the ResNet paper's CIFAR-10 experiments: a 3×3 stem, "
            "then three stages of three basic residual blocks with 16, 32 and 64 channels on "
            "32×32, 16×16 and 8×8 maps, global average pooling and one fully connected layer "
            "— 20 layers with weights. Each block adds its input back through a shortcut (a "
            "1×1 convolution where the shape changes), so even this deep a net trains "
            "easily. About 0.27 million parameters."
        ),
    ),
    "densenet_small": (
        N_("Small DenseNet"),
        N_(
            "DenseNet at CIFAR size, with growth rate 12: a 3×3 stem with 24 channels, then "
            "three dense blocks of four layers on 32×32, 16×16 and 8×8 maps. Every layer sees "
            "everything before it in its block (joined on channels) and adds 12 channels; "
            "transitions halve the channels and the map between blocks. Batch norm, ReLU, "
            "global average pooling and one fully connected layer classify. Takes 3×32×32 "
            "images, 10 classes."
        ),
    ),
}
