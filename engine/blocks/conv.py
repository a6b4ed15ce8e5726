"""Input, Output and the convolutions."""

from __future__ import annotations

from engine.blocks.code import IN, Arg, Module
from engine.blocks.common import (
    BIAS,
    DILATION,
    KERNEL,
    OUT_CHANNELS,
    PAD,
    STRIDE,
    conv_geometry,
    conv_macs,
    feature_map,
    fmt_pair,
    stride_note,
)
from engine.i18n import _
from engine.registry import (
    INPUT_ROLE,
    INT,
    OUTPUT_ROLE,
    SOURCE,
    Inference,
    Param,
    ShapeProblem,
    block,
    pair,
)

#: The graph's Input and Output have no module: the compiler wires them as its
#: argument and its result.
_IDENTITY = Module("nn.Identity")


@block(
    "Input",
    "Input / Output",
    "Input",
    "The image the network sees: channels × height × width (1 channel for grey, 3 for RGB).",
    title_ko="입력",
    help_ko="네트워크가 보는 이미지로, 모양은 채널 × 높이 × 너비입니다. 흑백은 1채널, 컬러 "
    "RGB는 3채널입니다.",
    arity=SOURCE,
    params=[
        Param(
            "channels",
            INT,
            3,
            minimum=1,
            maximum=4096,
            help="Colour channels of the image: 1 for grey, 3 for red, green and blue.",
            help_ko="이미지의 채널 수입니다: 흑백은 1, 빨강·초록·파랑(RGB)은 3입니다.",
            label_ko="채널 수",
        ),
        Param(
            "height",
            INT,
            32,
            minimum=1,
            maximum=8192,
            help="Image height in pixels.",
            help_ko="이미지의 높이(세로 픽셀 수)입니다.",
            label_ko="높이",
        ),
        Param(
            "width",
            INT,
            32,
            minimum=1,
            maximum=8192,
            help="Image width in pixels.",
            help_ko="이미지의 너비(가로 픽셀 수)입니다.",
            label_ko="너비",
        ),
    ],
    describe=lambda p: f"{p['channels']}×{p['height']}×{p['width']}",
    role=INPUT_ROLE,
    code=_IDENTITY,
)
def _input(inputs, p):
    return Inference((p["channels"], p["height"], p["width"]))


@block(
    "Output",
    "Input / Output",
    "Output",
    "Marks the model's output.",
    title_ko="출력",
    help_ko="모델의 출력을 표시합니다.",
    role=OUTPUT_ROLE,
    code=_IDENTITY,
)
def _output(inputs, p):
    return Inference(inputs[0])


def _pair_or_same(name):
    return lambda p, inputs: p[name] if p[name] == "same" else pair(p[name])


def _pair(name):
    return lambda p, inputs: pair(p[name])


CONV2D = Module(
    "nn.Conv2d",
    Arg(IN),
    Arg("out_channels"),
    Arg(_pair("kernel_size"), "kernel_size"),
    Arg(_pair("stride"), "stride", omit=1),
    Arg(_pair_or_same("padding"), "padding", omit=0),
    Arg(_pair("dilation"), "dilation", omit=1),
    Arg("groups", "groups", omit=1),
    Arg("bias", "bias", omit=True),
)


def _describe_conv(p):
    pad = p["padding"]
    pad_note = " · same" if pad == "same" else ""
    return f"{fmt_pair(p['kernel_size'])} · {p['out_channels']}{stride_note(p['stride'])}{pad_note}"


@block(
    "Conv2d",
    "Convolution",
    "Convolution",
    "Slides small learned filters over the image and sums the products at each place "
    "(strictly a cross-correlation: the kernel is not flipped). Keeps the spatial "
    "structure that flattening would throw away, with far fewer weights.",
    title_ko="합성곱",
    help_ko="학습한 작은 필터를 이미지 위로 미끄러뜨리며 자리마다 곱의 합을 구합니다(엄밀히는 "
    "커널을 뒤집지 않는 교차 상관입니다). 평탄화와 달리 공간 구조를 유지하고, 가중치도 훨씬 "
    "적습니다.",
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
            help="Split the channels into groups convolved separately. AlexNet introduced "
            "it to split its layers over two GPUs (groups 2: each half of the filters sees "
            "half of the input channels); groups = input channels is a depthwise "
            "convolution (MobileNet), which a 1×1 convolution then mixes.",
            help_ko="채널을 그룹으로 나눠 그룹마다 따로 합성곱합니다. AlexNet이 층을 GPU 두 대에 "
            "나눠 학습하려고 처음 썼습니다(그룹 2: 필터의 절반씩이 입력 채널의 절반씩만 "
            "봅니다). 그룹 수가 입력 채널 수와 같으면 깊이별 합성곱(MobileNet)이 되고, 뒤따르는 "
            "1×1 합성곱이 채널을 섞습니다.",
            label_ko="그룹 수",
        ),
        BIAS,
    ],
    describe=_describe_conv,
    code=CONV2D,
)
def _conv2d(inputs, p):
    cin, _h, _w = feature_map(inputs, "Conv2d")
    cout, groups = p["out_channels"], p["groups"]
    if cin % groups or cout % groups:
        raise ShapeProblem(
            _(
                "groups {groups} must divide both input channels {cin} and output channels {cout}",
                groups=groups,
                cin=cin,
                cout=cout,
            ),
            code="groups_mismatch",
        )
    h, w = conv_geometry(inputs[0], p["kernel_size"], p["stride"], p["padding"], p["dilation"])
    kh, kw = pair(p["kernel_size"])
    params = (cin // groups) * kh * kw * cout + (cout if p["bias"] else 0)
    return Inference((cout, h, w), params, conv_macs(cin, cout, groups, kh, kw, h, w))


@block(
    "Conv1x1",
    "Convolution",
    "1×1 Convolution",
    "A 1×1 convolution mixes channels at each pixel without looking at neighbours: it "
    "sets the number of channels, cuts computation before a larger convolution (a "
    "bottleneck), and adds non-linearity when followed by ReLU.",
    title_ko="1×1 합성곱",
    help_ko="1×1 합성곱은 이웃 픽셀을 보지 않고 픽셀마다 채널을 섞습니다. 채널 수를 "
    "조절하고, 큰 합성곱 앞에서 계산량을 줄이며(병목), 뒤에 ReLU를 두면 비선형성을 "
    "더합니다.",
    params=[OUT_CHANNELS, STRIDE, BIAS],
    describe=lambda p: f"1×1 · {p['out_channels']}{stride_note(p['stride'])}",
    code=Module(
        "nn.Conv2d",
        Arg(IN),
        Arg("out_channels"),
        Arg(lambda p, inputs: 1, "kernel_size"),
        Arg(_pair("stride"), "stride", omit=1),
        Arg("bias", "bias", omit=True),
    ),
)
def _conv1x1(inputs, p):
    cin, _h, _w = feature_map(inputs, "Conv1x1")
    h, w = conv_geometry(inputs[0], 1, p["stride"], 0)
    cout = p["out_channels"]
    params = cin * cout + (cout if p["bias"] else 0)
    return Inference((cout, h, w), params, conv_macs(cin, cout, 1, 1, 1, h, w))
