"""The receptive field of a unit, outlined on the input image at a readable size.

:class:`ReceptiveFieldView` draws a sample scaled to fill the dock, the part of it one
output unit of the selected block sees (:mod:`engine.teaching.receptive`), the field of
its right-hand neighbour (how far apart neighbouring units look: the stride into the
input) and, dashed, the part of the field that lies in the padding outside the image.
A small grid of the block's output map beside it shows which unit that is. Click the
picture or the grid, or use the arrow keys, to choose another unit.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from engine.teaching.receptive import RF, unit_box
from widgets.cost_table import text_label
from widgets.export_image import add_save_menu
from widgets.kernel_viewer import to_image
from widgets.pixel_grid import arrow_step

ACCENT = QColor("#f97316")
NEIGHBOUR = QColor("#3b82f6")
#: Largest output map drawn cell by cell beside the picture.
MAX_GRID = 64


class FieldCanvas(QWidget):
    """The picture with one unit's field, and the output map with that unit."""

    unitChanged = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.image: np.ndarray | None = None  # uint8 [H, W, 3] at the network's input size
        self.field: RF | None = None
        self.out_size = (1, 1)
        self.unit = (0, 0)

    def sizeHint(self) -> QSize:
        return QSize(640, 420)

    def set_field(self, image: np.ndarray | None, field: RF | None, out_size) -> None:
        self.image, self.field, self.out_size = image, field, tuple(out_size)
        self.unit = tuple(min(u, n - 1) for u, n in zip(self.unit, self.out_size))
        self.update()

    def set_unit(self, y: int, x: int) -> None:
        oh, ow = self.out_size
        unit = (max(0, min(oh - 1, y)), max(0, min(ow - 1, x)))
        if unit != self.unit:
            self.unit = unit
            self.update()
            self.unitChanged.emit(*unit)

    # ----------------------------------------------------------------- geometry
    def _margin(self) -> float:
        """Room around the picture for the part of a field that lies in the padding."""
        return 28.0

    def picture_rect(self) -> QRectF:
        h, w = self.image.shape[:2]
        m = self._margin()
        grid = self._grid_width()
        scale = max(0.1, min((self.width() - grid - 3 * m) / w, (self.height() - 2 * m) / h))
        return QRectF(m, m, w * scale, h * scale)

    def _grid_width(self) -> float:
        oh, ow = self.out_size
        return 0.0 if max(oh, ow) > MAX_GRID else min(180.0, self.width() * 0.25)

    def grid_rect(self) -> QRectF:
        oh, ow = self.out_size
        side = self._grid_width()
        cell = side / max(oh, ow)
        picture = self.picture_rect()
        return QRectF(picture.right() + self._margin() * 1.5, picture.top(), ow * cell, oh * cell)

    def _box(self, y: int, x: int, clip: bool) -> QRectF:
        """Unit (y, x)'s field in widget coordinates (clipped to the image or not)."""
        f = self.field
        if clip:
            top, left, bottom, right = unit_box(f, y, x)
        else:
            top, left = f.start_h + y * f.stride_h, f.start_w + x * f.stride_w
            bottom, right = top + f.size_h, left + f.size_w
        picture = self.picture_rect()
        scale = picture.width() / self.image.shape[1]
        return QRectF(
            picture.left() + left * scale,
            picture.top() + top * scale,
            (right - left) * scale,
            (bottom - top) * scale,
        )

    # ----------------------------------------------------------------- painting
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self.image is not None and self.field is not None:
            self._paint(painter)
        painter.end()

    def _paint(self, painter: QPainter) -> None:
        picture = self.picture_rect()
        painter.drawImage(picture, to_image(self.image))
        y, x = self.unit
        if x + 1 < self.out_size[1]:
            painter.setPen(QPen(NEIGHBOUR, 1.5, Qt.PenStyle.DotLine))
            painter.drawRect(self._box(y, x + 1, clip=True))
        whole, seen = self._box(y, x, clip=False), self._box(y, x, clip=True)
        if whole != seen:
            painter.setPen(QPen(ACCENT, 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(whole)
        painter.fillRect(seen, QColor(ACCENT.red(), ACCENT.green(), ACCENT.blue(), 60))
        painter.setPen(QPen(ACCENT, 3))
        painter.drawRect(seen)
        if self._grid_width():
            self._paint_grid(painter)

    def _paint_grid(self, painter: QPainter) -> None:
        rect = self.grid_rect()
        oh, ow = self.out_size
        cell = rect.width() / ow
        grid = self.palette().color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(QPen(grid, 1))
        for r in range(oh + 1):
            y = rect.top() + r * cell
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        for c in range(ow + 1):
            x = rect.left() + c * cell
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        y, x = self.unit
        unit = QRectF(rect.left() + x * cell, rect.top() + y * cell, cell, cell)
        painter.fillRect(unit, ACCENT)
        painter.setPen(grid)
        caption = self.tr("output {height}×{width}").format(height=oh, width=ow)
        painter.drawText(
            QRectF(rect.left(), rect.bottom() + 4, 200, 18), Qt.AlignmentFlag.AlignLeft, caption
        )

    # ----------------------------------------------------------------- input
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.image is None or self.field is None:
            return
        point = event.position()
        if self._grid_width() and self.grid_rect().contains(point):
            rect = self.grid_rect()
            cell = rect.width() / self.out_size[1]
            self.set_unit(
                int((point.y() - rect.top()) / cell), int((point.x() - rect.left()) / cell)
            )
            return
        picture = self.picture_rect()
        scale = picture.width() / self.image.shape[1]
        py, px = (point.y() - picture.top()) / scale, (point.x() - picture.left()) / scale
        self.set_unit(*self.unit_at(py, px))

    def unit_at(self, py: float, px: float) -> tuple[int, int]:
        """The unit whose field is centred nearest to the input pixel at (py, px)
        (coordinates in input pixels; pixel i spans i … i + 1)."""
        f = self.field
        y = round((int(py) - f.start_h - (f.size_h - 1) / 2) / f.stride_h)
        x = round((int(px) - f.start_w - (f.size_w - 1) / 2) / f.stride_w)
        return y, x

    def keyPressEvent(self, event) -> None:  # noqa: N802
        step = arrow_step(event)
        if step is not None:
            self.set_unit(self.unit[0] + step[0], self.unit[1] + step[1])
            return
        super().keyPressEvent(event)


class ReceptiveFieldView(QWidget):
    """The "Receptive field" dock: what one unit of the selected block sees."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = text_label(rich=False)
        self.canvas = FieldCanvas()
        add_save_menu(self.canvas, name="receptive-field")
        self.canvas.unitChanged.connect(lambda *_u: self._describe())
        self.details = text_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.details)
        self.title = ""
        self.show_message(self.tr("Select a block to see what one of its units sees."))

    def show_message(self, text: str) -> None:
        self.heading.setText(text)
        self.canvas.set_field(None, None, (1, 1))
        self.details.setText("")

    def show_field(self, title: str, image: np.ndarray, field: RF, out_size) -> None:
        """``image`` uint8 ``[H, W, 3]`` at the network's input size; ``out_size`` the
        block's output (height, width)."""
        self.title = title
        h, w = image.shape[:2]
        self.heading.setText(
            self.tr(
                "{block}: each unit sees {height}×{width} input pixels; neighbours are "
                "{stride} pixels apart (input {input_h}×{input_w})"
            ).format(
                block=title,
                height=field.size_h,
                width=field.size_w,
                stride=field.stride_w,
                input_h=h,
                input_w=w,
            )
        )
        self.canvas.set_field(image, field, out_size)
        self._describe()

    def _describe(self) -> None:
        f, (y, x) = self.canvas.field, self.canvas.unit
        if f is None:
            return
        top, left, bottom, right = unit_box(f, y, x)
        text = self.tr(
            "Unit ({y}, {x}) sees rows {top}–{bottom} and columns {left}–{right} of the input."
        ).format(y=y, x=x, top=top, bottom=bottom - 1, left=left, right=right - 1)
        if (bottom - top, right - left) != (f.size_h, f.size_w):
            text += " " + self.tr(
                "Part of its field lies outside the image (dashed): there it sees the padding."
            )
        self.details.setText(text)
