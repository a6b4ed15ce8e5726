"""Try it: give the trained network an image and see its answer and where it looked.

:class:`TryItView` takes an image three ways — dropped or opened files, the clipboard,
or drawn with the mouse on a pad shaped like the network's Input (white strokes on
black, as the digits are) — and shows what the app computes for it: the most probable
classes with their probabilities, a heat map over the image (Grad-CAM or saliency) for
a chosen class, and the selected block's feature maps. The view computes nothing: it
emits what the user gave and shows what it is given.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from widgets.feature_maps import MapGrid, rgb_image

#: Image files the Open dialog offers (Pillow reads more; a dropped file is tried anyway).
IMAGE_FILTER = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.ppm *.pgm"
#: Attributions offered: key → label (translated where shown).
GRAD_CAM, SALIENCY, NO_MAP = "grad-cam", "saliency", "none"
_HEAT = pg.colormap.get("inferno").getLookupTable(nPts=256, alpha=False).astype(np.uint8)


def overlay(image: np.ndarray, heat: np.ndarray | None, alpha: float = 0.55) -> np.ndarray:
    """``image`` (uint8 ``[H, W, 3]`` or ``[H, W]``) with ``heat`` (0..1 ``[H, W]``) over it."""
    rgb = np.repeat(image[..., None], 3, axis=2) if image.ndim == 2 else image[..., :3]
    if heat is None:
        return np.ascontiguousarray(rgb)
    colour = _HEAT[np.clip(heat * 255 + 0.5, 0, 255).astype(np.uint8)].astype(np.float32)
    weight = alpha * np.clip(heat, 0.0, 1.0)[..., None] ** 0.5
    mixed = rgb.astype(np.float32) * (1 - weight) + colour * weight
    return np.clip(mixed + 0.5, 0, 255).astype(np.uint8)


class DrawPad(QWidget):
    """An image you draw with the mouse: white strokes on black, shaped like the Input.

    Emits :attr:`drawn` with the drawing as a float ``[H, W]`` array in 0..1 whenever a
    stroke ends (and while it goes on, a few times a second).
    """

    drawn = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(120, 120)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._canvas = QImage(128, 128, QImage.Format.Format_Grayscale8)
        self._canvas.fill(0)
        self._last: QPointF | None = None
        self._strokes = 0

    def set_shape(self, height: int, width: int) -> None:
        """Shape the pad like an Input of ``height``×``width`` (drawn at ≥ 128 pixels)."""
        scale = max(1, int(np.ceil(128 / max(1, min(height, width)))))
        self._canvas = QImage(width * scale, height * scale, QImage.Format.Format_Grayscale8)
        self.clear()

    def clear(self) -> None:
        self._canvas.fill(0)
        self._strokes = 0
        self.update()

    def array(self) -> np.ndarray:
        """The drawing as float ``[H, W]`` in 0..1, at the pad's own resolution."""
        image = self._canvas.convertToFormat(QImage.Format.Format_Grayscale8)
        width, height, stride = image.width(), image.height(), image.bytesPerLine()
        data = np.frombuffer(image.constBits(), np.uint8, count=stride * height)
        return data.reshape(height, stride)[:, :width].astype(np.float32) / 255.0

    def has_drawing(self) -> bool:
        return self._strokes > 0

    def _target(self):
        """Where the canvas is drawn in the widget (kept to its aspect ratio)."""
        size = self._canvas.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        left, top = (self.width() - size.width()) / 2, (self.height() - size.height()) / 2
        return left, top, size.width() / self._canvas.width()

    def _to_canvas(self, point) -> QPointF:
        left, top, scale = self._target()
        return QPointF((point.x() - left) / scale, (point.y() - top) / scale)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        left, top, scale = self._target()
        width, height = self._canvas.width() * scale, self._canvas.height() * scale
        painter.drawImage(QPointF(left, top), self._canvas.scaled(int(width), int(height)))
        painter.setPen(QPen(self.palette().mid().color()))
        painter.drawRect(int(left), int(top), int(width) - 1, int(height) - 1)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._last = self._to_canvas(event.position())
            self._line(self._last, self._last)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._last is not None:
            point = self._to_canvas(event.position())
            self._line(self._last, point)
            self._last = point

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._last is not None:
            self._last = None
            self._strokes += 1
            self.drawn.emit(self.array())

    def _line(self, start: QPointF, end: QPointF) -> None:
        painter = QPainter(self._canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(2.0, min(self._canvas.width(), self._canvas.height()) / 9)
        pen = QPen(Qt.GlobalColor.white, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(start, end)
        painter.end()
        self.update()


class Picture(QWidget):
    """A small image scaled up to the space it has (pixels stay sharp), with a title."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(96, 96)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.title = QLabel(title)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)  # a long caption takes lines, not the dock's width
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.title)
        self.array: np.ndarray | None = None
        self.setVisible(False)

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.title.setToolTip(text)

    def set_array(self, array: np.ndarray | None) -> None:
        """Show ``array`` (uint8 ``[H, W, 3]``), or hide when None."""
        self.array = array
        self.setVisible(array is not None)
        self._draw()

    def _draw(self) -> None:
        if self.array is None:
            self.image.clear()
            return
        pixmap = QPixmap.fromImage(rgb_image(self.array))
        size = self.image.size().boundedTo(QSize(2048, 2048))
        self.image.setPixmap(
            pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
            )
        )

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._draw()


class ClassBars(QWidget):
    """The most probable classes, each with a bar of its probability."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self._rows: list[tuple[QLabel, QProgressBar]] = []

    def show_top(self, top: list[tuple[int, str, float]]) -> None:
        while len(self._rows) < len(top):
            label, bar = QLabel(), QProgressBar()
            bar.setRange(0, 1000)
            bar.setTextVisible(True)
            row = len(self._rows)
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(bar, row, 1)
            self._rows.append((label, bar))
        for i, (label, bar) in enumerate(self._rows):
            visible = i < len(top)
            label.setVisible(visible)
            bar.setVisible(visible)
            if visible:
                _index, name, probability = top[i]
                label.setText(name)
                bar.setValue(int(round(probability * 1000)))
                bar.setFormat(f"{probability:.1%}")


class TryItView(QWidget):
    """Images in, the network's answers out.

    Signals
    -------
    imageGiven(object)
        A file path (str), a picture from the clipboard (uint8 ``[H, W, 3]``) or a
        drawing (float ``[H, W]`` in 0..1).
    classChosen(int)
        The class the heat map is for (-1: the most probable one).
    mapKindChosen(str)
        ``grad-cam``, ``saliency`` or ``none``.
    """

    imageGiven = Signal(object)
    classChosen = Signal(int)
    mapKindChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._build()
        self.set_classes([])
        self.show_message(self.tr("Train a network, then give it an image here."))

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        self.open_button = QPushButton(self.tr("Open Image…"))
        self.open_button.setToolTip(self.tr("Classify image files (or drop them here)"))
        self.open_button.clicked.connect(self._open)
        self.paste_button = QPushButton(self.tr("Paste"))
        self.paste_button.setToolTip(self.tr("Classify the image on the clipboard"))
        self.paste_button.clicked.connect(self.paste)
        self.draw_button = QPushButton(self.tr("Draw"))
        self.draw_button.setCheckable(True)
        self.draw_button.setToolTip(self.tr("Draw an image with the mouse, white on black"))
        self.draw_button.toggled.connect(self._drawing_toggled)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self._clear_pad)
        self.map_kind = QComboBox()
        for key, text in (
            (GRAD_CAM, self.tr("Grad-CAM")),
            (SALIENCY, self.tr("Saliency")),
            (NO_MAP, self.tr("No heat map")),
        ):
            self.map_kind.addItem(text, key)
        self.map_kind.setToolTip(self.tr("Where the network looked to score the chosen class"))
        self.map_kind.currentIndexChanged.connect(
            lambda _i: self.mapKindChosen.emit(self.map_kind.currentData())
        )
        self.target = QComboBox()
        # A long class name widens the list, not the dock.
        self.target.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.target.setMinimumContentsLength(10)
        self.target.setToolTip(self.tr("The class the heat map is for"))
        self.target.currentIndexChanged.connect(
            lambda _i: self.classChosen.emit(int(self.target.currentData() or -1))
        )
        tools = self._toolbar()

        self.pad = DrawPad()
        self.pad.drawn.connect(self.imageGiven)
        self.pad.setVisible(False)
        self.seen = Picture(self.tr("What the network sees"))
        self.heat = Picture("")
        pictures = QHBoxLayout()
        for widget in (self.pad, self.seen, self.heat):
            pictures.addWidget(widget, 1)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        self.heat_note = QLabel()  # why there is no heat map to show
        self.heat_note.setTextFormat(Qt.TextFormat.PlainText)
        self.heat_note.setWordWrap(True)
        self.heat_note.setVisible(False)
        self.bars = ClassBars()
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(pictures, 1)
        column.addWidget(self.heat_note)
        column.addWidget(self.caption)
        column.addWidget(self.bars)

        self.maps_title = QLabel()
        self.maps_title.setTextFormat(Qt.TextFormat.PlainText)
        self.maps_title.setWordWrap(True)
        self.grid = MapGrid()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid)
        maps = QWidget()
        below = QVBoxLayout(maps)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.maps_title)
        below.addWidget(scroll, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(maps)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 3)
        split.setSizes([500, 300])  # the pictures first: the maps get the rest

        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tools)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    def _toolbar(self) -> QVBoxLayout:
        """Two rows, so that the dock's usual width holds them in any language: the
        ways to give an image, then what the heat map shows and for which class."""
        given = QHBoxLayout()
        for widget in (self.open_button, self.paste_button, self.draw_button, self.clear_button):
            given.addWidget(widget)
        given.addStretch(1)
        self.map_label = QLabel(self.tr("Heat map:"))
        self.target_label = QLabel(self.tr("for"))
        shown = QHBoxLayout()
        shown.addWidget(self.map_label)
        shown.addWidget(self.map_kind)
        shown.addWidget(self.target_label)
        shown.addWidget(self.target, 1)
        tools = QVBoxLayout()
        tools.addLayout(given)
        tools.addLayout(shown)
        return tools

    # ----------------------------------------------------------------- API
    def set_classes(self, classes: list[str]) -> None:
        """The classes of the network (the heat map's choices)."""
        current = self.target.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem(self.tr("top class"), -1)
        for index, name in enumerate(classes):
            self.target.addItem(name, index)
        found = self.target.findData(current)
        self.target.setCurrentIndex(max(0, found))
        self.target.blockSignals(False)

    def set_input_shape(self, channels: int, height: int, width: int) -> None:
        """Shape the drawing pad like the network's Input."""
        self.pad.set_shape(height, width)

    def map_kind_value(self) -> str:
        return self.map_kind.currentData()

    def target_class(self) -> int:
        return int(self.target.currentData() if self.target.currentData() is not None else -1)

    def show_message(self, text: str) -> None:
        """A sentence above the results (what to do next, or what went wrong)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear_result(self, text: str) -> None:
        """Forget the answers (their model is gone) and say ``text`` instead: no picture,
        heat map, classes or feature maps of another network stay on screen."""
        self.seen.set_array(None)
        self.heat.set_array(None)
        self.heat_note.setVisible(False)
        self.caption.clear()
        self.bars.show_top([])
        self.show_maps(None, "")
        self.set_classes([])
        self.show_message(text)

    def show_result(self, image: np.ndarray, top, heat, caption: str, heat_title: str = "") -> None:
        """The fitted image (uint8 ``[H, W, C]``), ``heat`` over it (titled
        ``heat_title``; None: no heat map), and the top classes."""
        self.show_message("")
        picture = image[..., 0] if image.shape[-1] == 1 else image
        self.seen.set_array(overlay(picture, None))
        self.heat.set_title(heat_title)
        self.heat.set_array(None if heat is None else overlay(picture, heat))
        self.heat_note.setText(heat_title if heat is None else "")
        self.heat_note.setVisible(heat is None and bool(heat_title))
        self.caption.setText(caption)
        self.bars.show_top(top)

    def show_maps(self, maps: np.ndarray | None, title: str) -> None:
        """The selected block's feature maps for the image (None: nothing to show)."""
        self.maps_title.setText(title)
        if maps is None or np.asarray(maps).ndim != 3:
            self.grid.clear()
        else:
            self.grid.set_maps(maps)

    def paste(self) -> None:
        """Classify the clipboard's image (or the image file it names)."""
        data = QGuiApplication.clipboard().mimeData()
        if data is not None and data.hasUrls() and data.urls()[0].isLocalFile():
            self.imageGiven.emit(data.urls()[0].toLocalFile())
            return
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.show_message(self.tr("The clipboard holds no image."))
            return
        self.imageGiven.emit(qimage_array(image))

    # ----------------------------------------------------------------- internals
    def _open(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Open Image"),
            "",
            self.tr("Images ({patterns})").format(patterns=IMAGE_FILTER),
        )
        for path in paths[:1]:
            self.imageGiven.emit(path)

    def _drawing_toggled(self, on: bool) -> None:
        self.pad.setVisible(on)
        if on and self.pad.has_drawing():
            self.imageGiven.emit(self.pad.array())

    def _clear_pad(self) -> None:
        self.pad.clear()
        for picture in (self.seen, self.heat):
            picture.set_array(None)
        self.bars.show_top([])
        self.caption.clear()

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        data = event.mimeData()
        if data.hasUrls() or data.hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        data = event.mimeData()
        files = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
        if files:
            self.imageGiven.emit(files[0])
        elif data.hasImage():
            self.imageGiven.emit(qimage_array(QImage(data.imageData())))
        event.acceptProposedAction()


def qimage_array(image: QImage) -> np.ndarray:
    """A QImage as uint8 ``[H, W, 3]`` RGB."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()
