"""Every block type Convas offers, each declared once.

A declaration gives the parameter schema (with help in plain words, drawn from the
convolution lesson), the input arity, the analytic shape rule with parameter and
multiply-accumulate (MAC) counts, and a builder of the equivalent PyTorch module.
Builders import torch lazily so that shape analysis never does.

To add a block: write its shape rule here under ``@block(...)``, with ``build=`` a
function returning the ``nn.Module`` (composite modules live in ``engine/modules.py``).
"""

from __future__ import annotations

import math

from engine.registry import (
    BOOL,
    FLOAT,
    INT,
    INT_OR_PAIR,
    MANY,
    PADDING,
    SOURCE,
    Inference,
    Param,
    ShapeProblem,
    block,
    pair,
)

# --------------------------------------------------------------------------- helpers


def _feature_map(inputs, what: str):
    shape = inputs[0]
    if len(shape) != 3:
        raise ShapeProblem(f"{what} needs a feature map [C, H, W], got {list(shape)}")
    return shape


def spatial_out(
    size: int, kernel: int, stride: int, padding: int, dilation: int = 1, ceil_mode: bool = False
) -> int:
    """Output size of a convolution or pooling along one axis (the spec's formula)."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    if span < 0:
        raise ShapeProblem(
            f"kernel {kernel} (dilation {dilation}) is larger than the padded input "
            f"{size} + 2×{padding} = {size + 2 * padding}"
        )
    if not ceil_mode:
        return span // stride + 1
    out = math.ceil(span / stride) + 1
    if (out - 1) * stride >= size + padding:  # PyTorch: last window must start inside
        out -= 1
    return out


def conv_geometry(shape, kernel, stride, padding, dilation=1, ceil_mode=False):
    """(H_out, W_out) for a conv/pool over ``shape`` = [C, H, W]."""
    _, h, w = shape
    (kh, kw), (sh, sw), (dh, dw) = pair(kernel), pair(stride), pair(dilation)
    if padding == "same":
        if (sh, sw) != (1, 1):
            raise ShapeProblem('padding "same" works only with stride 1')
        return h, w
    ph, pw = pair(padding)
    return (spatial_out(h, kh, sh, ph, dh, ceil_mode), spatial_out(w, kw, sw, pw, dw, ceil_mode))


def _fmt_pair(v) -> str:
    a, b = pair(v)
    return f"{a}×{b}"


def _stride_note(v) -> str:
    a, b = pair(v)
    if (a, b) == (1, 1):
        return ""
    return f" · s{a}" if a == b else f" · s{a}×{b}"


# Parameter help, in plain words (from the lesson on convolution).
OUT_CHANNELS = Param(
    "out_channels",
    INT,
    required=True,
    minimum=1,
    maximum=65536,
    help="How many filters (kernels) the layer learns; each one gives one output channel.",
    help_ko="학습할 필터(커널)의 개수. 필터 하나가 출력 채널 하나를 만든다.",
)
KERNEL = Param(
    "kernel_size",
    INT_OR_PAIR,
    3,
    minimum=1,
    maximum=64,
    help="Size of the window that slides over the input. At each place the kernel's "
    "weights are multiplied with the pixels under it and summed.",
    help_ko="입력 위를 미끄러지는 창(커널)의 크기. 겹친 픽셀과 가중치를 곱해 모두 더한다.",
)
STRIDE = Param(
    "stride",
    INT_OR_PAIR,
    1,
    minimum=1,
    maximum=64,
    help="How far the window moves each step. A stride of 2 halves the height and width.",
    help_ko="필터가 한 번에 움직이는 간격. 2이면 높이와 너비가 절반이 된다.",
)
PAD = Param(
    "padding",
    PADDING,
    0,
    minimum=0,
    maximum=64,
    help="Zeros added around the input so the output does not shrink and edge pixels "
    'count as much as the centre. "same" keeps the size (stride 1 only).',
    help_ko="입력 둘레에 0을 채워 출력이 작아지지 않게 하고 모서리 정보 손실을 줄인다. "
    '"same"은 크기를 유지한다(stride 1에서만).',
)
DILATION = Param(
    "dilation",
    INT_OR_PAIR,
    1,
    minimum=1,
    maximum=64,
    help="Spacing between the kernel's taps: a 3×3 kernel with dilation 2 covers 5×5.",
    help_ko="커널 원소 사이의 간격. dilation 2인 3×3 커널은 5×5를 덮는다.",
)
BIAS = Param(
    "bias",
    BOOL,
    True,
    help="Add a learned constant to each output channel (unneeded before batch norm).",
    help_ko="각 출력 채널에 학습되는 상수(편향)를 더한다. 배치 정규화 앞에서는 불필요.",
)


def _conv_macs(cin, cout, groups, kh, kw, h, w) -> int:
    return (cin // groups) * kh * kw * cout * h * w


# --------------------------------------------------------------------------- I/O


def _build_identity(inputs, p):
    import torch.nn as nn

    return nn.Identity()


@block(
    "Input",
    "Input / Output",
    "Input",
    "The image the network sees: channels × height × width (1 channel for grey, 3 for RGB).",
    help_ko="네트워크가 보는 이미지: 채널 × 높이 × 너비 (흑백 1, 컬러 RGB 3).",
    arity=SOURCE,
    params=[
        Param(
            "channels",
            INT,
            3,
            minimum=1,
            maximum=4096,
            help="Colour channels of the image: 1 for grey, 3 for red, green and blue.",
            help_ko="이미지의 채널 수: 흑백 1, RGB 3.",
        ),
        Param(
            "height",
            INT,
            32,
            minimum=1,
            maximum=8192,
            help="Image height in pixels.",
            help_ko="이미지 높이(픽셀).",
        ),
        Param(
            "width",
            INT,
            32,
            minimum=1,
            maximum=8192,
            help="Image width in pixels.",
            help_ko="이미지 너비(픽셀).",
        ),
    ],
    describe=lambda p: f"{p['channels']}×{p['height']}×{p['width']}",
    build=_build_identity,
)
def _input(inputs, p):
    return Inference((p["channels"], p["height"], p["width"]))


@block(
    "Output",
    "Input / Output",
    "Output",
    "Marks the model's output.",
    help_ko="모델의 출력을 표시한다.",
    build=_build_identity,
)
def _output(inputs, p):
    return Inference(inputs[0])


# --------------------------------------------------------------------------- convolution


def _build_conv2d(inputs, p):
    import torch.nn as nn

    padding = p["padding"] if p["padding"] == "same" else pair(p["padding"])
    return nn.Conv2d(
        inputs[0][0],
        p["out_channels"],
        pair(p["kernel_size"]),
        stride=pair(p["stride"]),
        padding=padding,
        dilation=pair(p["dilation"]),
        groups=p["groups"],
        bias=p["bias"],
    )


def _describe_conv(p):
    pad = p["padding"]
    pad_note = " · same" if pad == "same" else ""
    return (
        f"{_fmt_pair(p['kernel_size'])} · {p['out_channels']}{_stride_note(p['stride'])}{pad_note}"
    )


@block(
    "Conv2d",
    "Convolution",
    "Convolution",
    "Slides small learned filters over the image and sums the products at each place "
    "(strictly a cross-correlation: the kernel is not flipped). Keeps the spatial "
    "structure that flattening would throw away, with far fewer weights.",
    help_ko="학습된 작은 필터를 이미지 위로 미끄러뜨리며 곱의 합을 구한다(엄밀히는 커널을 "
    "뒤집지 않는 cross-correlation). 평탄화와 달리 공간 구조를 유지하고 가중치가 적다.",
    params=[
        OUT_CHANNELS,
        KERNEL,
        STRIDE,
        PAD,
        DILATION,
        Param(
            "groups",
            INT,
            1,
            minimum=1,
            maximum=65536,
            help="Split channels into groups convolved separately; groups = channels "
            "is a depthwise convolution.",
            help_ko="채널을 그룹으로 나눠 따로 합성곱한다. 그룹 수 = 채널 수이면 depthwise.",
        ),
        BIAS,
    ],
    describe=_describe_conv,
    build=_build_conv2d,
)
def _conv2d(inputs, p):
    cin, _, _ = _feature_map(inputs, "Conv2d")
    cout, groups = p["out_channels"], p["groups"]
    if cin % groups or cout % groups:
        raise ShapeProblem(
            f"groups {groups} must divide both input channels {cin} and output channels {cout}"
        )
    h, w = conv_geometry(inputs[0], p["kernel_size"], p["stride"], p["padding"], p["dilation"])
    kh, kw = pair(p["kernel_size"])
    params = (cin // groups) * kh * kw * cout + (cout if p["bias"] else 0)
    return Inference((cout, h, w), params, _conv_macs(cin, cout, groups, kh, kw, h, w))


def _build_conv1x1(inputs, p):
    import torch.nn as nn

    return nn.Conv2d(inputs[0][0], p["out_channels"], 1, stride=pair(p["stride"]), bias=p["bias"])


@block(
    "Conv1x1",
    "Convolution",
    "1×1 Convolution",
    "A 1×1 convolution mixes channels at each pixel without looking at neighbours: it "
    "sets the number of channels, cuts computation before a larger convolution (a "
    "bottleneck), and adds non-linearity when followed by ReLU.",
    help_ko="1×1 합성곱은 이웃을 보지 않고 픽셀마다 채널을 섞는다: 채널 수를 조절하고, 큰 "
    "합성곱 앞에서 계산량을 줄이며(병목), ReLU와 함께 비선형성을 더한다.",
    params=[OUT_CHANNELS, STRIDE, BIAS],
    describe=lambda p: f"1×1 · {p['out_channels']}{_stride_note(p['stride'])}",
    build=_build_conv1x1,
)
def _conv1x1(inputs, p):
    cin, _, _ = _feature_map(inputs, "Conv1x1")
    h, w = conv_geometry(inputs[0], 1, p["stride"], 0)
    cout = p["out_channels"]
    params = cin * cout + (cout if p["bias"] else 0)
    return Inference((cout, h, w), params, _conv_macs(cin, cout, 1, 1, 1, h, w))


# --------------------------------------------------------------------------- pooling

POOL_PARAMS = [
    Param(
        "kernel_size",
        INT_OR_PAIR,
        2,
        minimum=1,
        maximum=64,
        help="Size of the window whose values are combined into one.",
        help_ko="하나로 합쳐질 창의 크기.",
    ),
    Param(
        "stride",
        INT_OR_PAIR,
        None,
        minimum=1,
        maximum=64,
        nullable=True,
        help="Step between windows; empty means the kernel size (no overlap). A stride "
        "smaller than the kernel overlaps windows, as in AlexNet.",
        help_ko="창 사이의 간격. 비우면 커널 크기(겹침 없음). 커널보다 작으면 AlexNet처럼 겹친다.",
    ),
    Param(
        "padding",
        INT_OR_PAIR,
        0,
        minimum=0,
        maximum=32,
        help="Border added around the input before pooling.",
        help_ko="풀링 전 입력 둘레 여백.",
    ),
    Param(
        "ceil_mode",
        BOOL,
        False,
        help="Round the output size up instead of down, keeping a partial last window.",
        help_ko="출력 크기를 내림 대신 올림하여 마지막 부분 창도 쓴다.",
    ),
]


def _pool_infer(inputs, p, what):
    c, _, _ = _feature_map(inputs, what)
    kernel = p["kernel_size"]
    stride = kernel if p["stride"] is None else p["stride"]
    kh, kw = pair(kernel)
    ph, pw = pair(p["padding"])
    if ph > kh // 2 or pw > kw // 2:
        raise ShapeProblem(f"padding {p['padding']} must be at most half the kernel {kernel}")
    h, w = conv_geometry(inputs[0], kernel, stride, p["padding"], 1, p["ceil_mode"])
    return Inference((c, h, w))


def _describe_pool(p):
    stride = p["kernel_size"] if p["stride"] is None else p["stride"]
    return f"{_fmt_pair(p['kernel_size'])}{_stride_note(stride)}"


def _pool_builder(cls_name):
    def build(inputs, p):
        import torch.nn as nn

        stride = p["kernel_size"] if p["stride"] is None else p["stride"]
        return getattr(nn, cls_name)(
            pair(p["kernel_size"]),
            stride=pair(stride),
            padding=pair(p["padding"]),
            ceil_mode=p["ceil_mode"],
        )

    return build


@block(
    "MaxPool2d",
    "Pooling",
    "Max pooling",
    "Keeps the largest value in each window: shrinks the map and tolerates small shifts.",
    help_ko="각 창의 최댓값만 남긴다: 맵을 줄이고 작은 이동에 강해진다.",
    params=POOL_PARAMS,
    describe=_describe_pool,
    build=_pool_builder("MaxPool2d"),
)
def _maxpool(inputs, p):
    return _pool_infer(inputs, p, "MaxPool2d")


@block(
    "AvgPool2d",
    "Pooling",
    "Average pooling",
    "Averages each window: shrinks the map smoothly.",
    help_ko="각 창의 평균을 구한다: 맵을 부드럽게 줄인다.",
    params=POOL_PARAMS,
    describe=_describe_pool,
    build=_pool_builder("AvgPool2d"),
)
def _avgpool(inputs, p):
    return _pool_infer(inputs, p, "AvgPool2d")


def _build_adaptive(inputs, p):
    import torch.nn as nn

    return nn.AdaptiveAvgPool2d(pair(p["output_size"]))


@block(
    "AdaptiveAvgPool2d",
    "Pooling",
    "Adaptive average pooling",
    "Averages down to a fixed output size whatever the input size; output 1 is global "
    "average pooling, one number per channel.",
    help_ko="입력 크기와 상관없이 정해진 크기로 평균낸다. "
    "1이면 채널마다 하나의 값(전역 평균 풀링).",
    params=[
        Param(
            "output_size",
            INT_OR_PAIR,
            1,
            minimum=1,
            maximum=4096,
            help="Height and width of the output.",
            help_ko="출력의 높이와 너비.",
        )
    ],
    describe=lambda p: f"→ {_fmt_pair(p['output_size'])}",
    build=_build_adaptive,
)
def _adaptive(inputs, p):
    c, _, _ = _feature_map(inputs, "AdaptiveAvgPool2d")
    oh, ow = pair(p["output_size"])
    return Inference((c, oh, ow))


# --------------------------------------------------------------------------- normalization


def _build_bn(inputs, p):
    import torch.nn as nn

    return nn.BatchNorm2d(inputs[0][0], eps=p["eps"], momentum=p["momentum"])


@block(
    "BatchNorm2d",
    "Normalization",
    "Batch norm",
    "Normalises each channel over the batch, then scales and shifts it with two learned "
    "numbers: training is faster and steadier. Modern nets use it instead of LRN.",
    help_ko="채널마다 배치 평균과 분산으로 정규화한 뒤 학습된 두 값으로 조정한다. 학습이 빠르고 "
    "안정된다. 현대 CNN은 LRN 대신 이것을 쓴다.",
    params=[
        Param(
            "eps",
            FLOAT,
            1e-5,
            minimum=0.0,
            maximum=1.0,
            help="Small number added to the variance to avoid division by zero.",
            help_ko="0으로 나누지 않도록 분산에 더하는 작은 수.",
        ),
        Param(
            "momentum",
            FLOAT,
            0.1,
            minimum=0.0,
            maximum=1.0,
            help="How fast the running statistics used at inference follow the batches.",
            help_ko="추론에 쓰는 이동 통계가 배치를 따라가는 속도.",
        ),
    ],
    build=_build_bn,
)
def _bn(inputs, p):
    c, h, w = _feature_map(inputs, "BatchNorm2d")
    return Inference((c, h, w), 2 * c)


def _build_lrn(inputs, p):
    import torch.nn as nn

    return nn.LocalResponseNorm(p["size"], alpha=p["alpha"], beta=p["beta"], k=p["k"])


@block(
    "LocalResponseNorm",
    "Normalization",
    "Local response norm",
    "AlexNet's normalisation: each activation is damped by its neighbours in nearby "
    "channels (lateral inhibition). Batch norm replaced it in later nets.",
    help_ko="AlexNet의 정규화: 가까운 채널의 활성값으로 각 값을 억제한다(측면 억제). 이후 "
    "배치 정규화로 대체되었다.",
    params=[
        Param(
            "size",
            INT,
            5,
            minimum=1,
            maximum=1024,
            help="Neighbouring channels used.",
            help_ko="함께 쓰는 이웃 채널 수.",
        ),
        Param(
            "alpha", FLOAT, 1e-4, minimum=0.0, help="Scale of the damping.", help_ko="억제의 크기."
        ),
        Param(
            "beta",
            FLOAT,
            0.75,
            minimum=0.0,
            help="Exponent of the damping.",
            help_ko="억제의 지수.",
        ),
        Param(
            "k",
            FLOAT,
            2.0,
            minimum=0.0,
            help="Constant added before the exponent.",
            help_ko="지수 전에 더하는 상수.",
        ),
    ],
    build=_build_lrn,
)
def _lrn(inputs, p):
    return Inference(_feature_map(inputs, "LocalResponseNorm"))


# --------------------------------------------------------------------------- activations


def _simple(cls_name, **kw):
    def build(inputs, p):
        import torch.nn as nn

        return getattr(nn, cls_name)(**{k: p[v] for k, v in kw.items()})

    return build


def _same_shape(inputs, p):
    return Inference(inputs[0])


_ACTIVATIONS = {
    "ReLU": (
        "Keeps positive values and sets negatives to zero: the simple non-linearity "
        "AlexNet made standard (it trained six times faster than tanh).",
        "양수는 그대로, 음수는 0으로. AlexNet이 표준으로 만든 단순한 비선형성(tanh보다 6배 빠름).",
    ),
    "Tanh": ("Squashes values into −1…1.", "값을 −1…1로 압축한다."),
    "Sigmoid": ("Squashes values into 0…1.", "값을 0…1로 압축한다."),
    "GELU": ("A smooth ReLU used in transformers.", "트랜스포머에서 쓰는 부드러운 ReLU."),
    "SiLU": (
        "x·sigmoid(x), a smooth ReLU (also called swish).",
        "x·sigmoid(x), 부드러운 ReLU(swish).",
    ),
}
for _name, (_help, _help_ko) in _ACTIVATIONS.items():
    block(_name, "Activation", _name, _help, help_ko=_help_ko, build=_simple(_name))(_same_shape)


@block(
    "LeakyReLU",
    "Activation",
    "LeakyReLU",
    "Like ReLU, but negatives keep a small slope so no unit goes silent.",
    help_ko="ReLU와 같지만 음수에 작은 기울기를 남겨 뉴런이 죽지 않게 한다.",
    params=[
        Param(
            "negative_slope",
            FLOAT,
            0.01,
            minimum=0.0,
            maximum=1.0,
            help="Slope for negative inputs.",
            help_ko="음수 입력의 기울기.",
        )
    ],
    describe=lambda p: f"slope {p['negative_slope']}",
    build=_simple("LeakyReLU", negative_slope="negative_slope"),
)
def _leaky(inputs, p):
    return Inference(inputs[0])


@block(
    "Dropout",
    "Regularization",
    "Dropout",
    "During training, zeroes each value with probability p so the net cannot rely on "
    "any single unit: less overfitting. Does nothing at inference.",
    help_ko="학습 중 확률 p로 값을 0으로 만들어 특정 뉴런에 의존하지 않게 한다(과적합 감소). "
    "추론 때는 아무것도 하지 않는다.",
    params=[
        Param(
            "p",
            FLOAT,
            0.5,
            minimum=0.0,
            maximum=1.0,
            help="Probability of zeroing each value.",
            help_ko="각 값을 0으로 만들 확률.",
        )
    ],
    describe=lambda p: f"p {p['p']}",
    build=_simple("Dropout", p="p"),
)
def _dropout(inputs, p):
    return Inference(inputs[0])


# --------------------------------------------------------------------------- dense


@block(
    "Flatten",
    "Dense",
    "Flatten",
    "Unrolls a feature map [C, H, W] into one long vector [C·H·W] for Linear layers.",
    help_ko="특성 맵 [C, H, W]를 긴 벡터 [C·H·W]로 펼쳐 Linear 층에 넘긴다.",
    build=_simple("Flatten"),
)
def _flatten(inputs, p):
    return Inference((math.prod(inputs[0]),))


def _build_linear(inputs, p):
    import torch.nn as nn

    return nn.Linear(inputs[0][0], p["out_features"], bias=p["bias"])


@block(
    "Linear",
    "Dense",
    "Linear",
    "Fully connected: every output is a weighted sum of every input. The classifier at "
    "the end of a CNN; its out_features is the number of classes.",
    help_ko="완전 연결층: 모든 출력이 모든 입력의 가중합이다. CNN 끝의 분류기이며 "
    "out_features가 클래스 수다.",
    params=[
        Param(
            "out_features",
            INT,
            required=True,
            minimum=1,
            maximum=1_000_000,
            help="Number of outputs (the number of classes for the last layer).",
            help_ko="출력 개수(마지막 층이면 클래스 수).",
        ),
        BIAS,
    ],
    describe=lambda p: f"→ {p['out_features']}",
    build=_build_linear,
)
def _linear(inputs, p):
    shape = inputs[0]
    if len(shape) != 1:
        raise ShapeProblem(
            f"Linear needs a flat input [F] but gets a feature map {list(shape)}: "
            "add a Flatten (or global pooling then Flatten) before it"
        )
    fin, fout = shape[0], p["out_features"]
    return Inference((fout,), fin * fout + (fout if p["bias"] else 0), fin * fout)


# --------------------------------------------------------------------------- merge


def _build_add(inputs, p):
    from engine.modules import Add

    return Add()


def _build_concat(inputs, p):
    from engine.modules import Concat

    return Concat()


@block(
    "Add",
    "Merge",
    "Add",
    "Adds its inputs element by element (a residual connection). All inputs must have "
    "the same shape.",
    help_ko="입력을 원소별로 더한다(잔차 연결). 모든 입력의 모양이 같아야 한다.",
    arity=MANY,
    build=_build_add,
)
def _add(inputs, p):
    first = inputs[0]
    for i, shape in enumerate(inputs[1:], 1):
        if shape != first:
            raise ShapeProblem(
                f"Add needs equal shapes: port 0 is {list(first)}, port {i} is {list(shape)}"
            )
    return Inference(first)


@block(
    "Concat",
    "Merge",
    "Concat",
    "Joins its inputs along the channels (feature maps of equal height and width, as in "
    "Inception and DenseNet) or along the features (flat vectors), in port order.",
    help_ko="입력을 채널 방향(높이·너비가 같은 특성 맵, Inception·DenseNet처럼) 또는 특성 "
    "방향(벡터)으로 포트 순서대로 잇는다.",
    arity=MANY,
    build=_build_concat,
)
def _concat(inputs, p):
    ranks = {len(s) for s in inputs}
    if ranks == {1}:
        return Inference((sum(s[0] for s in inputs),))
    if ranks != {3}:
        raise ShapeProblem("Concat needs all feature maps [C, H, W] or all vectors [F]")
    hw = inputs[0][1:]
    for i, shape in enumerate(inputs[1:], 1):
        if shape[1:] != hw:
            raise ShapeProblem(
                f"Concat needs equal height and width: port 0 is {list(inputs[0])}, "
                f"port {i} is {list(shape)}"
            )
    return Inference((sum(s[0] for s in inputs), *hw))


# --------------------------------------------------------------------------- composite

import engine.composite  # noqa: E402,F401  (registers ResidualBlock, DenseBlock, ...)
