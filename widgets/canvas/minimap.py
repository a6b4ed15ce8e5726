"""The minimap: the whole network in a corner of the canvas, with the visible part framed.

A small overlay on the canvas's viewport. It draws every block as a dot-sized box in its
category colour (red for a problem) and stage frames as outlines, from a picture redrawn
only when blocks come, go, move or change colour; the frame of the visible area is drawn
on top at every scroll. Click or drag in it to move the view there. It hides itself
while the whole network is in view (or empty).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QMouseEvent, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QWidget

from widgets.canvas import node_paint
from widgets.canvas.theme import mix, with_alpha

if TYPE_CHECKING:
    from widgets.canvas.view import CanvasView

SIZE = (220, 150)  # at most; a quarter of a small canvas's width at least
_MARGIN = 12
_PAD = 6


class Minimap(QWidget):
    """Overview of ``view``'s scene; see the module docstring."""

    def __init__(self, view: CanvasView):
        super().__init__(view.viewport())
        self.view = view
        self.enabled = True
        self.setFixedSize(*SIZE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Overview: click or drag to move the view"))
        self._picture: QPixmap | None = None
        self._to_map = QTransform()
        self._stale = QTimer(self, singleShot=True, interval=60)
        self._stale.timeout.connect(self._redraw)
        for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
            bar.valueChanged.connect(self.refresh_visibility)
        view.zoomChanged.connect(self.refresh_visibility)

    # ----------------------------------------------------------------- state
    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.content_changed()

    def content_changed(self) -> None:
        """Blocks came, went, moved or changed colour: redraw the picture soon."""
        self._stale.start()

    def _redraw(self) -> None:
        self._picture = None
        self.refresh_visibility()
        self.update()

    def refresh_visibility(self, *_args) -> None:
        """Shown when enabled and some of the network is out of view."""
        blocks = self.view.canvas_scene.blocks_rect()
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        wanted = self.enabled and not blocks.isEmpty() and not visible.contains(blocks)
        if wanted != self.isVisible():
            self.setVisible(wanted)
        self.reposition()
        if wanted:
            self.update()

    def reposition(self) -> None:
        place = self.place_in_view()
        if (self.width(), self.height()) != (place.width(), place.height()):
            self.setFixedSize(place.size())
            self._picture = None
        self.move(place.topLeft())

    def place_in_view(self) -> QRect:
        """Where the minimap goes in the view as it is now (its bottom-right corner),
        shown or not: what floats over the canvas keeps clear of it."""
        viewport = self.view.viewport().rect()
        width = max(110, min(SIZE[0], viewport.width() // 4))
        height = round(width * SIZE[1] / SIZE[0])
        x = viewport.right() - width - _MARGIN
        return QRect(x, viewport.bottom() - height - _MARGIN, width, height)

    # ----------------------------------------------------------------- drawing
    def paintEvent(self, event) -> None:
        if self._picture is None:
            self._picture = self._draw_picture()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        theme = self.view.canvas_scene.theme
        painter.setPen(QPen(theme.selection, 1.5))
        painter.setBrush(with_alpha(theme.selection, 0.12))
        painter.drawRect(self._to_map.mapRect(visible).intersected(QRectF(self.rect())))
        painter.end()

    def _draw_picture(self) -> QPixmap:
        scene = self.view.canvas_scene
        theme = scene.theme
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(mix(theme.node_border, theme.text, 0.3), 1))
        painter.setBrush(with_alpha(theme.background, 0.92))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        self._to_map = self._fit(scene.blocks_rect())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for frame in scene.frame_items():
            painter.setPen(QPen(mix(theme.text, theme.background, 0.45), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in frame.rects():
                painter.drawRect(self._to_map.mapRect(rect))
        painter.setPen(Qt.PenStyle.NoPen)
        for item in scene.node_items.values():
            if item.isVisible():
                painter.setBrush(node_paint.header_colour(item))
                box = self._to_map.mapRect(item.mapRectToScene(item.body_rect()))
                grow_w, grow_h = max(0.0, 1.5 - box.width()), max(0.0, 1.5 - box.height())
                painter.drawRect(box.adjusted(0, 0, grow_w, grow_h))  # at least a dot
        painter.end()
        return pixmap

    def _fit(self, blocks: QRectF) -> QTransform:
        """Scene → minimap: ``blocks`` centred, aspect kept, inside the padding."""
        if blocks.isEmpty():
            return QTransform()
        inner = QRectF(self.rect()).adjusted(_PAD, _PAD, -_PAD, -_PAD)
        scale = min(inner.width() / blocks.width(), inner.height() / blocks.height())
        dx = inner.center().x() - blocks.center().x() * scale
        dy = inner.center().y() - blocks.center().y() * scale
        return QTransform(scale, 0, 0, scale, dx, dy)

    # ----------------------------------------------------------------- navigation
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._go(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._go(event.position())
        event.accept()

    def _go(self, point: QPointF) -> None:
        inverse, ok = self._to_map.inverted()
        if ok:
            self.view.centerOn(inverse.map(point))
            self.update()
