"""Graphics items of the canvas: nodes and their ports (edges: :mod:`.edges`).

Items know nothing of the engine: the scene gives them their text and state. A node's
position (``pos()``) is its centre, the same point the model stores, so a block dropped
at a point is drawn centred on it. When data flows down, input ports sit on the top
edge and the output port on the bottom edge; when it flows right, inputs are on the
left edge and the output on the right. How a block looks at each zoom is
:mod:`.node_paint`'s business.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from widgets.canvas import lod, node_paint
from widgets.canvas.edges import EdgeItem, Hoverable
from widgets.canvas.sizes import (  # noqa: F401 (imported from here by other modules)
    DOWN,
    HEADER_HEIGHT,
    NODE_HEIGHT,
    NODE_WIDTH,
    PORT_RADIUS,
    RADIUS,
    RIGHT,
    Z_DRAFT,
    Z_EDGE,
    Z_FRAME,
    Z_NODE,
    Z_SELECTED,
)
from widgets.canvas.theme import CanvasTheme

_PORT_HIT = 9.0
_PORT_SPACING = 34.0
_PAD = node_paint.PAD


class PortItem(Hoverable, QGraphicsItem):
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
        self.setZValue(1.0)
        # The cursor and the tooltip are set when the mouse first comes (a big network
        # has thousands of ports, most never pointed at).

    def toolTip(self) -> str:  # noqa: N802 (Qt's name)
        self.ensure_tooltip()
        return QGraphicsItem.toolTip(self)

    def ensure_tooltip(self) -> None:
        if not QGraphicsItem.toolTip(self):
            translate = QCoreApplication.translate
            self.setToolTip(
                translate("Canvas", "Output: drag to an input to connect")
                if self.is_output
                else translate("Canvas", "Input port {port}").format(port=self.index)
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
        if not self.hasCursor():
            self.setCursor(Qt.CursorShape.CrossCursor)
        super().hoverEnterEvent(event)

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


def _drop_port(port: PortItem) -> None:
    """Take a port off its block and out of the scene. Out of the scene first: Qt's
    index finds an item by where it is, and a port set loose from its block first
    would be somewhere else, stay listed there once deleted, and crash a later search."""
    if port.scene() is not None:
        port.scene().removeItem(port)  # (which also sets it loose from the block)
    else:
        port.setParentItem(None)


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
        self.short_stats = ""  # the stats line when the long one doesn't fit
        self.brief = ""  # the shape alone, for the simpler drawing when zoomed out
        self.alert = False
        self.waiting = False  # shape unknown until a problem upstream is fixed
        self.frozen = False  # its weights are not trained (fine-tuning): a snowflake
        # The text as drawn (elided to the block's width), made when the text changes.
        self.title_text = self.summary_text = self.stats_text = ""
        self.flow = DOWN
        self.ports_visible = True  # hidden when zoomed out (see lod)
        self.proxy = None  # the folded stage standing in for this block, if any
        self.inputs: list[PortItem] = []
        self.output: PortItem | None = None
        # Not ItemIsMovable: Qt would move a block by itself (on a press whose release
        # went elsewhere), leaving its connections and the graph behind. Blocks move
        # only through place() (a drag, the graph's events), which bends the edges.
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
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
        self,
        stats: str,
        problem: bool,
        short: str = "",
        alert: bool = False,
        waiting: bool = False,
        brief: str = "",
    ) -> None:
        """Text and state from analysis.

        ``short`` replaces ``stats`` when that won't fit; ``alert`` draws ``stats`` in the
        problem colour (it is a problem message rather than a shape); ``waiting`` draws the
        block neutral (its shape is unknown because of a problem upstream); ``brief`` is
        the shape alone, shown under the title when zoomed out.
        """
        state = (stats, problem, short, alert, waiting, brief)
        old = (self.stats, self.problem, self.short_stats, self.alert, self.waiting, self.brief)
        if state == old:
            return
        title_room_changed = problem != self.problem
        self.stats, self.problem, self.short_stats, self.alert, self.waiting, self.brief = state
        if title_room_changed:
            self._elide_content()
        self._elide_stats()

    def set_frozen(self, frozen: bool) -> None:
        """Mark the block's weights frozen (a snowflake badge and an icy tint) or not."""
        if frozen != self.frozen:
            self.frozen = frozen
            self._elide_content()

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
        title_room = inner - 16 * (self.problem + self.frozen)  # room for the badges
        theme = self.theme
        self.title_text = theme.elide(theme.title_metrics, self.title, title_room)
        self.summary_text = theme.elide(theme.detail_metrics, self.summary, inner)
        self.update()

    def _elide_stats(self) -> None:
        inner = NODE_WIDTH - 2 * _PAD
        theme = self.theme
        text = theme.elide(theme.detail_metrics, self.stats, inner)
        if self.short_stats and text != self.stats:  # did not fit: try the short form
            text = theme.elide(theme.detail_metrics, self.short_stats, inner)
        self.stats_text = text
        self.update()

    # ----------------------------------------------------------------- ports
    def ports(self) -> list[PortItem]:
        return self.inputs + ([self.output] if self.output else [])

    def set_ports(self, inputs: int, has_output: bool) -> None:
        """Show ``inputs`` input ports (on the top or left edge) and maybe an output port."""
        before = len(self.inputs)
        while len(self.inputs) > inputs:
            _drop_port(self.inputs.pop())
        while len(self.inputs) < inputs:
            self.inputs.append(PortItem(self, False, len(self.inputs)))
            self.inputs[-1].setVisible(self.ports_visible)
        if has_output and self.output is None:
            self.output = PortItem(self, True)
            self.output.setVisible(self.ports_visible)
        elif not has_output and self.output is not None:
            _drop_port(self.output)
            self.output = None
        self._place_ports()
        if inputs != before:
            self.adjust_edges()

    def set_ports_visible(self, visible: bool) -> None:
        self.ports_visible = visible
        for port in self.ports():
            port.setVisible(visible)

    def set_flow(self, flow: str) -> None:
        """Put the ports on the sides data flows through (``DOWN`` or ``RIGHT``)."""
        if flow != self.flow:
            self.flow = flow
            self._place_ports()

    def _place_ports(self) -> None:
        count = len(self.inputs)
        along = NODE_WIDTH - 40 if self.flow == DOWN else NODE_HEIGHT - 16
        spacing = min(_PORT_SPACING if self.flow == DOWN else 16.0, along / max(1, count - 1))
        for i, port in enumerate(self.inputs):
            port.setPos(self._side((i - (count - 1) / 2) * spacing, -1))
        if self.output is not None:
            self.output.setPos(self._side(0.0, 1))

    def _side(self, offset: float, end: int) -> QPointF:
        """A point ``offset`` along the input (``end`` -1) or output (+1) side."""
        if self.flow == DOWN:
            return QPointF(offset, end * NODE_HEIGHT / 2)
        return QPointF(end * NODE_WIDTH / 2, offset)

    def input_pos(self, port: int) -> QPointF:
        """Scene position of input ``port`` (the last one if there are fewer)."""
        if self.proxy is not None:
            return self.proxy.input_pos()
        # Blocks are never rotated or scaled: adding offsets is exact, and much cheaper
        # than asking Qt for a scene transform of a block it has just placed.
        if not self.inputs:
            return self.pos() + self._side(0.0, -1)
        return self.pos() + self.inputs[min(port, len(self.inputs) - 1)].pos()

    def output_pos(self) -> QPointF:
        if self.proxy is not None:
            return self.proxy.output_pos()
        return self.pos() + self._side(0.0, 1)

    # ----------------------------------------------------------------- geometry
    def body_rect(self) -> QRectF:
        return QRectF(-NODE_WIDTH / 2, -NODE_HEIGHT / 2, NODE_WIDTH, NODE_HEIGHT)

    def drawn_rect(self) -> QRectF:
        """The block as drawn in the scene: its body, or its folded stage's card."""
        if self.proxy is not None:
            return self.proxy.card_rect()
        return self.body_rect().translated(self.pos())

    def boundingRect(self) -> QRectF:
        return self.body_rect().adjusted(-4, -4, node_paint.STACK + 5, node_paint.STACK + 6)

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
        scale = lod.painter_scale(painter, option)
        level = lod.level_of(scale)
        if level == lod.FULL:
            node_paint.paint_full(self, painter)
        elif level == lod.SIMPLE:
            node_paint.paint_simple(self, painter, scale)
        else:
            node_paint.paint_box(self, painter)
