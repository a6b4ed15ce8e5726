"""What a block computes for one sample: its feature maps (or vector) as pictures.

A feature map ``[C, H, W]`` is drawn as a grid of C small images, each normalised to
its own range and coloured with a perceptual colour map, numbered by channel; a vector
``[F]`` as a bar plot. The view knows nothing about training: the app feeds it
activations and the sample picture, and listens to :attr:`FeatureMapView.sampleChanged`.

Given the shown block's receptive field (:meth:`FeatureMapView.set_receptive_field`),
hovering unit (y, x) of a map outlines the input pixels that unit sees on the sample
picture.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from engine.teaching.receptive import RF, unit_box
from widgets.format import shape_text

#: Most maps drawn at once; wider layers show their first channels and say so.
MAX_MAPS = 256
_LUT = pg.colormap.get("viridis").getLookupTable(nPts=256, alpha=False).astype(np.uint8)


def normalise_maps(maps: np.ndarray) -> np.ndarray:
    """Each map scaled to 0..255 over its own range (a constant map becomes 0)."""
    maps = np.nan_to_num(np.asarray(maps, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    low = maps.min(axis=(1, 2), keepdims=True)
    span = maps.max(axis=(1, 2), keepdims=True) - low
    scaled = np.where(span > 0, (maps - low) / np.where(span > 0, span, 1), 0.0)
    return np.clip(scaled * 255 + 0.5, 0, 255).astype(np.uint8)


def colour_maps(maps: np.ndarray) -> np.ndarray:
    """``[C, H, W]`` activations → ``[C, H, W, 3]`` uint8 RGB with the viridis colour map."""
    return _LUT[normalise_maps(maps)]


def rgb_image(array: np.ndarray) -> QImage:
    """An ``[H, W, 3]`` uint8 array (or ``[H, W]`` grey) as a QImage that owns its pixels."""
    array = np.ascontiguousarray(array)
    if array.ndim == 2:
        h, w = array.shape
        return QImage(array.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    if array.shape[2] == 1:
        return rgb_image(array[:, :, 0])
    array = np.ascontiguousarray(array[:, :, :3])
    h, w = array.shape[:2]
    return QImage(array.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class MapGrid(QWidget):
    """Paints C small maps in a grid that reflows with the width; hover shows a map's range.

    Signals
    -------
    unitHovered(int, int)
        The unit (y, x) of a map under the mouse; (-1, -1) when the mouse leaves the maps.
    """

    unitHovered = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._images: list[QImage] = []
        self._ranges: list[tuple[float, float]] = []
        self._aspect = 1.0  # H / W of one map
        self._map_size = (1, 1)  # H, W of one map
        self.cell = 64
        self._cols = 1

    def set_maps(self, maps: np.ndarray) -> None:
        maps = np.asarray(maps)[:MAX_MAPS]
        coloured = colour_maps(maps)
        self._images = [rgb_image(m) for m in coloured]
        self._ranges = [(float(np.nanmin(m)), float(np.nanmax(m))) for m in maps]
        self._aspect = maps.shape[1] / max(1, maps.shape[2])
        self._map_size = (max(1, maps.shape[1]), max(1, maps.shape[2]))
        self._reflow()

    def count(self) -> int:
        return len(self._images)

    def clear(self) -> None:
        self._images, self._ranges = [], []
        self._reflow()

    def _reflow(self) -> None:
        """Pick the largest cell (up to 160 px) that shows every map without scrolling;
        when even 40 px cells don't fit, use 48 px cells and let the area scroll."""
        n = len(self._images)
        parent = self.parentWidget()
        width = max(1, self.width())
        height = max(1, parent.height() if parent is not None else self.height())
        best, best_cols = 0, 1
        for cols in range(1, max(1, n) + 1):
            rows = math.ceil(n / cols) if n else 1
            cell = min((width - 4) / cols - 4, ((height - 4) / rows - 4) / self._aspect, 160)
            if cell > best:
                best, best_cols = cell, cols
        scrolling = best < 40
        if scrolling:
            best = 48
            best_cols = max(1, (width - 4) // 52)
        self.cell, self._cols = int(best), best_cols
        rows = math.ceil(n / self._cols) if n else 0
        self.setMinimumHeight(int(rows * (self.cell * self._aspect + 4)) + 4 if scrolling else 0)
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._reflow()
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(320, 240)

    def _cell_rect(self, index: int) -> QRect:
        cols = min(self._cols, max(1, len(self._images)))
        h = int(self.cell * self._aspect)
        row, col = divmod(index, cols)
        left = max(2, (self.width() - cols * (self.cell + 4)) // 2)  # centre the grid
        return QRect(left + col * (self.cell + 4), 2 + row * (h + 4), self.cell, h)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.75))
        painter.setFont(font)
        exposed = event.rect()
        for i, image in enumerate(self._images):
            rect = self._cell_rect(i)
            if not rect.intersects(exposed):
                continue
            painter.drawImage(rect, image)
            label = str(i)
            box = painter.fontMetrics().boundingRect(label).adjusted(-2, 0, 2, 0)
            box.moveTopLeft(rect.topLeft())
            painter.fillRect(box, QColor(0, 0, 0, 150))
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()

    def index_at(self, point: QPoint) -> int | None:
        for i in range(len(self._images)):
            if self._cell_rect(i).contains(point):
                return i
        return None

    def unit_at(self, point: QPoint) -> tuple[int, int] | None:
        """The unit (y, x) of the map under ``point``, or None between maps."""
        index = self.index_at(point)
        if index is None:
            return None
        rect = self._cell_rect(index)
        h, w = self._map_size
        y = (point.y() - rect.top()) * h // max(1, rect.height())
        x = (point.x() - rect.left()) * w // max(1, rect.width())
        return min(max(0, y), h - 1), min(max(0, x), w - 1)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.unitHovered.emit(-1, -1)
        super().leaveEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        point = event.position().toPoint()
        index = self.index_at(point)
        unit = self.unit_at(point)
        self.unitHovered.emit(*(unit if unit is not None else (-1, -1)))
        if index is None:
            QToolTip.hideText()
        else:
            low, high = self._ranges[index]
            QToolTip.showText(
                event.globalPosition().toPoint(),
                self.tr("channel {index}: {low} … {high}").format(
                    index=index, low=f"{low:.3g}", high=f"{high:.3g}"
                ),
                self,
            )
        super().mouseMoveEvent(event)


