"""How the trained network does on the validation set: confusion matrix and mistakes.

:class:`ConfusionMatrixView` paints the matrix (rows: true class, columns: predicted),
shaded by the share of each true class, the diagonal in blue and the confusions in
red, with each class's accuracy as a bar at the end of its row. Clicking a cell shows
only those samples in the gallery of mistakes (:class:`MistakeGallery`), where each
misclassified sample is drawn with its true and predicted class and the network's
confidence; clicking a sample emits :attr:`EvaluationView.sampleActivated` so the app
can show it in the feature-map viewer. The view takes an
:class:`engine.teaching.evaluation.Evaluation` and the samples' pictures; it computes nothing.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from engine.korean import with_particles
from widgets.common import fitted_font
from widgets.export_image import add_save_menu
from widgets.kernel_viewer import to_image

RIGHT_BLUE = QColor("#2563eb")
WRONG_RED = QColor("#dc2626")
#: Most samples in the gallery (the most confident mistakes come first).
MAX_GALLERY = 120
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


class MistakeGallery(QWidget):
    """Thumbnails of samples with captions; clicking one emits its index."""

    sampleClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.indices: list[int] = []
        self._images: list[QImage] = []
        self._captions: list[str] = []
        self.thumb = 64
        self._cols = 1

    def set_samples(
        self, pictures: list[np.ndarray], indices: list[int], captions: list[str]
    ) -> None:
        """``pictures`` are uint8 ``[H, W, C]`` (C = 1 or 3)."""
        self._images = [
            to_image(
                p
                if p.ndim == 3 and p.shape[2] == 3
                else np.repeat(p.reshape(p.shape[0], p.shape[1], 1), 3, axis=2)
            )
            for p in pictures
        ]
        self.indices, self._captions = list(indices), list(captions)
        self._reflow()

    def count(self) -> int:
        return len(self._images)

    def _reflow(self) -> None:
        cell_w = self.thumb + 12
        self._cols = max(1, (self.width() - 4) // cell_w)
        rows = math.ceil(len(self._images) / self._cols) if self._images else 0
        self.setMinimumHeight(rows * self.row_height() + 4)
        self.update()

    def row_height(self) -> int:
        return self.thumb + 2 * self.fontMetrics().height() + 10

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._reflow()
        super().resizeEvent(event)

    def cell_rect(self, index: int) -> QRect:
        row, col = divmod(index, self._cols)
        return QRect(
            4 + col * (self.thumb + 12),
            4 + row * self.row_height(),
            self.thumb + 8,
            self.row_height() - 4,
        )

    def index_at(self, point: QPoint) -> int | None:
        for i in range(len(self._images)):
            if self.cell_rect(i).contains(point):
                return i
        return None

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        painter.setFont(font)
        text = self.palette().color(QPalette.ColorRole.Text)
        for i, image in enumerate(self._images):
            rect = self.cell_rect(i)
            if not rect.intersects(event.rect()):
                continue
            picture = QRect(rect.left() + 4, rect.top(), self.thumb, self.thumb)
            painter.drawImage(picture, image)
            painter.setPen(QPen(WRONG_RED, 1))
            painter.drawRect(picture.adjusted(0, 0, -1, -1))
            painter.setPen(text)
            painter.drawText(
                QRect(
                    rect.left() - 4,
                    picture.bottom() + 2,
                    rect.width() + 8,
                    rect.height() - self.thumb,
                ),
                Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                self._captions[i],
            )
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        index = self.index_at(event.position().toPoint())
        if index is not None and event.button() == Qt.MouseButton.LeftButton:
            self.sampleClicked.emit(self.indices[index])
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        index = self.index_at(event.position().toPoint())
        if index is not None:
            QToolTip.showText(
                event.globalPosition().toPoint(),
                self.tr(
                    "validation sample {index}: {caption}\nclick to see it in Feature maps"
                ).format(index=self.indices[index], caption=self._captions[index]),
                self,
            )
        super().mouseMoveEvent(event)


class EvaluationView(QWidget):
    """The "Evaluation" dock.

    Signals
    -------
    evaluateRequested()
        The user asked for (another) evaluation of the trained network.
    sampleActivated(int)
        A validation sample was clicked (its index in the validation set).
    """

    evaluateRequested = Signal()
    sampleActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.evaluate_button = QPushButton(self.tr("Evaluate"))
        self.evaluate_button.setToolTip(self.tr("Run the trained network over the validation set"))
        self.evaluate_button.clicked.connect(self.evaluateRequested)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.progress.setMaximumWidth(160)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.progress)
        top.addWidget(self.evaluate_button)
        self.matrix = ConfusionMatrixView()
        self.matrix.cellClicked.connect(self._filter)
        add_save_menu(self.matrix, name="confusion")
        self.gallery_title = QLabel()
        self.gallery = MistakeGallery()
        self.gallery.sampleClicked.connect(self.sampleActivated)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.gallery)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setMinimumHeight(self.gallery.row_height() + 8)  # one row with its captions
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.gallery_title)
        lower_layout.addWidget(scroll, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.matrix)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.evaluation = None
        self._pictures: np.ndarray | None = None
        self.show_message(self.tr("Train the network, then evaluate it on the validation set."))

    # ----------------------------------------------------------------- API
    def show_message(self, text: str, can_evaluate: bool = False) -> None:
        self.summary.setText(text)
        self.evaluate_button.setEnabled(can_evaluate)
        self.progress.setVisible(False)

    def clear(self) -> None:
        """Forget the shown evaluation (its model is gone): no matrix, no mistakes."""
        self.evaluation, self._pictures = None, None
        self.matrix.set_evaluation(None)
        self.gallery.set_samples([], [], [])
        self.gallery_title.clear()
        self.set_busy(None)

    def set_busy(self, fraction: float | None) -> None:
        """Show progress (0..1) while an evaluation runs; None when it is over."""
        self.progress.setVisible(fraction is not None)
        self.evaluate_button.setEnabled(fraction is None)
        if fraction is not None:
            self.progress.setValue(int(100 * fraction))

    def set_evaluation(self, evaluation, pictures: np.ndarray | None) -> None:
        """Show an :class:`engine.teaching.evaluation.Evaluation`; ``pictures`` are the validation
        samples as uint8 ``[N, H, W, C]`` (for the gallery)."""
        self.evaluation, self._pictures = evaluation, pictures
        self.set_busy(None)
        e = evaluation
        n = len(e.labels)
        accuracy = self.tr("Validation accuracy {accuracy} %").format(
            accuracy=f"{100 * e.accuracy:.1f}"
        )
        right = self.tr("({right} of {total} right)").format(
            right=f"{n - len(e.mistakes):,}", total=f"{n:,}"
        )
        parts = [f"<b>{accuracy}</b> {right}"]
        confused = e.most_confused(1)
        if confused:
            t, p, count = confused[0]
            parts.append(
                self.tr("most often confused: {label} taken for {predicted} ({count}×)").format(
                    **with_particles(label=e.classes[t], predicted=e.classes[p], count=count)
                )
            )
        self.summary.setText(" · ".join(parts))
        self.evaluate_button.setEnabled(True)
        self.matrix.set_evaluation(e)
        self._filter(-1, -1)

    def _filter(self, true: int, predicted: int) -> None:
        e = self.evaluation
        if e is None:
            return
        indices = [int(i) for i in e.mistakes]
        if true >= 0:
            indices = [i for i in indices if e.labels[i] == true and e.predictions[i] == predicted]
        shown = indices[:MAX_GALLERY]
        if true >= 0:
            what = (
                self.tr("{count} sample of {label} predicted as {predicted}")
                if len(indices) == 1
                else self.tr("{count} samples of {label} predicted as {predicted}")
            ).format(
                **with_particles(
                    count=len(indices), label=e.classes[true], predicted=e.classes[predicted]
                )
            )
        else:
            what = self.tr("{count} misclassified samples, most confident first").format(
                count=len(e.mistakes)
            )
        if len(shown) < len(indices):
            what += self.tr(" (first {count})").format(count=len(shown))
        self.gallery_title.setText(what + self.tr(" — click one to see it in Feature maps"))
        pictures = [] if self._pictures is None else [self._pictures[i] for i in shown]
        sure = self.tr("{percent} % sure")
        captions = [
            f"{e.classes[e.labels[i]]} → {e.classes[e.predictions[i]]}\n"
            + sure.format(percent=f"{100 * e.confidences[i]:.0f}")
            for i in shown
        ]
        if self._pictures is None:
            shown, captions = [], []
        self.gallery.set_samples(pictures, shown, captions)
