"""Pooling blocks."""

from __future__ import annotations

from engine.blocks.code import Arg, Module
from engine.blocks.common import conv_geometry, feature_map, fmt_pair, stride_note
from engine.i18n import _
from engine.registry import BOOL, INT_OR_PAIR, Inference, Param, ShapeProblem, block, pair

POOL_PARAMS = [
    Param(
        "kernel_size",
        INT_OR_PAIR,
        2,
        minimum=1,
        maximum=64,
        help="Size of the window whose values are combined into one.",
        help_ko="값들을 하나로 합치는 윈도우의 크기입니다.",
        label_ko="윈도우 크기",
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
        help_ko="윈도우가 한 번에 움직이는 간격입니다. 비워 두면 윈도우 크기와 같아 겹치지 "
        "않습니다. 윈도우보다 작으면 AlexNet처럼 윈도우가 겹칩니다.",
        label_ko="스트라이드",
    ),
    Param(
        "padding",
        INT_OR_PAIR,
        0,
        minimum=0,
        maximum=32,
        help="Border added around the input before pooling.",
        help_ko="풀링하기 전에 입력 둘레에 더하는 여백입니다.",
        label_ko="패딩",
    ),
    Param(
        "ceil_mode",
        BOOL,
        False,
        help="Round the output size up instead of down, keeping a partial last window.",
        help_ko="출력 크기를 내림 대신 올림으로 계산해, 입력 끝에 걸친 마지막 윈도우도 씁니다.",
        label_ko="올림 모드",
    ),
]


def _pool_infer(inputs, p, what):
    c = feature_map(inputs, what)[0]
    kernel = p["kernel_size"]
    stride = kernel if p["stride"] is None else p["stride"]
    kh, kw = pair(kernel)
    ph, pw = pair(p["padding"])
    if ph > kh // 2 or pw > kw // 2:  # PyTorch: "pad should be at most half of kernel size"
        raise ShapeProblem(
            _(
                "padding {padding} must be at most half the kernel {kernel}",
                padding=p["padding"],
                kernel=kernel,
            ),
            code="pool_padding_too_large",
        )
    h, w = conv_geometry(inputs[0], kernel, stride, p["padding"], 1, p["ceil_mode"])
    return Inference((c, h, w))


def _describe_pool(p):
    stride = p["kernel_size"] if p["stride"] is None else p["stride"]
    return f"{fmt_pair(p['kernel_size'])}{stride_note(stride)}"


def _stride(p, inputs):
    return pair(p["kernel_size"] if p["stride"] is None else p["stride"])


def _pool_code(cls_name):
    """``nn.MaxPool2d(kernel_size=3, stride=2)``: a stride equal to the kernel is left out."""
    return Module(
        f"nn.{cls_name}",
        Arg(lambda p, inputs: pair(p["kernel_size"]), "kernel_size"),
        Arg(_stride, "stride", omit=lambda v, p: v == pair(p["kernel_size"])),
        Arg(lambda p, inputs: pair(p["padding"]), "padding", omit=0),
        Arg("ceil_mode", "ceil_mode", omit=False),
    )


@block(
    "MaxPool2d",
    "Pooling",
    "Max pooling",
    "Keeps the largest value in each window: shrinks the map and tolerates small shifts.",
    title_ko="최대 풀링",
    help_ko="윈도우마다 가장 큰 값만 남깁니다. 맵이 작아지고, 작은 이동에 덜 민감해집니다.",
    params=POOL_PARAMS,
    describe=_describe_pool,
    code=_pool_code("MaxPool2d"),
)
def _maxpool(inputs, p):
    return _pool_infer(inputs, p, "MaxPool2d")


@block(
    "AvgPool2d",
    "Pooling",
    "Average pooling",
    "Averages each window: shrinks the map smoothly.",
    title_ko="평균 풀링",
    help_ko="윈도우마다 평균을 구합니다. 맵을 부드럽게 줄입니다.",
    params=POOL_PARAMS,
    describe=_describe_pool,
    code=_pool_code("AvgPool2d"),
)
def _avgpool(inputs, p):
    return _pool_infer(inputs, p, "AvgPool2d")


@block(
    "AdaptiveAvgPool2d",
    "Pooling",
    "Adaptive average pooling",
    "Averages down to a fixed output size whatever the input size; output 1 is global "
    "average pooling, one number per channel.",
    title_ko="적응형 평균 풀링",
    help_ko="입력 크기와 상관없이 정해진 출력 크기가 되도록 평균을 냅니다. 출력 크기가 1이면 "
    "채널마다 값 하나가 남는 전역 평균 풀링입니다.",
    params=[
        Param(
            "output_size",
            INT_OR_PAIR,
            1,
            minimum=1,
            maximum=4096,
            help="Height and width of the output.",
            help_ko="출력의 높이와 너비입니다.",
            label_ko="출력 크기",
        )
    ],
    describe=lambda p: f"→ {fmt_pair(p['output_size'])}",
    code=Module("nn.AdaptiveAvgPool2d", Arg(lambda p, inputs: pair(p["output_size"]))),
)
def _adaptive(inputs, p):
    c = feature_map(inputs, "AdaptiveAvgPool2d")[0]
    oh, ow = pair(p["output_size"])
    return Inference((c, oh, ow))
