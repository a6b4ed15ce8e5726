"""Normalisation, activations, dropout, flatten, linear, and the merges Add and Concat."""

from __future__ import annotations

import math

from engine.blocks.code import (
    IN,
    Arg,
    Inline,
    Module,
    concat_lines,
    operator_lines,
    operator_too_long,
)
from engine.blocks.common import BIAS, feature_map, same_shape
from engine.i18n import _
from engine.registry import FLOAT, INT, MANY, Inference, Param, ShapeProblem, block


@block(
    "BatchNorm2d",
    "Normalization",
    "Batch norm",
    "Normalises each channel over the batch, then scales and shifts it with two learned "
    "numbers: training is faster and steadier. Modern nets use it instead of LRN.",
    title_ko="배치 정규화",
    help_ko="채널마다 배치의 평균과 분산으로 정규화한 뒤, 학습되는 두 값으로 크기와 위치를 "
    "조정합니다. 학습이 빠르고 안정됩니다. 현대 CNN은 LRN 대신 이것을 씁니다.",
    params=[
        Param(
            "eps",
            FLOAT,
            1e-5,
            minimum=0.0,
            maximum=1.0,
            help="Small number added to the variance to avoid division by zero.",
            help_ko="0으로 나누지 않도록 분산에 더하는 작은 수입니다.",
            label_ko="엡실론",
        ),
        Param(
            "momentum",
            FLOAT,
            0.1,
            minimum=0.0,
            maximum=1.0,
            help="How fast the running statistics used at inference follow the batches.",
            help_ko="추론에 쓰는 이동 평균 통계가 배치를 따라가는 속도입니다.",
            label_ko="모멘텀",
        ),
    ],
    code=Module(
        "nn.BatchNorm2d",
        Arg(IN),
        Arg("eps", "eps", omit=1e-5, convert=float),
        Arg("momentum", "momentum", omit=0.1, convert=float),
    ),
)
def _bn(inputs, p):
    c, h, w = feature_map(inputs, "BatchNorm2d")
    return Inference((c, h, w), 2 * c)


@block(
    "LocalResponseNorm",
    "Normalization",
    "Local response norm",
    "AlexNet's normalisation: each activation is damped by its neighbours in nearby "
    "channels (lateral inhibition). Batch norm replaced it in later nets.",
    title_ko="국소 응답 정규화",
    help_ko="AlexNet의 정규화입니다. 가까운 채널들의 활성값으로 각 값을 억제합니다(측면 "
    "억제). 이후 배치 정규화로 대체되었습니다.",
    params=[
        Param(
            "size",
            INT,
            5,
            minimum=1,
            maximum=1024,
            help="Neighbouring channels used.",
            help_ko="함께 쓰는 이웃 채널 수(n)입니다.",
            label_ko="이웃 채널 수",
        ),
        Param(
            "alpha",
            FLOAT,
            1e-4,
            minimum=0.0,
            help="Scale of the damping. PyTorch divides alpha by size: it computes "
            "a / (k + alpha/n · Σa²)^beta, while the AlexNet paper writes "
            "a / (k + alpha · Σa²)^beta. The paper's alpha 1e-4 with size 5 is therefore "
            "alpha 5e-4 here (the AlexNet preset uses 5e-4).",
            help_ko="억제의 크기입니다. PyTorch는 alpha를 size로 나눠 "
            "a / (k + alpha/n · Σa²)^beta를 계산하지만, AlexNet 논문은 "
            "a / (k + alpha · Σa²)^beta로 씁니다. 그래서 논문의 "
            "alpha 1e-4(size 5)는 여기서 alpha 5e-4입니다. AlexNet 프리셋은 5e-4를 씁니다.",
            label_ko="알파",
        ),
        Param(
            "beta",
            FLOAT,
            0.75,
            minimum=0.0,
            help="Exponent of the damping.",
            help_ko="억제의 지수입니다.",
            label_ko="베타",
        ),
        Param(
            "k",
            FLOAT,
            2.0,
            minimum=0.0,
            help="Constant added before the exponent.",
            help_ko="거듭제곱하기 전에 더하는 상수입니다.",
            label_ko="상수 k",
        ),
    ],
    code=Module(
        "nn.LocalResponseNorm",
        Arg("size"),
        Arg("alpha", "alpha", convert=float),
        Arg("beta", "beta", convert=float),
        Arg("k", "k", convert=float),
    ),
)
def _lrn(inputs, p):
    return Inference(feature_map(inputs, "LocalResponseNorm"))


