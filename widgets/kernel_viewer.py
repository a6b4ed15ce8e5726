"""A convolution's learned filters as pictures, and one real kernel applied to a real image.

:class:`KernelViewer` draws a layer's weights ``[C_out, C_in, kh, kw]``: one tile per
filter, in colour when the filter has three input channels (the first layer of an
RGB network: red, green and blue weights as one picture), otherwise one grey square
per input channel (white = positive, black = negative, mid-grey = zero). Hovering a
tile shows the filter's mean, standard deviation and L2 norm, which the table below
lists for every filter. The viewer only draws what it is given; the app refreshes it
from the training model a few times a second.

:class:`RealKernelView` shows the explainer's "real kernel on a real image": an input
map, one learned kernel and their cross-correlation, side by side.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from widgets.common import signals_blocked
from widgets.export_image import add_save_menu

#: Most filters drawn, and most input channels drawn per filter.
MAX_FILTERS = 256
MAX_CHANNELS = 8
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


# --------------------------------------------------------------------------- pictures


def filter_stats(weights: np.ndarray) -> np.ndarray:
    """Per filter: mean, standard deviation and L2 norm of its weights (``[C_out, 3]``)."""
    flat = np.asarray(weights, dtype=np.float64).reshape(len(weights), -1)
    return np.stack([flat.mean(1), flat.std(1), np.sqrt((flat**2).sum(1))], axis=1)


def signed_grey(values: np.ndarray, limit: float | None = None) -> np.ndarray:
    """Weights as grey levels around mid-grey for zero: uint8 ``[..., 3]``."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float64))
    limit = float(np.abs(values).max()) if limit is None else limit
    scaled = 0.5 + 0.5 * values / limit if limit > 0 else np.full(values.shape, 0.5)
    grey = np.clip(scaled * 255 + 0.5, 0, 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=-1)


def diverging(values: np.ndarray, limit: float | None = None) -> np.ndarray:
    """Blue (negative), white (zero), red (positive): uint8 ``[..., 3]``."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float64))
    limit = float(np.abs(values).max()) if limit is None else limit
    t = np.clip(values / limit, -1, 1) if limit > 0 else np.zeros(values.shape)
    pos, neg = np.clip(t, 0, 1)[..., None], np.clip(-t, 0, 1)[..., None]
    white = np.array([255.0, 255.0, 255.0])
    red, blue = np.array([200.0, 40.0, 40.0]), np.array([40.0, 90.0, 200.0])
    rgb = white + pos * (red - white) + neg * (blue - white)
    return np.clip(rgb + 0.5, 0, 255).astype(np.uint8)


def grey_levels(values: np.ndarray) -> np.ndarray:
    """Min–max scaled grey (for images and feature maps): uint8 ``[..., 3]``."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float64))
    low, span = values.min(), values.max() - values.min()
    scaled = (values - low) / span if span > 0 else np.zeros(values.shape)
    grey = np.clip(scaled * 255 + 0.5, 0, 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=-1)


def colour_filter(weights: np.ndarray) -> np.ndarray:
    """A 3-channel filter ``[3, kh, kw]`` as one RGB picture (min–max over the filter)."""
    w = np.asarray(weights, dtype=np.float64)
    low, span = w.min(), w.max() - w.min()
    scaled = (w - low) / span if span > 0 else np.full(w.shape, 0.5)
    return np.clip(scaled.transpose(1, 2, 0) * 255 + 0.5, 0, 255).astype(np.uint8)


def to_image(rgb: np.ndarray) -> QImage:
    """uint8 ``[H, W, 3]`` → a QImage that owns its pixels."""
    rgb = np.ascontiguousarray(rgb[..., :3], dtype=np.uint8)
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


# --------------------------------------------------------------------------- filter grid


