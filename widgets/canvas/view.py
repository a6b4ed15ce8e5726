"""The node-graph canvas widget: zoom, pan, keys and the public API (drops: dropping.py).

The view shows a :class:`~widgets.canvas.scene.CanvasScene` and never edits the graph:
user gestures come out as signals that the app turns into undo commands, and the
scene redraws from the graph's change events.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QCursor, QImage, QKeyEvent, QPainter
from PySide6.QtWidgets import QFrame, QGraphicsView

from engine.analysis import Analysis
from engine.graph import Edge, Graph
from widgets.canvas import lod
from widgets.canvas.clearance import clear_areas, shift_into
from widgets.canvas.dropping import BlockDrops
from widgets.canvas.items import EdgeItem, NodeItem, PortItem
from widgets.canvas.minimap import Minimap
from widgets.canvas.quick_add import QuickAddPopup
from widgets.canvas.scene import CanvasScene
from widgets.canvas.sizes import DOWN
from widgets.canvas.theme import CanvasTheme

#: The zoom-out limit for a network that fits at this zoom; a bigger one may go further
#: out, to half the zoom that fits it whole (see :meth:`CanvasView.min_zoom`).
MIN_ZOOM = 0.1
MAX_ZOOM = 4.0
_FIT_MAX_ZOOM = 1.25  # fitting a tiny graph should not blow it up
_WHEEL_BASE = 1.0015  # zoom factor per eighth of a degree of wheel rotation
_NUDGE, _NUDGE_LARGE = 8.0, 48.0  # scene units an arrow key (with Shift) moves blocks
_ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}
_EDGE_SLOP = 12.0  # how near an edge (scene units) a drop splices into it


class CanvasView(BlockDrops, QGraphicsView):
    """The node-graph editor: shows a :class:`~engine.graph.Graph` and reports gestures.

    A node's position is its centre: a block dropped at a point is drawn centred on it.

    Signals
    -------
    blockDropped(str, QPointF)
        A palette drop: block type and scene position.
    quickAddChosen(str, QPointF, object)
        A quick-add choice: block type, the scene position it was opened at, and the
        ``context`` given to :meth:`open_quick_add` (None when opened by Tab or a
        double-click).
    connectRequested(str, str, int)
        Source id, target id, input port: the user drew a valid edge.
    nodesMoved(dict)
        Node id → (old (x, y), new (x, y)), once per drag, on release.
    deleteRequested(list, list)
        Selected node ids and selected edges, on Delete or Backspace.
    selectionChanged(list)
        The selected node ids, in graph order.
    nodeDoubleClicked(str)
        A block was double-clicked.
    message(str)
        A short text for the status bar (why an edge was refused).
    zoomChanged(float)
        The zoom factor (1.0 = 100 %) after it changed.
    contextMenuRequested(str, object, QPointF, QPoint)
        A right-click: what is under the pointer (see :meth:`target_at`), the scene
        position and the global position for the menu.
    nudgeRequested(float, float)
        Arrow keys with blocks selected: move them by (dx, dy) scene units (Shift: more).
    viewOptionsChanged(dict)
        The user folded or unfolded a stage: the canvas options to keep in the graph's
        ``meta["canvas"]`` (``flow``, ``folded``).
    """

    blockDropped = Signal(str, QPointF)
    quickAddChosen = Signal(str, QPointF, object)
    connectRequested = Signal(str, str, int)
    nodesMoved = Signal(dict)
    deleteRequested = Signal(list, list)
    selectionChanged = Signal(list)
    nodeDoubleClicked = Signal(str)
    message = Signal(str)
    zoomChanged = Signal(float)
    contextMenuRequested = Signal(str, object, QPointF, QPoint)
    nudgeRequested = Signal(float, float)
    viewOptionsChanged = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._scene = CanvasScene(CanvasTheme.from_palette(self.palette(), self.font()), self)
        self.setScene(self._scene)
        self._configure()
        self._scene.connectRequested.connect(self.connectRequested)
        self._scene.nodesMoved.connect(self.nodesMoved)
        self._scene.message.connect(self.message)
        self._scene.nodeDoubleClicked.connect(self.nodeDoubleClicked)
        self._scene.emptyDoubleClicked.connect(self.open_quick_add)
        self._scene.selectionChanged.connect(self._on_selection)
        self._last_selection: list[str] = []
        self._pan_from: QPoint | None = None
        self._space = False
        self._quick: QuickAddPopup | None = None
        self._quick_pos = QPointF()
        self._drop_edge: Edge | None = None
        self._quick_context = None
        #: What the view was last asked to show (Fit to Window, the network's start),
        #: done again when the view changes size, until the user zooms or scrolls.
        self._intent = None
        self._reserved_bottom = 0  # pixels at the bottom that cover the canvas (a hint)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self._user_scrolled)
        self._scene.set_graph(Graph())
        self.minimap = Minimap(self)
        self._scene.contentChanged.connect(self.minimap.content_changed)
        self._scene.viewOptionsChanged.connect(self.viewOptionsChanged)

    def _configure(self) -> None:
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)

    # ----------------------------------------------------------------- model
    @property
    def canvas_scene(self) -> CanvasScene:
        return self._scene

    def set_graph(self, graph: Graph) -> None:
        """Show ``graph`` and follow its change events from now on."""
        self._scene.set_graph(graph)

    def set_analysis(self, analysis: Analysis | None) -> None:
        """Update node text, shapes, parameter counts, edge labels and problem marks."""
        self._scene.set_analysis(analysis)

    # ----------------------------------------------------------------- selection
    def selected_ids(self) -> list[str]:
        return self._scene.selected_ids()

    def selected_edges(self) -> list[Edge]:
        return self._scene.selected_edges()

    def select_ids(self, ids) -> None:
        """Select exactly these nodes (unknown ids are ignored)."""
        self._scene.select_only(ids)

    def _on_selection(self) -> None:
        ids = self._scene.selected_ids()
        if ids != self._last_selection:
            self._last_selection = ids
            self.selectionChanged.emit(ids)

    # ----------------------------------------------------------------- zoom and position
    def zoom(self) -> float:
        return self.transform().m11()

    def min_zoom(self) -> float:
        """How far out the view may zoom: :data:`MIN_ZOOM`, or further for a network
        that only fits further out (half its fitting zoom: zoom-out never stops short)."""
        return min(MIN_ZOOM, self._fit_scale() / 2)

    def _fit_scale(self, margin: float = 32.0) -> float:
        """The zoom that shows every block with ``margin`` pixels around (stage names
        stand above their frames), in the part of the view nothing covers."""
        rect = self._scene.blocks_rect()
        if rect.isEmpty():
            return 1.0
        area = self._fit_area()
        return min(
            max(1.0, area.width() - 2 * margin) / rect.width(),
            max(1.0, area.height() - 2 * margin) / rect.height(),
        )

    def _fit_area(self) -> QRectF:
        """The viewport less what covers its bottom (see :meth:`reserve_bottom`)."""
        area = QRectF(self.viewport().rect())
        area.setBottom(max(area.top() + 80, area.bottom() - self._reserved_bottom))
        return area

    def reserve_bottom(self, pixels: int) -> None:
        """Something floats over the bottom ``pixels`` of the view (the first-run card):
        fitting shows the network above it. Applies the view's intent again."""
        if pixels != self._reserved_bottom:
            self._reserved_bottom = max(0, pixels)
            if self._intent is not None:
                self._intent()

    def _zoomed(self, scale: float) -> None:
        self._scene.set_detail(lod.level_of(scale))
        self.zoomChanged.emit(scale)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by ``factor`` keeping ``anchor`` (viewport coordinates; default centre) still."""
        self._intent = None
        current = self.zoom()
        target = min(MAX_ZOOM, max(self.min_zoom(), current * factor))
        if math.isclose(target, current):
            return
        point = anchor if anchor is not None else QPointF(self.viewport().rect().center())
        point = point.toPoint()
        before = self.mapToScene(point)
        self.scale(target / current, target / current)
        drift = self.mapFromScene(before) - point
        self._scroll_by(drift.x(), drift.y())
        self._zoomed(target)

    def reset_zoom(self) -> None:
        """Back to 100 %, keeping the centre of the view."""
        centre = self.scene_center()
        self.resetTransform()
        self.centerOn(centre)
        self._zoomed(1.0)

    def fit_to_view(self) -> None:
        """Zoom and scroll so every block is visible (not above 125 %; no lower limit),
        and keep it so as the view changes size until the user zooms or scrolls."""
        rect = self._scene.blocks_rect()
        self.resetTransform()
        if rect.isEmpty():
            super().centerOn(0, 0)
        else:
            scale = min(_FIT_MAX_ZOOM, self._fit_scale())
            self.scale(scale, scale)
            self._centre_in_fit_area(rect.center())
        self._zoomed(self.zoom())
        self._intent = self.fit_to_view

    def show_start(self) -> None:
        """The network as it opens: fitted when that reads at the simpler level of
        detail (cards with their titles), else its start (the top, or the left when
        data flows right) at full detail. Kept so as the view changes size."""
        self.fit_to_view()
        rect = self._scene.blocks_rect()
        if self.zoom() >= lod.SIMPLE_SCALE or rect.isEmpty():
            self._intent = self.show_start
            return
        self.resetTransform()
        self.scale(lod.FULL_SCALE, lod.FULL_SCALE)
        area = self._fit_area()
        half = QPointF(area.width(), area.height()) / 2 / lod.FULL_SCALE
        start = QPointF(rect.center().x(), rect.top() - 30 + half.y())
        if self._scene.flow != DOWN:
            start = QPointF(rect.left() - 30 + half.x(), rect.center().y())
        self._centre_in_fit_area(start)
        self._zoomed(self.zoom())
        self._intent = self.show_start

    def _centre_in_fit_area(self, point: QPointF) -> None:
        """Scroll so that scene ``point`` is at the centre of the uncovered part."""
        offset = QPointF(self.viewport().rect().center()) - self._fit_area().center()
        super().centerOn(point + offset / self.zoom())

    def centerOn(self, *args) -> None:  # noqa: N802 (Qt's name)
        """Qt's centerOn, as a user's move: the view no longer keeps its fit."""
        self._intent = None
        super().centerOn(*args)

    def center_on(self, node_id: str) -> None:
        item = self._scene.node_items.get(node_id)
        if item is not None:
            self.centerOn(item)

    def reveal(self, node_ids) -> None:
        """Scroll just enough that the blocks ``node_ids`` are in view (all of them
        when they fit, else the first), e.g. blocks just added beyond its edge."""
        items = [self._scene.node_items[n] for n in node_ids if n in self._scene.node_items]
        if not items:
            return
        rect = QRectF()
        for item in items:
            rect = rect.united(item.sceneBoundingRect())
        target = self.mapFromScene(rect).boundingRect().toRectF()
        minimap = self.minimap.place_in_view().toRectF() if self.minimap.enabled else None
        areas = clear_areas(self._fit_area(), minimap)
        if target.width() > areas[0].width() or target.height() > areas[0].height():
            target = self.mapFromScene(items[0].sceneBoundingRect()).boundingRect().toRectF()
        move = shift_into(target, areas)  # clear of the minimap and the first-run card
        if move.x() or move.y():
            self._scroll_by(-move.x(), -move.y())

    def scene_center(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    def cursor_scene_pos(self) -> QPointF:
        """Scene position under the mouse, or the view's centre when it is elsewhere."""
        pos = self.viewport().mapFromGlobal(QCursor.pos())
        if self.viewport().rect().contains(pos):
            return self.mapToScene(pos)
        return self.scene_center()

    def target_at(self, scene_pos: QPointF) -> tuple[str, object]:
        """What is at ``scene_pos``: ("node", id), ("edge", Edge), ("port", (node id,
        is output, index)) or ("canvas", None)."""
        item = self._scene.item_at(scene_pos)
        if isinstance(item, PortItem):
            return "port", (item.node.node_id, item.is_output, item.index)
        if isinstance(item, NodeItem):
            return "node", item.node_id
        if isinstance(item, EdgeItem):
            return "edge", item.edge
        return "canvas", None

    def edge_at(self, scene_pos: QPointF) -> Edge | None:
        """The edge passing near ``scene_pos`` where no block is, or None."""
        if isinstance(self._scene.item_at(scene_pos), (NodeItem, PortItem)):
            return None
        x, y, d = scene_pos.x(), scene_pos.y(), _EDGE_SLOP
        slop = QRectF(x - d, y - d, 2 * d, 2 * d)
        for item in self._scene.items(slop):
            if isinstance(item, EdgeItem) and item.shape().intersects(slop):
                return item.edge
        return None

    def _user_scrolled(self, _action: int) -> None:
        self._intent = None

    def _scroll_by(self, dx: float, dy: float) -> None:
        self._intent = None
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + round(dx))
        v.setValue(v.value() + round(dy))

    # ----------------------------------------------------------------- image
    def render_to_image(self, scale: float = 1.0) -> QImage:
        """The whole graph (not just the visible part) as an image, without the dot grid."""
        rect = self._scene.blocks_rect()
        rect = rect.adjusted(-24, -24, 24, 24) if not rect.isEmpty() else QRectF(0, 0, 320, 200)
        scale = min(scale, 8192 / max(rect.width(), rect.height()))
        image = QImage(
            max(1, math.ceil(rect.width() * scale)),
            max(1, math.ceil(rect.height() * scale)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.fill(self._scene.theme.background)
        painter = QPainter(image)
        painter.setRenderHints(self.renderHints())
        self._scene.show_grid = False
        shown = self._scene.detail
        self._scene.set_detail(lod.level_of(scale))  # ports as the image's scale wants
        try:
            self._scene.render(painter, QRectF(image.rect()), rect)
        finally:
            self._scene.show_grid = True
            self._scene.set_detail(shown)
            painter.end()
        return image

    # ----------------------------------------------------------------- quick add
    def open_quick_add(self, scene_pos: QPointF | None = None, context=None) -> QuickAddPopup:
        """Open the type-to-search block list; the choice is added at ``scene_pos``."""
        self._quick_pos = QPointF(scene_pos) if scene_pos is not None else self.cursor_scene_pos()
        self._quick_context = context
        if self._quick is None:
            self._quick = QuickAddPopup(self)
            self._quick.chosen.connect(self._on_quick_chosen)
        corner = self.viewport().mapToGlobal(self.mapFromScene(self._quick_pos))
        self._quick.open_at(corner)
        return self._quick

    def _on_quick_chosen(self, block_type: str) -> None:
        self.quickAddChosen.emit(block_type, QPointF(self._quick_pos), self._quick_context)

    # ----------------------------------------------------------------- Qt events
    def event(self, event: QEvent) -> bool:
        # Tab would move the keyboard focus before keyPressEvent sees it.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.open_quick_add()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            nodes, edges = self.selected_ids(), self.selected_edges()
            if nodes or edges:
                self.deleteRequested.emit(nodes, edges)
            return
        if key == Qt.Key.Key_Escape and self._scene.cancel_interaction():
            return
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if key == Qt.Key.Key_Home:
            self.fit_to_view()
            return
        if key in _ARROWS and self.selected_ids():
            large = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            step = _NUDGE_LARGE if large else _NUDGE
            dx, dy = _ARROWS[key]
            self.nudgeRequested.emit(dx * step, dy * step)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:
        scene_pos = self.mapToScene(event.pos())
        kind, what = self.target_at(scene_pos)
        self.contextMenuRequested.emit(kind, what, scene_pos, event.globalPos())
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            if self._pan_from is None:
                self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:
        self._space = False
        popup = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
        if event.reason() in popup:  # a menu or dialog took the mouse: no release comes
            self._scene.cancel_interaction()
        super().focusOutEvent(event)

    def _starts_pan(self, event) -> bool:
        return event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space
        )

    def mousePressEvent(self, event) -> None:
        if self._starts_pan(event):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            pos = event.position().toPoint()
            delta = pos - self._pan_from
            self._pan_from = pos
            self._scroll_by(-delta.x(), -delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            if self._space:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(_WHEEL_BASE**delta, event.position())
        event.accept()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._intent is not None:  # fitted: stay fitted (docks filled, window resized)
            self._intent()
        self.minimap.refresh_visibility()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._scene.set_theme(CanvasTheme.from_palette(self.palette(), self.font()))
            self.resetCachedContent()
        super().changeEvent(event)