_ACTIVATIONS = {
    "ReLU": (
        "Keeps positive values and sets negatives to zero: the simple non-linearity "
        "AlexNet made standard (it trained six times faster than tanh).",
        "양수는 그대로 두고 음수는 0으로 만듭니다. AlexNet이 표준으로 만든 단순한 "
        "비선형성입니다. tanh보다 6배 빨리 학습했습니다.",
    ),
    "Tanh": ("Squashes values into −1…1.", "값을 −1…1 사이로 압축합니다."),
    "Sigmoid": ("Squashes values into 0…1.", "값을 0…1 사이로 압축합니다."),
    "GELU": ("A smooth ReLU used in transformers.", "트랜스포머에서 쓰는 부드러운 ReLU입니다."),
    "SiLU": (
        "x·sigmoid(x), a smooth ReLU (also called swish).",
        "x·sigmoid(x)로, 부드러운 ReLU입니다. swish라고도 합니다.",
    ),
    "ReLU6": (
        "ReLU capped at 6: min(max(x, 0), 6). MobileNetV2 uses it so values stay small "
        "enough for low-precision arithmetic on phones.",
        "6에서 멈추는 ReLU입니다: min(max(x, 0), 6). MobileNetV2는 휴대폰의 낮은 정밀도 "
        "연산에서도 값이 작게 유지되도록 이것을 씁니다.",
    ),
    "Hardswish": (
        "x·ReLU6(x + 3)/6: MobileNetV3's cheap stand-in for swish (x·sigmoid(x)), made "
        "of a clip and a product instead of an exponential.",
        "x·ReLU6(x + 3)/6입니다. 지수 함수 대신 자르기와 곱셈으로 만든 swish(x·sigmoid(x))의 "
        "값싼 대용이며 MobileNetV3가 씁니다.",
    ),
    "Hardsigmoid": (
        "ReLU6(x + 3)/6: a sigmoid made of straight lines, 0 below −3 and 1 above 3. "
        "MobileNetV3's squeeze-and-excitation gates channels with it.",
        "ReLU6(x + 3)/6입니다. 직선으로 만든 sigmoid로 −3 아래는 0, 3 위는 1입니다. "
        "MobileNetV3의 스퀴즈-익사이테이션이 이것으로 채널의 비중을 정합니다.",
    ),
}
for _name, (_help, _help_ko) in _ACTIVATIONS.items():
    block(_name, "Activation", _name, _help, help_ko=_help_ko, code=Module(f"nn.{_name}"))(
        same_shape
    )


@block(
    "LeakyReLU",
    "Activation",
    "LeakyReLU",
    "Like ReLU, but negatives keep a small slope so no unit goes silent.",
    help_ko="ReLU와 같지만 음수에 작은 기울기를 남겨, 출력이 늘 0인 뉴런이 생기지 않게 합니다.",
    params=[
        Param(
            "negative_slope",
            FLOAT,
            0.01,
            minimum=0.0,
            maximum=1.0,
            help="Slope for negative inputs.",
            help_ko="음수 입력에 곱하는 기울기입니다.",
            label_ko="음수 기울기",
        )
    ],
    describe=lambda p: f"slope {p['negative_slope']}",
    code=Module("nn.LeakyReLU", Arg("negative_slope", "negative_slope", omit=0.01, convert=float)),
)
def _leaky(inputs, p):
    return Inference(inputs[0])


@block(
    "Dropout",
    "Regularization",
    "Dropout",
    "During training, zeroes each value with probability p so the net cannot rely on "
    "any single unit: less overfitting. Does nothing at inference.",
    title_ko="드롭아웃",
    help_ko="학습하는 동안 확률 p로 값을 0으로 만들어 특정 뉴런에 기대지 않게 합니다(과적합 "
    "감소). 추론할 때는 아무것도 하지 않습니다.",
    params=[
        Param(
            "p",
            FLOAT,
            0.5,
            minimum=0.0,
            maximum=1.0,
            help="Probability of zeroing each value.",
            help_ko="각 값을 0으로 만들 확률입니다.",
            label_ko="드롭 확률",
        )
    ],
    describe=lambda p: f"p {p['p']}",
    code=Module("nn.Dropout", Arg("p", "p", convert=float)),
)
def _dropout(inputs, p):
    return Inference(inputs[0])


