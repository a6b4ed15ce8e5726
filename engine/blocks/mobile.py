"""Composite blocks of the mobile families: SENet's squeeze-and-excitation, MobileNet's
inverted residual, EfficientNet's MBConv and FusedMBConv (ShuffleNet's, SqueezeNet's
and ConvNeXt's blocks are in ``units.py``).

Each shape rule counts every inner layer (:class:`~engine.blocks.counting.Tally`); the
modules are in :mod:`engine.nets.mobile`, written as torchvision writes them.
"""

from __future__ import annotations

import dataclasses

from engine.blocks.code import IN, Arg, Module
from engine.blocks.common import OUT_CHANNELS, conv_geometry, feature_map
from engine.blocks.counting import Tally
from engine.i18n import _
from engine.nets.sizes import make_divisible
from engine.registry import BOOL, CHOICE, FLOAT, INT, Inference, Param, block

CATEGORY = "Composite"

KERNEL = Param(
    "kernel_size",
    INT,
    3,
    minimum=1,
    maximum=15,
    help="Size of the depthwise convolution's window (3 or 5 in these nets).",
    help_ko="깊이별 합성곱 창의 크기입니다. 이 망들에서는 3 또는 5입니다.",
    label_ko="커널 크기",
)
STRIDE = Param(
    "stride",
    INT,
    1,
    minimum=1,
    maximum=4,
    help="Stride of the block's spatial convolution; 2 halves the map. The input is "
    "added back only with stride 1 and as many output channels as input channels.",
    help_ko="블록 공간 합성곱의 스트라이드입니다. 2이면 맵이 절반이 됩니다. 스트라이드가 "
    "1이고 입력과 출력 채널 수가 같을 때만 입력을 다시 더합니다.",
    label_ko="스트라이드",
)
BN_EPS = Param(
    "bn_eps",
    FLOAT,
    1e-5,
    minimum=0.0,
    maximum=1.0,
    help="The batch norms' eps (MobileNetV3 and EfficientNetV2 use 0.001).",
    help_ko="배치 정규화의 엡실론입니다. MobileNetV3와 EfficientNetV2는 0.001을 씁니다.",
    label_ko="배치 정규화 엡실론",
)
BN_MOMENTUM = Param(
    "bn_momentum",
    FLOAT,
    0.1,
    minimum=0.0,
    maximum=1.0,
    help="The batch norms' momentum (MobileNetV3 uses 0.01, MnasNet 0.0003).",
    help_ko="배치 정규화의 모멘텀입니다. MobileNetV3는 0.01, MnasNet은 0.0003을 씁니다.",
    label_ko="배치 정규화 모멘텀",
)
STOCHASTIC_DEPTH = Param(
    "stochastic_depth",
    FLOAT,
    0.0,
    minimum=0.0,
    maximum=1.0,
    help="In training, the probability of skipping the block for a sample (stochastic "
    "depth; EfficientNet raises it from 0 to 0.2 along the net).",
    help_ko="학습 중 표본 하나에 대해 블록을 건너뛸 확률입니다(확률적 깊이. EfficientNet은 "
    "망을 따라 0에서 0.2까지 올립니다).",
    label_ko="확률적 깊이",
)


def _bn_args():
    return (
        Arg("bn_eps", "eps", omit=1e-5, convert=float),
        Arg("bn_momentum", "momentum", omit=0.1, convert=float),
    )


