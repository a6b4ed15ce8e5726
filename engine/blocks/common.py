"""Helpers and shared parameters of the block declarations."""

from __future__ import annotations

import math

from engine.registry import BOOL, INT, INT_OR_PAIR, PADDING, Inference, Param, ShapeProblem, pair


def feature_map(inputs, what: str):
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


def fmt_pair(v) -> str:
    a, b = pair(v)
    return f"{a}×{b}"


def stride_note(v) -> str:
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
    start=64,
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


def conv_macs(cin, cout, groups, kh, kw, h, w) -> int:
    return (cin // groups) * kh * kw * cout * h * w


def same_shape(inputs, p):
    """Shape rule of blocks that keep their input's shape."""
    return Inference(inputs[0])
