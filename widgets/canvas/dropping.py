"""Blocks dropped on the canvas from the palette: accepted by their MIME type, the edge
a drop would splice into lit up while dragging, the drop announced as a request."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from engine.graph import Edge
from engine.registry import get_spec
from widgets.common import BLOCK_MIME

translate = QCoreApplication.translate


class BlockDrops:
    """Drag-and-drop of palette blocks for :class:`widgets.canvas.view.CanvasView` (mixed
    in before ``QGraphicsView``): uses its ``_scene``, ``_drop_edge``, ``edge_at``, and
    emits its ``blockDropped`` and ``message`` signals."""

    def _accepts(self, event) -> bool:
        return event.mimeData().hasFormat(BLOCK_MIME)

    def dragEnterEvent(self, event) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
            self._mark_drop_edge(self.edge_at(self.mapToScene(event.position().toPoint())))
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self._mark_drop_edge(None)
        super().dragLeaveEvent(event)

    def _mark_drop_edge(self, edge: Edge | None) -> None:
        """Light up the edge a drop here would splice the block into."""
        for old in (self._drop_edge, edge):
            for item in self._scene.edge_items.get(old, []) if old is not None else []:
                item.hovered = old == edge
                item.update()
        self._drop_edge = edge

    def dropEvent(self, event) -> None:
        self._mark_drop_edge(None)
        if not self._accepts(event):
            event.ignore()
            return
        block_type = bytes(event.mimeData().data(BLOCK_MIME)).decode("utf-8").strip()
        if get_spec(block_type) is None:
            text = translate("CanvasView", "Unknown block type {type}")
            self.message.emit(text.format(type=repr(block_type)))
            event.ignore()
            return
        event.acceptProposedAction()
        self.setFocus(Qt.FocusReason.MouseFocusReason)  # keys now act on the new block
        self.blockDropped.emit(block_type, self.mapToScene(event.position().toPoint()))
