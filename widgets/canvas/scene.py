"""The canvas scene: one item per node and edge, kept in sync with the graph's events.

The scene keeps ``node_items`` (id → :class:`NodeItem`) and ``edge_items`` (Edge → items;
a list because a broken file may hold the same edge twice) and changes only what an
event names; RESET rebuilds. Analysis results only touch text and colours. Mouse
presses start a mode from :mod:`widgets.canvas.interactions`, which gets the events
until it finishes.
"""

from __future__ import annotations

import weakref

import shiboken6
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from engine import graph as g
from engine.analysis import Analysis
from engine.graph import Edge, Graph
from engine.layout import layered_layout
from engine.registry import MANY, SOURCE, get_spec, has_output_port
from widgets.canvas import interactions, lod
from widgets.canvas.geometry import MARGIN, SceneGeometry
from widgets.canvas.items import (
    NODE_HEIGHT,
    NODE_WIDTH,
    Z_NODE,
    Z_SELECTED,
    EdgeItem,
    NodeItem,
    PortItem,
)
from widgets.canvas.marks import AnalysisMarks
from widgets.canvas.sizes import DOWN, RIGHT
from widgets.canvas.stages import StageFrames
from widgets.canvas.text import key_params, title_of
from widgets.canvas.theme import CanvasTheme
from widgets.language import block_title

_STRUCTURAL = {g.NODE_ADDED, g.NODE_REMOVED, g.EDGE_ADDED, g.EDGE_REMOVED}


def view_options(graph: Graph) -> dict:
    """The canvas options in ``graph.meta["canvas"]``, checked, with defaults."""
    stored = (graph.meta or {}).get("canvas")
    stored = stored if isinstance(stored, dict) else {}
    flow = RIGHT if stored.get("flow") == RIGHT else DOWN
    folded = stored.get("folded")
    names = [n for n in folded if isinstance(n, str)] if isinstance(folded, list) else []
    return {"flow": flow, "folded": names}


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


