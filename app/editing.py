"""Turning the views' requests into undoable edits, and the clipboard.

The canvas, the palette and the inspector never change the graph: they emit signals,
and :class:`Editor` pushes the matching command from :mod:`app.commands` onto the
document's undo stack.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMimeData, QObject, QPointF, Signal
from PySide6.QtGui import QGuiApplication

from app import commands
from app.document import Document
from engine import fileformat
from engine.graph import Edge, Graph, Node

log = logging.getLogger(__name__)

#: MIME type of copied blocks: a project file's JSON holding just the fragment.
FRAGMENT_MIME = "application/x-convas-fragment"
PASTE_OFFSET = 40.0


def fragment(graph: Graph, node_ids: list[str]) -> Graph:
    """The chosen nodes and the edges between them, as a graph of their own."""
    ids = [i for i in graph.nodes if i in set(node_ids)]
    nodes = [graph.nodes[i].copy() for i in ids]
    edges = [e for e in graph.edges if e.source in ids and e.target in ids]
    return Graph("", nodes, edges)


def fragment_mime(piece: Graph) -> QMimeData:
    """Clipboard data: the fragment under :data:`FRAGMENT_MIME` and as plain text."""
    text = fileformat.dumps(piece)
    data = QMimeData()
    data.setData(FRAGMENT_MIME, text.encode("utf-8"))
    data.setText(text)
    return data


def fragment_from_mime(data: QMimeData | None) -> Graph | None:
    """The fragment on the clipboard (our MIME type, or pasted project-file text)."""
    if data is None:
        return None
    if data.hasFormat(FRAGMENT_MIME):
        text = bytes(data.data(FRAGMENT_MIME)).decode("utf-8", errors="replace")
    elif data.hasText() and data.text().lstrip().startswith("{"):
        text = data.text()
    else:
        return None
    try:
        return fileformat.loads(text)
    except fileformat.FormatError as exc:
        log.info("clipboard text is not a Convas fragment: %s", exc)
        return None


class Editor(QObject):
    """Edits of one document, requested by the canvas, palette, inspector and menus.

    Signals
    -------
    message(str)
        A short status-bar message (why an edit was refused, what was done).
    """

    message = Signal(str)

    def __init__(self, document: Document, canvas, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.canvas = canvas
        self._paste_count = 0

    @property
    def graph(self) -> Graph:
        return self.document.graph

    # ----------------------------------------------------------------- blocks
    def add_block(self, type_name: str, scene_pos: QPointF | None = None) -> str:
        """Add a block with usable default params at ``scene_pos`` (default: view centre)."""
        if scene_pos is None:
            scene_pos = self.canvas.scene_center()
        node_id = self.graph.new_id(type_name.lower())
        node = Node(
            node_id,
            type_name,
            commands.default_params(type_name),
            None,
            (round(scene_pos.x(), 2), round(scene_pos.y(), 2)),
        )
        self.document.push(commands.AddNode(self.graph, node))
        self.canvas.select_ids([node_id])
        return node_id

    def connect_nodes(self, source: str, target: str, port: int) -> None:
        edge = Edge(source, target, port)
        if edge in self.graph.edges:
            return
        if self.graph.would_cycle(source, target):
            self.message.emit(self.tr("That connection would make a loop."))
            return
        self.document.push(commands.AddEdge(self.graph, edge))

    def move_nodes(self, moved: dict) -> None:
        positions = commands.moves_from_drag(moved)
        positions = {
            i: p
            for i, p in positions.items()
            if i in self.graph.nodes and self.graph.nodes[i].position != p
        }
        if positions:
            self.document.push(commands.MoveNodes(self.graph, positions))

    def delete(self, node_ids: list[str], edges: list[Edge]) -> None:
        node_ids = [i for i in node_ids if i in self.graph.nodes]
        edges = [e for e in edges if e in self.graph.edges]
        if node_ids or edges:
            self.document.push(commands.RemoveNodes(self.graph, node_ids, edges))

    def delete_selection(self) -> None:
        self.delete(self.canvas.selected_ids(), self.canvas.selected_edges())

    def set_params(self, node_id: str, params: dict) -> None:
        if node_id in self.graph.nodes and self.graph.nodes[node_id].params != params:
            self.document.push(commands.SetParams(self.graph, node_id, params))

    def set_label(self, node_id: str, label: str) -> None:
        if node_id in self.graph.nodes and (self.graph.nodes[node_id].label or "") != label:
            self.document.push(commands.SetLabel(self.graph, node_id, label))

    def select_all(self) -> None:
        self.canvas.select_ids(list(self.graph.nodes))

    # ----------------------------------------------------------------- structure
    def expand(self, node_id: str | None = None) -> bool:
        """Expand a composite block (default: the one selected) into primitives."""
        if node_id is None:
            selected = self.canvas.selected_ids()
            node_id = selected[0] if len(selected) == 1 else None
        node = self.graph.nodes.get(node_id) if node_id else None
        if node is None:
            self.message.emit(self.tr("Select one composite block to expand."))
            return False
        try:
            command = commands.ExpandComposite(self.graph, node_id)
        except ValueError as exc:
            self.message.emit(
                self.tr("Can't expand {block}: {reason}.").format(block=node_id, reason=exc)
            )
            return False
        self.document.push(command)
        self.canvas.select_ids(command.ids)
        self.message.emit(
            self.tr("Expanded {block} into {count} blocks.").format(
                block=node_id, count=len(command.ids)
            )
        )
        return True

    def auto_layout(self) -> None:
        from app.canvas_actions import arranged

        positions = arranged(self.graph, self.canvas)
        changed = {i: p for i, p in positions.items() if self.graph.nodes[i].position != p}
        if changed:
            self.document.push(commands.ApplyLayout(self.graph, changed))
        self.canvas.fit_to_view()

    # ----------------------------------------------------------------- clipboard
    def copy(self) -> bool:
        ids = self.canvas.selected_ids()
        if not ids:
            return False
        QGuiApplication.clipboard().setMimeData(fragment_mime(fragment(self.graph, ids)))
        self._paste_count = 0
        text = (
            self.tr("Copied {count} blocks.") if len(ids) > 1 else self.tr("Copied {count} block.")
        )
        self.message.emit(text.format(count=len(ids)))
        return True

    def cut(self) -> None:
        if self.copy():
            ids = self.canvas.selected_ids()
            command = commands.RemoveNodes(self.graph, ids)
            text = self.tr("Cut {count} Blocks") if len(ids) > 1 else self.tr("Cut {count} Block")
            command.setText(text.format(count=len(ids)))
            self.document.push(command)

    def paste(self) -> None:
        piece = fragment_from_mime(QGuiApplication.clipboard().mimeData())
        if piece is None or not piece.nodes:
            self.message.emit(self.tr("Nothing to paste: copy some blocks first."))
            return
        self._paste_count += 1
        self._insert(piece, self._paste_count * PASTE_OFFSET, self.tr("Paste"))

    def duplicate(self) -> None:
        ids = self.canvas.selected_ids()
        if ids:
            self._insert(fragment(self.graph, ids), PASTE_OFFSET, self.tr("Duplicate"))

    def _insert(self, piece: Graph, offset: float, text: str) -> None:
        command = commands.Paste(self.graph, piece, (offset, offset), text)
        self.document.push(command)
        self.canvas.select_ids(command.ids)
