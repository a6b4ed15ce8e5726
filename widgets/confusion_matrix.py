"""The confusion matrix of an evaluation: rows the true class, columns the predicted one,
shaded by the share of each true class (the diagonal blue, confusions red), with each
class's accuracy as a bar at the end of its row. Counts, labels and titles are fitted to
the room they have (elided names and small cells say the rest in tooltips)."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QSizePolicy,
    QToolTip,
    QWidget,
)

from widgets.common import fitted_font

RIGHT_BLUE = QColor("#2563eb")
WRONG_RED = QColor("#dc2626")
#: Length of a class's accuracy bar, and the smallest type a count is drawn in.
BAR_W = 40
MIN_COUNT_PX = 7
#: Centred and never clipped to its box (Hangul from a fallback font is taller than the
#: line height of the widget's font).
DONT_CLIP = Qt.TextFlag.TextDontClip
WHOLE = Qt.AlignmentFlag.AlignCenter | DONT_CLIP


def _mix(base: QColor, colour: QColor, t: float) -> QColor:
    t = max(0.0, min(1.0, t))
    return QColor(
        int(base.red() + (colour.red() - base.red()) * t),
        int(base.green() + (colour.green() - base.green()) * t),
        int(base.blue() + (colour.blue() - base.blue()) * t),
    )


class ConfusionMatrixView(QWidget):
    """The confusion matrix with per-class accuracy bars.

    Signals
    -------
    cellClicked(int, int)
        (true class, predicted class); (-1, -1) when the click missed the cells.
    """

    cellClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.evaluation = None
        self.selected: tuple[int, int] | None = None

    def sizeHint(self) -> QSize:
        return QSize(520, 440)

    def set_evaluation(self, evaluation) -> None:
        self.evaluation = evaluation
        self.selected = None
        self.update()

    # ----------------------------------------------------------------- geometry
    def _layout(self) -> tuple[QRectF, float, float]:
        """(matrix rectangle, cell size, label width)."""
        k = len(self.evaluation.classes)
        metrics = self.fontMetrics()
        label_w = min(
            110, max(metrics.horizontalAdvance(str(c)) for c in self.evaluation.classes) + 10
        )
        bar_w = self._accuracy_width()
        top = metrics.height() * 2 + 14 + (label_w if self._rotated() else metrics.height())
        left = metrics.height() + 12 + label_w
        cell = min((self.width() - left - bar_w - 16) / k, (self.height() - top - 10) / k)
        cell = max(10.0, cell)
        return QRectF(left, top, cell * k, cell * k), cell, label_w

    def _accuracy_width(self) -> int:
        """Room right of the matrix: a bar, its percentage and the column's title."""
        metrics = self.fontMetrics()
        number = BAR_W + 4 + metrics.horizontalAdvance("100 %")
        return 10 + max(number, metrics.horizontalAdvance(self.tr("accuracy"))) + 6

    def _rotated(self) -> bool:
        return max(len(str(c)) for c in self.evaluation.classes) > 3

    def cell_at(self, point: QPoint) -> tuple[int, int] | None:
        if self.evaluation is None:
            return None
        rect, cell, _ = self._layout()
        if not rect.contains(QPointF(point)):
            return None
        k = len(self.evaluation.classes)
        col = int((point.x() - rect.left()) // cell)
        row = int((point.y() - rect.top()) // cell)
        return (row, col) if 0 <= row < k and 0 <= col < k else None

    # ----------------------------------------------------------------- painting
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self.evaluation is not None and len(self.evaluation.classes):
            self._paint(painter)
        painter.end()

    def _paint(self, painter: QPainter) -> None:
        e = self.evaluation
        pal = self.palette()
        base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        rect, cell, label_w = self._layout()
        k = len(e.classes)
        totals = e.confusion.sum(axis=1)
        widest = str(int(e.confusion.max())) if e.confusion.size else "0"
        font = fitted_font(self.font(), widest, cell - 3, min(15, int(cell * 0.4)))
        counts = font.pixelSize() >= MIN_COUNT_PX  # else only in the cell's tooltip
        for t in range(k):
            for p in range(k):
                count = int(e.confusion[t, p])
                share = count / totals[t] if totals[t] else 0.0
                box = QRectF(rect.left() + p * cell, rect.top() + t * cell, cell, cell)
                colour = RIGHT_BLUE if t == p else WRONG_RED
                fill = _mix(base, colour, math.sqrt(share) * 0.9 if count else 0.0)
                painter.fillRect(box, fill)
                painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 0.5))
                painter.drawRect(box)
                if count and counts:
                    painter.setFont(font)
                    painter.setPen(QColor("white") if share > 0.45 else text)
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(count))
        if self.selected is not None:
            t, p = self.selected
            painter.setPen(QPen(text, 2))
            painter.drawRect(QRectF(rect.left() + p * cell, rect.top() + t * cell, cell, cell))
        self._paint_labels(painter, rect, cell, label_w, text, muted)
        self._paint_accuracy(painter, rect, cell, text, muted)

    def _paint_labels(self, painter, rect, cell, label_w, text, muted) -> None:
        e = self.evaluation
        painter.setFont(self.font())
        metrics = painter.fontMetrics()
        width = int(label_w) - 6

        def elide(name) -> str:
            return metrics.elidedText(str(name), Qt.TextElideMode.ElideRight, width)

        painter.setPen(text)
        for i, name in enumerate(e.classes):
            painter.drawText(
                QRectF(rect.left() - label_w, rect.top() + i * cell, label_w - 6, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | DONT_CLIP,
                elide(name),
            )
            x = rect.left() + i * cell
            if self._rotated():
                painter.save()
                painter.translate(x + cell / 2 + metrics.ascent() / 2 - 2, rect.top() - 6)
                painter.rotate(-90)
                painter.drawText(
                    QRectF(0, -metrics.ascent(), label_w, metrics.height()),
                    Qt.AlignmentFlag.AlignLeft | DONT_CLIP,
                    elide(name),
                )
                painter.restore()
            else:
                painter.drawText(
                    QRectF(x, rect.top() - metrics.height() - 4, cell, metrics.height()),
                    WHOLE,
                    elide(name),
                )
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(muted)
        head_h = metrics.height()
        title, span, centre = self._title_span(
            self.tr("predicted class →"), painter.fontMetrics(), rect.center().x(), self.width()
        )
        painter.drawText(QRectF(centre - span / 2, 4, span, head_h), WHOLE, title)
        title, span, centre = self._title_span(
            self.tr("← true class"), painter.fontMetrics(), rect.center().y(), self.height()
        )
        painter.save()
        taller = painter.fontMetrics().boundingRect(title).height() - head_h  # Hangul
        painter.translate(4 + max(0, taller) / 2, centre)
        painter.rotate(-90)  # the arrow of "←" then points down the rows
        painter.drawText(QRectF(-span / 2, 0, span, head_h), WHOLE, title)
        painter.restore()

    @staticmethod
    def _title_span(text: str, metrics, centre: float, length: float) -> tuple[str, float, float]:
        """(text, its length, its centre) for a title centred at ``centre`` along a side
        ``length`` long: moved to stay whole inside it, elided only when it is longer."""
        span = min(metrics.horizontalAdvance(text) + 4, length - 8)
        centre = max(4 + span / 2, min(length - 4 - span / 2, centre))
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(span)), span, centre

    def _paint_accuracy(self, painter, rect, cell, text, muted) -> None:
        e = self.evaluation
        accuracy = e.per_class_accuracy
        left = rect.right() + 10
        painter.setFont(self.font())
        painter.setPen(muted)
        painter.drawText(
            QRectF(
                left,
                rect.top() - painter.fontMetrics().height() - 4,
                self._accuracy_width(),
                painter.fontMetrics().height(),
            ),
            Qt.AlignmentFlag.AlignLeft,
            self.tr("accuracy"),
        )
        number_w = painter.fontMetrics().horizontalAdvance("100 %") + 4
        for i, value in enumerate(accuracy):
            y = rect.top() + i * cell
            if np.isnan(value):
                painter.setPen(muted)
                painter.drawText(QRectF(left, y, 80, cell), Qt.AlignmentFlag.AlignVCenter, "—")
                continue
            bar = QRectF(left, y + cell * 0.25, BAR_W * value, cell * 0.5)
            painter.fillRect(
                QRectF(left, y + cell * 0.25, BAR_W, cell * 0.5),
                _mix(self.palette().color(QPalette.ColorRole.Base), muted, 0.25),
            )
            painter.fillRect(bar, _mix(WRONG_RED, RIGHT_BLUE, value))
            painter.setPen(text)
            painter.drawText(
                QRectF(left + BAR_W + 4, y, number_w, cell),
                Qt.AlignmentFlag.AlignVCenter,
                f"{100 * value:.0f} %",
            )

    # ----------------------------------------------------------------- mouse
    def tooltip(self, row: int, col: int) -> str:
        e = self.evaluation
        count = int(e.confusion[row, col])
        total = int(e.confusion[row].sum())
        share = (
            self.tr(" ({percent} % of the {total})").format(
                percent=f"{100 * count / total:.1f}", total=total
            )
            if total
            else ""
        )
        true, pred = e.classes[row], e.classes[col]
        if row == col:
            return self.tr("{label}: {count} right").format(label=true, count=count) + share
        text = (
            self.tr("true {label}, predicted {predicted}: {count} sample")
            if count == 1
            else self.tr("true {label}, predicted {predicted}: {count} samples")
        )
        return text.format(label=true, predicted=pred, count=count) + share

    def label_at(self, point: QPoint) -> int | None:
        """The class whose row or column label is at ``point`` (names may be elided)."""
        if self.evaluation is None:
            return None
        rect, cell, label_w = self._layout()
        k = len(self.evaluation.classes)
        x, y = point.x(), point.y()
        if rect.left() - label_w <= x < rect.left() and rect.top() <= y < rect.bottom():
            index = int((y - rect.top()) // cell)
        elif rect.left() <= x < rect.right() and y < rect.top():
            index = int((x - rect.left()) // cell)
        else:
            return None
        return index if 0 <= index < k else None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        point = event.position().toPoint()
        hit, label = self.cell_at(point), self.label_at(point)
        if hit is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip(*hit), self)
        elif label is not None:
            name = str(self.evaluation.classes[label])
            QToolTip.showText(event.globalPosition().toPoint(), name, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            hit = self.cell_at(event.position().toPoint())
            self.selected = None if hit == self.selected else hit
            self.update()
            self.cellClicked.emit(*(self.selected or (-1, -1)))
        super().mousePressEvent(event)
