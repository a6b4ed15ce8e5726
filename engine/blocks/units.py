"""Composite blocks of ShuffleNet, SqueezeNet and ConvNeXt.

Each shape rule counts every inner layer (:class:`~engine.blocks.counting.Tally`); the
modules are in :mod:`engine.nets.mobile`, written as torchvision writes them.
"""

from __future__ import annotations

from engine.blocks.code import IN, Arg, Module
from engine.blocks.common import OUT_CHANNELS, conv_geometry, feature_map
from engine.blocks.composite import channel_params
from engine.blocks.counting import Tally
from engine.blocks.mobile import CATEGORY, STOCHASTIC_DEPTH, stride_text
from engine.i18n import _
from engine.registry import FLOAT, INT, Inference, Param, ShapeProblem, block

# --------------------------------------------------------------------------- shuffle


@block(
    "ShuffleUnit",
    CATEGORY,
    "ShuffleNet unit",
    "ShuffleNetV2's unit. With stride 1 it splits the channels in halves, passes one "
    "half through untouched and the other through 1×1, depthwise 3×3 and 1×1 "
    "convolutions; with stride 2 both halves are convolved and the map halves. The "
    "halves are joined and their channels shuffled, so the next unit mixes them.",
    title_ko="ShuffleNet 유닛",
    help_ko="ShuffleNetV2의 유닛입니다. 스트라이드가 1이면 채널을 반으로 나눠 한쪽은 그대로 두고 "
    "다른 쪽만 1×1, 깊이별 3×3, 1×1 합성곱을 거칩니다. 스트라이드가 2이면 두 쪽 모두 합성곱을 "
    "거치고 맵이 절반이 됩니다. 두 쪽을 잇고 채널을 섞어 다음 유닛이 섞인 채널을 보게 "
    "합니다.",
    composite=True,
    params=[
        Param(
            OUT_CHANNELS.name,
            INT,
            required=True,
            minimum=2,
            maximum=65536,
            start=116,
            help=OUT_CHANNELS.help + " Even; with stride 1 equal to the input channels.",
            help_ko=OUT_CHANNELS.help_ko
            + " 짝수이며, 스트라이드가 1이면 입력 채널 수와 같아야 합니다.",
            label_ko="출력 채널 수",
        ),
        Param(
            "stride",
            INT,
            1,
            minimum=1,
            maximum=3,
            help="1 keeps the map and the channels; 2 halves the map.",
            help_ko="1이면 맵과 채널 수를 유지하고, 2이면 맵이 절반이 됩니다.",
            label_ko="스트라이드",
        ),
    ],
    describe=lambda p: f"{p['out_channels']}{stride_text(p)}",
    contents=lambda p: [
        _("stride 1: one half of the channels passes untouched")
        if p["stride"] == 1
        else _("depthwise 3×3 conv{stride}, BN, 1×1 conv, BN, ReLU", stride=stride_text(p)),
        _(
            "1×1 conv, BN, ReLU, depthwise 3×3 conv{stride}, BN, 1×1 conv, BN, ReLU",
            stride=stride_text(p),
        ),
        _("the halves joined and their channels shuffled"),
    ],
    code=Module("ShuffleUnit", Arg(IN), Arg("out_channels"), Arg("stride", "stride", omit=1)),
)
def _shuffle_unit(inputs, p):
    cin, h, w = feature_map(inputs, "ShuffleUnit")
    cout, stride = p["out_channels"], p["stride"]
    if cout % 2 or (stride == 1 and cin != cout):
        raise ShapeProblem(
            _(
                "a ShuffleNet unit needs even output channels, equal to its input channels "
                "{channels} with stride 1; it has {out}",
                channels=cin,
                out=cout,
            ),
            code="channels_mismatch",
        )
    half = cout // 2
    ho, wo = conv_geometry(inputs[0], 3, stride, 1)
    t = Tally()
    if stride > 1:
        t.conv(cin, cin, 3, ho, wo, groups=cin).bn(cin).conv(cin, half, 1, ho, wo).bn(half)
    t.conv(cin if stride > 1 else half, half, 1, h, w).bn(half)
    t.conv(half, half, 3, ho, wo, groups=half).bn(half).conv(half, half, 1, ho, wo).bn(half)
    return Inference((cout, ho, wo), t.params, t.macs)


# --------------------------------------------------------------------------- fire