@block(
    "Flatten",
    "Dense",
    "Flatten",
    "Unrolls a feature map [C, H, W] into one long vector [C·H·W] for Linear layers.",
    title_ko="평탄화",
    help_ko="특성 맵 [C, H, W]를 긴 벡터 [C·H·W] 하나로 펼쳐 Linear 층에 넘깁니다.",
    code=Module("nn.Flatten"),
)
def _flatten(inputs, p):
    return Inference((math.prod(inputs[0]),))


@block(
    "Linear",
    "Dense",
    "Linear",
    "Fully connected: every output is a weighted sum of every input. The classifier at "
    "the end of a CNN; its out_features is the number of classes.",
    title_ko="선형 (완전 연결)",
    help_ko="완전 연결 층입니다. 모든 출력이 모든 입력의 가중합입니다. CNN 끝의 분류기로 "
    "쓰며, 마지막 층의 out_features 값이 클래스 수입니다.",
    params=[
        Param(
            "out_features",
            INT,
            required=True,
            minimum=1,
            maximum=1_000_000,
            start=10,
            help="Number of outputs (the number of classes for the last layer).",
            help_ko="출력의 개수입니다. 마지막 층이면 클래스 수입니다.",
            label_ko="출력 특성 수",
        ),
        BIAS,
    ],
    describe=lambda p: f"→ {p['out_features']}",
    code=Module("nn.Linear", Arg(IN), Arg("out_features"), Arg("bias", "bias", omit=True)),
)
def _linear(inputs, p):
    shape = inputs[0]
    if len(shape) != 1:
        raise ShapeProblem(
            _(
                "Linear needs a flat input [F] but gets a feature map {shape}: "
                "add a Flatten (or global pooling then Flatten) before it",
                shape=list(shape),
            ),
            code="needs_flat_input",
        )
    fin, fout = shape[0], p["out_features"]
    return Inference((fout,), fin * fout + (fout if p["bias"] else 0), fin * fout)


@block(
    "Add",
    "Merge",
    "Add",
    "Adds its inputs element by element (a residual connection). All inputs must have "
    "the same shape.",
    title_ko="더하기",
    help_ko="입력들을 원소별로 더합니다(잔차 연결). 모든 입력의 모양이 같아야 합니다.",
    arity=MANY,
    code=Inline(
        Module("Add"),
        operator_lines("+"),
        too_long=lambda target, args: operator_too_long("+", target, args),
    ),
)
def _add(inputs, p):
    first = inputs[0]
    for i, shape in enumerate(inputs[1:], 1):
        if shape != first:
            raise ShapeProblem(
                _(
                    "Add needs equal shapes: port 0 is {first}, port {port} is {shape}",
                    first=list(first),
                    port=i,
                    shape=list(shape),
                ),
                code="add_shape_mismatch",
            )
    return Inference(first)


@block(
    "Concat",
    "Merge",
    "Concat",
    "Joins its inputs along the channels (feature maps of equal height and width, as in "
    "Inception and DenseNet) or along the features (flat vectors), in port order.",
    title_ko="연결 (Concat)",
    help_ko="입력들을 포트 순서대로 이어 붙입니다. 높이와 너비가 같은 특성 맵은 채널 방향으로 "
    "(Inception, DenseNet처럼), 벡터는 특성 방향으로 잇습니다.",
    arity=MANY,
    code=Inline(Module("Concat"), concat_lines),
)
def _concat(inputs, p):
    ranks = {len(s) for s in inputs}
    if ranks == {1}:
        return Inference((sum(s[0] for s in inputs),))
    if ranks != {3}:
        raise ShapeProblem(
            _("Concat needs all feature maps [C, H, W] or all vectors [F]"),
            code="concat_rank_mismatch",
        )
    hw = inputs[0][1:]
    for i, shape in enumerate(inputs[1:], 1):
        if shape[1:] != hw:
            raise ShapeProblem(
                _(
                    "Concat needs equal height and width: port 0 is {first}, "
                    "port {port} is {shape}",
                    first=list(inputs[0]),
                    port=i,
                    shape=list(shape),
                ),
                code="concat_size_mismatch",
            )
    return Inference((sum(s[0] for s in inputs), *hw))