class FeatureMapView(QWidget):
    """The activations of the selected block for one chosen sample.

    Signals
    -------
    sampleChanged(int)
        The user picked another sample (an index into the validation set).
    """

    sampleChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.sample_spin = QSpinBox()
        self.sample_spin.setPrefix(self.tr("sample "))
        self.sample_spin.setRange(0, 0)
        self.sample_spin.setToolTip(self.tr("Which validation sample goes through the network"))
        self.sample_spin.valueChanged.connect(self.sampleChanged)
        self.sample_picture = QLabel()
        self.sample_picture.setFixedSize(40, 40)
        self.sample_picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sample_label = QLabel()
        self.sample_label.setTextFormat(Qt.TextFormat.PlainText)
        header = QHBoxLayout()
        header.addWidget(self.sample_picture)
        header.addWidget(self.sample_spin)
        header.addWidget(self.sample_label, 1)

        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.grid = MapGrid()
        self.grid.unitHovered.connect(self._on_unit_hovered)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.grid)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.bars = pg.PlotWidget()
        self.bars.setMenuEnabled(False)
        self.bars.setMouseEnabled(x=False, y=False)
        self.bars.hideButtons()
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        for page in (self.message, self.scroll, self.bars):
            self.stack.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addLayout(header)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)
        self.activations: np.ndarray | None = None
        self.receptive: RF | None = None
        self._sample_pixmap: QPixmap | None = None  # the thumbnail without an outline
        self._sample_size = (0, 0)  # H, W of the sample picture in pixels
        self._apply_theme()
        self.show_message(self.tr("Select a block on the canvas to see what it computes."))

    # ----------------------------------------------------------------- API
    def set_title(self, text: str) -> None:
        self.title.setText(text)

    def show_message(self, text: str) -> None:
        """Show a sentence instead of activations (nothing selected, no model yet…)."""
        self.activations = None
        self.message.setText(text)
        self.note.clear()
        self.note.setVisible(False)
        self.stack.setCurrentWidget(self.message)

    def set_sample_count(self, count: int) -> None:
        """How many samples the chooser offers (0 hides it)."""
        self.sample_spin.setEnabled(count > 0)
        self.sample_spin.setRange(0, max(0, count - 1))

    def sample_index(self) -> int:
        return self.sample_spin.value()

    def set_sample(self, image: np.ndarray | None, caption: str) -> None:
        """The picture (uint8 ``[H, W, C]`` or ``[H, W]``) and caption of the chosen sample."""
        self.sample_label.setText(caption)
        if image is None:
            self._sample_pixmap, self._sample_size = None, (0, 0)
            self.sample_picture.clear()
            return
        self._sample_size = tuple(np.asarray(image).shape[:2])
        pixmap = QPixmap.fromImage(rgb_image(image))
        self._sample_pixmap = pixmap.scaled(
            self.sample_picture.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        self.sample_picture.setPixmap(self._sample_pixmap)

    def set_receptive_field(self, rf: RF | None) -> None:
        """The receptive field of the shown block's units (None: no outline on hover)."""
        self.receptive = rf
        self._on_unit_hovered(-1, -1)

    def unit_rect(self, y: int, x: int) -> QRectF | None:
        """Unit (y, x)'s receptive field in the sample thumbnail's pixmap coordinates.

        None without a field, a sample picture, or when the box is empty.
        """
        rf, pixmap = self.receptive, self._sample_pixmap
        height, width = self._sample_size
        if rf is None or pixmap is None or not height or not width:
            return None
        top, left, bottom, right = unit_box(rf, y, x)
        top, left = max(0, top), max(0, left)
        bottom, right = min(height, bottom), min(width, right)
        if bottom <= top or right <= left:
            return None
        sy, sx = pixmap.height() / height, pixmap.width() / width
        return QRectF(left * sx, top * sy, (right - left) * sx, (bottom - top) * sy)

    def show_activations(self, activations: np.ndarray, labels: list[str] | None = None) -> None:
        """Draw ``[C, H, W]`` as maps or ``[F]`` as bars (``labels`` name the bars)."""
        activations = np.asarray(activations)
        self.activations = activations
        if activations.ndim == 3:
            self.grid.set_maps(activations)
            shown = min(len(activations), MAX_MAPS)
            note = self.tr("{shape} · each map scaled to its own range").format(
                shape=shape_text(activations.shape)
            )
            if shown < len(activations):
                note += self.tr(" · first {shown} of {count} channels").format(
                    shown=shown, count=len(activations)
                )
            self._set_note(note)
            self.stack.setCurrentWidget(self.scroll)
        elif activations.ndim == 1:
            self._draw_bars(activations, labels)
            self._set_note(self.tr("{shape} values").format(shape=shape_text(activations.shape)))
            self.stack.setCurrentWidget(self.bars)
        else:
            self.show_message(
                self.tr("Can't draw an activation of shape {shape}.").format(
                    shape=activations.shape
                )
            )

    # ----------------------------------------------------------------- internals
    def _on_unit_hovered(self, y: int, x: int) -> None:
        """Outline unit (y, x)'s receptive field on the thumbnail; (-1, -1) removes it."""
        if self._sample_pixmap is None:
            return
        rect = None
        if y >= 0 and x >= 0 and self.activations is not None and self.activations.ndim == 3:
            rect = self.unit_rect(y, x)
        if rect is None:
            self.sample_picture.setPixmap(self._sample_pixmap)
            return
        outlined = QPixmap(self._sample_pixmap)
        painter = QPainter(outlined)
        pen = QPen(QColor("#f97316"))
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.drawRect(rect)
        painter.end()
        self.sample_picture.setPixmap(outlined)

    def _set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(True)

    def _draw_bars(self, values: np.ndarray, labels: list[str] | None) -> None:
        plot = self.bars.getPlotItem()
        plot.clear()
        values = np.nan_to_num(values.astype(np.float64))
        x = np.arange(len(values))
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        brushes = [pg.mkBrush(highlight)] * len(values)
        if len(values):
            best = int(np.argmax(values))
            brushes[best] = pg.mkBrush("#f97316")
        plot.addItem(pg.BarGraphItem(x=x, height=values, width=0.8, brushes=brushes, pen=None))
        axis = plot.getAxis("bottom")
        if labels is not None and len(labels) == len(values) and len(values) <= 40:
            axis.setTicks([[(i, str(name)[:10]) for i, name in enumerate(labels)]])
        else:
            axis.setTicks(None)
        plot.setXRange(-0.6, len(values) - 0.4, padding=0)

    def _apply_theme(self) -> None:
        palette = self.palette()
        self.bars.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        for name in ("left", "bottom"):
            self.bars.getPlotItem().getAxis(name).setTextPen(pg.mkPen(text))
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        self.message.setStyleSheet(f"color: {muted};")
        self.note.setStyleSheet(f"color: {muted};")

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_theme()
        super().changeEvent(event)