def _spatial(inputs, p, kernel):
    """Output height and width of the block's kxk convolution (padding (k-1)//2)."""
    return conv_geometry(inputs[0], kernel, p["stride"], (kernel - 1) // 2)


def stride_text(p) -> str:
    return f" · s{p['stride']}" if p["stride"] != 1 else ""


# --------------------------------------------------------------------------- SE


def _se_lines(squeeze: int, activation: str, gate: str) -> list[str]:
    return [
        _("global average pooling"),
        _("1×1 conv → {channels}, {activation}", channels=squeeze, activation=activation),
        _("1×1 conv back to every channel, {gate}", gate=gate),
        _("the map multiplied by these weights"),
    ]


def _mobile_lines(p, activation: str, squeeze: str, expand: str) -> list[str]:
    """An inverted residual's layers, one a line."""
    k, stride = p["kernel_size"], stride_text(p)
    lines = [_("1×1 conv {expand}, BN, {activation}", expand=expand, activation=activation)]
    lines.append(
        _(
            "depthwise {k}×{k} conv{stride}, BN, {activation}",
            k=k,
            stride=stride,
            activation=activation,
        )
    )
    if squeeze:
        lines.append(_("squeeze-and-excitation ({squeeze})", squeeze=squeeze))
    lines.append(_("1×1 conv → {channels}, BN, no activation", channels=p["out_channels"]))
    return lines + [_("the input added back when the shapes match")]


@block(
    "SqueezeExcitation",
    CATEGORY,
    "Squeeze-and-excitation",
    "Learns how much each channel matters for this image: global average pooling "
    "squeezes each channel to one number, two 1×1 convolutions turn those into a weight "
    "between 0 and 1 per channel, and the map is multiplied by them (SENet, 2017). "
    "MobileNetV3, EfficientNet and RegNetY use it inside their blocks.",
    title_ko="스퀴즈-익사이테이션",
    help_ko="이 이미지에서 각 채널이 얼마나 중요한지 학습합니다. 전역 평균 풀링으로 채널마다 "
    "하나의 수로 압축하고, 두 1×1 합성곱이 이를 채널마다 0과 1 사이의 가중치로 바꾼 뒤 맵에 "
    "곱합니다(SENet, 2017). MobileNetV3, EfficientNet, RegNetY가 블록 안에서 씁니다.",
    composite=True,
    params=[
        Param(
            "squeeze_channels",
            INT,
            required=True,
            minimum=1,
            maximum=65536,
            start=16,
            help="Channels between the two 1×1 convolutions (usually a quarter or less).",
            help_ko="두 1×1 합성곱 사이의 채널 수로, 보통 4분의 1 이하입니다.",
            label_ko="압축 채널 수",
        ),
        Param(
            "activation",
            CHOICE,
            "ReLU",
            choices=("ReLU", "SiLU"),
            help="Activation between the two 1×1 convolutions (EfficientNet uses SiLU).",
            help_ko="두 1×1 합성곱 사이의 활성화 함수입니다. EfficientNet은 SiLU를 씁니다.",
            label_ko="활성화 함수",
        ),
        Param(
            "gate",
            CHOICE,
            "Sigmoid",
            choices=("Sigmoid", "Hardsigmoid"),
            help="What turns the second convolution's output into weights in [0, 1] "
            "(MobileNetV3 uses the cheaper Hardsigmoid).",
            help_ko="두 번째 합성곱의 출력을 [0, 1]의 가중치로 바꾸는 함수입니다(MobileNetV3는 "
            "더 값싼 Hardsigmoid를 씁니다).",
            label_ko="게이트 함수",
        ),
    ],
    describe=lambda p: f"↓{p['squeeze_channels']}",
    contents=lambda p: _se_lines(p["squeeze_channels"], p["activation"], p["gate"]),
    code=Module(
        "SqueezeExcitation",
        Arg(IN),
        Arg("squeeze_channels"),
        Arg("activation", "activation", omit="ReLU"),
        Arg("gate", "gate", omit="Sigmoid"),
    ),
)
def _se(inputs, p):
    c, h, w = feature_map(inputs, "SqueezeExcitation")
    t = Tally().se(c, p["squeeze_channels"])
    return Inference((c, h, w), t.params, t.macs)


# --------------------------------------------------------------------------- inverted


def _expansion(p) -> str:
    """ "×6" for a ratio, "↑72" for explicit expanded channels."""
    if p["expanded_channels"] is not None:
        return f"↑{p['expanded_channels']}"
    return f"×{p['expand_ratio']:g}"


def _expanded(p, inputs) -> int:
    if p["expanded_channels"] is not None:
        return p["expanded_channels"]
    return max(1, int(round(inputs[0][0] * p["expand_ratio"])))


def _inverted(t: Tally, inputs, p, exp: int, squeeze: int) -> tuple[int, int, int]:
    """Expansion, depthwise, optional SE and projection; returns the output shape."""
    cin, h, w = inputs[0]
    cout, k = p["out_channels"], p["kernel_size"]
    if exp != cin:
        t.conv(cin, exp, 1, h, w).bn(exp)
    ho, wo = _spatial(inputs, p, k)
    t.conv(exp, exp, k, ho, wo, groups=exp).bn(exp).se(exp, squeeze)
    t.conv(exp, cout, 1, ho, wo).bn(cout)
    return cout, ho, wo


@block(
    "InvertedResidual",
    CATEGORY,
    "Inverted residual",
    "MobileNet's block, the reverse of ResNet's bottleneck: a 1×1 convolution widens "
    "the channels, a depthwise convolution (one filter per channel) looks at neighbours "
    "cheaply, and a 1×1 convolution without activation narrows them again; the input "
    "is added back when the shapes match. Depthwise separable convolution costs a "
    "fraction of a full one. Optional squeeze-and-excitation (MobileNetV3).",
    title_ko="역잔차 블록",
    help_ko="ResNet 병목의 반대인 MobileNet의 블록입니다. 1×1 합성곱이 채널을 넓히고, "
    "깊이별 합성곱(채널마다 필터 하나)이 값싸게 이웃을 보며, 활성화 없는 1×1 합성곱이 "
    "채널을 다시 줄입니다. 모양이 같으면 입력을 다시 더합니다. 깊이별 분리 합성곱은 "
    "일반 합성곱 비용의 일부만 듭니다. MobileNetV3처럼 스퀴즈-익사이테이션을 넣을 수 "
    "있습니다.",
    composite=True,
    params=[
        OUT_CHANNELS,
        Param(
            "expand_ratio",
            FLOAT,
            6.0,
            minimum=1.0,
            maximum=64.0,
            help="How many times wider the middle is than the input (MobileNetV2: 6).",
            help_ko="가운데가 입력보다 몇 배 넓은지 정합니다. MobileNetV2는 6입니다.",
            label_ko="확장 배율",
        ),
        Param(
            "expanded_channels",
            INT,
            None,
            minimum=1,
            maximum=65536,
            nullable=True,
            help="Channels in the middle; empty means input channels × expand_ratio.",
            help_ko="가운데의 채널 수입니다. 비우면 입력 채널 × expand_ratio입니다.",
            label_ko="확장 채널 수",
        ),
        KERNEL,
        STRIDE,
        Param(
            "activation",
            CHOICE,
            "ReLU6",
            choices=("ReLU6", "ReLU", "Hardswish"),
            help="Activation after the expansion and the depthwise convolution "
            "(MobileNetV2: ReLU6; MobileNetV3: ReLU or Hardswish; MnasNet: ReLU).",
            help_ko="확장과 깊이별 합성곱 뒤의 활성화 함수입니다. MobileNetV2는 ReLU6, "
            "MobileNetV3는 ReLU 또는 Hardswish, MnasNet은 ReLU를 씁니다.",
            label_ko="활성화 함수",
        ),
        Param(
            "se",
            BOOL,
            False,
            help="Squeeze-and-excitation after the depthwise convolution, as MobileNetV3 "
            "(a quarter of the channels, Hardsigmoid gate).",
            help_ko="깊이별 합성곱 뒤에 MobileNetV3처럼 스퀴즈-익사이테이션(채널의 4분의 "
            "1, Hardsigmoid 게이트)을 둡니다.",
            label_ko="스퀴즈-익사이테이션",
        ),
        BN_EPS,
        BN_MOMENTUM,
    ],
    describe=lambda p: (
        f"×{p['expand_ratio']:g} · {p['kernel_size']}×{p['kernel_size']} · "
        f"{p['out_channels']}{stride_text(p)}"
    ),
    contents=lambda p: _mobile_lines(
        p, p["activation"], "Hardsigmoid" if p["se"] else "", _expansion(p)
    ),
    code=Module(
        "InvertedResidual",
        Arg(IN),
        Arg("out_channels"),
        Arg(_expanded),
        Arg("kernel_size", "kernel_size", omit=3),
        Arg("stride", "stride", omit=1),
        Arg("activation", "activation", omit="ReLU6"),
        Arg("se", "se", omit=False),
        *_bn_args(),
    ),
)
def _inverted_residual(inputs, p):
    feature_map(inputs, "InvertedResidual")
    exp = _expanded(p, inputs)
    squeeze = make_divisible(exp // 4, 8) if p["se"] else 0
    t = Tally()
    shape = _inverted(t, inputs, p, exp, squeeze)
    return Inference(shape, t.params, t.macs)


def _mb_expanded(p, inputs) -> int:
    return make_divisible(inputs[0][0] * p["expand_ratio"], 8)


def _drop(p, inputs) -> float:
    """The stochastic depth in effect: none where no input is added back."""
    residual = p["stride"] == 1 and inputs[0][0] == p["out_channels"]
    return float(p["stochastic_depth"]) if residual else 0.0


def _squeeze(p, inputs) -> int:
    """Squeezed channels of MBConv's squeeze-and-excitation (0: none)."""
    return max(1, int(inputs[0][0] * p["se_ratio"])) if p["se_ratio"] > 0 else 0


def _mb_describe(p) -> str:
    return (
        f"×{p['expand_ratio']} · {p['kernel_size']}×{p['kernel_size']} · "
        f"{p['out_channels']}{stride_text(p)}"
    )


def _mb_code(cls: str, *extra: Arg) -> Module:
    """EfficientNet's blocks: ``cls(in, out, expanded, kernel_size=, stride=, ...)``."""
    return Module(
        cls,
        Arg(IN),
        Arg("out_channels"),
        Arg(_mb_expanded),
        Arg("kernel_size", "kernel_size", omit=3),
        Arg("stride", "stride", omit=1),
        *extra,
        Arg(_drop, "stochastic_depth", omit=0.0),
        *_bn_args(),
    )


EXPAND_RATIO = Param(
    "expand_ratio",
    INT,
    6,
    minimum=1,
    maximum=64,
    help="How many times wider the middle is than the input (rounded to a multiple of 8).",
    help_ko="가운데가 입력보다 몇 배 넓은지입니다(8의 배수로 반올림합니다).",
    label_ko="확장 배율",
)


@block(
    "MBConv",
    CATEGORY,
    "MBConv",
    "EfficientNet's block: an inverted residual with SiLU activations, squeeze-and-"
    "excitation, and stochastic depth on the residual branch. EfficientNet scales depth, "
    "width and resolution together (compound scaling) from a base net of these blocks.",
    help_ko="EfficientNet의 블록입니다. SiLU 활성화, 스퀴즈-익사이테이션, 잔차 가지의 "
    "확률적 깊이를 갖춘 역잔차 블록입니다. EfficientNet은 이 블록으로 된 기본 망에서 깊이, "
    "너비, 해상도를 함께 키웁니다. 이를 복합 확장(compound scaling)이라고 합니다.",
    composite=True,
    params=[
        OUT_CHANNELS,
        EXPAND_RATIO,
        KERNEL,
        STRIDE,
        Param(
            "se_ratio",
            FLOAT,
            0.25,
            minimum=0.0,
            maximum=1.0,
            help="Squeezed channels of the squeeze-and-excitation as a share of the input "
            "channels; 0 leaves it out.",
            help_ko="스퀴즈-익사이테이션의 압축 채널 수를 입력 채널에 대한 비율로 "
            "나타냅니다. 0이면 두지 않습니다.",
            label_ko="SE 압축 비율",
        ),
        STOCHASTIC_DEPTH,
        BN_EPS,
        BN_MOMENTUM,
    ],
    describe=_mb_describe,
    contents=lambda p: [
        *_mobile_lines(p, "SiLU", "Sigmoid" if p["se_ratio"] else "", f"×{p['expand_ratio']}"),
        _("stochastic depth on the branch"),
    ],
    code=_mb_code("MBConv", Arg(lambda p, inputs: _squeeze(p, inputs), "squeeze_channels", omit=0)),
)
def _mbconv(inputs, p):
    feature_map(inputs, "MBConv")
    t = Tally()
    shape = _inverted(t, inputs, p, _mb_expanded(p, inputs), _squeeze(p, inputs))
    return Inference(shape, t.params, t.macs)


@block(
    "FusedMBConv",
    CATEGORY,
    "Fused MBConv",
    "EfficientNetV2's early block: the 1×1 expansion and the depthwise convolution of "
    "MBConv fused into one full convolution, which runs faster on accelerators where "
    "maps are large; then a 1×1 projection.",
    title_ko="융합 MBConv",
    help_ko="EfficientNetV2의 앞쪽 블록입니다. MBConv의 1×1 확장과 깊이별 합성곱을 하나의 "
    "일반 합성곱으로 합쳐, 맵이 큰 곳에서 가속기로 더 빨리 돕니다. 그 뒤 1×1 사영이 옵니다.",
    composite=True,
    params=[
        OUT_CHANNELS,
        dataclasses.replace(EXPAND_RATIO, default=4),
        KERNEL,
        STRIDE,
        STOCHASTIC_DEPTH,
        BN_EPS,
        BN_MOMENTUM,
    ],
    describe=_mb_describe,
    contents=lambda p: [
        _(
            "{k}×{k} conv ×{ratio}{stride}, BN, SiLU",
            k=p["kernel_size"],
            ratio=p["expand_ratio"],
            stride=stride_text(p),
        ),
        _("1×1 conv → {channels}, BN, no activation", channels=p["out_channels"]),
        _("the input added back when the shapes match"),
        _("stochastic depth on the branch"),
    ],
    code=_mb_code("FusedMBConv"),
)
def _fused(inputs, p):
    cin, h, w = feature_map(inputs, "FusedMBConv")
    exp, cout, k = _mb_expanded(p, inputs), p["out_channels"], p["kernel_size"]
    ho, wo = _spatial(inputs, p, k)
    t = Tally()
    if exp != cin:
        t.conv(cin, exp, k, ho, wo).bn(exp).conv(exp, cout, 1, ho, wo).bn(cout)
    else:
        t.conv(cin, cout, k, ho, wo).bn(cout)
    return Inference((cout, ho, wo), t.params, t.macs)