class KernelGrid(QWidget):
    """Paints one tile per filter, reflowing with the width; hover shows its statistics."""

    filterClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._tiles: list[list[QImage]] = []
        self._stats = np.zeros((0, 3))
        self._kernel = (1, 1)
        self.pixel = 12
        self._cols = 1
        self.selected: int | None = None

    def set_weights(self, weights: np.ndarray) -> None:
        weights = np.asarray(weights, dtype=np.float64)[:MAX_FILTERS]
        self._stats = filter_stats(weights) if len(weights) else np.zeros((0, 3))
        self._kernel = weights.shape[2:] if weights.ndim == 4 else (1, 1)
        if weights.ndim == 4 and weights.shape[1] == 3:
            self._tiles = [[to_image(colour_filter(f))] for f in weights]
        elif weights.ndim == 4:
            self._tiles = [
                [to_image(signed_grey(c, float(np.abs(f).max()) or None)) for c in f[:MAX_CHANNELS]]
                for f in weights
            ]
        else:
            self._tiles = []
        self._reflow()

    def count(self) -> int:
        return len(self._tiles)

    def _tile_size(self) -> QSize:
        kh, kw = self._kernel
        channels = len(self._tiles[0]) if self._tiles else 1
        width = channels * kw * self.pixel + (channels - 1) * 2
        return QSize(width, kh * self.pixel + 14)

    def _reflow(self) -> None:
        """The largest weight pixels (up to a 120 px tile) that show every filter without
        scrolling; when they don't fit, the smallest readable size and a scroll bar."""
        k = max(self._kernel)
        parent = self.parentWidget()
        height = parent.height() if parent is not None else self.height()
        smallest = max(3, min(6, 30 // k))
        sizes = range(max(smallest, 120 // k), smallest, -1)
        self.pixel = next((p for p in sizes if self._fits(p, height)), smallest)
        self._cols = self._columns()
        rows = math.ceil(len(self._tiles) / self._cols) if self._tiles else 0
        self.setMinimumHeight(rows * (self._tile_size().height() + 8) + 4)
        self.update()

    def _columns(self) -> int:
        return max(1, (self.width() - 4) // (self._tile_size().width() + 8))

    def _fits(self, pixel: int, height: int) -> bool:
        self.pixel = pixel
        rows = math.ceil(len(self._tiles) / self._columns()) if self._tiles else 0
        return rows * (self._tile_size().height() + 8) + 4 <= height

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._reflow()
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(360, 240)

    def _tile_rect(self, index: int) -> QRect:
        tile = self._tile_size()
        row, col = divmod(index, self._cols)
        return QRect(
            4 + col * (tile.width() + 8), 4 + row * (tile.height() + 8), tile.width(), tile.height()
        )

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.72))
        painter.setFont(font)
        text = self.palette().color(QPalette.ColorRole.PlaceholderText)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        kh, kw = self._kernel
        for i, images in enumerate(self._tiles):
            rect = self._tile_rect(i)
            if not rect.intersects(event.rect()):
                continue
            for c, image in enumerate(images):
                x = rect.left() + c * (kw * self.pixel + 2)
                painter.drawImage(QRect(x, rect.top(), kw * self.pixel, kh * self.pixel), image)
            if i == self.selected:
                painter.setPen(accent)
                painter.drawRect(rect.adjusted(-2, -2, 1, 1))
            painter.setPen(text)
            painter.drawText(
                QRect(rect.left(), rect.top() + kh * self.pixel, rect.width(), 14),
                Qt.AlignmentFlag.AlignCenter,
                str(i),
            )
        painter.end()

    def index_at(self, point: QPoint) -> int | None:
        for i in range(len(self._tiles)):
            if self._tile_rect(i).contains(point):
                return i
        return None

    def tooltip(self, index: int) -> str:
        mean, std, norm = self._stats[index]
        return self.tr("filter {index}\nmean {mean}\nstd {std}\nL2 norm {norm}").format(
            index=index, mean=f"{mean:.4g}", std=f"{std:.4g}", norm=f"{norm:.4g}"
        )

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        index = self.index_at(event.position().toPoint())
        if index is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip(index), self)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        index = self.index_at(event.position().toPoint())
        if index is not None and event.button() == Qt.MouseButton.LeftButton:
            self.selected = index
            self.update()
            self.filterClicked.emit(index)
        super().mousePressEvent(event)


class KernelViewer(QWidget):
    """A convolution node's filters, with per-filter statistics.

    Signals
    -------
    filterClicked(int)
        The user clicked a filter (its output channel).
    """

    filterClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.grid = KernelGrid()
        self.grid.filterClicked.connect(self._on_filter_clicked)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("filter"), self.tr("mean"), self.tr("std"), self.tr("L2 norm")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(scroll)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)
        add_save_menu(self.grid, name="kernels")
        self.weights: np.ndarray | None = None
        self.show_message(self.tr("Select a convolution block to see its filters."))

    def show_message(self, text: str) -> None:
        self.weights = None
        self.message.setText(text)
        self.note.clear()
        self.stack.setCurrentWidget(self.message)

    def set_weights(self, weights: np.ndarray, title: str = "", note: str = "") -> None:
        """Show ``weights`` ``[C_out, C_in, kh, kw]`` (a copy: the caller may keep training)."""
        weights = np.array(weights, dtype=np.float64, copy=True)
        if weights.ndim != 4:
            self.show_message(
                self.tr("Can't draw weights of shape {shape}.").format(shape=list(weights.shape))
            )
            return
        self.weights = weights
        cout, cin, kh, kw = weights.shape
        self.title.setText(title)
        text = (
            self.tr("{filters} filters · {size} · {channels} input channel")
            if cin == 1
            else self.tr("{filters} filters · {size} · {channels} input channels")
        )
        parts = [text.format(filters=cout, size=f"{kh}×{kw}", channels=cin)]
        if cin == 3:
            parts.append(self.tr("drawn in colour (red, green, blue weights)"))
        elif cin > MAX_CHANNELS:
            parts.append(self.tr("first {count} input channels drawn").format(count=MAX_CHANNELS))
        if cout > MAX_FILTERS:
            parts.append(self.tr("first {count} filters drawn").format(count=MAX_FILTERS))
        if note:
            parts.append(note)
        self.note.setText(" · ".join(parts))
        self.grid.set_weights(weights)
        self._fill_table(filter_stats(weights[:MAX_FILTERS]))
        self.stack.setCurrentIndex(1)

    def _fill_table(self, stats: np.ndarray) -> None:
        table = self.table
        if table.rowCount() != len(stats):
            table.setRowCount(len(stats))
        for row, values in enumerate(stats):
            cells = [str(row)] + [f"{v:.4g}" for v in values]
            for col, text in enumerate(cells):
                item = table.item(row, col)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(RIGHT)
                    table.setItem(row, col, item)
                if item.text() != text:
                    item.setText(text)

    def _on_filter_clicked(self, index: int) -> None:
        self.table.selectRow(index)
        self.filterClicked.emit(index)


# --------------------------------------------------------------------------- real kernel


class _Picture(QWidget):
    """One picture with a caption, scaled up with square pixels."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.image: QImage | None = None
        self.caption = ""
        self.setMinimumSize(90, 110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_picture(self, rgb: np.ndarray | None, caption: str) -> None:
        self.image = None if rgb is None else to_image(rgb)
        self.caption = caption
        self.setToolTip(caption)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        metrics = painter.fontMetrics()
        text_h = metrics.height() * 2 + 4
        area = self.rect().adjusted(4, 4, -4, -text_h)
        if self.image is not None and area.width() > 0 and area.height() > 0:
            iw, ih = self.image.width(), self.image.height()
            fit = min(area.width() / iw, area.height() / ih)
            scale = math.floor(fit) if fit >= 1 else fit  # whole multiples: square pixels
            w, h = int(iw * scale), int(ih * scale)
            target = QRect(
                area.left() + (area.width() - w) // 2, area.top() + (area.height() - h) // 2, w, h
            )
            painter.drawImage(target, self.image)
            painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
            painter.drawRect(target.adjusted(0, 0, -1, -1))
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        painter.drawText(
            QRect(0, self.height() - text_h, self.width(), text_h),
            Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
            self.caption,
        )
        painter.end()


class RealKernelView(QWidget):
    """Input map ⋆ learned kernel = result, side by side.

    Signals
    -------
    channelChanged(int)
        The user chose another output channel (filter).
    """

    channelChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.channel = QSpinBox()
        self.channel.setPrefix(self.tr("filter "))
        self.channel.setToolTip(self.tr("Which output channel's kernel to apply"))
        self.channel.valueChanged.connect(self.channelChanged)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.channel)
        self.pictures = [_Picture(), _Picture(), _Picture()]
        row = QHBoxLayout()
        for i, picture in enumerate(self.pictures):
            row.addWidget(picture, 1)
            if i < 2:
                sign = QLabel("⋆" if i == 0 else "=")
                sign.setAlignment(Qt.AlignmentFlag.AlignCenter)
                font = QFont(sign.font())
                font.setPointSizeF(font.pointSizeF() * 1.8)
                sign.setFont(font)
                row.addWidget(sign)
        self.pictures_box = QWidget()
        self.pictures_box.setLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.pictures_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        add_save_menu(self.pictures_box, name="real-kernel")
        self.show_message(
            self.tr("Train the network to apply its learned kernels to a real image.")
        )

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.heading.clear()
        self.channel.setEnabled(False)
        self.stack.setCurrentWidget(self.message)

    def set_channel_count(self, count: int) -> None:
        with signals_blocked(self.channel):
            self.channel.setRange(0, max(0, count - 1))
        self.channel.setEnabled(count > 0)

    def show_result(
        self,
        input_map: np.ndarray,
        kernel: np.ndarray,
        result: np.ndarray,
        captions: tuple[str, str, str],
        heading: str = "",
    ) -> None:
        """Draw ``input_map`` [H, W] (grey), ``kernel`` [kh, kw] and ``result`` (diverging)."""
        self.heading.setText(heading)
        self.pictures[0].set_picture(grey_levels(input_map), captions[0])
        self.pictures[1].set_picture(diverging(kernel), captions[1])
        self.pictures[2].set_picture(diverging(result), captions[2])
        self.channel.setEnabled(True)
        self.stack.setCurrentWidget(self.pictures_box)

    def pictures_shown(self) -> bool:
        return self.stack.currentWidget() is self.pictures_box
