"""The explainer's arithmetic equals PyTorch's layers, cell by cell."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from engine.blocks import spatial_out
from engine.teaching.explain import (
    AVG,
    CONV,
    MAX,
    correlate,
    explain,
    number,
    output_size,
    size_formula,
    teaching_input,
    teaching_kernel,
)


def torch_conv(x, kernel, stride, padding, dilation, bias=0.0):
    out = F.conv2d(
        torch.tensor(x)[None, None],
        torch.tensor(kernel)[None, None],
        torch.tensor([bias], dtype=torch.float64),
        stride=stride,
        padding=padding,
        dilation=dilation,
    )
    return out[0, 0].numpy()


def cell_values(explanation) -> np.ndarray:
    """The output rebuilt from each cell's own products (not from ``output``)."""
    oh, ow = explanation.output.shape
    values = np.zeros((oh, ow))
    for cell in explanation.cells:
        if cell.op == CONV:
            values[cell.row, cell.col] = sum(cell.products) + cell.bias
        elif cell.op == MAX:
            values[cell.row, cell.col] = max(cell.inputs)
        else:
            values[cell.row, cell.col] = sum(cell.inputs) / cell.divisor
    return values


GRID = [(k, s, p, d) for k in (1, 2, 3, 4) for s in (1, 2, 3) for p in (0, 1, 2) for d in (1, 2)]


@pytest.mark.parametrize("k,s,p,d", GRID)
def test_convolution_cells_equal_conv2d(k, s, p, d):
    rng = np.random.default_rng(k * 100 + s * 10 + p + d)
    x = rng.normal(size=(7, 7))
    kernel = rng.normal(size=(k, k))
    if output_size(7, k, s, p, d) < 1:
        with pytest.raises(ValueError):
            explain(x, kernel, stride=s, padding=p, dilation=d)
        return
    result = explain(x, kernel, stride=s, padding=p, dilation=d, bias=0.5)
    expected = torch_conv(x, kernel, s, p, d, bias=0.5)
    assert result.output.shape == expected.shape
    np.testing.assert_allclose(cell_values(result), expected, atol=1e-12)
    np.testing.assert_allclose(result.output, expected, atol=1e-12)
    assert len(result.cells) == expected.size
    np.testing.assert_allclose(correlate(x, kernel, s, p, d) + 0.5, expected, atol=1e-12)


@given(
    h=st.integers(3, 9),
    w=st.integers(3, 9),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    sh=st.integers(1, 3),
    sw=st.integers(1, 3),
    ph=st.integers(0, 2),
    pw=st.integers(0, 2),
    dh=st.integers(1, 3),
    dw=st.integers(1, 3),
    seed=st.integers(0, 1000),
)
def test_rectangular_convolutions_equal_conv2d(h, w, kh, kw, sh, sw, ph, pw, dh, dw, seed):
    if output_size(h, kh, sh, ph, dh) < 1 or output_size(w, kw, sw, pw, dw) < 1:
        return
    rng = np.random.default_rng(seed)
    x, kernel = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
    result = explain(x, kernel, stride=(sh, sw), padding=(ph, pw), dilation=(dh, dw))
    expected = torch_conv(x, kernel, (sh, sw), (ph, pw), (dh, dw))
    np.testing.assert_allclose(cell_values(result), expected, atol=1e-12)
    for cell in result.cells:  # each window is where the formula says
        top, left = cell.row * sh, cell.col * sw
        assert cell.taps[0] == (top, left)
        assert cell.taps[-1] == (top + (kh - 1) * dh, left + (kw - 1) * dw)
        assert cell.window == (top, left, *cell.taps[-1])


POOL_GRID = [
    (k, s, p, ceil)
    for k in (2, 3)
    for s in (1, 2, 3)
    for p in (0, 1)
    for ceil in (False, True)
    if p <= k // 2
]


