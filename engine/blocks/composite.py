"""Composite blocks: residual, dense, transition and Inception.

Each is one node on the canvas but several layers inside; the shape rule counts the
parameters and MACs of every inner layer analytically (they equal torchvision's
``BasicBlock``/``Bottleneck``, ``_DenseBlock``, ``_Transition`` and ``Inception``).
The modules themselves are in ``engine/nets/classic.py``.
"""

from __future__ import annotations

from engine.blocks.code import IN, Arg, Module
from engine.blocks.common import OUT_CHANNELS, conv_geometry, feature_map
from engine.blocks.counting import Tally
from engine.i18n import _
from engine.registry import BOOL, FLOAT, INT, Inference, Param, ShapeProblem, block

CATEGORY = "Composite"


def _conv(cin, cout, k, h, w, bias=False):
    """(params, macs) of a k×k convolution producing an h×w map."""
    return cin * cout * k * k + (cout if bias else 0), cin * cout * k * k * h * w


def channel_params(rows) -> list[Param]:
    """Required channel counts from rows of (name, start, help, help_ko, label_ko)."""
    return [
        Param(
            n,
            INT,
            required=True,
            minimum=1,
            maximum=65536,
            start=v,
            help=h,
            help_ko=hk,
            label_ko=lk,
        )
        for n, v, h, hk, lk in rows
    ]


# --------------------------------------------------------------------------- residual


