"""Edges of the canvas: the connection from a block's output to another's input port.

An edge is a Bézier (or a detour down a free lane: :mod:`.routing`) between the two
ports, with the shape that flows along it as a label. Zoomed out the label goes and the
line thins (:mod:`.lod`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from widgets.canvas import lod
from widgets.canvas.routing import BEND, route
from widgets.canvas.sizes import RIGHT, Z_EDGE
from widgets.canvas.theme import mix

if TYPE_CHECKING:
    from widgets.canvas.items import NodeItem


#: How far beside its ends an edge looks for blocks in its way (scene units): its lane
#: runs near its straight route; searching the whole width cost a wrapped network of
#: 3,000 blocks a second to open.
LANE_REACH = 800.0


class Hoverable:
    """Redraws an item as the mouse comes and goes (``hovered``)."""

    hovered = False

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()


class EdgeItem(Hoverable, QGraphicsItem):
    """A connection drawn as a Bézier from the source's output to the target's input port."""

    def __init__(self, edge, source: NodeItem, target: NodeItem, find_blocks=None):
        """``find_blocks(low, high, exclude, across)`` lists the rectangles of the blocks
        reaching between two heights (``across``: two x positions, when data flows
        right); without it the edge is always a plain curve."""
        super().__init__()
        self.edge = edge
        self.find_blocks = find_blocks
        self.source = source
        self.target = target
        self.label = ""
        self.hovered = False
        self._path = QPainterPath()
        self._middle = QPointF()
        self._label_rect = QRectF()
        self._shape: QPainterPath | None = None
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(Z_EDGE)
        source.edges.append(self)
        target.edges.append(self)
        self.adjust()

    def detach(self) -> None:
        """Forget the nodes (before the item leaves the scene)."""
        for node in (self.source, self.target):
            if self in node.edges:
                node.edges.remove(self)

    def set_label(self, text: str) -> None:
        if text != self.label:
            self.prepareGeometryChange()
            self.label = text
            self._place_label()

    def adjust(self) -> None:
        """Recompute the curve after a node moved or a port appeared (or a block came near)."""
        inside = self.source.proxy is not None and self.source.proxy is self.target.proxy
        start, end = self.source.output_pos(), self.target.input_pos(self.edge.port)
        across = self.source.flow == RIGHT
        path = route(start, end, self._obstacles(start, end, across), across)
        # Only now, with nothing left to ask the scene: looking for obstacles makes Qt
        # index the items, this edge at its old place included, and an edge whose
        # outline then changes unannounced stays listed there (deleted later: a crash).
        self.prepareGeometryChange()
        self.setVisible(not inside)  # within a folded stage
        self._path = path
        self._middle = path.pointAtPercent(0.5)
        self._place_label()

    def _obstacles(self, start: QPointF, end: QPointF, across: bool) -> list[QRectF]:
        """Blocks an edge spanning several layers must avoid: the others, and on a way
        back up (to the next column) its own two as well."""
        low, high = (start.x(), end.x()) if across else (start.y(), end.y())
        if self.find_blocks is None or 0 <= high - low <= 2 * BEND:
            return []  # a short step down: a plain curve
        ends = (self.source, self.target)
        a, b = (start.y(), end.y()) if across else (start.x(), end.x())
        side = (min(a, b) - LANE_REACH, max(a, b) + LANE_REACH)  # its lane is near
        found = self.find_blocks(min(low, high), max(low, high), ends, across, side)
        if high < low:  # back up: the lane runs past both ends too
            found += [node.drawn_rect() for node in ends]
        return found

    def _place_label(self) -> None:
        self._label_rect = QRectF()
        if self.label:
            metrics = self.source.theme.label_metrics
            w, h = metrics.horizontalAdvance(self.label) + 10, metrics.height() + 2
            self._label_rect = QRectF(self._middle.x() - w / 2, self._middle.y() - h / 2, w, h)
        self._shape = None

    def path(self) -> QPainterPath:
        return self._path

    def boundingRect(self) -> QRectF:
        return self._path.controlPointRect().united(self._label_rect).adjusted(-4, -4, 4, 4)

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self._path)
            if self.label:
                self._shape.addRoundedRect(self._label_rect, 4, 4)
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        theme = self.source.theme
        colour = theme.edge
        if self.isSelected():
            colour = theme.selection
        elif self.hovered:
            colour = mix(theme.edge, theme.text, 0.5)
        level = lod.level_of(lod.painter_scale(painter, option))
        width = 2.6 if self.isSelected() else 1.8
        pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        if level != lod.FULL:  # a line of constant width on screen, thinner far out
            pen.setWidthF(width * (0.8 if level == lod.SIMPLE else 0.6))
            pen.setCosmetic(True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, level != lod.OVERVIEW)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if self.label and level == lod.FULL:
            painter.setPen(QPen(colour, 1))
            painter.setBrush(QBrush(theme.edge_label_bg))
            painter.drawRoundedRect(self._label_rect, 4, 4)
            painter.setFont(theme.label_font)
            painter.setPen(theme.text if self.isSelected() else theme.muted_text)
            painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self.label)