@pytest.mark.parametrize("k,s,p,ceil", POOL_GRID)
@pytest.mark.parametrize("size", [6, 7])
def test_pooling_cells_equal_torch(k, s, p, ceil, size):
    rng = np.random.default_rng(k + s + p + size)
    x = rng.normal(size=(size, size))
    t = torch.tensor(x)[None, None]
    got_max = explain(x, op=MAX, kernel_size=k, stride=s, padding=p, ceil_mode=ceil)
    want_max = F.max_pool2d(t, k, s, p, ceil_mode=ceil)[0, 0].numpy()
    np.testing.assert_allclose(cell_values(got_max), want_max, atol=1e-12)
    for include in (True, False):
        got = explain(
            x, op=AVG, kernel_size=k, stride=s, padding=p, ceil_mode=ceil, count_include_pad=include
        )
        want = F.avg_pool2d(t, k, s, p, ceil_mode=ceil, count_include_pad=include)[0, 0]
        np.testing.assert_allclose(cell_values(got), want.numpy(), atol=1e-12)


@given(
    size=st.integers(4, 9),
    k=st.integers(1, 4),
    seed=st.integers(0, 1000),
    stride=st.integers(1, 2),
    padding=st.integers(0, 2),
)
def test_true_convolution_is_correlation_with_the_flipped_kernel(size, k, seed, stride, padding):
    rng = np.random.default_rng(seed)
    x, kernel = rng.normal(size=(size, size)), rng.normal(size=(k, k))
    if output_size(size, k, stride, padding) < 1:
        return
    true = explain(x, kernel, stride=stride, padding=padding, flip=True)
    flipped = explain(x, kernel[::-1, ::-1].copy(), stride=stride, padding=padding)
    np.testing.assert_allclose(true.output, flipped.output, atol=1e-12)
    np.testing.assert_array_equal(true.applied_kernel, kernel[::-1, ::-1])
    assert true.flipped and not flipped.flipped


def test_true_convolution_matches_the_textbook_definition():
    """(f * g)[i, j] = Σ f[i − m, j − n]·g[m, n]: the full sum over the kernel, by hand."""
    rng = np.random.default_rng(3)
    x, g = rng.integers(-3, 4, size=(6, 6)).astype(float), rng.normal(size=(3, 3))
    result = explain(x, g, flip=True)
    for cell in result.cells:
        i, j = cell.row + 2, cell.col + 2  # "valid" part of the full convolution
        want = sum(x[i - m, j - n] * g[m, n] for m in range(3) for n in range(3))
        assert cell.value == pytest.approx(want)


def test_padding_cells_and_expression_text():
    x = np.arange(9, dtype=float).reshape(3, 3)
    kernel = np.array([[1.0, 2.0], [0.0, -1.0]])
    result = explain(x, kernel, padding=1)
    assert result.padded.shape == (5, 5)
    assert result.is_padding(0, 0) and not result.is_padding(1, 1)
    first = result.cell(0)
    assert first.taps == ((0, 0), (0, 1), (1, 0), (1, 1))
    assert first.expression() == "1·0 + 2·0 + 0·0 + (−1)·0 = 0"
    middle = result.cells[result.output.shape[1] + 1]  # output (1, 1)
    assert middle.expression() == "1·0 + 2·1 + 0·3 + (−1)·4 = −2"
    padded_pool = explain(x, op=MAX, kernel_size=3, stride=2, padding=1)
    assert padded_pool.cell(0).window == (0, 0, 2, 2)  # the whole window, padding included
    assert padded_pool.cell(0).taps == ((1, 1), (1, 2), (2, 1), (2, 2))  # only the image
    pooled = explain(x, op=MAX, kernel_size=2)
    assert pooled.cell(0).expression() == "max(0, 1, 3, 4) = 4"
    averaged = explain(x, op=AVG, kernel_size=2)
    assert averaged.cell(0).expression() == "(0 + 1 + 3 + 4) / 4 = 2"
    big = explain(np.ones((9, 9)), np.ones((5, 5)))
    assert "…" in big.cell(0).expression() and big.cell(0).expression().endswith("= 25")


