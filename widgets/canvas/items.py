"""Graphics items of the canvas: nodes, their ports, and the edges between them.

Items know nothing of the engine: the scene gives them their text and state. A node's
position (``pos()``) is its centre, the same point the model stores, so a block dropped
at a point is drawn centred on it. Input ports sit on the top edge, the output port on
the bottom edge; data flows down.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from widgets.canvas.routing import BEND, route
from widgets.canvas.theme import CanvasTheme, mix

NODE_WIDTH = 184.0
NODE_HEIGHT = 64.0
HEADER_HEIGHT = 22.0
RADIUS = 7.0
PORT_RADIUS = 4.5
_PORT_HIT = 9.0
_PORT_SPACING = 34.0
_STACK = 4.0  # offset of the second outline that marks a composite block
_PAD = 10.0
# Zoomed out below these scales text is unreadable: skip it (and its cost).
_TEXT_LOD = 0.3
_LABEL_LOD = 0.45

Z_EDGE, Z_NODE, Z_SELECTED, Z_DRAFT = 0.0, 1.0, 2.0, 5.0


class PortItem(QGraphicsItem):
    """An input (top edge) or output (bottom edge) connection point of a node."""

    def __init__(self, node: NodeItem, is_output: bool, index: int = 0):
        super().__init__(node)
        self.node = node
        self.is_output = is_output
        self.index = index
        self.connected = False
        self.hovered = False
        self.candidate = False  # a valid end for the edge being drawn
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setZValue(1.0)
        translate = QCoreApplication.translate
        self.setToolTip(
            translate("Canvas", "Output: drag to an input to connect")
            if is_output
            else translate("Canvas", "Input port {port}").format(port=index)
        )

    def boundingRect(self) -> QRectF:
        return QRectF(-_PORT_HIT, -_PORT_HIT, 2 * _PORT_HIT, 2 * _PORT_HIT)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self.boundingRect())
        return path

    def set_state(self, connected: bool | None = None, candidate: bool | None = None) -> None:
        changed = False
        if connected is not None and connected != self.connected:
            self.connected, changed = connected, True
        if candidate is not None and candidate != self.candidate:
            self.candidate, changed = candidate, True
        if changed:
            self.update()

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        theme = self.node.theme
        radius = PORT_RADIUS + (1.5 if self.hovered else 0.0)
        ring = theme.port_hover if self.hovered else theme.port
        if self.candidate:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(
                QColor(theme.candidate.red(), theme.candidate.green(), theme.candidate.blue(), 70)
            )
            painter.drawEllipse(QPointF(0, 0), radius + 4, radius + 4)
            ring = theme.candidate
        fill = ring if (self.connected or self.hovered) else theme.node_body
        painter.setPen(QPen(ring, 1.6))
        painter.setBrush(fill)
        painter.drawEllipse(QPointF(0, 0), radius, radius)


class NodeItem(QGraphicsItem):
    """A block: rounded body, coloured header with the title, a params and a stats line."""

    def __init__(self, node_id: str, theme: CanvasTheme):
        super().__init__()
        self.node_id = node_id
        self.theme = theme
        self.edges: list[EdgeItem] = []
        self.title = self.summary = self.stats = ""
        self.category = ""
        self.composite = False
        self.problem = False
        self.drop_state: str | None = None  # "ok" or "bad" while an edge hovers the body
        self.tooltip_stale = True  # the scene writes the tooltip just before it shows
        self._short_stats = ""
        self._alert = False
        self.waiting = False  # shape unknown until a problem upstream is fixed
        self._title_text = self._summary_text = self._stats_text = ""
        self.inputs: list[PortItem] = []
        self.output: PortItem | None = None
        # No itemChange override: Qt would call into Python a dozen times per block as
        # it is built. Whoever moves a block calls place() or adjust_edges().
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
        )
        # Blocks are costly to paint (rounded shapes, three lines of text) and change rarely.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(Z_NODE)

    # ----------------------------------------------------------------- content
    def set_content(self, title: str, summary: str, category: str, composite: bool) -> None:
        """Static text that depends on the model only (type, params, label)."""
        state = (title, summary, category, composite)
        if state == (self.title, self.summary, self.category, self.composite):
            return
        self.title, self.summary, self.category, self.composite = state
        self._elide_content()

    def set_stats(
        self, stats: str, problem: bool, short: str = "", alert: bool = False, waiting: bool = False
    ) -> None:
        """Text and state from analysis.

        ``short`` replaces ``stats`` when that won't fit; ``alert`` draws ``stats`` in the
        problem colour (it is a problem message rather than a shape); ``waiting`` draws the
        block neutral (its shape is unknown because of a problem upstream).
        """
        state = (stats, problem, short, alert, waiting)
        if state == (self.stats, self.problem, self._short_stats, self._alert, self.waiting):
            return
        title_room_changed = problem != self.problem
        self.stats, self.problem, self._short_stats, self._alert, self.waiting = state
        if title_room_changed:
            self._elide_content()
        self._elide_stats()

    def set_theme(self, theme: CanvasTheme) -> None:
        self.theme = theme
        self._elide_content()
        self._elide_stats()
        for port in self.ports():
            port.update()

    def set_drop_state(self, state: str | None) -> None:
        if state != self.drop_state:
            self.drop_state = state
            self.update()

    def _elide_content(self) -> None:
        inner = NODE_WIDTH - 2 * _PAD
        title_room = inner - (16 if self.problem else 0)  # room for the "!" badge
        theme = self.theme
        self._title_text = theme.elide(theme.title_metrics, self.title, title_room)
        self._summary_text = theme.elide(theme.detail_metrics, self.summary, inner)
        self.update()

    def _elide_stats(self) -> None:
        inner = NODE_WIDTH - 2 * _PAD
        theme = self.theme
        text = theme.elide(theme.detail_metrics, self.stats, inner)
        if self._short_stats and text != self.stats:  # did not fit: try the short form
            text = theme.elide(theme.detail_metrics, self._short_stats, inner)
        self._stats_text = text
        self.update()

    # ----------------------------------------------------------------- ports
    def ports(self) -> list[PortItem]:
        return self.inputs + ([self.output] if self.output else [])

    def set_ports(self, inputs: int, has_output: bool) -> None:
        """Show ``inputs`` input ports along the top edge and maybe an output port."""
        before = len(self.inputs)
        while len(self.inputs) > inputs:
            port = self.inputs.pop()
            port.setParentItem(None)
            if port.scene() is not None:
                port.scene().removeItem(port)
        while len(self.inputs) < inputs:
            self.inputs.append(PortItem(self, False, len(self.inputs)))
        spacing = min(_PORT_SPACING, (NODE_WIDTH - 40) / max(1, inputs - 1))
        for i, port in enumerate(self.inputs):
            port.setPos((i - (inputs - 1) / 2) * spacing, -NODE_HEIGHT / 2)
        if has_output and self.output is None:
            self.output = PortItem(self, True)
            self.output.setPos(0, NODE_HEIGHT / 2)
        elif not has_output and self.output is not None:
            self.output.setParentItem(None)
            if self.output.scene() is not None:
                self.output.scene().removeItem(self.output)
            self.output = None
        if inputs != before:
            for edge in self.edges:
                edge.adjust()

    def input_pos(self, port: int) -> QPointF:
        """Scene position of input ``port`` (the last one if there are fewer)."""
        if not self.inputs:
            return self.mapToScene(QPointF(0, -NODE_HEIGHT / 2))
        return self.inputs[min(port, len(self.inputs) - 1)].scenePos()

    def output_pos(self) -> QPointF:
        return self.mapToScene(QPointF(0, NODE_HEIGHT / 2))

    # ----------------------------------------------------------------- geometry
    def body_rect(self) -> QRectF:
        return QRectF(-NODE_WIDTH / 2, -NODE_HEIGHT / 2, NODE_WIDTH, NODE_HEIGHT)

    def boundingRect(self) -> QRectF:
        return self.body_rect().adjusted(-4, -4, _STACK + 5, _STACK + 6)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.body_rect(), RADIUS, RADIUS)
        return path

    def place(self, pos: QPointF) -> None:
        """Move the block's centre to ``pos`` and bend its edges along."""
        if pos != self.pos():
            self.setPos(pos)
            self.adjust_edges()

    def adjust_edges(self) -> None:
        for edge in self.edges:
            edge.adjust()

    # ----------------------------------------------------------------- painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        theme = self.theme
        body = self.body_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.shadow)
        painter.drawRoundedRect(body.translated(0, 2.5), RADIUS + 1, RADIUS + 1)
        border = self._border_colour()
        if self.composite:  # a second card behind: "several layers in one block"
            painter.setPen(QPen(border, 1.2))
            painter.setBrush(mix(theme.node_body, theme.background, 0.35))
            painter.drawRoundedRect(body.translated(_STACK, _STACK), RADIUS, RADIUS)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.node_body)
        painter.drawRoundedRect(body, RADIUS, RADIUS)
        self._paint_header(painter, body)
        if option.levelOfDetailFromTransform(painter.worldTransform()) >= _TEXT_LOD:
            self._paint_text(painter, body)
        self._paint_outline(painter, body, border)

    def _border_colour(self) -> QColor:
        if self.problem:
            return self.theme.problem
        return self.theme.node_border

    def _header_colour(self) -> QColor:
        header = self.theme.header(self.category)
        if self.problem:
            return mix(header, self.theme.problem, 0.85)
        return mix(header, self.theme.waiting, 0.75) if self.waiting else header

    def _paint_header(self, painter: QPainter, body: QRectF) -> None:
        header = QRectF(body.left(), body.top(), body.width(), HEADER_HEIGHT)
        path = QPainterPath()
        path.addRoundedRect(header, RADIUS, RADIUS)
        square = QPainterPath()
        square.addRect(header.adjusted(0, RADIUS, 0, 0))  # square off the bottom corners
        painter.setBrush(self._header_colour())
        painter.drawPath(path.united(square))
        if self.problem:
            centre = QPointF(header.right() - _PAD - 5, header.center().y())
            painter.setBrush(QColor("white"))
            painter.drawEllipse(centre, 6.5, 6.5)
            painter.setPen(QPen(self.theme.problem, 1))
            painter.setFont(self.theme.title_font)
            painter.drawText(
                QRectF(centre.x() - 6.5, centre.y() - 6.5, 13, 13),
                Qt.AlignmentFlag.AlignCenter,
                "!",
            )

    def _paint_text(self, painter: QPainter, body: QRectF) -> None:
        theme = self.theme
        title, summary, stats = self._title_text, self._summary_text, self._stats_text
        left = body.left() + _PAD
        width = body.width() - 2 * _PAD
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.setFont(theme.title_font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(QRectF(left, body.top(), width, HEADER_HEIGHT), align, title)
        lines = [(summary, theme.text)] if summary else []
        if stats and stats != summary:
            lines.append((stats, theme.problem if self._alert else theme.muted_text))
        if not lines:
            return
        area = QRectF(
            left, body.top() + HEADER_HEIGHT + 2, width, body.height() - HEADER_HEIGHT - 6
        )
        line = area.height() / 2
        top = area.top() + (line / 2 if len(lines) == 1 else 0)
        painter.setFont(theme.detail_font)
        for i, (text, colour) in enumerate(lines):
            painter.setPen(colour)
            painter.drawText(QRectF(left, top + i * line, width, line), align, text)

    def _paint_outline(self, painter: QPainter, body: QRectF, border: QColor) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(border, 1.6 if self.problem else 1.0)
        if self.waiting:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(body.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        outline = None
        if self.drop_state is not None:
            outline = self.theme.candidate if self.drop_state == "ok" else self.theme.problem
        elif self.isSelected():
            outline = self.theme.selection
        if outline is not None:
            painter.setPen(QPen(outline, 2.2))
            painter.drawRoundedRect(body.adjusted(-2.5, -2.5, 2.5, 2.5), RADIUS + 2, RADIUS + 2)


class EdgeItem(QGraphicsItem):
    """A connection drawn as a Bézier from the source's output to the target's input port."""

    def __init__(self, edge, source: NodeItem, target: NodeItem, find_blocks=None):
        """``find_blocks(top, bottom, exclude)`` lists the block rectangles between two
        heights; without it the edge is always a plain curve."""
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
        self.prepareGeometryChange()
        start, end = self.source.output_pos(), self.target.input_pos(self.edge.port)
        self._path = route(start, end, self._obstacles(start, end))
        self._middle = self._path.pointAtPercent(0.5)
        self._place_label()

    def _obstacles(self, start: QPointF, end: QPointF) -> list[QRectF]:
        """Blocks (other than its own two) an edge spanning several layers must avoid."""
        if self.find_blocks is None or end.y() - start.y() <= 2 * BEND:
            return []
        return self.find_blocks(start.y(), end.y(), (self.source, self.target))

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

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        theme = self.source.theme
        colour = theme.edge
        if self.isSelected():
            colour = theme.selection
        elif self.hovered:
            colour = mix(theme.edge, theme.text, 0.5)
        width = 2.6 if self.isSelected() else 1.8
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if self.label and option.levelOfDetailFromTransform(painter.worldTransform()) >= _LABEL_LOD:
            painter.setPen(QPen(colour, 1))
            painter.setBrush(QBrush(theme.edge_label_bg))
            painter.drawRoundedRect(self._label_rect, 4, 4)
            painter.setFont(theme.label_font)
            painter.setPen(theme.text if self.isSelected() else theme.muted_text)
            painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self.label)
