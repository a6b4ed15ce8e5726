"""Convolution and pooling worked out cell by cell, for the teaching views.

:func:`explain` takes a small input, a kernel and a layer's geometry (kernel size,
stride, padding, dilation; padding may differ before and after, as PyTorch's "same"
does with an even kernel) and returns everything the explainer draws: the padded
input, and for each output cell the input cells its window covers, the weights they
meet, the products and their sum. It computes cross-correlation (what a
``Conv2d`` layer does: the kernel is not flipped) or true convolution (the kernel
flipped in both axes first, as in the mathematical definition), max pooling and
average pooling. The numbers equal PyTorch's ``conv2d``, ``max_pool2d`` and
``avg_pool2d`` (tested).

numpy only: no torch, no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from engine.i18n import _
from engine.registry import pair
from engine.teaching.formula import Pads, output_size, pads_of, same_pads, size_formula

CONV, MAX, AVG = "conv", "max", "avg"

#: How many terms a written-out sum shows before "…".
MAX_TERMS = 12


@dataclass(frozen=True)
class Cell:
    """One output cell: its window and how its value comes about.

    ``taps`` are (row, col) in the padded input, in kernel order; ``weights`` the
    kernel value each tap meets (for pooling, None); ``inputs`` the padded input's
    values there.
    """

    row: int
    col: int
    taps: tuple[tuple[int, int], ...]
    inputs: tuple[float, ...]
    weights: tuple[float, ...] | None
    value: float
    op: str
    divisor: int = 1
    bias: float = 0.0
    #: the window's (top, left, bottom, right) in the padded input, inclusive (taps or not)
    window: tuple[int, int, int, int] = (0, 0, 0, 0)

    @property
    def products(self) -> tuple[float, ...]:
        if self.weights is None:
            return ()
        return tuple(w * x for w, x in zip(self.weights, self.inputs))

    def expression(self, max_terms: int = MAX_TERMS) -> str:
        """The arithmetic written out: ``1·0 + 2·1 + … = 7``, ``max(1, 3, 0) = 3``."""
        if self.op == CONV:
            terms = [f"{factor(w)}·{factor(x)}" for w, x in zip(self.weights, self.inputs)]
            text = _join(terms, " + ", max_terms)
            if self.bias:
                text += f" + {factor(self.bias)} ({_('bias')})"
            return f"{text} = {number(self.value)}"
        values = _join(
            [number(x) for x in self.inputs], ", " if self.op == MAX else " + ", max_terms
        )
        if self.op == MAX:
            return f"max({values}) = {number(self.value)}"
        return f"({values}) / {self.divisor} = {number(self.value)}"


@dataclass(frozen=True)
class Explanation:
    """A layer applied to one small input, cell by cell."""

    op: str
    flipped: bool
    input: np.ndarray  # [H, W]
    padded: np.ndarray  # [H + top + bottom, W + left + right]
    padding: Pads  # ((top, bottom), (left, right))
    kernel: np.ndarray | None  # [kh, kw] as given (not flipped)
    kernel_size: tuple[int, int]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    ceil_mode: bool
    output: np.ndarray  # [H_out, W_out]
    cells: list[Cell] = field(default_factory=list)

    @property
    def applied_kernel(self) -> np.ndarray | None:
        """The kernel as it meets the input: flipped for true convolution."""
        if self.kernel is None:
            return None
        return self.kernel[::-1, ::-1] if self.flipped else self.kernel

    def is_padding(self, row: int, col: int) -> bool:
        """Whether padded-input cell (row, col) is padding rather than the image."""
        (top, _bottom), (left, _right) = self.padding
        h, w = self.input.shape
        return not (top <= row < top + h and left <= col < left + w)

    @property
    def even_padding(self) -> bool:
        """Whether each axis is padded as much after as before."""
        return all(before == after for before, after in self.padding)

    def cell(self, index: int) -> Cell:
        """Output cells in reading order (row by row)."""
        return self.cells[index]

    def formula(self) -> list[str]:
        """The output-size formula per axis, with this layer's numbers."""
        return [
            size_formula(axis, n, k, s, p[0], d, self.ceil_mode, p[1])
            for axis, n, k, s, p, d in zip(
                "HW", self.input.shape, self.kernel_size, self.stride, self.padding, self.dilation
            )
        ]