def _width(p):
    return p["width"] if p["width"] is not None else max(1, p["out_channels"] // 4)


RESIDUAL_CODE = Module(
    "ResidualBlock",
    Arg(IN),
    Arg("out_channels"),
    Arg("stride", "stride", omit=1),
    Arg("bottleneck", "bottleneck", omit=False),
    Arg("width", "width", omit=lambda v, p: v is None or not p["bottleneck"]),
    Arg("groups", "groups", omit=1),
    Arg("se_channels", "se_channels", omit=0),
)


@block(
    "ResidualBlock",
    CATEGORY,
    "Residual block",
    "ResNet's block: a few convolutions whose output is added to the block's input (the "
    "shortcut), then ReLU. The shortcut lets very deep nets train. Bottleneck form: a 1×1 "
    "convolution narrows the channels, a 3×3 works on fewer channels, a 1×1 widens again.",
    title_ko="잔차 블록",
    help_ko="ResNet의 블록입니다. 합성곱 몇 개의 출력에 블록의 입력(지름길 연결)을 더한 뒤 "
    "ReLU를 적용합니다. 지름길 연결 덕분에 아주 깊은 네트워크도 학습됩니다. 병목형은 1×1로 "
    "채널을 줄이고, 줄어든 채널에서 3×3을 계산한 뒤, 1×1로 다시 늘립니다.",
    composite=True,
    params=[
        OUT_CHANNELS,
        Param(
            "stride",
            INT,
            1,
            minimum=1,
            maximum=8,
            help="Stride of the block's 3×3 convolution (and of its shortcut); 2 halves the map.",
            help_ko="블록의 3×3 합성곱(과 지름길 연결)의 스트라이드입니다. 2이면 맵이 절반이 "
            "됩니다.",
            label_ko="스트라이드",
        ),
        Param(
            "bottleneck",
            BOOL,
            False,
            help="Use the 1×1 → 3×3 → 1×1 bottleneck form (ResNet-50 and deeper).",
            help_ko="ResNet-50 이상에서처럼 1×1 → 3×3 → 1×1 병목형을 씁니다.",
            label_ko="병목형",
        ),
        Param(
            "width",
            INT,
            None,
            minimum=1,
            maximum=65536,
            nullable=True,
            help="Channels inside the bottleneck; empty means out_channels / 4.",
            help_ko="병목 안쪽의 채널 수입니다. 비워 두면 out_channels / 4입니다.",
            label_ko="병목 채널 수",
        ),
        Param(
            "groups",
            INT,
            1,
            minimum=1,
            maximum=4096,
            help="Split the 3×3 convolution into groups of channels convolved separately "
            "(ResNeXt's cardinality, RegNet's group width); 1 is a full convolution.",
            help_ko="3×3 합성곱의 채널을 그룹으로 나눠 따로 합성곱합니다. ResNeXt의 갈래 수"
            "(cardinality)이며, RegNet에서는 그룹 너비로 정해집니다. 1이면 일반 합성곱입니다.",
            label_ko="그룹 수",
        ),
        Param(
            "se_channels",
            INT,
            0,
            minimum=0,
            maximum=65536,
            help="Squeeze-and-excitation after the 3×3 convolution with this many squeezed "
            "channels (RegNetY); 0 means none.",
            help_ko="3×3 합성곱 뒤에 이 채널 수로 압축하는 스퀴즈-익사이테이션을 둡니다"
            "(RegNetY). 0이면 두지 않습니다.",
            label_ko="SE 압축 채널 수",
        ),
    ],
    describe=lambda p: (
        f"{'bottleneck' if p['bottleneck'] else 'basic'} · "
        f"{p['out_channels']}"
        + (f" · s{p['stride']}" if p["stride"] != 1 else "")
        + (f" · g{p['groups']}" if p["groups"] != 1 else "")
    ),
    code=RESIDUAL_CODE,
)
def _residual(inputs, p):
    cin, h, w = feature_map(inputs, "ResidualBlock")
    cout, stride, groups = p["out_channels"], p["stride"], p["groups"]
    width = _width(p) if p["bottleneck"] else cout
    ho, wo = conv_geometry(inputs[0], 3, stride, 1)
    grouped = (width,) if p["bottleneck"] else (cin, cout)
    if any(c % groups for c in grouped):
        raise ShapeProblem(
            _(
                "groups {groups} must divide the channels of the grouped 3×3 convolutions "
                "({channels})",
                groups=groups,
                channels=", ".join(map(str, grouped)),
            ),
            code="groups_mismatch",
        )
    t = Tally()
    if p["bottleneck"]:
        t.conv(cin, width, 1, h, w).bn(width)
        t.conv(width, width, 3, ho, wo, groups).bn(width)
        t.se(width, p["se_channels"]).conv(width, cout, 1, ho, wo).bn(cout)
    else:
        t.conv(cin, cout, 3, ho, wo, groups).bn(cout).se(cout, p["se_channels"])
        t.conv(cout, cout, 3, ho, wo, groups).bn(cout)
    if stride != 1 or cin != cout:
        t.conv(cin, cout, 1, ho, wo).bn(cout)
    return Inference((cout, ho, wo), t.params, t.macs)


# --------------------------------------------------------------------------- dense


DENSE_CODE = Module(
    "DenseBlock",
    Arg(IN),
    Arg("num_layers"),
    Arg("growth_rate", "growth_rate"),
    Arg("bn_size", "bn_size"),
    Arg("drop_rate", "drop_rate", omit=0.0, convert=float),
)


@block(
    "DenseBlock",
    CATEGORY,
    "Dense block",
    "DenseNet's block: each layer (BN-ReLU-1×1-BN-ReLU-3×3) sees the concatenation of the "
    "block's input and every earlier layer's output, and adds growth_rate new channels.",
    title_ko="밀집 블록",
    help_ko="DenseNet의 블록입니다. 각 층(BN-ReLU-1×1-BN-ReLU-3×3)은 블록의 입력과 앞선 모든 "
    "층의 출력을 이어 붙인 것을 입력으로 받아, 새 채널을 growth_rate개 더합니다.",
    composite=True,
    params=[
        Param(
            "num_layers",
            INT,
            required=True,
            minimum=1,
            maximum=256,
            start=4,
            help="Number of layers in the block.",
            help_ko="블록 안의 층 수입니다.",
            label_ko="층 수",
        ),
        Param(
            "growth_rate",
            INT,
            32,
            minimum=1,
            maximum=4096,
            help="New channels each layer adds.",
            help_ko="각 층이 더하는 채널 수입니다.",
            label_ko="성장률",
        ),
        Param(
            "bn_size",
            INT,
            4,
            minimum=1,
            maximum=64,
            help="The 1×1 bottleneck has bn_size × growth_rate channels.",
            help_ko="1×1 병목의 채널 수는 bn_size × growth_rate입니다.",
            label_ko="병목 배수",
        ),
        Param(
            "drop_rate",
            FLOAT,
            0.0,
            minimum=0.0,
            maximum=1.0,
            help="Dropout after each layer during training.",
            help_ko="각 층 뒤에 두는 드롭아웃의 확률입니다.",
            label_ko="드롭아웃 확률",
        ),
    ],
    describe=lambda p: f"{p['num_layers']} layers · +{p['growth_rate']}",
    code=DENSE_CODE,
)
def _dense(inputs, p):
    cin, h, w = feature_map(inputs, "DenseBlock")
    k, mid = p["growth_rate"], p["bn_size"] * p["growth_rate"]
    params = macs = 0
    for i in range(p["num_layers"]):
        c = cin + i * k
        p1, m1 = _conv(c, mid, 1, h, w)
        p3, m3 = _conv(mid, k, 3, h, w)
        params += 2 * c + p1 + 2 * mid + p3
        macs += m1 + m3
    return Inference((cin + p["num_layers"] * k, h, w), params, macs)


# --------------------------------------------------------------------------- transition


@block(
    "Transition",
    CATEGORY,
    "Transition",
    "DenseNet's layer between dense blocks: BN-ReLU, a 1×1 convolution to cut the "
    "channels, then 2×2 average pooling to halve the map.",
    title_ko="전이 층",
    help_ko="DenseNet의 블록 사이에 놓는 층입니다. BN-ReLU 뒤에 1×1 합성곱으로 채널을 줄이고, "
    "2×2 평균 풀링으로 맵을 절반으로 줄입니다.",
    composite=True,
    params=[OUT_CHANNELS],
    describe=lambda p: f"1×1 · {p['out_channels']} · pool 2",
    code=Module("Transition", Arg(IN), Arg("out_channels")),
)
def _transition(inputs, p):
    cin, h, w = feature_map(inputs, "Transition")
    cout = p["out_channels"]
    if h < 2 or w < 2:
        raise ShapeProblem(
            _(
                "Transition pools 2×2 and needs at least 2×2 input, got {height}×{width}",
                height=h,
                width=w,
            ),
            code="input_too_small",
        )
    conv_p, conv_m = _conv(cin, cout, 1, h, w)
    return Inference((cout, h // 2, w // 2), 2 * cin + conv_p, conv_m)


# --------------------------------------------------------------------------- inception

_INCEPTION_CH = [
    ("ch1x1", 64, "Channels of the 1×1 branch.", "1×1 가지의 채널 수입니다.", "1×1 가지 채널"),
    (
        "ch3x3red",
        96,
        "Channels of the 1×1 reduction before the 3×3.",
        "3×3 앞에서 채널을 줄이는 1×1의 채널 수입니다.",
        "3×3 앞 축소 채널",
    ),
    ("ch3x3", 128, "Channels of the 3×3 branch.", "3×3 가지의 채널 수입니다.", "3×3 가지 채널"),
    (
        "ch5x5red",
        16,
        "Channels of the 1×1 reduction before the large kernel.",
        "큰 커널 앞에서 채널을 줄이는 1×1의 채널 수입니다.",
        "큰 커널 앞 축소 채널",
    ),
    (
        "ch5x5",
        32,
        "Channels of the large-kernel branch.",
        "큰 커널 가지의 채널 수입니다.",
        "큰 커널 가지 채널",
    ),
    (
        "pool_proj",
        32,
        "Channels of the 1×1 after the 3×3 max pooling.",
        "3×3 최대 풀링 뒤 1×1의 채널 수입니다.",
        "풀링 가지 채널",
    ),
]

INCEPTION_CODE = Module(
    "InceptionBlock",
    Arg(IN),
    *(Arg(name) for name, *_rest in _INCEPTION_CH),
    Arg("kernel_5x5", "kernel_5x5", omit=5),
    Arg("batch_norm", "batch_norm", omit=False),
)


@block(
    "InceptionBlock",
    CATEGORY,
    "Inception block",
    "GoogLeNet's block: four branches side by side — 1×1, 1×1→3×3, 1×1→k×k, and 3×3 max "
    "pooling→1×1 — joined on channels. The 1×1 convolutions cut channels before the "
    "expensive kernels, which is why GoogLeNet is deep yet cheap.",
    title_ko="인셉션 블록",
    help_ko="GoogLeNet의 블록입니다. 1×1, 1×1→3×3, 1×1→k×k, 3×3 최대 풀링→1×1의 네 가지를 "
    "나란히 두고 채널 방향으로 이어 붙입니다. 1×1 합성곱이 비싼 커널 앞에서 채널을 줄이므로 "
    "GoogLeNet은 깊으면서도 가볍습니다.",
    composite=True,
    params=channel_params(_INCEPTION_CH)
    + [
        Param(
            "kernel_5x5",
            INT,
            5,
            minimum=1,
            maximum=15,
            help="Kernel of the third branch (torchvision's GoogLeNet uses 3).",
            help_ko="세 번째 가지의 커널 크기입니다. torchvision의 GoogLeNet은 3을 씁니다.",
            label_ko="큰 커널 크기",
        ),
        Param(
            "batch_norm",
            BOOL,
            False,
            help="Batch norm after each convolution (eps 0.001), as torchvision's GoogLeNet.",
            help_ko="torchvision의 GoogLeNet처럼 합성곱마다 뒤에 배치 정규화(eps 0.001)를 둡니다.",
            label_ko="배치 정규화",
        ),
    ],
    describe=lambda p: f"→ {p['ch1x1'] + p['ch3x3'] + p['ch5x5'] + p['pool_proj']}",
    code=INCEPTION_CODE,
)
def _inception(inputs, p):
    cin, h, w = feature_map(inputs, "InceptionBlock")
    k, bn = p["kernel_5x5"], p["batch_norm"]
    if k % 2 == 0:
        raise ShapeProblem(
            _("kernel_5x5 must be odd so every branch keeps the size, got {kernel}", kernel=k),
            code="even_kernel",
        )
    convs = [
        (cin, p["ch1x1"], 1),
        (cin, p["ch3x3red"], 1),
        (p["ch3x3red"], p["ch3x3"], 3),
        (cin, p["ch5x5red"], 1),
        (p["ch5x5red"], p["ch5x5"], k),
        (cin, p["pool_proj"], 1),
    ]
    params = macs = 0
    for ci, co, kk in convs:
        cp, cm = _conv(ci, co, kk, h, w, bias=not bn)
        params += cp + (2 * co if bn else 0)
        macs += cm
    out = p["ch1x1"] + p["ch3x3"] + p["ch5x5"] + p["pool_proj"]
    return Inference((out, h, w), params, macs)
