"""Canvas modes: small objects the scene forwards mouse events to while they run.

:func:`for_press` picks the mode a mouse press starts (draw an edge from a port, move
the selected nodes, rubber-band select on empty canvas). A mode lives until the button
is released or :meth:`Interaction.cancel` is called (Esc, or the graph was reset).
None of them edits the graph: they ask the scene to emit signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem, QGraphicsSceneMouseEvent

from engine.graph import Graph
from engine.registry import MANY, SOURCE, get_spec, has_output_port
from widgets.canvas.items import Z_DRAFT, EdgeItem, NodeItem, PortItem
from widgets.canvas.routing import edge_path
from widgets.canvas.theme import with_alpha
from widgets.language import block_title

if TYPE_CHECKING:
    from widgets.canvas.scene import CanvasScene

_CLICK_SLOP = 3.0  # scene units the mouse may wander and still count as a click


class Interaction:
    """Base of a canvas mode; the scene calls these while the mode is active."""

    def __init__(self, scene: CanvasScene):
        self.scene = scene

    def press(self, event: QGraphicsSceneMouseEvent) -> None:
        """The press that started the mode, or a further press while it runs."""

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        """The mouse moved."""

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        """A button was released; most modes finish here."""

    def cancel(self) -> None:
        """Abandon the mode without emitting anything."""
        self.finish()

    def finish(self) -> None:
        self.scene.end_interaction(self)


def for_press(scene: CanvasScene, event: QGraphicsSceneMouseEvent) -> Interaction | None:
    """The mode a left-button press at ``event.scenePos()`` starts, or None."""
    if event.button() != Qt.MouseButton.LeftButton:
        return None
    item = scene.item_at(event.scenePos())
    if isinstance(item, PortItem) and scene.read_only:
        item = item.node
    if isinstance(item, PortItem):
        return EdgeDrawing(scene, item)
    if isinstance(item, NodeItem):
        return NodeDrag(scene)
    if isinstance(item, EdgeItem):
        return None  # the scene's default press selects it
    return RubberBand(scene)


def refusal(graph: Graph, source: str, target: str, port: int | None) -> str | None:
    """Why the edge source → target (``port``; None = first free) can't be made, or None
    (onto a connected input it replaces that input's edge)."""
    translate = QCoreApplication.translate
    if source == target:
        return translate("Canvas", "A block can't be connected to itself.")
    src, dst = graph.nodes[source], graph.nodes[target]
    if not has_output_port(src.type):
        return translate("Canvas", "The Output block has no output to connect from.")
    spec = get_spec(dst.type)
    if spec is None or spec.arity == SOURCE:
        return translate("Canvas", "{block} takes no input.").format(
            block=block_title(spec) if spec else dst.type
        )
    if graph.would_cycle(source, target):
        return translate("Canvas", "That connection would make a cycle: data can't flow in a loop.")
    return None  # a connected input port is reconnected: the new edge replaces the old


def _reach(graph: Graph, start: str, forward: bool) -> set[str]:
    """``start`` and every node reachable from it (downstream, or upstream if not forward)."""
    seen, stack = {start}, [start]
    while stack:
        current = stack.pop()
        for e in graph.edges:
            a, b = (e.source, e.target) if forward else (e.target, e.source)
            if a == current and b not in seen:
                seen.add(b)
                stack.append(b)
    return seen


class EdgeDrawing(Interaction):
    """Drag from a port: a rubber edge follows the mouse; release on a port or block body.

    From an output port the edge looks for an input; from an input port, for a source.
    Valid ends light up while dragging. A refused connection emits ``message`` instead.
    """

    def __init__(self, scene: CanvasScene, port: PortItem):
        super().__init__(scene)
        self.port = port
        self.forward = port.is_output
        self.anchor = port.node
        self.draft = QGraphicsPathItem()
        pen = QPen(scene.theme.selection, 2.0, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.draft.setPen(pen)
        self.draft.setZValue(Z_DRAFT)
        scene.addItem(self.draft)
        self._hover_node: NodeItem | None = None
        self._mark_candidates()

    def _mark_candidates(self) -> None:
        graph = self.scene.graph
        here = self.anchor.node_id
        # Forward: a target may not be upstream of the source; backward, the reverse.
        blocked = _reach(graph, here, forward=not self.forward)
        for nid, item in self.scene.node_items.items():
            if self.forward:
                ok = nid not in blocked
                taken = {e.port for e in graph.edges if e.target == nid}
                for p in item.inputs:
                    p.set_state(candidate=ok and p.index not in taken)
            elif item.output is not None:
                item.output.set_state(candidate=nid not in blocked)

    def _end(self, pos: QPointF) -> tuple[NodeItem | None, int | None, QPointF]:
        """The node (and port) under ``pos`` that would receive the edge."""
        item = self.scene.item_at(pos)
        if isinstance(item, PortItem) and item.is_output != self.forward:
            return item.node, (item.index if self.forward else None), item.scenePos()
        if isinstance(item, PortItem):
            item = item.node
        if isinstance(item, NodeItem):
            return item, None, pos
        return None, None, pos

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        node, port, point = self._end(event.scenePos())
        start = self.port.scenePos()
        self.draft.setPath(edge_path(start, point) if self.forward else edge_path(point, start))
        self._set_hover(node, port)

    def _set_hover(self, node: NodeItem | None, port: int | None) -> None:
        if self._hover_node is not None and self._hover_node is not node:
            self._hover_node.set_drop_state(None)
        self._hover_node = node
        if node is not None and node is not self.anchor:
            ok = self._refusal(node, port) is None
            node.set_drop_state("ok" if ok else "bad")

    def _refusal(self, node: NodeItem, port: int | None) -> str | None:
        graph = self.scene.graph
        if self.forward:
            return refusal(graph, self.anchor.node_id, node.node_id, port)
        return refusal(graph, node.node_id, self.anchor.node_id, self.port.index)

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        node, port, _ = self._end(event.scenePos())
        self.finish()
        if node is None or (node is self.anchor and self._is_click(event)):
            return
        reason = self._refusal(node, port)
        if reason is not None:
            self.scene.message.emit(reason)
            return
        if self.forward:
            source, target = self.anchor.node_id, node.node_id
        else:
            source, target, port = node.node_id, self.anchor.node_id, self.port.index
        if port is None:
            spec = get_spec(self.scene.graph.nodes[target].type)
            port = self.scene.graph.free_port(target) if spec.arity == MANY else 0
        self.scene.connectRequested.emit(source, target, port)

    def _is_click(self, event: QGraphicsSceneMouseEvent) -> bool:
        delta = event.scenePos() - event.buttonDownScenePos(Qt.MouseButton.LeftButton)
        return delta.manhattanLength() <= _CLICK_SLOP

    def finish(self) -> None:
        if self._hover_node is not None:
            self._hover_node.set_drop_state(None)
        for item in self.scene.node_items.values():
            for p in item.ports():
                p.set_state(candidate=False)
        if self.draft.scene() is not None:
            self.scene.removeItem(self.draft)
        super().finish()


class NodeDrag(Interaction):
    """Press on a block: select it (Qt's rules: Ctrl toggles, a press on a selected
    block keeps the others) and, while the left button is held, move the selected
    blocks with the mouse; on release emit one ``nodesMoved``.

    Blocks move only here (and from the graph's events), always through
    :meth:`NodeItem.place`, so their connections follow. A drag that does not end with
    its release (Esc, the block deleted, a popup took the mouse, a move arriving with
    the button up) puts the blocks back where the graph has them: nothing the canvas
    shows can differ from the model.
    """

    def __init__(self, scene: CanvasScene):
        super().__init__(scene)
        self.start: dict[str, QPointF] = {}
        self.origin = QPointF()

    def press(self, event: QGraphicsSceneMouseEvent) -> None:
        self.scene.default_press(event)  # Qt selects
        self.origin = event.scenePos()
        if not self.scene.read_only:
            items = self.scene.node_items
            self.start = {nid: QPointF(items[nid].pos()) for nid in self.scene.selected_ids()}

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        if not event.buttons() & Qt.MouseButton.LeftButton:
            self.scene.cancel_interaction()  # the release went elsewhere
            return
        delta = event.scenePos() - self.origin
        for nid, old in self.start.items():
            item = self.scene.node_items.get(nid)
            if item is not None:
                item.place(old + delta)
        self.scene.stages.moved(self.start)

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        self.scene.default_release(event)  # Qt's click selection
        moved, items, areas = {}, [], []
        for nid, old in self.start.items():
            item = self.scene.node_items.get(nid)
            if item is None or item.pos() == old:
                continue
            new = QPointF(round(item.pos().x()), round(item.pos().y()))
            item.place(new)  # whole units keep the saved file tidy
            moved[nid] = ((old.x(), old.y()), (new.x(), new.y()))
            items.append(item)
            areas += [item.sceneBoundingRect(), item.sceneBoundingRect().translated(old - new)]
        self.start = {}
        self.finish()
        if moved:
            self.scene.grow_scene_rect(items)
            self.scene.reroute(areas)  # long edges may now pass where the blocks were
            self.scene.nodesMoved.emit(moved)

    def cancel(self) -> None:
        self.scene.follow_model(list(self.start))
        self.start = {}
        super().cancel()


class RubberBand(Interaction):
    """Drag on empty canvas: select the blocks the rectangle touches (Ctrl adds)."""

    def __init__(self, scene: CanvasScene):
        super().__init__(scene)
        self.origin = QPointF()
        self.keep: set[str] = set()
        self.band: QGraphicsRectItem | None = None

    def press(self, event: QGraphicsSceneMouseEvent) -> None:
        self.origin = event.scenePos()
        additive = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        self.keep = set(self.scene.selected_ids()) if additive else set()

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        rect = QRectF(self.origin, event.scenePos()).normalized()
        if self.band is None:
            if (event.scenePos() - self.origin).manhattanLength() <= _CLICK_SLOP:
                return
            self.band = QGraphicsRectItem()
            colour = self.scene.theme.selection
            self.band.setPen(QPen(colour, 0))  # cosmetic: one pixel at any zoom
            self.band.setBrush(with_alpha(colour, 0.12))
            self.band.setZValue(Z_DRAFT)
            self.scene.addItem(self.band)
        self.band.setRect(rect)
        hit = {
            nid
            for nid, item in self.scene.node_items.items()
            if rect.intersects(item.sceneBoundingRect())
        }
        self.scene.select_only(hit | self.keep)

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.band is None:  # a plain click on empty canvas
            self.scene.select_only(self.keep)
        self.finish()

    def finish(self) -> None:
        if self.band is not None and self.band.scene() is not None:
            self.scene.removeItem(self.band)
        self.band = None
        super().finish()
