"""The one-layer blocks the families after ResNet added.

ConvNeXt's layer norm over channels and layer scale, the element-wise product of
squeeze-and-excitation, stochastic depth, and ShuffleNet's channel split and shuffle
(MobileNet's clipped and "hard" activations are with the others, in ``layers.py``).
"""

from __future__ import annotations

import math

from engine.blocks.code import (
    IN,
    TAB,
    Arg,
    Inline,
    Module,
    operator_lines,
    operator_too_long,
)
from engine.blocks.common import feature_map
from engine.i18n import _
from engine.registry import FLOAT, INT, MANY, Inference, Param, ShapeProblem, block


@block(
    "LayerNorm2d",
    "Normalization",
    "Layer norm (channels)",
    "Normalises the channels of each pixel to mean 0 and variance 1, then scales and "
    "shifts them with two learned numbers per channel. Unlike batch norm it does not "
    "depend on the batch; ConvNeXt uses it as transformers do.",
    title_ko="층 정규화 (채널)",
    help_ko="픽셀마다 채널 값을 평균 0, 분산 1로 정규화한 뒤 채널마다 학습된 두 값으로 조정합니다. "
    "배치 정규화와 달리 배치에 의존하지 않으며, ConvNeXt가 트랜스포머처럼 이것을 씁니다.",
    params=[
        Param(
            "eps",
            FLOAT,
            1e-6,
            minimum=0.0,
            maximum=1.0,
            help="Small number added to the variance to avoid division by zero.",
            help_ko="0으로 나누지 않도록 분산에 더하는 작은 수입니다.",
            label_ko="엡실론",
        )
    ],
    code=Module("LayerNorm2d", Arg(IN), Arg("eps", "eps", convert=float)),
)
def _layer_norm(inputs, p):
    c, h, w = feature_map(inputs, "LayerNorm2d")
    return Inference((c, h, w), 2 * c)


@block(
    "LayerScale",
    "Normalization",
    "Layer scale",
    "Multiplies each channel by a learned number that starts tiny, so a new residual "
    "branch begins almost switched off and the net learns how much of it to use "
    "(ConvNeXt).",
    title_ko="층 스케일",
    help_ko="채널마다 아주 작게 시작하는 학습된 수를 곱합니다. 새 잔차 가지가 거의 꺼진 채 "
    "시작하고, 얼마나 쓸지는 망이 학습합니다. ConvNeXt가 씁니다.",
    params=[
        Param(
            "init",
            FLOAT,
            1e-6,
            minimum=0.0,
            maximum=1000.0,
            help="The scale every channel starts with.",
            help_ko="모든 채널이 시작할 때의 배율입니다.",
            label_ko="초깃값",
        )
    ],
    code=Module("LayerScale", Arg(IN), Arg("init", "init", omit=1e-6, convert=float)),
)
def _layer_scale(inputs, p):
    c, h, w = feature_map(inputs, "LayerScale")
    return Inference((c, h, w), c)


@block(
    "Mul",
    "Merge",
    "Multiply",
    "Multiplies its inputs element by element. A [C, 1, 1] input scales whole channels "
    "of a [C, H, W] one: that is how squeeze-and-excitation applies its channel weights.",
    title_ko="곱하기",
    help_ko="입력을 원소별로 곱합니다. [C, 1, 1] 입력은 [C, H, W] 입력의 채널 전체에 곱해집니다. "
    "스퀴즈-익사이테이션이 채널 가중치를 적용하는 방식입니다.",
    arity=MANY,
    code=Inline(
        Module("Mul"),
        operator_lines("*"),
        too_long=lambda target, args: operator_too_long("*", target, args),
    ),
)
def _mul(inputs, p):
    out = max(inputs, key=math.prod)
    for i, shape in enumerate(inputs):
        gate = len(shape) == 3 == len(out) and shape[0] == out[0] and shape[1:] == (1, 1)
        if shape != out and not gate:
            raise ShapeProblem(
                _(
                    "Mul needs equal shapes, or a [C, 1, 1] gate with the same channels: "
                    "port {port} is {shape}, the output is {output}",
                    port=i,
                    shape=list(shape),
                    output=list(out),
                )
            )
    return Inference(out)


