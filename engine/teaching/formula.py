"""Output sizes of a sliding window, and the formula written out with a layer's numbers.

Padding is per axis and per side, ``((top, bottom), (left, right))``: PyTorch's
``padding="same"`` with an even kernel pads one more row and column at the bottom and
right (:func:`same_pads`), so the two sides differ. When dilation is 1 the formula is
written in the lesson's form, ``(W − K + 2P) / S + 1``; otherwise in PyTorch's,
``⌊(W + 2P − D·(K−1) − 1) / S⌋ + 1``.

No torch, no Qt.
"""

from __future__ import annotations

from engine.blocks.common import output_length
from engine.i18n import _
from engine.registry import pair

#: Padding per axis, before and after: ((top, bottom), (left, right)).
Pads = tuple[tuple[int, int], tuple[int, int]]


def pads_of(padding) -> Pads:
    """``1``, ``(1, 2)`` or ``((top, bottom), (left, right))`` as per-side padding."""
    if isinstance(padding, (list, tuple)) and all(isinstance(v, (list, tuple)) for v in padding):
        (top, bottom), (left, right) = padding
        return (int(top), int(bottom)), (int(left), int(right))
    ph, pw = pair(padding)
    return (ph, ph), (pw, pw)


def same_pads(kernel, dilation=1) -> Pads:
    """PyTorch's ``padding="same"``: ``d·(k−1)`` per axis, the smaller half before."""
    sides = []
    for k, d in zip(pair(kernel), pair(dilation)):
        total = d * (k - 1)
        sides.append((total // 2, total - total // 2))
    return sides[0], sides[1]


def output_size(
    n: int,
    k: int,
    s: int,
    p: int,
    d: int = 1,
    ceil_mode: bool = False,
    p_after: int | None = None,
) -> int:
    """PyTorch's output size along one axis (0 when the kernel does not fit): the
    analysis's own rule (:func:`engine.blocks.common.output_length`).

    ``p`` pads before, ``p_after`` after (default: ``p`` again).
    """
    after = p if p_after is None else p_after
    return max(0, output_length(n, k, s, p, after, d, ceil_mode))


def size_formula(
    axis: str,
    n: int,
    k: int,
    s: int,
    p: int,
    d: int = 1,
    ceil_mode: bool = False,
    p_after: int | None = None,
) -> str:
    """The output size along ``axis`` worked out:
    ``W_out = ⌊(7 − 3 + 2·1) / 2⌋ + 1 = ⌊6 / 2⌋ + 1 = 4``."""
    after = p if p_after is None else p_after
    left, right = ("⌈", "⌉") if ceil_mode else (("⌊", "⌋") if s > 1 else ("", ""))
    pads = f"2·{p}" if after == p else f"{p} + {after}"
    if d == 1:
        inner = f"{n} − {k} + {pads}"
    else:
        inner = f"{n} + {pads} − {d}·({k}−1) − 1"
    head = f"{axis}_out = {left}({inner}) / {s}{right} + 1"
    span = n + p + after - d * (k - 1) - 1
    if span < 0:
        return head + _(": the kernel is larger than the padded input")
    result = output_size(n, k, s, p, d, ceil_mode, after)
    if not left:  # stride 1: nothing to round
        return f"{head} = {span} + 1 = {result}"
    return f"{head} = {left}{span} / {s}{right} + 1 = {result}"


def symbolic_formula(dilation: int = 1, ceil_mode: bool = False, even: bool = True) -> str:
    """The formula in letters: ``(W − K + 2P) / S + 1`` (the lesson's form, dilation 1) or
    ``⌊(W + 2P − D·(K−1) − 1) / S⌋ + 1``; ``even`` False writes the two sides'
    padding as P₁ + P₂."""
    left, right = ("⌈", "⌉") if ceil_mode else ("⌊", "⌋")
    pads = "2P" if even else "P₁ + P₂"
    if dilation == 1:
        return f"{left}(W − K + {pads}) / S{right} + 1"
    return f"{left}(W + {pads} − D·(K−1) − 1) / S{right} + 1"
