"""Every convolution and pooling shape rule equals PyTorch, on every small combination.

For each block, each combination of input size, kernel, stride, padding, dilation and
ceil_mode (exhaustively on square sizes, by hypothesis on rectangular ones): the
block's shape rule and the real module built by the block's own builder either give the
same output shape, or both refuse: what PyTorch refuses is a problem of the analysis,
never a crash.
"""

from __future__ import annotations

import itertools

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.registry import ShapeProblem, get_spec

SIZES = range(1, 9)


@pytest.fixture(autouse=True, scope="module")
def _one_thread(one_torch_thread):
    """Thousands of tiny modules: one torch thread is many times faster."""


def rule(block: str, params: dict, shape: tuple) -> tuple | None:
    """The block's shape rule: the output shape, or None when it reports a problem."""
    spec = get_spec(block)
    try:
        return tuple(spec.infer([shape], spec.resolve(params)).shape)
    except ShapeProblem:
        return None


def torch_shape(block: str, params: dict, shape: tuple) -> tuple | None:
    """What the module built by the block's builder gives, or None when PyTorch refuses."""
    spec = get_spec(block)
    try:
        module = spec.build([shape], spec.resolve(params))
        with torch.no_grad():
            out = module(torch.zeros(1, *shape))
    except (RuntimeError, ValueError):
        return None
    return None if 0 in out.shape else tuple(out.shape[1:])


def mismatches(block: str, cases) -> list:
    found = []
    for shape, params in cases:
        ours, theirs = rule(block, params, shape), torch_shape(block, params, shape)
        if ours != theirs:
            found.append((shape, params, ours, theirs))
    return found


@pytest.mark.parametrize("block", ["MaxPool2d", "AvgPool2d"])
def test_pooling_equals_pytorch_on_every_small_combination(block):
    cases = [
        ((1, n, n), {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": c})
        for n, k, s, p, c in itertools.product(
            range(1, 11), range(1, 6), range(1, 5), range(0, 4), (False, True)
        )
    ]
    assert mismatches(block, cases) == []


def test_pooling_default_stride_is_the_kernel():
    cases = [((2, n, n), {"kernel_size": k}) for n in SIZES for k in range(1, 5)]
    assert mismatches("MaxPool2d", cases) == []


def test_the_issues_overhanging_window():
    # input 2, kernel 3, stride 2, ceil_mode: PyTorch gives 1 (the window overhangs)
    params = {"kernel_size": 3, "stride": 2, "ceil_mode": True}
    assert (
        rule("MaxPool2d", params, (1, 2, 2))
        == (1, 1, 1)
        == torch_shape("MaxPool2d", params, (1, 2, 2))
    )


def test_convolution_equals_pytorch_on_every_small_combination():
    cases = [
        ((1, n, n), {"out_channels": 2, "kernel_size": k, "stride": s, "padding": p, "dilation": d})
        for n, k, s, p, d in itertools.product(SIZES, range(1, 5), range(1, 4), range(3), (1, 2, 3))
    ]
    assert mismatches("Conv2d", cases) == []


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
def test_same_padding_equals_pytorch():
    cases = [
        (
            (1, n, n),
            {"out_channels": 1, "kernel_size": k, "padding": "same", "dilation": d, "stride": s},
        )
        for n, k, d, s in itertools.product(SIZES, range(1, 5), (1, 2), (1, 2))
    ]
    assert mismatches("Conv2d", cases) == []


def test_conv1x1_and_adaptive_pooling_equal_pytorch():
    conv = [((3, n, n), {"out_channels": 2, "stride": s}) for n in SIZES for s in range(1, 5)]
    assert mismatches("Conv1x1", conv) == []
    adaptive = [((2, n, n), {"output_size": o}) for n in SIZES for o in range(1, 10)]
    assert mismatches("AdaptiveAvgPool2d", adaptive) == []


pairs = st.tuples(st.integers(1, 4), st.integers(1, 4))


@given(
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kernel=pairs,
    stride=pairs,
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    dilation=st.tuples(st.integers(1, 3), st.integers(1, 3)),
)
def test_rectangular_convolutions_equal_pytorch(h, w, kernel, stride, padding, dilation):
    params = {
        "out_channels": 1,
        "kernel_size": list(kernel),
        "stride": list(stride),
        "padding": list(padding),
        "dilation": list(dilation),
    }
    assert rule("Conv2d", params, (1, h, w)) == torch_shape("Conv2d", params, (1, h, w))


@given(
    block=st.sampled_from(["MaxPool2d", "AvgPool2d"]),
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kernel=pairs,
    stride=st.one_of(st.none(), pairs.map(list)),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    ceil_mode=st.booleans(),
)
def test_rectangular_pooling_equals_pytorch(block, h, w, kernel, stride, padding, ceil_mode):
    params = {
        "kernel_size": list(kernel),
        "stride": stride,
        "padding": list(padding),
        "ceil_mode": ceil_mode,
    }
    assert rule(block, params, (1, h, w)) == torch_shape(block, params, (1, h, w))


def test_what_pytorch_refuses_is_a_problem_with_a_code_not_a_crash():
    graph = Graph(
        "refused",
        [
            Node("in", "Input", {"channels": 1, "height": 4, "width": 4}),
            Node("pool", "MaxPool2d", {"kernel_size": 2, "padding": 2}),
            Node("conv", "Conv2d", {"out_channels": 1, "kernel_size": 7}),
            Node("out", "Output"),
        ],
        [Edge("in", "pool"), Edge("in", "conv"), Edge("pool", "out")],
    )
    analysis = analyse(graph)
    codes = {(p.node, p.code) for p in analysis.problems}
    assert {("pool", "pool_padding_too_large"), ("conv", "kernel_too_large")} <= codes
    assert torch_shape("MaxPool2d", {"kernel_size": 2, "padding": 2}, (1, 4, 4)) is None
    assert torch_shape("Conv2d", {"out_channels": 1, "kernel_size": 7}, (1, 4, 4)) is None