_FIRE = [
    ("squeeze", 16, "Channels of the 1×1 squeeze.", "1×1 압축의 채널 수입니다.", "압축 채널 수"),
    (
        "expand1x1",
        64,
        "Channels of the 1×1 expansion.",
        "1×1 확장의 채널 수입니다.",
        "1×1 확장 채널 수",
    ),
    (
        "expand3x3",
        64,
        "Channels of the 3×3 expansion.",
        "3×3 확장의 채널 수입니다.",
        "3×3 확장 채널 수",
    ),
]


@block(
    "Fire",
    CATEGORY,
    "Fire module",
    "SqueezeNet's module: a 1×1 convolution squeezes the channels, then 1×1 and 3×3 "
    "convolutions expand them side by side and are joined on channels. Few 3×3 filters "
    "on few channels gave AlexNet's accuracy with 50 times fewer parameters.",
    title_ko="Fire 모듈",
    help_ko="SqueezeNet의 모듈입니다. 1×1 합성곱이 채널을 줄이고, 1×1과 3×3 합성곱이 나란히 "
    "채널을 늘려 채널 방향으로 잇습니다. 적은 채널에 적은 3×3 필터만 써서 AlexNet의 정확도를 "
    "50분의 1의 파라미터로 냈습니다.",
    composite=True,
    params=channel_params(_FIRE),
    describe=lambda p: f"↓{p['squeeze']} · {p['expand1x1'] + p['expand3x3']}",
    contents=lambda p: [
        _("1×1 conv → {channels}, ReLU", channels=p["squeeze"]),
        _(
            "1×1 conv → {a} and 3×3 conv → {b} side by side, ReLU",
            a=p["expand1x1"],
            b=p["expand3x3"],
        ),
        _("concatenated on channels"),
    ],
    code=Module("Fire", Arg(IN), *(Arg(name) for name, *_ in _FIRE)),
)
def _fire(inputs, p):
    cin, h, w = feature_map(inputs, "Fire")
    s, e1, e3 = p["squeeze"], p["expand1x1"], p["expand3x3"]
    t = Tally().conv(cin, s, 1, h, w, bias=True)
    t.conv(s, e1, 1, h, w, bias=True).conv(s, e3, 3, h, w, bias=True)
    return Inference((e1 + e3, h, w), t.params, t.macs)


# --------------------------------------------------------------------------- convnext


@block(
    "ConvNeXtBlock",
    CATEGORY,
    "ConvNeXt block",
    "ConvNeXt's block (2022), a ResNet block modernised after vision transformers: a "
    "depthwise 7×7 convolution, layer norm, a 1×1 widening to four times the channels "
    "with GELU, a 1×1 back, a learned layer scale, and the input added back.",
    title_ko="ConvNeXt 블록",
    help_ko="비전 트랜스포머를 따라 현대화한 ResNet 블록인 ConvNeXt의 블록입니다(2022). "
    "깊이별 7×7 합성곱, 층 정규화, GELU와 함께 채널을 네 배로 넓히는 1×1, 다시 줄이는 "
    "1×1, 학습되는 층 스케일을 거친 뒤 입력을 다시 더합니다.",
    composite=True,
    params=[
        Param(
            "layer_scale",
            FLOAT,
            1e-6,
            minimum=0.0,
            maximum=1000.0,
            help="The layer scale's starting value: the branch starts almost switched off.",
            help_ko="층 스케일의 초깃값입니다. 가지가 거의 꺼진 채 시작합니다.",
            label_ko="층 스케일 초깃값",
        ),
        STOCHASTIC_DEPTH,
    ],
    contents=lambda p: [
        _("depthwise 7×7 conv"),
        _("layer norm over the channels"),
        _("1×1 conv → 4 × channels, GELU"),
        _("1×1 conv back to the channels"),
        _("layer scale, stochastic depth"),
        _("the input added back"),
    ],
    code=Module(
        "ConvNeXtBlock",
        Arg(IN),
        Arg("layer_scale", "layer_scale", omit=1e-6, convert=float),
        Arg("stochastic_depth", "stochastic_depth", omit=0.0, convert=float),
    ),
)
def _convnext(inputs, p):
    c, h, w = feature_map(inputs, "ConvNeXtBlock")
    t = Tally().conv(c, c, 7, h, w, groups=c, bias=True).bn(c)
    t.conv(c, 4 * c, 1, h, w, bias=True).conv(4 * c, c, 1, h, w, bias=True).add(c)
    return Inference((c, h, w), t.params, t.macs)
