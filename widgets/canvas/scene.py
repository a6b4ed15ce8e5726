"""The canvas scene: one item per node and edge, kept in sync with the graph's events.

The scene keeps ``node_items`` (id → :class:`NodeItem`) and ``edge_items`` (Edge → items;
a list because a broken file may hold the same edge twice) and changes only what an
event names; RESET rebuilds. Analysis results only touch text and colours. Mouse
presses start a mode from :mod:`widgets.canvas.interactions`, which gets the events
until it finishes.
"""

from __future__ import annotations

import math
import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from engine import graph as g
from engine.analysis import Analysis
from engine.graph import Edge, Graph
from engine.layout import layered_layout
from engine.registry import MANY, SOURCE, get_spec, has_output_port
from widgets.canvas import interactions
from widgets.canvas.items import NODE_HEIGHT, NODE_WIDTH, EdgeItem, NodeItem, PortItem
from widgets.canvas.text import key_params, title_of, tooltip_html
from widgets.canvas.theme import CanvasTheme
from widgets.format import human_count, shape_text
from widgets.language import block_title

GRID = 24.0
_MARGIN = 1200.0  # room to pan around the blocks


class _Listener:
    """Forwards graph events to the scene without keeping a deleted scene alive."""

    def __init__(self, scene: CanvasScene, graph: Graph):
        self._scene = weakref.ref(scene)
        self._graph = graph

    def __call__(self, event: g.GraphEvent) -> None:
        scene = self._scene()
        if scene is None or not shiboken6.isValid(scene):
            self._graph.unsubscribe(self)
            return
        scene.on_graph_event(event)


