"""How the trained network does on the validation set: confusion matrix and mistakes.

The confusion matrix (:class:`widgets.confusion_matrix.ConfusionMatrixView`, rows: true
class, columns: predicted) sits above the mistakes. Clicking a cell shows
only those samples in the gallery of mistakes (:class:`MistakeGallery`), where each
misclassified sample is drawn with its true and predicted class and the network's
confidence; clicking a sample emits :attr:`EvaluationView.sampleActivated` so the app
can show it in the feature-map viewer. The view takes an
:class:`engine.teaching.evaluation.Evaluation` and the samples' pictures; it computes nothing.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QFont, QImage, QPainter, QPalette, QPen
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
from widgets.confusion_matrix import WRONG_RED, ConfusionMatrixView
from widgets.export_image import add_save_menu
from widgets.kernel_viewer import to_image

#: Most samples in the gallery (the most confident mistakes come first).
MAX_GALLERY = 120


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
