"""Text shared by the views: counts, shapes, pair values and the output-size formula."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.blocks import spatial_out
from engine.registry import ShapeProblem, get_spec
from widgets.format import (
    axis_formula,
    formula_lines,
    human_count,
    pair_text,
    parse_pair,
    shape_text,
    thousands,
)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0"),
        (950, "950"),
        (1000, "1 k"),
        (3922, "3.92 k"),
        (61_706, "61.7 k"),
        (11_689_512, "11.7 M"),
        (999_999, "1 M"),
        (1_814_073_344, "1.81 G"),
        (None, "—"),
    ],
)
def test_human_count(n, text):
    assert human_count(n) == text


def test_thousands_and_shapes():
    assert thousands(1_234_567) == "1,234,567"
    assert thousands(12) == "12"
    assert shape_text((64, 56, 56)) == "64×56×56"
    assert shape_text((10,)) == "[10]"
    assert shape_text(None) == "?"


def _param(block, name):
    return get_spec(block).param(name)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        ("3, 5", [3, 5]),
        ("3,5", [3, 5]),
        ("3 5", [3, 5]),
        ("3x5", [3, 5]),
        ("3 × 5", [3, 5]),
        ("[3, 5]", [3, 5]),
        (" 7 ", 7),
    ],
)
def test_parse_pair_accepts_int_or_pair(text, value):
    assert parse_pair(text, _param("Conv2d", "kernel_size")) == (value, None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("3, x", "“x” is not an integer"),
        ("x", "“x” is not an integer"),
        ("3.5", "“3.5” is not an integer"),
        ("1, 2, 3", "expected one integer or two (height, width), e.g. 3 or 3, 5"),
        ("", "needs a value"),
        ("0", "0 is below the minimum 1"),
        ("3, 99", "99 is above the maximum 64"),
        ("same", '"same" is only for padding'),
    ],
)
def test_parse_pair_refuses_with_a_reason(text, reason):
    assert parse_pair(text, _param("Conv2d", "kernel_size"))[1] == reason


def test_parse_pair_padding_same_and_nullable_auto():
    assert parse_pair("same", _param("Conv2d", "padding")) == ("same", None)
    assert parse_pair("SAME", _param("Conv2d", "padding")) == ("same", None)
    stride = _param("MaxPool2d", "stride")  # nullable: empty means the kernel size
    assert parse_pair("", stride) == (None, None)
    assert parse_pair("auto", stride) == (None, None)


def test_pair_text_round_trips():
    kernel = _param("Conv2d", "kernel_size")
    for value in (3, [3, 5]):
        assert parse_pair(pair_text(value), kernel) == (value, None)
    assert pair_text(None) == ""
    assert pair_text("same") == "same"


def _conv(**params):
    return get_spec("Conv2d").resolve({"out_channels": 8, **params})


def test_formula_for_conv2d_fills_in_the_numbers():
    lines = formula_lines("Conv2d", _conv(kernel_size=3, stride=2, padding=1), (3, 56, 56))
    assert lines == [
        "H_out = ⌊(56 + 2·1 − 1·(3−1) − 1) / 2⌋ + 1 = 28",
        "W_out = ⌊(56 + 2·1 − 1·(3−1) − 1) / 2⌋ + 1 = 28",
    ]


def test_formula_per_axis_for_pairs_and_dilation():
    params = _conv(kernel_size=[3, 5], stride=[1, 2], padding=[0, 2], dilation=[2, 1])
    assert formula_lines("Conv2d", params, (3, 32, 40)) == [
        "H_out = ⌊(32 + 2·0 − 2·(3−1) − 1) / 1⌋ + 1 = 28",
        "W_out = ⌊(40 + 2·2 − 1·(5−1) − 1) / 2⌋ + 1 = 20",
    ]


def test_formula_same_padding_shows_the_rule():
    assert formula_lines("Conv2d", _conv(padding="same"), (3, 56, 48)) == [
        "same: H_out = H_in = 56",
        "same: W_out = W_in = 48",
    ]


def test_formula_for_pooling_uses_dilation_one_and_default_stride():
    params = get_spec("MaxPool2d").resolve({"kernel_size": 3})
    assert formula_lines("MaxPool2d", params, (64, 112, 112))[0] == (
        "H_out = ⌊(112 + 2·0 − 1·(3−1) − 1) / 3⌋ + 1 = 37"
    )


def test_formula_ceil_mode_uses_ceiling_brackets():
    params = get_spec("MaxPool2d").resolve({"kernel_size": 2, "ceil_mode": True})
    assert formula_lines("AvgPool2d", params, (8, 5, 5))[0] == (
        "H_out = ⌈(5 + 2·0 − 1·(2−1) − 1) / 2⌉ + 1 = 3"
    )


def test_formula_conv1x1_and_other_blocks():
    params = get_spec("Conv1x1").resolve({"out_channels": 4, "stride": 2})
    assert formula_lines("Conv1x1", params, (8, 9, 9))[1] == (
        "W_out = ⌊(9 + 2·0 − 1·(1−1) − 1) / 2⌋ + 1 = 5"
    )
    assert formula_lines("ReLU", {}, (8, 9, 9)) == []
    assert formula_lines("Conv2d", _conv(), (128,)) == []  # not a feature map
    assert formula_lines("Conv2d", _conv(), None) == []
    assert formula_lines("Conv2d", {"kernel_size": 3}, (3, 8, 8)) == []  # params missing


def test_formula_says_when_the_kernel_does_not_fit():
    assert axis_formula("H", 2, 5, 1, 0, 1).endswith("the kernel is larger than the padded input")


@given(
    size=st.integers(1, 300),
    k=st.integers(1, 11),
    s=st.integers(1, 5),
    p=st.integers(0, 5),
    d=st.integers(1, 3),
    ceil=st.booleans(),
)
def test_formula_result_matches_the_engine(size, k, s, p, d, ceil):
    text = axis_formula("H", size, k, s, p, d, ceil)
    try:
        expected = spatial_out(size, k, s, p, d, ceil)
    except ShapeProblem:
        assert "larger than the padded input" in text
        return
    assert int(re.search(r"= (\d+)(?: \(.*\))?$", text).group(1)) == expected