@block(
    "StochasticDepth",
    "Regularization",
    "Stochastic depth",
    "During training, skips a residual branch for a random share p of the samples (the "
    "rest are scaled up to compensate), so a deep net trains like a shallower one. Does "
    "nothing at inference. Put it on a branch just before the Add.",
    title_ko="확률적 깊이",
    help_ko="학습 중 표본의 무작위 비율 p에 대해 잔차 가지를 건너뛰고(나머지는 보정하도록 "
    "키웁니다) 깊은 망을 얕은 망처럼 학습시킵니다. 추론 때는 아무것도 하지 않습니다. "
    "Add 바로 앞의 가지에 둡니다.",
    params=[
        Param(
            "p",
            FLOAT,
            0.1,
            minimum=0.0,
            maximum=1.0,
            help="Probability of skipping the branch for a sample.",
            help_ko="표본 하나에 대해 가지를 건너뛸 확률입니다.",
            label_ko="건너뛸 확률",
        )
    ],
    describe=lambda p: f"p {p['p']}",
    code=Module("StochasticDepth", Arg("p", convert=float)),
)
def _stochastic_depth(inputs, p):
    return Inference(inputs[0])


@block(
    "ChannelShuffle",
    "Merge",
    "Channel shuffle",
    "Deals the channels out group by group (1, 2, 3, 4 → 1, 3, 2, 4 for two groups), so "
    "that grouped convolutions after it see channels from every group. ShuffleNet's "
    "trick for cheap grouped convolutions that still mix information.",
    title_ko="채널 셔플",
    help_ko="채널을 그룹별로 번갈아 섞습니다(두 그룹이면 1, 2, 3, 4 → 1, 3, 2, 4). 뒤따르는 "
    "그룹 합성곱이 모든 그룹의 채널을 보게 하는, 값싸면서도 정보를 섞는 ShuffleNet의 "
    "방법입니다.",
    params=[
        Param(
            "groups",
            INT,
            2,
            minimum=1,
            maximum=4096,
            help="Number of groups; it must divide the channels.",
            help_ko="그룹 수입니다. 채널 수를 나누어떨어지게 해야 합니다.",
            label_ko="그룹 수",
        )
    ],
    describe=lambda p: f"g{p['groups']}",
    code=Module("ChannelShuffle", Arg("groups")),
)
def _channel_shuffle(inputs, p):
    c, h, w = feature_map(inputs, "ChannelShuffle")
    if c % p["groups"]:
        raise ShapeProblem(
            _(
                "groups {groups} must divide the input channels {channels}",
                groups=p["groups"],
                channels=c,
            ),
            code="groups_mismatch",
        )
    return Inference((c, h, w))


def _chunk_lines(target: str, args: list[str], p: dict) -> list[str]:
    return [f"{TAB * 2}{target} = torch.chunk({args[0]}, {p['chunks']}, dim=1)[{p['index']}]"]


@block(
    "ChannelChunk",
    "Merge",
    "Channel split",
    "Keeps one of several equal parts of the channels (torch.chunk). Two of these on "
    "the same input split it in halves, as ShuffleNetV2 does before working on one half "
    "only; Concat joins the parts again.",
    title_ko="채널 나누기",
    help_ko="채널을 같은 크기로 나눈 조각 중 하나만 남깁니다(torch.chunk). 같은 입력에 둘을 "
    "두면 반으로 나뉘며, ShuffleNetV2는 이렇게 나눈 뒤 한쪽에만 연산을 합니다. Concat이 "
    "조각을 다시 잇습니다.",
    params=[
        Param(
            "chunks",
            INT,
            2,
            minimum=1,
            maximum=4096,
            help="Into how many parts the channels are split.",
            help_ko="채널을 몇 조각으로 나눌지입니다.",
            label_ko="조각 수",
        ),
        Param(
            "index",
            INT,
            0,
            minimum=0,
            maximum=4095,
            help="Which part to keep, from 0.",
            help_ko="남길 조각의 번호로, 0부터 셉니다.",
            label_ko="조각 번호",
        ),
    ],
    describe=lambda p: f"{p['index'] + 1}/{p['chunks']}",
    code=Inline(Module("ChannelChunk", Arg("chunks"), Arg("index")), _chunk_lines),
)
def _channel_chunk(inputs, p):
    c, h, w = feature_map(inputs, "ChannelChunk")
    size = -(-c // p["chunks"])  # torch.chunk: ceil(C / chunks) channels a part
    start = p["index"] * size
    if p["index"] >= p["chunks"] or start >= c:
        raise ShapeProblem(
            _(
                "part {index} of {chunks} is empty: {channels} channels make parts of {size}",
                index=p["index"],
                chunks=p["chunks"],
                channels=c,
                size=size,
            ),
            code="empty_output",
        )
    return Inference((min(size, c - start), h, w))
