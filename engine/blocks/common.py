"""Helpers and shared parameters of the block declarations."""

from __future__ import annotations

from engine.i18n import _
from engine.registry import BOOL, INT, INT_OR_PAIR, PADDING, Inference, Param, ShapeProblem, pair


def feature_map(inputs, what: str):
    shape = inputs[0]
    if len(shape) != 3:
        raise ShapeProblem(
            _("{what} needs a feature map [C, H, W], got {shape}", what=what, shape=list(shape)),
            code="needs_feature_map",
        )
    return shape


def output_length(
    size: int,
    kernel: int,
    stride: int,
    pad_before: int,
    pad_after: int,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """PyTorch's output length along one axis (``pooling_output_shape``), 0 or less when
    the kernel doesn't fit; the padding may differ on the two sides (even "same" kernels)."""
    span = size + pad_before + pad_after - dilation * (kernel - 1) - 1
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad_before:
        out -= 1
    return out


def spatial_out(
    size: int, kernel: int, stride: int, padding: int, dilation: int = 1, ceil_mode: bool = False
) -> int:
    """Output size of a convolution or pooling along one axis, exactly as PyTorch computes
    it (``pooling_output_shape``): the spec's formula, with ``ceil`` in ``ceil_mode`` and
    the last window dropped when it would start in the right padding. So with
    ``ceil_mode`` a window may overhang the input (size 2, kernel 3, stride 2 gives 1).
    """
    out = output_length(size, kernel, stride, padding, padding, dilation, ceil_mode)
    if out < 1:
        raise ShapeProblem(
            _(
                "kernel {kernel} (dilation {dilation}) is larger than the padded input "
                "{size} + 2×{padding} = {padded}",
                kernel=kernel,
                dilation=dilation,
                size=size,
                padding=padding,
                padded=size + 2 * padding,
            ),
            code="kernel_too_large",
        )
    return out


def conv_geometry(shape, kernel, stride, padding, dilation=1, ceil_mode=False):
    """(H_out, W_out) for a conv/pool over ``shape`` = [C, H, W]."""
    h, w = shape[1], shape[2]
    (kh, kw), (sh, sw), (dh, dw) = pair(kernel), pair(stride), pair(dilation)
    if padding == "same":
        if (sh, sw) != (1, 1):
            raise ShapeProblem(
                _('padding "same" works only with stride 1'), code="same_padding_stride"
            )
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
    help_ko="학습할 필터(커널)의 개수입니다. 필터 하나가 출력 채널 하나를 만듭니다.",
    label_ko="출력 채널 수",
)
KERNEL = Param(
    "kernel_size",
    INT_OR_PAIR,
    3,
    minimum=1,
    maximum=64,
    help="Size of the window that slides over the input. At each place the kernel's "
    "weights are multiplied with the pixels under it and summed.",
    help_ko="입력 위를 미끄러지는 윈도우(커널)의 크기입니다. 자리마다 겹친 픽셀과 커널의 "
    "가중치를 곱해 모두 더합니다.",
    label_ko="커널 크기",
)
STRIDE = Param(
    "stride",
    INT_OR_PAIR,
    1,
    minimum=1,
    maximum=64,
    help="How far the window moves each step. A stride of 2 halves the height and width.",
    help_ko="커널이 한 번에 움직이는 간격입니다. 스트라이드가 2이면 높이와 너비가 절반이 됩니다.",
    label_ko="스트라이드",
)
PAD = Param(
    "padding",
    PADDING,
    0,
    minimum=0,
    maximum=64,
    help="Zeros added around the input so the output does not shrink and edge pixels "
    'count as much as the centre. "same" keeps the size (stride 1 only); with an even '
    "kernel it pads one more row and column at the bottom and right, as PyTorch does.",
    help_ko="입력 둘레를 0으로 채워 출력이 작아지지 않게 하고 모서리 정보의 손실을 "
    '줄입니다. "same"은 크기를 유지합니다(스트라이드가 1일 때만). 커널이 짝수이면 '
    "PyTorch처럼 아래쪽과 오른쪽에 한 줄을 더 채웁니다.",
    label_ko="패딩",
)
DILATION = Param(
    "dilation",
    INT_OR_PAIR,
    1,
    minimum=1,
    maximum=64,
    help="Spacing between the kernel's taps: a 3×3 kernel with dilation 2 covers 5×5.",
    help_ko="커널 원소 사이의 간격입니다. 팽창이 2인 3×3 커널은 5×5 영역을 덮습니다.",
    label_ko="팽창",
)
BIAS = Param(
    "bias",
    BOOL,
    True,
    help="Add a learned constant to each output channel (unneeded before batch norm).",
    help_ko="출력 채널마다 학습되는 상수(편향)를 더합니다. 배치 정규화 앞에서는 필요 없습니다.",
    label_ko="편향",
)


def conv_macs(cin, cout, groups, kh, kw, h, w) -> int:
    return (cin // groups) * kh * kw * cout * h * w


def same_shape(inputs, p):
    """Shape rule of blocks that keep their input's shape."""
    return Inference(inputs[0])
