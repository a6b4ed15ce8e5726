"""The explainer's drawing: a kernel sliding over a small input, one cell at a time.

:class:`ExplainCanvas` paints an :class:`engine.teaching.explain.Explanation`: the padded input
(padding hatched, so it is plainly not part of the image), the window of the current
output cell with the weight each pixel meets, the kernel (flipped for true
convolution), the output filling in, the current cell's multiply-and-sum written out
and the output-size formula with the layer's numbers (the lesson's (W − K + 2P) / S + 1
when dilation is 1). The text below the grids is measured before the grids are sized, so
a long sum wraps and is never cut off. :mod:`widgets.explainer` adds the controls.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QSizePolicy,
    QWidget,
)

from engine.teaching.explain import (
    CONV,
    MAX,
    Explanation,
    number,
)
from engine.teaching.formula import symbolic_formula

ACCENT = QColor("#f97316")
DONE = QColor("#3b82f6")
GAP = 46.0  # between the grids, room for the ⋆ and = signs
MARGIN = 12.0
TOP = 26.0  # room above the grids for their captions
MIN_CELL = 11.0  # smallest cell a number is readable in
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap


class ExplainCanvas(QWidget):
    """Paints one step of an explanation: input, kernel, output and the arithmetic."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.explanation: Explanation | None = None
        self.current = 0

    def sizeHint(self) -> QSize:
        return QSize(640, 420)

    def minimumSizeHint(self) -> QSize:
        """Room for the grids at a small readable cell and the whole text below them."""
        if self.explanation is None:
            return QSize(320, 200)
        e = self.explanation
        rows = max(e.padded.shape[0], e.kernel_size[0], e.output.shape[0])
        return QSize(320, int(TOP + 18 + self._text_height() + rows * MIN_CELL))

    def set_explanation(self, explanation: Explanation | None, current: int = 0) -> None:
        self.explanation = explanation
        self.current = current
        self.updateGeometry()
        self.update()

    def set_current(self, index: int) -> None:
        self.current = index
        self.update()

    # ----------------------------------------------------------------- layout
    def _layout(self) -> tuple[float, tuple[QPointF, QPointF, QPointF]]:
        """The cell size, and the top-left corners of the input, kernel and output grids."""
        e = self.explanation
        (ph, pw), (kh, kw), (oh, ow) = e.padded.shape, e.kernel_size, e.output.shape
        text_h = self._text_height() + TOP + 18  # captions above, a gap below the grids
        width = (self.width() - 24 - 2 * GAP) / (pw + kw + ow)
        cell = max(MIN_CELL, min(46.0, width, (self.height() - text_h) / max(ph, kh, oh)))
        total = (pw + kw + ow) * cell + 2 * GAP
        left = max(12.0, (self.width() - total) / 2)
        top = TOP
        tallest = max(ph, kh, oh) * cell
        input_origin = QPointF(left, top + (tallest - ph * cell) / 2)
        kernel_origin = QPointF(left + pw * cell + GAP, top + (tallest - kh * cell) / 2)
        output_origin = QPointF(
            kernel_origin.x() + kw * cell + GAP, top + (tallest - oh * cell) / 2
        )
        return cell, (input_origin, kernel_origin, output_origin)

    # ----------------------------------------------------------------- painting
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self.explanation is not None and self.explanation.cells:
            self.paint(painter)
        painter.end()

    def paint(self, painter: QPainter) -> None:
        e = self.explanation
        cell_size, origins = self._layout()
        current = e.cells[min(self.current, len(e.cells) - 1)]
        self._font(painter, cell_size)
        self._draw_input(painter, origins[0], cell_size, current)
        self._draw_kernel(painter, origins[1], cell_size)
        self._draw_output(painter, origins[2], cell_size)
        self._draw_signs(painter, origins, cell_size)
        self._draw_text(painter, origins, cell_size, current)

    def _colours(self) -> tuple[QColor, QColor, QColor, QColor]:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        base = pal.color(QPalette.ColorRole.Base)
        grid = _alpha(muted, 150)  # readable on light and dark themes alike
        return text, muted, base, grid

    def _font(self, painter: QPainter, cell: float) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(7, int(cell * 0.38)))
        painter.setFont(font)

    def _value_fill(self, value: float, high: float) -> QColor:
        """Light blue, stronger for larger values."""
        t = 0.0 if high <= 0 else max(0.0, min(1.0, value / high))
        return _alpha(DONE, int(90 * t))

    def _draw_input(self, painter: QPainter, origin: QPointF, cell: float, current) -> None:
        e = self.explanation
        text, muted, base, grid = self._colours()
        high = float(abs(e.input).max()) if e.input.size else 1.0
        taps = {tap: i for i, tap in enumerate(current.taps)}
        weights = current.weights
        pad_text = "−∞" if e.op == MAX else "0"
        for (r, c), value in _cells(e.padded):
            rect = QRectF(origin.x() + c * cell, origin.y() + r * cell, cell, cell)
            padding = e.is_padding(r, c)
            if padding:
                painter.fillRect(rect, QBrush(_alpha(muted, 120), Qt.BrushStyle.BDiagPattern))
            else:
                painter.fillRect(rect, self._value_fill(value, high))
            if (r, c) in taps:
                painter.fillRect(rect, _alpha(ACCENT, 90))
            painter.setPen(QPen(grid, 1))
            painter.drawRect(rect)
            painter.setPen(muted if padding else text)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignCenter, pad_text if padding else number(value)
            )
            if (r, c) in taps and weights is not None and cell >= 22:
                self._draw_weight_tag(painter, rect, weights[taps[(r, c)]])
        self._draw_window(painter, origin, cell, current)
        label = self.tr("input {size}").format(size=f"{e.input.shape[0]}×{e.input.shape[1]}")
        if any(any(side) for side in e.padding):
            label += self.tr(" + padding {size}").format(size=padding_text(e.padding))
        self._caption(painter, origin, e.padded.shape[1] * cell, label)

    def _draw_weight_tag(self, painter: QPainter, rect: QRectF, weight: float) -> None:
        font = painter.font()
        small = QFont(font)
        small.setPixelSize(max(6, int(font.pixelSize() * 0.62)))
        painter.setFont(small)
        painter.setPen(ACCENT.darker(140))
        tag = QRectF(rect.left() + 2, rect.top() + 1, rect.width() - 4, rect.height() - 2)
        painter.drawText(
            tag, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, f"×{number(weight)}"
        )
        painter.setFont(font)

    def _draw_window(self, painter: QPainter, origin: QPointF, cell: float, current) -> None:
        top, left, bottom, right = current.window
        box = QRectF(
            origin.x() + left * cell,
            origin.y() + top * cell,
            (right - left + 1) * cell,
            (bottom - top + 1) * cell,
        )
        painter.setPen(QPen(ACCENT, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)

    def _draw_kernel(self, painter: QPainter, origin: QPointF, cell: float) -> None:
        e = self.explanation
        text, muted, base, grid = self._colours()
        kh, kw = e.kernel_size
        kernel = e.applied_kernel
        for r in range(kh):
            for c in range(kw):
                rect = QRectF(origin.x() + c * cell, origin.y() + r * cell, cell, cell)
                painter.fillRect(rect, _alpha(ACCENT, 45))
                painter.setPen(QPen(ACCENT.darker(120), 1))
                painter.drawRect(rect)
                if kernel is not None:
                    painter.setPen(text)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, number(kernel[r, c]))
        if kernel is None:
            painter.setPen(text)
            painter.drawText(
                QRectF(origin.x(), origin.y(), kw * cell, kh * cell),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("max") if e.op == MAX else self.tr("mean"),
            )
            label = self.tr("window {size}").format(size=f"{kh}×{kw}")
        else:
            label = self.tr("kernel {size}").format(size=f"{kh}×{kw}") + (
                self.tr(" flipped ↻180°") if e.flipped else ""
            )
        if e.dilation != (1, 1):
            label += self.tr(" · dilation {dilation}").format(dilation=e.dilation[0])
        self._caption(painter, origin, kw * cell, label)

    def _draw_output(self, painter: QPainter, origin: QPointF, cell: float) -> None:
        e = self.explanation
        text, muted, base, grid = self._colours()
        oh, ow = e.output.shape
        for index, c in enumerate(e.cells):
            rect = QRectF(origin.x() + c.col * cell, origin.y() + c.row * cell, cell, cell)
            if index == self.current:
                painter.fillRect(rect, _alpha(ACCENT, 110))
            elif index < self.current:
                painter.fillRect(rect, _alpha(DONE, 40))
            painter.setPen(
                QPen(ACCENT if index == self.current else grid, 2.5 if index == self.current else 1)
            )
            painter.drawRect(rect)
            if index <= self.current:
                painter.setPen(text)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, number(c.value))
        self._caption(
            painter, origin, ow * cell, self.tr("output {size}").format(size=f"{oh}×{ow}")
        )

    def _draw_signs(self, painter: QPainter, origins, cell: float) -> None:
        e = self.explanation
        text = self._colours()[0]
        font = QFont(painter.font())
        font.setPixelSize(30)
        painter.save()
        painter.setFont(font)
        painter.setPen(text)
        kh = e.kernel_size[0]
        middle = origins[1].y() + kh * cell / 2
        first = origins[0].x() + e.padded.shape[1] * cell
        sign = "⋆" if e.op == CONV and not e.flipped else ("∗" if e.op == CONV else "→")
        painter.drawText(QRectF(first, middle - 20, GAP, 40), Qt.AlignmentFlag.AlignCenter, sign)
        second = origins[1].x() + e.kernel_size[1] * cell
        painter.drawText(QRectF(second, middle - 20, GAP, 40), Qt.AlignmentFlag.AlignCenter, "=")
        painter.restore()

    def _caption(self, painter: QPainter, origin: QPointF, width: float, text: str) -> None:
        painter.save()
        painter.setFont(self.font())
        painter.setPen(self._colours()[1])
        wide = painter.fontMetrics().horizontalAdvance(text) + 8
        left = origin.x() + width / 2 - wide / 2
        left = max(2.0, min(left, self.width() - wide - 2))  # never cut at the edges
        painter.drawText(
            QRectF(left, origin.y() - 22, wide, 18),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            text,
        )
        painter.restore()

    # ----------------------------------------------------------------- the text
    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def _text_width(self) -> int:
        return max(50, int(self.width() - 2 * MARGIN))

    def _arithmetic(self) -> str:
        """``out[r, c] = 1·0 + 2·1 + … = 7`` for the current cell."""
        e = self.explanation
        cell = e.cells[min(self.current, len(e.cells) - 1)]
        return f"out[{cell.row}, {cell.col}] = {cell.expression()}"

    def formula_lines(self) -> list[str]:
        """The output-size formula with the layer's numbers (one line when H and W agree),
        then the formula in letters with what each letter means."""
        e = self.explanation
        lines = e.formula()
        if lines[0].split("=", 1)[1] == lines[1].split("=", 1)[1]:
            lines = ["H_out = W_out =" + lines[0].split("=", 1)[1]]
        dilation = max(e.dilation)
        letters = symbolic_formula(dilation, e.ceil_mode, e.even_padding)
        legend = (
            self.tr("W input, K kernel, P padding, S stride, D dilation")
            if dilation > 1
            else self.tr("W input, K kernel, P padding, S stride")
        )
        return [
            *lines,
            self.tr("output size = {formula}  ({legend})").format(formula=letters, legend=legend),
        ]

    def _text_height(self) -> float:
        """Height of the arithmetic (wrapped to the width) and the formula lines."""
        used = QFontMetrics(self._bold()).boundingRect(
            0, 0, self._text_width(), 10_000, int(WRAP), self._arithmetic()
        )
        line_h = self.fontMetrics().height() + 3
        formula = sum(
            QFontMetrics(self.font())
            .boundingRect(0, 0, self._text_width(), 10_000, int(WRAP), line)
            .height()
            + 3
            for line in self.formula_lines()
        )
        return max(line_h, used.height()) + 4 + max(formula, 2 * line_h)

    def _draw_text(self, painter: QPainter, origins, cell: float, current) -> None:
        e = self.explanation
        text, muted, _, _ = self._colours()
        bottom = max(
            origins[0].y() + e.padded.shape[0] * cell, origins[2].y() + e.output.shape[0] * cell
        )
        y, width = bottom + 14, self._text_width()
        painter.setFont(self._bold())
        painter.setPen(text)
        y += self._paragraph(painter, y, width, self._arithmetic()) + 4
        painter.setFont(QFont(self.font()))
        painter.setPen(muted)
        for line in self.formula_lines():
            y += self._paragraph(painter, y, width, line) + 3

    def _paragraph(self, painter: QPainter, y: float, width: float, text: str) -> float:
        """Draw ``text`` wrapped at ``width`` from ``y``; returns the height it took."""
        rect = QRectF(MARGIN, y, width, 10_000)
        used = painter.boundingRect(rect, WRAP, text)
        painter.drawText(rect, WRAP, text)
        return used.height()

    # ----------------------------------------------------------------- queries
    def current_expression(self) -> str:
        e = self.explanation
        return "" if e is None else e.cells[self.current].expression()

    def text_fits(self) -> bool:
        """Whether the arithmetic and the formula fit below the grids (nothing cut off)."""
        if self.explanation is None:
            return True
        cell, origins = self._layout()
        e = self.explanation
        bottom = max(
            origins[0].y() + e.padded.shape[0] * cell, origins[2].y() + e.output.shape[0] * cell
        )
        return bottom + 14 + self._text_height() <= self.height()


def padding_text(padding) -> str:
    """``1``, ``1×2`` (rows × columns) or, when the sides differ, ``↑1 ↓2 ←1 →2``."""
    (top, bottom), (left, right) = padding
    if top == bottom and left == right:
        return f"{top}" if top == left else f"{top}×{left}"
    return f"↑{top} ↓{bottom} ←{left} →{right}"


def _alpha(colour: QColor, alpha: int) -> QColor:
    return QColor(colour.red(), colour.green(), colour.blue(), alpha)


def _cells(array):
    rows, cols = array.shape
    for r in range(rows):
        for c in range(cols):
            yield (r, c), float(array[r, c])