class CanvasScene(AnalysisMarks, SceneGeometry, QGraphicsScene):
    """Items for one :class:`~engine.graph.Graph`; see :class:`CanvasView` for the API."""

    connectRequested = Signal(str, str, int)
    nodesMoved = Signal(dict)
    message = Signal(str)
    nodeDoubleClicked = Signal(str)
    emptyDoubleClicked = Signal(QPointF)
    #: Blocks came, went, moved or changed colour (the minimap redraws).
    contentChanged = Signal()
    #: The user changed a view option kept with the document (a stage folded): the dict
    #: for the graph's ``meta["canvas"]``.
    viewOptionsChanged = Signal(dict)

    def __init__(self, theme: CanvasTheme, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.graph = Graph()
        self.analysis: Analysis | None = None
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[Edge, list[EdgeItem]] = {}
        self.show_grid = True
        self._mode: interactions.Interaction | None = None
        #: Showing, not editing (one block's inside): blocks don't move, ports don't connect.
        self.read_only = False
        self._listener: _Listener | None = None
        self._raised: set[NodeItem] = set()
        self.flow = DOWN
        self.detail = lod.FULL
        self.stages = StageFrames(self)
        self._labels: dict[str, str | None] = {}  # stages follow labels: notice a rename
        self._stages_stale = QTimer(self, singleShot=True, interval=0)
        self._stages_stale.timeout.connect(self.stages.rebuild)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.selectionChanged.connect(self._raise_selected)

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
        elif event.kind == g.META_CHANGED:
            self.apply_view_options()
        if event.kind in _STRUCTURAL:
            self._stages_stale.start()  # once, after a burst of edits

    def rebuild(self) -> None:
        """Drop every item and draw the graph afresh (a new or reset document)."""
        self.cancel_interaction()
        for edge_list in self.edge_items.values():
            for item in edge_list:
                item.detach()
        self.clear()
        self._raised = set()
        self.node_items.clear()
        self.edge_items.clear()
        self.stages.frames.clear()
        self._labels = {nid: node.label for nid, node in self.graph.nodes.items()}
        options = view_options(self.graph)
        self.flow = options["flow"]
        layout = self._missing_positions()
        for nid in self.graph.nodes:
            self._add_node(nid, layout.get(nid), rebuilding=True)
        used: dict[str, set[int]] = {}
        for edge in self.graph.edges:
            used.setdefault(edge.target, set()).add(edge.port)
        feeding = {edge.source for edge in self.graph.edges}
        for nid in self.graph.nodes:
            self._sync_ports(nid, used.get(nid, set()), nid in feeding)
        self.index_blocks_for_rebuild()  # thousands of edges ask where the blocks are
        for edge in self.graph.edges:
            self._add_edge(edge, sync=False)
        self._block_index = None
        self._size_index()
        self.stages.folded = set(options["folded"])
        self.stages.rebuild()
        rect = self.itemsBoundingRect()
        self.setSceneRect(rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        self.touch()

    # ----------------------------------------------------------------- view options
    def view_options(self) -> dict:
        """What the canvas keeps in the graph's ``meta["canvas"]``."""
        return {"flow": self.flow, "folded": sorted(self.stages.folded)}

    def apply_view_options(self) -> None:
        """Follow the graph's ``meta["canvas"]`` (flow direction, folded stages)."""
        options = view_options(self.graph)
        if options["flow"] != self.flow:
            self.flow = options["flow"]
            for item in self.node_items.values():
                item.set_flow(self.flow)
            for items in self.edge_items.values():
                for edge in items:
                    edge.adjust()
            self.stages.relayout()
        self.stages.set_folded(options["folded"])
        self.touch()

    def toggle_stage(self, name: str) -> None:
        """Fold or unfold stage ``name`` (a view option: reported, not an edit)."""
        self.stages.set_folded(self.stages.folded ^ {name})
        self.touch()
        self.viewOptionsChanged.emit(self.view_options())

    def frame_items(self) -> list:
        return list(self.stages.frames.values())

    def set_detail(self, level: int) -> None:
        """The view's zoom level of detail: ports show only in full detail."""
        if level != self.detail:
            self.detail = level
            for item in self.node_items.values():
                item.set_ports_visible(level == lod.FULL)

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
        item.flow = self.flow
        item.ports_visible = self.detail == lod.FULL
        self.node_items[nid] = item
        self._refresh_content(nid)
        if not rebuilding:  # a rebuild sets every port in one pass, from one scan of the edges
            self._sync_ports(nid)
            self._apply_info(nid)  # (a rebuild is followed by the new graph's analysis)
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
        self._raised.discard(item)
        self._labels.pop(nid, None)
        for edge_item in list(item.edges):  # normally gone already (EDGE_REMOVED first)
            self._drop_edge_item(edge_item)
        area = item.sceneBoundingRect()
        self.removeItem(item)
        self.reroute([area])  # edges that went around it can go straight again
        self.touch()

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
        item.set_frozen(not node.trainable)
        item.tooltip_stale = True
        if self._labels.get(nid, node.label) != node.label:
            self._stages_stale.start()  # a stage may be named by labels
        self._labels[nid] = node.label

    def _move_node(self, nid: str) -> None:
        self.follow_model([nid])

    def follow_model(self, node_ids) -> None:
        """Put the blocks ``node_ids`` where the graph has them (after a move, or a drag
        that was abandoned), their connections, frames and long edges along."""
        moved, areas = [], []
        for nid in node_ids:
            node, item = self.graph.nodes.get(nid), self.node_items.get(nid)
            if node is None or item is None or node.position is None:
                continue
            if item.pos() != QPointF(*node.position):
                areas.append(item.sceneBoundingRect())
                item.place(QPointF(*node.position))
                moved.append(item)
                areas.append(item.sceneBoundingRect())
        if moved:
            self.grow_scene_rect(moved)
            self.reroute(areas)
            self.stages.moved([item.node_id for item in moved])

    def _add_edge(self, edge: Edge, sync: bool = True) -> None:
        source, target = self.node_items.get(edge.source), self.node_items.get(edge.target)
        if source is None or target is None:
            return
        if sync:
            self._sync_ports(edge.target)  # before the curve: Add/Concat may grow a port
        item = EdgeItem(edge, source, target, self.blocks_between)
        if sync:  # (not in a rebuild: the new graph's analysis labels every edge)
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
            used = {e.port for e in self.graph.inputs_of(nid)}
        if feeds is None:
            feeds = bool(self.graph.outputs_of(nid))
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

    # ----------------------------------------------------------------- selection, lookup
    def item_at(self, pos: QPointF) -> QGraphicsItem | None:
        """The topmost port, node or edge under ``pos`` (scene coordinates)."""
        for item in self.items(pos):
            if isinstance(item, (PortItem, NodeItem, EdgeItem)):
                return item
        return None

    def _raise_selected(self) -> None:
        """Selected blocks above the others (and back down when deselected)."""
        selected = {i for i in self.selectedItems() if isinstance(i, NodeItem)}
        for item in self._raised - selected:
            if shiboken6.isValid(item):
                item.setZValue(Z_NODE)
        for item in selected - self._raised:
            item.setZValue(Z_SELECTED)
        self._raised = selected

    # Qt keeps the selected items: these cost the selection's size, not the graph's.
    def selected_ids(self) -> list[str]:
        """Selected node ids in graph order."""
        items = self.node_items
        chosen = {
            i.node_id
            for i in self.selectedItems()
            if isinstance(i, NodeItem) and items.get(i.node_id) is i
        }
        if len(chosen) < 2:
            return [nid for nid in chosen if nid in self.graph.nodes]
        return [nid for nid in self.graph.nodes if nid in chosen]

    def selected_edges(self) -> list[Edge]:
        edges = [i.edge for i in self.selectedItems() if isinstance(i, EdgeItem)]
        if len(edges) < 2:
            return edges
        position = {edge: n for n, edge in enumerate(self.graph.edges)}
        return sorted(edges, key=lambda e: position.get(e, -1))  # graph order

    def select_only(self, ids) -> None:
        """Select exactly the nodes ``ids`` (and no edges)."""
        ids = set(ids)
        for item in self.selectedItems():
            if not (isinstance(item, NodeItem) and item.node_id in ids):
                item.setSelected(False)
        for nid in ids:
            item = self.node_items.get(nid)
            if item is not None:
                item.setSelected(True)

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
        frame = self.stages.frame_at(event.scenePos())
        if (
            self._mode is None
            and frame is not None
            and frame.toggle_rect().contains(event.scenePos())
        ):
            self.toggle_stage(frame.name)
            event.accept()
            return
        if self._mode is not None and event.button() == Qt.MouseButton.LeftButton:
            self.cancel_interaction()  # the last gesture never saw its release
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
        frame = self.stages.frame_at(event.scenePos())
        if isinstance(item, NodeItem):
            self.nodeDoubleClicked.emit(item.node_id)
        elif frame is not None:
            self.toggle_stage(frame.name)
        elif item is None:
            self.emptyDoubleClicked.emit(event.scenePos())

    def default_press(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)

    def default_release(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