def explain(
    x,
    kernel=None,
    *,
    op: str = CONV,
    kernel_size=None,
    stride=1,
    padding=0,
    dilation=1,
    flip: bool = False,
    bias: float = 0.0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> Explanation:
    """Apply one convolution or pooling to ``x`` [H, W] and keep every step.

    Parameters
    ----------
    x : array [H, W]
    kernel : array [kh, kw]
        The weights (convolution only).
    op : "conv", "max" or "avg"
    kernel_size : int or (kh, kw)
        For pooling; for convolution it is the kernel's shape.
    stride, dilation : int or (h, w)
        As in PyTorch.
    padding : int, (h, w) or ((top, bottom), (left, right))
        Zeros (max pooling ignores them); the last form pads the sides unequally, as
        PyTorch's ``padding="same"`` does with an even kernel.
    flip : bool
        True convolution: flip the kernel in both axes (convolution only).
    ceil_mode, count_include_pad : bool
        As in PyTorch's pooling.
    """
    x = np.asarray(x, dtype=np.float64)
    if op == CONV:
        kernel = np.asarray(kernel, dtype=np.float64)
        kh, kw = kernel.shape
    else:
        kernel = None
        kh, kw = pair(kernel_size)
    (sh, sw), (dh, dw) = pair(stride), pair(dilation)
    pads = pads_of(padding)
    h, w = x.shape
    padded = np.pad(x, pads)
    oh = output_size(h, kh, sh, pads[0][0], dh, ceil_mode, pads[0][1])
    ow = output_size(w, kw, sw, pads[1][0], dw, ceil_mode, pads[1][1])
    if oh < 1 or ow < 1:
        raise ValueError(
            _(
                "the kernel {kernel} (dilation {dilation}) does not fit the padded input {size}",
                kernel=f"{kh}×{kw}",
                dilation=f"{dh}×{dw}",
                size=f"{padded.shape[0]}×{padded.shape[1]}",
            )
        )
    applied = kernel[::-1, ::-1] if (flip and kernel is not None) else kernel
    cells = []
    output = np.zeros((oh, ow))
    for r in range(oh):
        for c in range(ow):
            cell = _cell(
                op,
                padded,
                applied,
                (r, c),
                (kh, kw),
                (sh, sw),
                (dh, dw),
                pads,
                (h, w),
                bias,
                count_include_pad,
            )
            cells.append(cell)
            output[r, c] = cell.value
    return Explanation(
        op,
        bool(flip and op == CONV),
        x,
        padded,
        pads,
        kernel,
        (kh, kw),
        (sh, sw),
        (dh, dw),
        ceil_mode,
        output,
        cells,
    )


def _cell(op, padded, kernel, rc, k, s, d, pads, hw, bias, count_include_pad) -> Cell:
    (r, c), (kh, kw), (sh, sw), (dh, dw), (h, w) = rc, k, s, d, hw
    (ph, _bottom), (pw, _right) = pads
    rows, cols = padded.shape
    top, left = r * sh, c * sw
    window = (
        top,
        left,
        min(top + (kh - 1) * dh, rows - 1),
        min(left + (kw - 1) * dw, cols - 1),
    )
    taps, inputs, weights = [], [], []
    for i in range(kh):
        for j in range(kw):
            y, x = top + i * dh, left + j * dw
            if op != CONV and not (y < rows and x < cols):
                continue  # ceil mode: the part of the last window past the padding
            if op == MAX and not (ph <= y < ph + h and pw <= x < pw + w):
                continue  # max pooling pads with −∞: padding never wins
            taps.append((y, x))
            inputs.append(float(padded[y, x]))
            if kernel is not None:
                weights.append(float(kernel[i, j]))
    if op == CONV:
        value = float(np.dot(weights, inputs)) + bias
        return Cell(
            r, c, tuple(taps), tuple(inputs), tuple(weights), value, op, bias=bias, window=window
        )
    if op == MAX:
        return Cell(r, c, tuple(taps), tuple(inputs), None, max(inputs), op, window=window)
    divisor = (
        len(taps)
        if count_include_pad
        else sum(1 for y, x in taps if ph <= y < ph + h and pw <= x < pw + w)
    )
    return Cell(
        r, c, tuple(taps), tuple(inputs), None, sum(inputs) / divisor, op, divisor, window=window
    )


def correlate(x, kernel, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Cross-correlate a whole image [H, W] with a kernel [kh, kw] (fast; no cells kept).

    ``padding`` as in :func:`explain`, or ``"same"`` (PyTorch's, stride 1).
    """
    x = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    (sh, sw), (dh, dw) = pair(stride), pair(dilation)
    kh, kw = kernel.shape
    pads = same_pads((kh, kw), (dh, dw)) if padding == "same" else pads_of(padding)
    padded = np.pad(x, pads)
    oh = output_size(x.shape[0], kh, sh, pads[0][0], dh, p_after=pads[0][1])
    ow = output_size(x.shape[1], kw, sw, pads[1][0], dw, p_after=pads[1][1])
    out = np.zeros((max(oh, 0), max(ow, 0)))
    if oh < 1 or ow < 1:
        return out
    for i in range(kh):
        for j in range(kw):
            y, xx = i * dh, j * dw
            out += (
                kernel[i, j]
                * padded[y : y + (oh - 1) * sh + 1 : sh, xx : xx + (ow - 1) * sw + 1 : sw]
            )
    return out


def number(value: float) -> str:
    """A value as the explainer writes it: ``3``, ``−0.5``, ``0.333`` (a true minus sign)."""
    if value == int(value) and abs(value) < 1e9:
        text = str(int(value))
    else:
        text = f"{value:.3g}"
        text = text if "e" not in text else f"{value:.2e}"
    return text.replace("-", "\u2212")


def factor(value: float) -> str:
    """A number as one factor of a product: negatives in brackets, ``2·(−1)``."""
    return number(value) if value >= 0 else f"({number(value)})"


def _join(terms: list[str], sep: str, max_terms: int) -> str:
    if len(terms) <= max_terms:
        return sep.join(terms)
    head = sep.join(terms[: max_terms - 2])
    return f"{head}{sep}…{sep}{terms[-1]}"


def teaching_input(size: int = 7, seed: int = 0) -> np.ndarray:
    """A small input with single-digit values, easy to multiply in one's head."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 4, size=(size, size)).astype(np.float64)


def teaching_kernel(kh: int, kw: int) -> np.ndarray:
    """A small kernel of −1, 0, 1, 2 that is visibly not symmetric (so flipping shows)."""
    base = np.array([[1, 0, -1], [2, 0, -2], [1, 1, 0]], dtype=np.float64)
    reps = (math.ceil(kh / 3), math.ceil(kw / 3))
    return np.tile(base, reps)[:kh, :kw]


# --------------------------------------------------------------------------- layers


@dataclass(frozen=True)
class LayerGeometry:
    """What the explainer needs of a Conv2d/Conv1x1/MaxPool2d/AvgPool2d node's params."""

    op: str
    kernel_size: tuple[int, int]
    stride: tuple[int, int]
    padding: Pads  # ((top, bottom), (left, right)); 1 or (h, w) are taken as equal sides
    dilation: tuple[int, int] = (1, 1)
    ceil_mode: bool = False
    note: str = ""

    def __post_init__(self) -> None:  # padding may be given as 1 or (h, w) too
        object.__setattr__(self, "padding", pads_of(self.padding))


#: Block types the explainer can animate.
EXPLAINABLE = ("Conv2d", "Conv1x1", "MaxPool2d", "AvgPool2d")


def layer_geometry(block_type: str, params: dict) -> LayerGeometry | None:
    """The geometry of a node from its resolved params, or None for other block types."""
    if block_type == "Conv2d":
        kernel, dilation = pair(params["kernel_size"]), pair(params["dilation"])
        padding, note = params["padding"], ""
        if padding == "same":
            padding = same_pads(kernel, dilation)
            if any(before != after for before, after in padding):
                note = _(
                    'With an even kernel, "same" padding needs an odd number of zero rows '
                    "and columns: PyTorch puts the extra one at the bottom and right, as "
                    "drawn here"
                )
        return LayerGeometry(
            CONV, kernel, pair(params["stride"]), pads_of(padding), dilation, note=note
        )
    if block_type == "Conv1x1":
        return LayerGeometry(CONV, (1, 1), pair(params["stride"]), pads_of(0))
    if block_type in ("MaxPool2d", "AvgPool2d"):
        stride = params["kernel_size"] if params["stride"] is None else params["stride"]
        return LayerGeometry(
            MAX if block_type == "MaxPool2d" else AVG,
            pair(params["kernel_size"]),
            pair(stride),
            pads_of(params["padding"]),
            ceil_mode=bool(params["ceil_mode"]),
        )
    return None


#: Largest teaching input side (a bigger kernel can't be shown cell by cell).
MAX_INPUT = 16


def input_side(geometry: LayerGeometry, wanted: int = 7) -> int | None:
    """An input side for the animation: ``wanted``, grown until the output is at least
    2×2 (or 1×1 for a window as large as the input); None when over :data:`MAX_INPUT`."""
    side = max(3, wanted)
    for axis in range(2):
        k, s = geometry.kernel_size[axis], geometry.stride[axis]
        p, d = sum(geometry.padding[axis]), geometry.dilation[axis]
        side = max(side, d * (k - 1) + 1 - p + s)
    return side if side <= MAX_INPUT else None


def teaching_example(
    geometry: LayerGeometry,
    side: int = 7,
    flip: bool = False,
    kernel: np.ndarray | None = None,
    seed: int = 0,
) -> Explanation:
    """The layer applied to a small made-up input, ready to animate."""
    x = teaching_input(side, seed)
    if geometry.op == CONV:
        kernel = teaching_kernel(*geometry.kernel_size) if kernel is None else kernel
        return explain(
            x,
            kernel,
            stride=geometry.stride,
            padding=geometry.padding,
            dilation=geometry.dilation,
            flip=flip,
        )
    return explain(
        x,
        op=geometry.op,
        kernel_size=geometry.kernel_size,
        stride=geometry.stride,
        padding=geometry.padding,
        ceil_mode=geometry.ceil_mode,
    )