def test_formula_with_numbers_equals_the_shape_rule():
    result = explain(np.zeros((7, 7)), np.zeros((3, 3)), stride=2, padding=1)
    # the lesson's (W − K + 2P) / S + 1 when dilation is 1
    assert result.formula()[0] == "H_out = ⌊(7 − 3 + 2·1) / 2⌋ + 1 = ⌊6 / 2⌋ + 1 = 4"
    dilated = explain(np.zeros((7, 7)), np.zeros((3, 3)), stride=2, padding=1, dilation=2)
    assert dilated.formula()[1] == "W_out = ⌊(7 + 2·1 − 2·(3−1) − 1) / 2⌋ + 1 = ⌊4 / 2⌋ + 1 = 3"
    plain = explain(np.zeros((5, 5)), np.zeros((3, 3)))
    assert plain.formula()[0] == "H_out = (5 − 3 + 2·0) / 1 + 1 = 2 + 1 = 3"
    for n, k, s, p, d in [(7, 3, 2, 1, 1), (8, 3, 3, 0, 2), (224, 7, 2, 3, 1)]:
        assert output_size(n, k, s, p, d) == spatial_out(n, k, s, p, d)
        assert size_formula("W", n, k, s, p, d).endswith(f"= {spatial_out(n, k, s, p, d)}")
    for n, k, s, p in [(7, 3, 2, 0), (6, 3, 2, 1), (112, 3, 2, 0)]:
        assert output_size(n, k, s, p, 1, True) == spatial_out(n, k, s, p, 1, True)
    assert "larger than the padded input" in size_formula("H", 3, 5, 1, 0)


def test_numbers_and_teaching_values():
    assert number(3.0) == "3" and number(-0.5) == "−0.5" and number(1 / 3) == "0.333"
    x = teaching_input(7)
    assert x.shape == (7, 7) and set(np.unique(x)) <= {0, 1, 2, 3}
    k = teaching_kernel(3, 3)
    assert not np.array_equal(k, k[::-1, ::-1])
    assert teaching_kernel(5, 2).shape == (5, 2)


def test_layer_geometry_from_node_params():
    from engine.registry import get_spec
    from engine.teaching.explain import input_side, layer_geometry, teaching_example

    def geometry(block_type, **params):
        return layer_geometry(block_type, get_spec(block_type).resolve(params))

    conv = geometry(
        "Conv2d", out_channels=4, kernel_size=[3, 5], stride=2, padding=1, dilation=[1, 2]
    )
    assert (conv.op, conv.kernel_size, conv.stride, conv.padding, conv.dilation) == (
        CONV,
        (3, 5),
        (2, 2),
        ((1, 1), (1, 1)),
        (1, 2),
    )
    same = geometry("Conv2d", out_channels=4, kernel_size=4, padding="same")
    assert same.padding == ((1, 2), (1, 2)) and "same" in same.note
    odd = geometry("Conv2d", out_channels=4, kernel_size=3, padding="same")
    assert odd.padding == ((1, 1), (1, 1)) and odd.note == ""
    assert geometry("Conv1x1", out_channels=8, stride=2).kernel_size == (1, 1)
    pool = geometry("MaxPool2d", kernel_size=3)
    assert (pool.op, pool.stride) == (MAX, (3, 3))
    assert geometry("AvgPool2d", kernel_size=2, stride=1).op == AVG
    assert geometry("ReLU") is None
    alexnet = geometry("Conv2d", out_channels=64, kernel_size=11, stride=4, padding=2)
    side = input_side(alexnet)
    example = teaching_example(alexnet, side)
    assert example.output.shape == (2, 2)
    assert input_side(geometry("Conv2d", out_channels=1, kernel_size=9, dilation=3)) is None
    assert input_side(conv) == 9  # grown from 7 so that the width gives two outputs
    flipped = teaching_example(conv, input_side(conv), flip=True)
    assert flipped.flipped and flipped.output.shape == (5, 2)


# --------------------------------------------------------------------------- "same" padding