class CanvasScene(QGraphicsScene):
    """Items for one :class:`~engine.graph.Graph`; see :class:`CanvasView` for the API."""

    connectRequested = Signal(str, str, int)
    nodesMoved = Signal(dict)
    message = Signal(str)
    nodeDoubleClicked = Signal(str)
    emptyDoubleClicked = Signal(QPointF)

    def __init__(self, theme: CanvasTheme, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.graph = Graph()
        self.analysis: Analysis | None = None
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[Edge, list[EdgeItem]] = {}
        self.show_grid = True
        self._mode: interactions.Interaction | None = None
        self._listener: _Listener | None = None
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    # ----------------------------------------------------------------- model
    def set_graph(self, graph: Graph) -> None:
        if self._listener is not None:
            self.graph.unsubscribe(self._listener)
        self.graph = graph
        self._listener = _Listener(self, graph)
        graph.subscribe(self._listener)
        self.rebuild()

    def on_graph_event(self, event: g.GraphEvent) -> None:
        handler = {
            g.NODE_ADDED: self._add_node,
            g.NODE_REMOVED: self._remove_node,
            g.NODE_CHANGED: self._refresh_content,
            g.NODE_MOVED: self._move_node,
            g.EDGE_ADDED: self._add_edge,
            g.EDGE_REMOVED: self._remove_edge,
        }.get(event.kind)
        if event.kind == g.NODE_REMOVED:
            self.cancel_interaction()  # a half-drawn edge may start or end at that block
        if handler is not None:
            handler(event.payload)
        elif event.kind == g.RESET:
            self.rebuild()

    def rebuild(self) -> None:
        """Drop every item and draw the graph afresh (a new or reset document)."""
        self.cancel_interaction()
        for edge_list in self.edge_items.values():
            for item in edge_list:
                item.detach()
        self.clear()
        self.node_items.clear()
        self.edge_items.clear()
        layout = self._missing_positions()
        for nid in self.graph.nodes:
            self._add_node(nid, layout.get(nid), rebuilding=True)
        used: dict[str, set[int]] = {}
        for edge in self.graph.edges:
            used.setdefault(edge.target, set()).add(edge.port)
        feeding = {edge.source for edge in self.graph.edges}
        for nid in self.graph.nodes:
            self._sync_ports(nid, used.get(nid, set()), nid in feeding)
        for edge in self.graph.edges:
            self._add_edge(edge, sync=False)
        rect = self.itemsBoundingRect()
        self.setSceneRect(rect.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN))

    def _missing_positions(self) -> dict[str, tuple[float, float]]:
        """Layout positions for the nodes the file left unplaced, beside the placed ones."""
        nodes = self.graph.nodes.values()
        if all(n.position is not None for n in nodes):
            return {}
        layout = layered_layout(self.graph)
        placed = [n.position for n in nodes if n.position is not None]
        if not placed:
            return layout
        missing = [layout[n.id] for n in nodes if n.position is None]
        dx = max(x for x, _ in placed) + NODE_WIDTH * 1.5 - min(x for x, _ in missing)
        dy = min(y for _, y in placed) - min(y for _, y in missing)
        return {nid: (x + dx, y + dy) for nid, (x, y) in layout.items()}

    def _add_node(
        self, nid: str, fallback: tuple[float, float] | None = None, rebuilding: bool = False
    ) -> None:
        node = self.graph.nodes[nid]
        item = NodeItem(nid, self.theme)
        self.node_items[nid] = item
        self._refresh_content(nid)
        if not rebuilding:  # a rebuild sets every port in one pass, from one scan of the edges
            self._sync_ports(nid)
        self._apply_info(nid)
        position = node.position or fallback or self._free_spot()
        item.setPos(QPointF(*position))
        self.addItem(item)
        if not rebuilding:
            self.grow_scene_rect([item])
            self.reroute([item.sceneBoundingRect()])

    def _free_spot(self) -> tuple[float, float]:
        """Below everything, for a node added without a position."""
        others = [i.pos() for i in self.node_items.values() if i.scene() is self]
        if not others:
            return (0.0, 0.0)
        xs = [p.x() for p in others]
        return ((min(xs) + max(xs)) / 2, max(p.y() for p in others) + NODE_HEIGHT * 1.8)

    def _remove_node(self, nid: str) -> None:
        item = self.node_items.pop(nid, None)
        if item is None:
            return
        for edge_item in list(item.edges):  # normally gone already (EDGE_REMOVED first)
            self._drop_edge_item(edge_item)
        area = item.sceneBoundingRect()
        self.removeItem(item)
        self.reroute([area])  # edges that went around it can go straight again

    def _refresh_content(self, nid: str) -> None:
        node = self.graph.nodes[nid]
        spec = get_spec(node.type)
        item = self.node_items[nid]
        summary = key_params(node, spec) or (block_title(spec) if spec and node.label else "")
        item.set_content(
            title_of(node, spec),
            summary,
            spec.category if spec else "",
            bool(spec and spec.composite),
        )
        item.tooltip_stale = True

    def _move_node(self, nid: str) -> None:
        position = self.graph.nodes[nid].position
        item = self.node_items.get(nid)
        if item is not None and position is not None and item.pos() != QPointF(*position):
            before = item.sceneBoundingRect()
            item.setPos(QPointF(*position))
            self.grow_scene_rect([item])
            self.reroute([before, item.sceneBoundingRect()])

    def _add_edge(self, edge: Edge, sync: bool = True) -> None:
        source, target = self.node_items.get(edge.source), self.node_items.get(edge.target)
        if source is None or target is None:
            return
        if sync:
            self._sync_ports(edge.target)  # before the curve: Add/Concat may grow a port
        item = EdgeItem(edge, source, target, self.blocks_between)
        item.set_label(self._edge_label(edge))
        self.edge_items.setdefault(edge, []).append(item)
        self.addItem(item)
        if sync:
            self._sync_ports(edge.source)

    def _remove_edge(self, edge: Edge) -> None:
        items = self.edge_items.get(edge)
        if items:
            self._drop_edge_item(items[-1])

    def _drop_edge_item(self, item: EdgeItem) -> None:
        items = self.edge_items.get(item.edge, [])
        if item in items:
            items.remove(item)
        if not items:
            self.edge_items.pop(item.edge, None)
        item.detach()
        if item.scene() is self:
            self.removeItem(item)
        for nid in (item.edge.target, item.edge.source):
            if nid in self.node_items and nid in self.graph.nodes:
                self._sync_ports(nid)

    def _sync_ports(
        self, nid: str, used: set[int] | None = None, feeds: bool | None = None
    ) -> None:
        """One input port per used port (Add/Concat: one more, free); output unless Output.

        ``used`` (the node's connected input ports) and ``feeds`` (whether an edge leaves
        it) save a scan of the edges when the caller already knows them.
        """
        node = self.graph.nodes[nid]
        spec = get_spec(node.type)
        if used is None:
            used = {e.port for e in self.graph.edges if e.target == nid}
        if feeds is None:
            feeds = any(e.source == nid for e in self.graph.edges)
        highest = max(used, default=-1)
        if spec is None or spec.arity == SOURCE:
            count = 0
        elif spec.arity == MANY:
            count = max(2, highest + 2)
        else:
            count = max(1, highest + 1)
        item = self.node_items[nid]
        item.set_ports(count, has_output_port(node.type))
        for port in item.inputs:
            port.set_state(connected=port.index in used)
        if item.output is not None:
            item.output.set_state(connected=feeds)

    # ----------------------------------------------------------------- analysis
    def set_analysis(self, analysis: Analysis | None) -> None:
        """Update text, colours and edge labels; never creates or removes items.

        Tooltips are only marked stale here and written when one is about to show.
        """
        self.analysis = analysis
        for nid in self.node_items:
            self._apply_info(nid)
        labels: dict[str, str] = {}
        for edge, items in self.edge_items.items():
            if edge.source not in labels:
                labels[edge.source] = self._edge_label(edge)
            for item in items:
                item.set_label(labels[edge.source])

    def _info(self, nid: str):
        return self.analysis.nodes.get(nid) if self.analysis is not None else None

    def _apply_info(self, nid: str) -> None:
        info = self._info(nid)
        item = self.node_items[nid]
        if info is None:
            item.set_stats("", False)
        elif info.shape is None and info.problems:  # no shape to show: say what is wrong
            item.set_stats(info.problems[0], True, alert=True)
        else:
            shape = shape_text(info.shape)
            count = human_count(info.params) if info.params else ""
            item.set_stats(
                QCoreApplication.translate("Canvas", "{shape} · {count} params").format(
                    shape=shape, count=count
                )
                if count
                else shape,
                bool(info.problems),
                f"{shape} · {count}" if count else "",
            )
        item.tooltip_stale = True

    def node_tooltip(self, nid: str) -> str:
        """The rich-text tooltip of a node, brought up to date."""
        item = self.node_items[nid]
        if item.tooltip_stale:
            node = self.graph.nodes[nid]
            item.setToolTip(
                tooltip_html(node, get_spec(node.type), self._info(nid), self.theme.problem.name())
            )
            item.tooltip_stale = False
        return item.toolTip()

    def helpEvent(self, event) -> None:
        item = self.item_at(event.scenePos())
        if isinstance(item, NodeItem):
            self.node_tooltip(item.node_id)
        super().helpEvent(event)

    def _edge_label(self, edge: Edge) -> str:
        if self.analysis is None:
            return ""
        shape = self.analysis.edge_shape(edge.source)
        return shape_text(shape) if shape is not None else ""

    # ----------------------------------------------------------------- theme, geometry
    def set_theme(self, theme: CanvasTheme) -> None:
        self.theme = theme
        for item in self.node_items.values():
            item.set_theme(theme)
        for items in self.edge_items.values():
            for item in items:
                item.adjust()
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)
        self.update()

    def grow_scene_rect(self, items) -> None:
        """Enlarge the scrollable area to keep a margin around ``items`` (just placed)."""
        rect = QRectF()
        for item in items:
            rect = rect.united(item.sceneBoundingRect())
        rect.adjust(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        if not self.sceneRect().contains(rect):
            self.setSceneRect(self.sceneRect().united(rect))

    def blocks_between(self, top: float, bottom: float, exclude=()) -> list[QRectF]:
        """Rectangles of the blocks reaching between heights ``top`` and ``bottom``."""
        half_w, half_h = NODE_WIDTH / 2, NODE_HEIGHT / 2
        rects = []
        for item in self.node_items.values():
            pos = item.pos()
            if pos.y() + half_h > top and pos.y() - half_h < bottom and item not in exclude:
                rects.append(QRectF(pos.x() - half_w, pos.y() - half_h, NODE_WIDTH, NODE_HEIGHT))
        return rects

    def reroute(self, areas) -> None:
        """Re-plan the long edges that pass through ``areas`` (where blocks came or went)."""
        seen = set()
        for area in areas:
            for item in self.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
                if isinstance(item, EdgeItem) and id(item) not in seen:
                    seen.add(id(item))
                    item.adjust()

    def blocks_rect(self) -> QRectF:
        """Bounding rectangle of every block (and edge), without the panning margin."""
        rect = QRectF()
        for item in self.node_items.values():
            rect = rect.united(item.sceneBoundingRect())
        for items in self.edge_items.values():
            for item in items:
                rect = rect.united(item.sceneBoundingRect())
        return rect

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, self.theme.background)
        if not self.show_grid:
            return
        scale = painter.worldTransform().m11()
        step = GRID
        while step * scale < 12:  # keep dots at least 12 px apart when zoomed out
            step *= 4
        pen = QPen(self.theme.grid, 1.6 if step == GRID else 1.2)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        left, top = math.floor(rect.left() / step) * step, math.floor(rect.top() / step) * step
        xs = [left + i * step for i in range(int((rect.right() - left) / step) + 1)]
        ys = [top + i * step for i in range(int((rect.bottom() - top) / step) + 1)]
        painter.drawPoints([QPointF(x, y) for y in ys for x in xs])

    # ----------------------------------------------------------------- selection, lookup
    def item_at(self, pos: QPointF) -> QGraphicsItem | None:
        """The topmost port, node or edge under ``pos`` (scene coordinates)."""
        for item in self.items(pos):
            if isinstance(item, (PortItem, NodeItem, EdgeItem)):
                return item
        return None

    def selected_ids(self) -> list[str]:
        """Selected node ids in graph order."""
        items = self.node_items
        return [nid for nid in self.graph.nodes if nid in items and items[nid].isSelected()]

    def selected_edges(self) -> list[Edge]:
        return [
            item.edge for items in self.edge_items.values() for item in items if item.isSelected()
        ]

    def select_only(self, ids) -> None:
        """Select exactly the nodes ``ids`` (and no edges)."""
        ids = set(ids)
        for nid, item in self.node_items.items():
            item.setSelected(nid in ids)
        for items in self.edge_items.values():
            for item in items:
                item.setSelected(False)

    # ----------------------------------------------------------------- interactions
    def end_interaction(self, mode: interactions.Interaction) -> None:
        if self._mode is mode:
            self._mode = None

    def cancel_interaction(self) -> bool:
        """Abandon the running mode (Esc); True if there was one."""
        if self._mode is None:
            return False
        self._mode.cancel()
        self._mode = None
        return True

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._mode is None:
            self._mode = interactions.for_press(self, event)
        if self._mode is None:
            super().mousePressEvent(event)
        else:
            event.accept()  # the view then keeps sending this gesture's events here
            self._mode.press(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._mode is None:
            super().mouseMoveEvent(event)
        else:
            self._mode.move(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._mode is None:
            super().mouseReleaseEvent(event)
        else:
            event.accept()
            self._mode.release(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        item = self.item_at(event.scenePos())
        if isinstance(item, PortItem):
            item = item.node
        if isinstance(item, NodeItem):
            self.nodeDoubleClicked.emit(item.node_id)
        elif item is None:
            self.emptyDoubleClicked.emit(event.scenePos())

    def default_press(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)

    def default_move(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseMoveEvent(event)

    def default_release(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
