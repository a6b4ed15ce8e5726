"""A look at the training data: a grid of samples with their labels, what tensor each
sample becomes for the model's Input, the class count, and the loader's notices."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.data import class_labels
from widgets.feature_maps import rgb_image
from widgets.format import shape_text

_CELL = 64  # picture size in pixels
_CAPTION = 16


class SampleGrid(QWidget):
    """Paints sample pictures (nearest-neighbour scaled) with a caption under each."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._images: list[QImage] = []
        self._captions: list[str] = []

    def set_samples(self, images: Sequence[np.ndarray], captions: Sequence[str]) -> None:
        self._images = [rgb_image(image) for image in images]
        self._captions = list(captions)
        self._reflow()

    def count(self) -> int:
        return len(self._images)

    def _columns(self) -> int:
        return max(1, (self.width() - 4) // (_CELL + 6))

    def _reflow(self) -> None:
        rows = math.ceil(len(self._images) / self._columns())
        self.setMinimumHeight(rows * (_CELL + _CAPTION + 6) + 4)
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._reflow()
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(4 * (_CELL + 6), 2 * (_CELL + _CAPTION + 6))

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        cols = self._columns()
        for i, (image, caption) in enumerate(zip(self._images, self._captions)):
            row, col = divmod(i, cols)
            x, y = 2 + col * (_CELL + 6), 2 + row * (_CELL + _CAPTION + 6)
            target = QRect(x, y, _CELL, _CELL)
            if not target.adjusted(0, 0, 0, _CAPTION).intersects(event.rect()):
                continue
            scale = min(_CELL / image.width(), _CELL / image.height())
            w, h = max(1, int(image.width() * scale)), max(1, int(image.height() * scale))
            painter.drawImage(QRect(x + (_CELL - w) // 2, y + (_CELL - h) // 2, w, h), image)
            text = painter.fontMetrics().elidedText(caption, Qt.TextElideMode.ElideRight, _CELL)
            painter.drawText(
                QRect(x, y + _CELL, _CELL, _CAPTION), Qt.AlignmentFlag.AlignCenter, text
            )
        painter.end()


class DataPreview(QWidget):
    """Samples of the chosen dataset and what the model will receive."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.notices = QLabel()
        self.notices.setTextFormat(Qt.TextFormat.PlainText)
        self.notices.setWordWrap(True)
        self.notices.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.grid = SampleGrid()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.grid)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.notices)
        layout.addWidget(self.progress)
        layout.addWidget(scroll, 1)
        self._apply_theme()
        self.show_message(self.tr("Pick a dataset in the Training panel to see its samples."))

    def show_message(self, text: str) -> None:
        """A sentence instead of samples (nothing loaded yet, or the data can't be used)."""
        self.progress.setVisible(False)
        self.summary.setText(text)
        self.notices.setVisible(False)
        self.grid.set_samples([], [])

    def set_loading(self, fraction: float, text: str) -> None:
        """Show loading progress (fraction in [0, 1])."""
        self.progress.setVisible(True)
        self.progress.setValue(int(1000 * max(0.0, min(1.0, fraction))))
        self.progress.setFormat(text or self.tr("loading…"))

    def set_data(
        self,
        name: str,
        images: np.ndarray,
        labels: Sequence[int],
        classes: Sequence[str],
        input_shape: Sequence[int],
        train_count: int,
        val_count: int,
        notices: Sequence[str] = (),
    ) -> None:
        """Show samples (uint8 ``[n, H, W, C]`` before normalisation) and the facts.

        ``input_shape`` is the (C, H, W) each sample becomes after resizing and
        channel conversion for the model's Input.
        """
        self.progress.setVisible(False)
        raw = shape_text(images.shape[1:3]) if len(images) else "?"
        channels = images.shape[3] if len(images) and images.ndim == 4 else 1
        facts = self.tr(
            "{name} · {classes} classes · {train} train / {validation} validation"
        ).format(
            name=name,
            classes=len(classes),
            train=f"{train_count:,}",
            validation=f"{val_count:,}",
        )
        images_text = (
            self.tr("images {size} × {count} channels")
            if channels != 1
            else self.tr("images {size} × {count} channel")
        ).format(size=raw, count=channels)
        becomes = self.tr("→ each sample becomes a {shape} tensor (C×H×W)").format(
            shape=shape_text(tuple(input_shape))
        )
        self.summary.setText(f"{facts}\n{images_text} {becomes}")
        self.notices.setText("\n".join(f"• {n}" for n in notices))
        self.notices.setVisible(bool(notices))
        captions = [
            str(classes[int(y)]) if 0 <= int(y) < len(classes) else str(int(y)) for y in labels
        ]
        self.grid.set_samples(list(images), captions)

    def show_bundle(self, bundle, count: int = 48) -> None:
        """Show an :class:`engine.data.DatasetBundle`'s first samples and facts."""
        images, labels = bundle.raw_preview(count)
        self.set_data(
            bundle.name,
            images,
            labels,
            class_labels(bundle.classes),
            bundle.input_shape,
            len(bundle.train_y),
            len(bundle.val_y),
            bundle.notices,
        )

    def _apply_theme(self) -> None:
        palette = self.palette()
        warning = (
            "#f0b429" if palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5 else "#9a6700"
        )
        self.notices.setStyleSheet(f"color: {warning};")

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_theme()
        super().changeEvent(event)
