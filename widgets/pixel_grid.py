"""An image as numbers: a real sample, its pixels' values per channel, and the layouts.

The lesson's first step: a grey image is a 가로×세로 array of intensities, a colour image
a 가로×세로×3 array (red, green, blue). :class:`PixelGridView` shows a real sample large,
an 8×8 patch of it as numbers, one grid per channel, and where the selected number sits
in each layout: H×W×C (image files, numpy, PIL), C×H×W (PyTorch) and the lesson's
가로×세로×3. Click the picture or a grid (or use the arrow keys) to move the selection.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.teaching.pixels import PixelIndex, Samples, builtin_samples
from widgets.common import fitted_font
from widgets.cost_table import table, text_label
from widgets.export_image import add_save_menu
from widgets.kernel_viewer import to_image

#: Side of the patch shown as numbers.
PATCH = 8
ACCENT = QColor("#f97316")
#: Channel tints: red, green, blue (grey for one channel).
TINTS = (QColor(220, 40, 40), QColor(30, 160, 60), QColor(40, 90, 220))


class PixelCanvas(QWidget):
    """The picture (large) and the patch around the selected pixel as numbers."""

    selected = Signal(int, int, int)  # row, col, channel

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.image: np.ndarray | None = None  # uint8 [H, W, C]
        self.row = self.col = self.channel = 0

    def sizeHint(self) -> QSize:
        return QSize(720, 300)

    def set_image(self, image: np.ndarray | None) -> None:
        self.image = image
        if image is not None:
            h, w, c = image.shape
            self.row, self.col = min(self.row, h - 1), min(self.col, w - 1)
            self.channel = min(self.channel, c - 1)
        self.update()

    def select(self, row: int, col: int, channel: int | None = None) -> None:
        if self.image is None:
            return
        h, w, c = self.image.shape
        self.row, self.col = max(0, min(h - 1, row)), max(0, min(w - 1, col))
        if channel is not None:
            self.channel = max(0, min(c - 1, channel))
        self.update()
        self.selected.emit(self.row, self.col, self.channel)

    # ----------------------------------------------------------------- geometry
    def patch_origin(self) -> tuple[int, int]:
        """Top-left pixel of the patch shown as numbers (the selection inside it)."""
        h, w, _ = self.image.shape
        top = max(0, min(h - PATCH, self.row - PATCH // 2))
        left = max(0, min(w - PATCH, self.col - PATCH // 2))
        return top, left

    def _picture_rect(self) -> QRectF:
        h, w, _ = self.image.shape
        side = min(self.height() - 30.0, self.width() * 0.36)
        scale = max(1.0, side / max(h, w))
        return QRectF(10, 22, w * scale, h * scale)

    def _arrangement(self) -> tuple[float, int]:
        """The cell size and the grids per row: all side by side, or two rows of grids
        when that gives larger (more readable) numbers."""
        channels = self.image.shape[2]
        patch = min(PATCH, *self.image.shape[:2])
        free_w = self.width() - self._picture_rect().right() - 24
        best = (0.0, channels)
        for columns in range(channels, 0, -1):
            rows = -(-channels // columns)
            cell = min(
                (free_w - 12 * columns) / (columns * patch),
                (self.height() - 22 - 26 * rows) / (rows * patch),
            )
            best = max(best, (cell, columns))
        return max(12.0, min(40.0, best[0])), best[1]

    def _grid_cell(self) -> float:
        return self._arrangement()[0]

    def _grid_rect(self, channel: int) -> QRectF:
        cell, columns = self._arrangement()
        patch_h, patch_w = (min(PATCH, n) for n in self.image.shape[:2])
        row, column = divmod(channel, columns)
        left = self._picture_rect().right() + 24 + column * (patch_w * cell + 12)
        return QRectF(left, 22 + row * (patch_h * cell + 26), patch_w * cell, patch_h * cell)

    # ----------------------------------------------------------------- painting
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self.image is not None:
            self._paint_picture(painter)
            for channel in range(self.image.shape[2]):
                self._paint_grid(painter, channel)
        painter.end()

    def _paint_picture(self, painter: QPainter) -> None:
        rect = self._picture_rect()
        h, w, c = self.image.shape
        rgb = self.image if c == 3 else np.repeat(self.image[..., :1], 3, axis=2)
        painter.drawImage(rect, to_image(rgb))
        scale = rect.width() / w
        top, left = self.patch_origin()
        patch = QRectF(
            rect.left() + left * scale,
            rect.top() + top * scale,
            min(PATCH, w) * scale,
            min(PATCH, h) * scale,
        )
        painter.setPen(QPen(ACCENT, 2, Qt.PenStyle.DashLine))
        painter.drawRect(patch)
        pixel = QRectF(rect.left() + self.col * scale, rect.top() + self.row * scale, scale, scale)
        painter.setPen(QPen(ACCENT, 2))
        painter.drawRect(pixel)
        self._caption(painter, rect, self.tr("{height}×{width} pixels").format(height=h, width=w))

    def _paint_grid(self, painter: QPainter, channel: int) -> None:
        rect, cell = self._grid_rect(channel), self._grid_cell()
        top, left = self.patch_origin()
        tint = TINTS[channel] if self.image.shape[2] == 3 else QColor(128, 128, 128)
        painter.setFont(fitted_font(self.font(), "255", cell - 2, int(cell * 0.4)))
        rows, cols = int(rect.height() / cell + 0.5), int(rect.width() / cell + 0.5)
        for r in range(rows):
            for c in range(cols):
                value = int(self.image[top + r, left + c, channel])
                box = QRectF(rect.left() + c * cell, rect.top() + r * cell, cell, cell)
                painter.fillRect(
                    box, QColor(tint.red(), tint.green(), tint.blue(), value * 200 // 255)
                )
                painter.setPen(QPen(QColor(128, 128, 128, 120), 1))
                painter.drawRect(box)
                painter.setPen(Qt.GlobalColor.white if value > 150 else self._text_colour())
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(value))
        if channel == self.channel:
            r, c = self.row - top, self.col - left
            painter.setPen(QPen(ACCENT, 2.5))
            painter.drawRect(QRectF(rect.left() + c * cell, rect.top() + r * cell, cell, cell))
        self._caption(painter, rect, self.channel_name(channel))

    def _text_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def _caption(self, painter: QPainter, rect: QRectF, text: str) -> None:
        painter.save()
        painter.setFont(self.font())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRectF(rect.left(), rect.top() - 20, rect.width() + 40, 18),
            Qt.AlignmentFlag.AlignLeft,
            text,
        )
        painter.restore()

    def channel_name(self, channel: int) -> str:
        if self.image is None or self.image.shape[2] != 3:
            return self.tr("grey")
        names = (self.tr("channel 0: red"), self.tr("channel 1: green"), self.tr("channel 2: blue"))
        return names[channel]

    # ----------------------------------------------------------------- input
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.image is None:
            return
        point = event.position()
        picture = self._picture_rect()
        if picture.contains(point):
            scale = picture.width() / self.image.shape[1]
            self.select(
                int((point.y() - picture.top()) / scale), int((point.x() - picture.left()) / scale)
            )
            return
        for channel in range(self.image.shape[2]):
            rect = self._grid_rect(channel)
            if rect.contains(point):
                top, left = self.patch_origin()
                cell = self._grid_cell()
                row = top + int((point.y() - rect.top()) / cell)
                self.select(row, left + int((point.x() - rect.left()) / cell), channel)
                return

    def keyPressEvent(self, event) -> None:  # noqa: N802
        step = arrow_step(event)
        if step is not None and self.image is not None:
            self.select(self.row + step[0], self.col + step[1])
            return
        super().keyPressEvent(event)


def arrow_step(event) -> tuple[int, int] | None:
    """(rows, columns) an arrow key moves a selection by, or None for other keys."""
    return {
        Qt.Key.Key_Left: (0, -1),
        Qt.Key.Key_Right: (0, 1),
        Qt.Key.Key_Up: (-1, 0),
        Qt.Key.Key_Down: (1, 0),
    }.get(event.key())


class PixelGridView(QWidget):
    """The "Image as numbers" dock: a sample, its numbers and their layouts."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.source = QComboBox()
        self.source.addItem(self.tr("Built-in digits (8×8 grey)"), "digits")
        self.source.addItem(self.tr("Built-in shapes (32×32 colour)"), "shapes")
        self.source.setCurrentIndex(1)
        self.source.currentIndexChanged.connect(self._load)
        self.sample = QSpinBox()
        self.sample.setPrefix(self.tr("sample "))
        self.sample.valueChanged.connect(self._show_sample)
        self.caption = QLabel()
        self.canvas = PixelCanvas()
        add_save_menu(self.canvas, name="pixels")
        self.canvas.selected.connect(lambda *_a: self._describe())
        self.details = text_label(rich=True)
        row = QHBoxLayout()
        for widget in (self.source, self.sample, self.caption):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.details)
        self.samples: Samples | None = None
        self._training: Samples | None = None
        self._cache: dict[str, Samples] = {}
        self._loaded = False

    def showEvent(self, event) -> None:  # noqa: N802
        if not self._loaded:  # the built-in samples are made when first seen
            self._loaded = True
            self._load()
        super().showEvent(event)

    def set_training_samples(self, samples: Samples | None) -> None:
        """Offer the training data's validation samples (None removes the entry)."""
        self._training = samples
        index = self.source.findData("training")
        if samples is None and index >= 0:
            self.source.removeItem(index)
        elif samples is not None and index < 0:
            self.source.addItem(
                self.tr("Training data: {name}").format(name=samples.name), "training"
            )

    def _load(self, *_args) -> None:
        key = self.source.currentData()
        if key == "training":
            samples = self._training
        else:
            samples = self._cache.get(key) or self._cache.setdefault(key, builtin_samples(key))
        self.samples = samples
        self.sample.setRange(0, max(0, len(samples.images) - 1) if samples else 0)
        self._show_sample()

    def _show_sample(self, *_args) -> None:
        s = self.samples
        if s is None or not len(s.images):
            self.canvas.set_image(None)
            return
        index = self.sample.value()
        self.caption.setText(self.tr("label: {label}").format(label=s.caption(index)))
        self.canvas.set_image(s.images[index])
        self._describe()

    def _describe(self) -> None:
        c = self.canvas
        if c.image is None:
            self.details.setText("")
            return
        h, w, channels = c.image.shape
        p = PixelIndex(c.row, c.col, c.channel, h, w, channels)
        hwc, chw, lesson = p.shapes()
        value = int(c.image[c.row, c.col, c.channel])
        head = [
            self.tr("layout"),
            self.tr("shape"),
            self.tr("this number"),
            self.tr("place in memory"),
        ]
        rows = [
            (self.tr("H×W×C: image files, numpy, PIL"), hwc, p.hwc, str(p.hwc_offset)),
            (self.tr("C×H×W: PyTorch"), chw, p.chw, str(p.chw_offset)),
            (self.tr("the lesson's width×height×3"), lesson, p.lesson, "—"),
        ]
        summary = self.tr(
            "Row {row}, column {col}, {channel}: {value} of 255 (0 dark, 255 bright). The "
            "same picture is {count} numbers in every layout; only their order differs."
        ).format(
            row=c.row,
            col=c.col,
            channel=c.channel_name(c.channel),
            value=value,
            count=f"{h * w * channels:,}",
        )
        self.details.setText(f"<p>{html.escape(summary)}</p>" + table(head, rows))
