"""Inception v3's modules as one block with a variant (torchvision's InceptionA to E).

Every convolution is followed by batch norm (eps 0.001) and ReLU and has no bias; each
variant's inner channels are fixed by the design, only ``pool_features`` (A) and
``channels_7x7`` (C) are chosen. The module is :func:`engine.nets.inception3.InceptionV3Block`.
"""

from __future__ import annotations

from engine.blocks.code import IN, Arg, Module
from engine.blocks.common import conv_geometry, feature_map
from engine.blocks.counting import Tally
from engine.i18n import _
from engine.registry import CHOICE, INT, Inference, Param, block, pair

VARIANTS = ("A", "B", "C", "D", "E")

# Each branch: (out_channels, kernel, stride, padding) of its convolutions in order;
# "avg"/"max" is a 3×3 pooling (avg: stride 1, padding 1; max: stride 2). "P" stands for
# pool_features and "C7" for channels_7x7. A tuple of branches is a split joined on
# channels (InceptionE's 1×3 and 3×1 side by side).
_1x7, _7x1, _1x3, _3x1 = (1, 7), (7, 1), (1, 3), (3, 1)
_P07, _P30, _P01, _P10 = (0, 3), (3, 0), (0, 1), (1, 0)
DESIGNS = {
    "A": [
        [(64, 1, 1, 0)],
        [(48, 1, 1, 0), (64, 5, 1, 2)],
        [(64, 1, 1, 0), (96, 3, 1, 1), (96, 3, 1, 1)],
        ["avg", ("P", 1, 1, 0)],
    ],
    "B": [
        [(384, 3, 2, 0)],
        [(64, 1, 1, 0), (96, 3, 1, 1), (96, 3, 2, 0)],
        ["max"],
    ],
    "C": [
        [(192, 1, 1, 0)],
        [("C7", 1, 1, 0), ("C7", _1x7, 1, _P07), (192, _7x1, 1, _P30)],
        [
            ("C7", 1, 1, 0),
            ("C7", _7x1, 1, _P30),
            ("C7", _1x7, 1, _P07),
            ("C7", _7x1, 1, _P30),
            (192, _1x7, 1, _P07),
        ],
        ["avg", (192, 1, 1, 0)],
    ],
    "D": [
        [(192, 1, 1, 0), (320, 3, 2, 0)],
        [(192, 1, 1, 0), (192, _1x7, 1, _P07), (192, _7x1, 1, _P30), (192, 3, 2, 0)],
        ["max"],
    ],
    "E": [
        [(320, 1, 1, 0)],
        [(384, 1, 1, 0), ((384, _1x3, 1, _P01), (384, _3x1, 1, _P10))],
        [(448, 1, 1, 0), (384, 3, 1, 1), ((384, _1x3, 1, _P01), (384, _3x1, 1, _P10))],
        ["avg", (192, 1, 1, 0)],
    ],
}


def _branch(t: Tally, shape, layers, p) -> tuple[int, int, int]:
    """Count one branch from ``shape``; returns its output shape."""
    for layer in layers:
        c, h, w = shape
        if layer == "avg":
            continue
        if layer == "max":
            h, w = conv_geometry(shape, 3, 2, 0)
            shape = (c, h, w)
        elif isinstance(layer[0], tuple):  # a split joined on channels
            outs = [_branch(t, shape, [part], p) for part in layer]
            shape = (sum(o[0] for o in outs), *outs[0][1:])
        else:
            cout, kernel, stride, padding = layer
            cout = {"P": p["pool_features"], "C7": p["channels_7x7"]}.get(cout, cout)
            h, w = conv_geometry(shape, kernel, stride, padding)
            t.conv(c, cout, kernel, h, w).bn(cout)
            shape = (cout, h, w)
    return shape


def _layer_text(layer, p) -> str:
    if layer == "avg":
        return _("3×3 average pool")
    if layer == "max":
        return _("3×3 max pool, stride 2")
    if isinstance(layer[0], tuple):  # a split
        return " | ".join(_layer_text(part, p) for part in layer)
    cout, kernel, stride, _padding = layer
    kh, kw = pair(kernel)
    cout = {"P": p["pool_features"], "C7": p["channels_7x7"]}.get(cout, cout)
    text = _("{size} conv → {channels}", size=f"{kh}×{kw}", channels=cout)
    return text + (f" · s{stride}" if stride != 1 else "")


def _contents(p) -> list[str]:
    """One line a branch, then how they are joined."""
    lines = [", ".join(_layer_text(layer, p) for layer in b) for b in DESIGNS[p["variant"]]]
    return lines + [_("concatenated on channels")]


def _describe(p) -> str:
    extra = {"A": p["pool_features"], "C": p["channels_7x7"]}.get(p["variant"])
    return p["variant"] + (f" · {extra}" if extra else "")


@block(
    "InceptionV3Block",
    "Composite",
    "Inception v3 module",
    "One of Inception v3's five modules (2015). A: 1×1, 5×5, two 3×3 and pooling "
    "branches; B and D halve the map; C factorises 7×7 convolutions into 1×7 and 7×1; "
    "E splits its 3×3 branches into 1×3 and 3×1 side by side. Factorising large kernels "
    "into small or one-dimensional ones keeps the receptive field at a fraction of the "
    "cost.",
    title_ko="Inception v3 모듈",
    help_ko="Inception v3의 다섯 모듈 중 하나입니다(2015). A는 1×1, 5×5, 3×3 두 번, 풀링 "
    "가지를 두고, B와 D는 맵을 절반으로 줄이며, C는 7×7 합성곱을 1×7과 7×1로 나누고, E는 3×3 "
    "가지를 1×3과 3×1로 나란히 나눕니다. 큰 커널을 작거나 1차원인 커널로 나누면 수용 영역은 "
    "그대로이고 비용은 일부만 듭니다.",
    composite=True,
    params=[
        Param(
            "variant",
            CHOICE,
            "A",
            choices=VARIANTS,
            help="Which module: A, B, C, D or E (torchvision's InceptionA to InceptionE).",
            help_ko="A, B, C, D, E(torchvision의 InceptionA~InceptionE) 중 어느 모듈인지 고릅니다.",
            label_ko="모듈 종류",
        ),
        Param(
            "pool_features",
            INT,
            32,
            minimum=1,
            maximum=65536,
            help="Variant A: channels of the 1×1 after the average pooling.",
            help_ko="A 모듈: 평균 풀링 뒤 1×1의 채널 수입니다.",
            label_ko="풀링 가지 채널",
        ),
        Param(
            "channels_7x7",
            INT,
            128,
            minimum=1,
            maximum=65536,
            help="Variant C: channels inside the factorised 7×7 branches.",
            help_ko="C 모듈: 나눈 7×7 가지 안의 채널 수입니다.",
            label_ko="7×7 가지 채널",
        ),
    ],
    describe=_describe,
    contents=_contents,
    code=Module(
        "InceptionV3Block",
        Arg(IN),
        Arg("variant"),
        Arg("pool_features", "pool_features", omit=lambda v, p: p["variant"] != "A"),
        Arg("channels_7x7", "channels_7x7", omit=lambda v, p: p["variant"] != "C"),
    ),
)
def _inception_v3(inputs, p):
    shape = feature_map(inputs, "InceptionV3Block")
    t = Tally()
    outs = [_branch(t, shape, branch, p) for branch in DESIGNS[p["variant"]]]
    _, h, w = outs[0]
    return Inference((sum(o[0] for o in outs), h, w), t.params, t.macs)