def torch_same(x, kernel, dilation):
    out = F.conv2d(
        torch.tensor(x)[None, None],
        torch.tensor(kernel)[None, None],
        padding="same",
        dilation=dilation,
    )
    return out[0, 0].numpy()


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("size", [7, 8])
def test_same_padding_equals_pytorch_for_even_and_odd_kernels(k, d, size):
    """PyTorch pads d·(k−1) per axis, the extra one after: the explainer does the same."""
    from engine.registry import get_spec
    from engine.teaching.explain import layer_geometry, teaching_example

    params = get_spec("Conv2d").resolve(
        {"out_channels": 1, "kernel_size": k, "padding": "same", "dilation": d}
    )
    geometry = layer_geometry("Conv2d", params)
    example = teaching_example(geometry, size)
    expected = torch_same(example.input, example.kernel, d)
    assert example.output.shape == expected.shape == (size, size)
    np.testing.assert_allclose(cell_values(example), expected, atol=1e-12)
    np.testing.assert_allclose(correlate(example.input, example.kernel, 1, "same", d), expected)
    total = d * (k - 1)
    assert example.padding == ((total // 2, total - total // 2),) * 2
    assert example.padded.shape == (size + total, size + total)
    for line in example.formula():
        assert line.endswith(f"= {size}")


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
def test_kernel_4_same_on_7x7_is_7x7_with_the_extra_zeros_bottom_right():
    """The issue's case: the formula said 6 and the drawing was 6×6."""
    x = teaching_input(7)
    kernel = teaching_kernel(4, 4)
    result = explain(x, kernel, padding=((1, 2), (1, 2)))
    assert result.output.shape == (7, 7)
    np.testing.assert_allclose(result.output, torch_same(x, kernel, 1), atol=1e-12)
    assert result.formula() == ["H_out = (7 − 4 + 1 + 2) / 1 + 1 = 6 + 1 = 7"] + [
        "W_out = (7 − 4 + 1 + 2) / 1 + 1 = 6 + 1 = 7"
    ]
    assert result.padded.shape == (10, 10)
    assert result.is_padding(0, 5) and result.is_padding(8, 5) and result.is_padding(9, 5)
    assert not result.is_padding(7, 7) and result.is_padding(7, 8)
    assert not result.even_padding
    last = result.cells[-1]  # out[6, 6]: its window reaches the two extra rows of zeros
    assert last.window == (6, 6, 9, 9)


@given(
    h=st.integers(3, 9),
    kh=st.integers(1, 5),
    kw=st.integers(1, 5),
    top=st.integers(0, 3),
    bottom=st.integers(0, 3),
    left=st.integers(0, 3),
    right=st.integers(0, 3),
    stride=st.integers(1, 3),
    dilation=st.integers(1, 2),
    seed=st.integers(0, 1000),
)
def test_unequal_padding_equals_pytorch_after_padding_the_input(
    h, kh, kw, top, bottom, left, right, stride, dilation, seed
):
    rng = np.random.default_rng(seed)
    x, kernel = rng.normal(size=(h, h + 1)), rng.normal(size=(kh, kw))
    pads = ((top, bottom), (left, right))
    oh = output_size(h, kh, stride, top, dilation, p_after=bottom)
    ow = output_size(h + 1, kw, stride, left, dilation, p_after=right)
    if oh < 1 or ow < 1:
        with pytest.raises(ValueError):
            explain(x, kernel, stride=stride, padding=pads, dilation=dilation)
        return
    result = explain(x, kernel, stride=stride, padding=pads, dilation=dilation)
    padded = F.pad(torch.tensor(x)[None, None], (left, right, top, bottom))
    expected = F.conv2d(padded, torch.tensor(kernel)[None, None], stride=stride, dilation=dilation)
    np.testing.assert_allclose(cell_values(result), expected[0, 0].numpy(), atol=1e-12)
    for axis, line in zip((oh, ow), result.formula()):
        assert line.endswith(f"= {axis}")
