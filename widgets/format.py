"""Text shared by the views: counts, shapes, parameter values and the size formula.

Plain Python (Qt only for ``QCoreApplication.translate``, which needs no application),
so the canvas, the summary table, the inspector and the status bar all print numbers
the same way, and the rules are testable without a display.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.numbers import human_count  # noqa: F401  (the views import it from here)
from engine.registry import PADDING, Param, pair

translate = QCoreApplication.translate

#: Block types whose output size follows the convolution formula.
FORMULA_TYPES = ("Conv2d", "Conv1x1", "MaxPool2d", "AvgPool2d")

#: The general rule, shown above the numbers (translate it with context "Format").
GENERAL_FORMULA = QT_TRANSLATE_NOOP(
    "Format", "⌊(in + 2·padding − dilation·(kernel−1) − 1) / stride⌋ + 1"
)


def thousands(n: int | None) -> str:
    """An exact count with thousands separators: ``1234567`` -> ``"1,234,567"``."""
    return "—" if n is None else f"{n:,}"


def shape_text(shape: Sequence[int] | None) -> str:
    """A shape without the batch: ``(64, 56, 56)`` -> ``"64×56×56"``, ``(10,)`` -> ``"[10]"``."""
    if shape is None:
        return "?"
    if len(shape) == 1:
        return f"[{shape[0]}]"
    return "×".join(str(d) for d in shape)


# --------------------------------------------------------------------------- pair values


def pair_text(value: Any) -> str:
    """How a pair editor shows a value: ``3``, ``"3, 5"``, ``"same"``, or ``""`` for null."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


_TIMES = re.compile(r"(?<=\d)\s*[x×*]\s*(?=\d)")  # "3x5", "3 × 5"
_SPLIT = re.compile(r"[\s,;]+")


def parse_pair(text: str, param: Param) -> tuple[Any, str | None]:
    """Read what the user typed into a pair editor.

    Returns
    -------
    (value, error)
        ``error`` is None when ``value`` is acceptable for ``param``; otherwise it says
        why in plain words and ``value`` must not be used.
    """
    cleaned = text.strip().lower().strip("[]() ")
    if cleaned in ("", "auto", "none", auto_word().lower()):
        if param.nullable:
            return None, None
        return None, translate("Format", "needs a value")
    if cleaned == "same":
        if param.kind == PADDING:
            return "same", None
        return None, translate("Format", '"same" is only for padding')
    tokens = [t for t in _SPLIT.split(_TIMES.sub(",", cleaned)) if t]
    if not 1 <= len(tokens) <= 2:
        return None, translate(
            "Format", "expected one integer or two (height, width), e.g. 3 or 3, 5"
        )
    numbers = []
    for token in tokens:
        try:
            numbers.append(int(token))
        except ValueError:
            return None, translate("Format", "“{token}” is not an integer").format(token=token)
    value: Any = numbers[0] if len(numbers) == 1 else numbers
    return value, param.check(value)


def auto_word() -> str:
    """What an empty (automatic) value is shown as, in the user's language ("auto")."""
    return translate("Format", "auto")


def value_text(value: Any) -> str:
    """A parameter value as the file format would write it, for tooltips and copies."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "auto"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return f"{value:g}" if isinstance(value, float) else str(value)


# --------------------------------------------------------------------------- formula


def formula_lines(
    block_type: str, params: dict[str, Any], input_shape: Sequence[int] | None
) -> list[str]:
    """The output-size formula of a conv/pool node with its numbers filled in, per axis.

    ``params`` are the node's resolved params. Returns no lines for other block types,
    a missing required param or an input that is not a feature map [C, H, W].
    """
    geometry = _geometry(block_type, params)
    if geometry is None or input_shape is None or len(input_shape) != 3:
        return []
    kernel, stride, padding, dilation, ceil_mode = geometry
    if padding == "same":
        return [
            f"same: {axis}_out = {axis}_in = {size}" for axis, size in zip("HW", input_shape[1:])
        ]
    try:
        per_axis = [pair(v) for v in (kernel, stride, padding, dilation)]
    except (TypeError, ValueError, IndexError):
        return []
    return [
        axis_formula(axis, size, *(v[i] for v in per_axis), ceil_mode)
        for i, (axis, size) in enumerate(zip("HW", input_shape[1:]))
    ]


def axis_formula(
    axis: str, size: int, k: int, s: int, p: int, d: int, ceil_mode: bool = False
) -> str:
    """One axis: ``H_out = ⌊(56 + 2·1 − 1·(3−1) − 1) / 2⌋ + 1 = 28``."""
    left, right = ("⌈", "⌉") if ceil_mode else ("⌊", "⌋")
    text = f"{axis}_out = {left}({size} + 2·{p} − {d}·({k}−1) − 1) / {s}{right} + 1"
    span = size + 2 * p - d * (k - 1) - 1
    if not _fits(size, k, s, p, d, ceil_mode):
        return text + translate("Format", ": the kernel is larger than the padded input")
    if not ceil_mode:
        return f"{text} = {span // s + 1}"
    out = math.ceil(span / s) + 1
    if (out - 1) * s >= size + p:  # PyTorch drops a last window starting in the padding
        note = translate("Format", "(the last window would start in the padding)")
        return f"{text} − 1 = {out - 1} {note}"
    return f"{text} = {out}"


def _fits(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> bool:
    """Whether the engine's shape rule (PyTorch's) gives at least one output."""
    from engine.blocks.common import spatial_out
    from engine.registry import ShapeProblem

    try:
        spatial_out(size, k, s, p, d, ceil_mode)
    except ShapeProblem:
        return False
    return True


def _geometry(block_type: str, p: dict[str, Any]):
    """(kernel, stride, padding, dilation, ceil_mode) of a conv/pool, or None."""
    try:
        if block_type == "Conv2d":
            return p["kernel_size"], p["stride"], p["padding"], p["dilation"], False
        if block_type == "Conv1x1":
            return 1, p["stride"], 0, 1, False
        if block_type in ("MaxPool2d", "AvgPool2d"):
            stride = p["kernel_size"] if p["stride"] is None else p["stride"]
            return p["kernel_size"], stride, p["padding"], 1, bool(p["ceil_mode"])
    except (KeyError, TypeError):
        return None
    return None
