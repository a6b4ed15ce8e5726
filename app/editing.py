"""Turning the views' requests into undoable edits, and the clipboard.

The canvas, the palette and the inspector never change the graph: they emit signals,
and :class:`Editor` pushes the matching command from :mod:`app.commands` onto the
document's undo stack.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMimeData, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QGuiApplication

from app import commands
from app.document import Document
from app.placing import Placer
from engine import fileformat, placement
from engine.arrange import arranged_if_unreadable
from engine.graph import Edge, Graph, Node
from engine.registry import INPUT_ROLE, OUTPUT_ROLE, SOURCE, get_spec, has_output_port, role_of
from widgets.canvas import lod

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

    Every new block goes to free space (:class:`app.placing.Placer`): a block dropped or
    added where another is lands beside it; a pasted group lands clear of the others.

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
        self.placer = Placer(lambda: self.document.graph, canvas)
        self._paste_count = 0

    @property
    def graph(self) -> Graph:
        return self.document.graph

    # ----------------------------------------------------------------- blocks
    def _new_node(self, type_name: str, spot: tuple[float, float]) -> Node:
        node_id = self.graph.new_id(type_name.lower())
        return Node(node_id, type_name, commands.default_params(type_name), None, spot)

    def add_block(self, type_name: str, scene_pos: QPointF | None = None) -> str:
        """Add a block with usable default params at the free spot nearest ``scene_pos``
        (default: the view's centre)."""
        if scene_pos is None:
            scene_pos = self.canvas.scene_center()
        node = self._new_node(type_name, self.placer.spot_near((scene_pos.x(), scene_pos.y())))
        return self._push_new(commands.AddNode(self.graph, node), node)

    def drop_block(self, type_name: str, scene_pos: QPointF) -> str:
        """A palette drop: into the edge under the drop point, else at (or near) it."""
        edge = self.canvas.edge_at(scene_pos)
        if edge is not None and edge in self.graph.edges and takes_input(type_name):
            return self.splice(type_name, edge)
        node = self._new_node(type_name, self.placer.drop_spot((scene_pos.x(), scene_pos.y())))
        return self._push_new(commands.AddNode(self.graph, node), node)

    def add_block_here(self, type_name: str) -> str:
        """The palette's Enter or double-click: after the one selected block, else in view."""
        selected = self.canvas.selected_ids()
        if len(selected) == 1 and takes_input(type_name):
            return self.insert_after(selected[0], type_name)
        return self.add_block(type_name)

    def quick_add(self, type_name: str, scene_pos: QPointF, context=None) -> str:
        """A quick-add choice: ``context`` ("after", id) or ("edge", Edge) says where it
        was asked for. Tab with one block selected inserts after it; in a new document
        (Input → Output only), between the two."""
        kind, what = context if context is not None else ("", None)
        if kind == "edge" and what in self.graph.edges and takes_input(type_name):
            return self.splice(type_name, what)
        if kind == "after" and what in self.graph.nodes and takes_input(type_name):
            return self.insert_after(what, type_name)
        selected = self.canvas.selected_ids()
        if context is None and len(selected) == 1 and takes_input(type_name):
            return self.insert_after(selected[0], type_name)
        if context is None and not selected and self._blank_edge() and takes_input(type_name):
            return self.splice(type_name, self._blank_edge())  # the first block of a network
        return self.add_block(type_name, scene_pos)

    def _blank_edge(self) -> Edge | None:
        """The Input → Output connection of a new document (nothing else in it)."""
        graph = self.graph
        roles = sorted(str(role_of(n.type)) for n in graph.nodes.values())
        blank = roles == sorted([INPUT_ROLE, OUTPUT_ROLE]) and len(graph.edges) == 1
        return graph.edges[0] if blank else None

    def insert_after(self, node_id: str, type_name: str) -> str:
        """Add a block after ``node_id`` and connect it (into its outgoing edge if any)."""
        if not has_output_port(self.graph.nodes[node_id].type):  # the Output
            return self.add_block(type_name, _point(self.placer.positions()[node_id]))
        plan = self.placer.after_node(node_id)
        node = self._new_node(type_name, plan.spot)
        if plan.edge is not None:
            command = commands.Splice(self.graph, node, plan.edge, plan.moves)
        else:
            command = commands.AddConnected(self.graph, node, node_id)
        return self._push_new(command, node)

    def splice(self, type_name: str, edge: Edge) -> str:
        """Insert a new block into ``edge`` (one undo step)."""
        plan = self.placer.into_edge(edge)
        node = self._new_node(type_name, plan.spot)
        return self._push_new(commands.Splice(self.graph, node, edge, plan.moves), node)

    def _push_new(self, command, node: Node) -> str:
        self.document.push(command)
        self._show_new([node.id])
        return node.id

    def _show_new(self, ids: list[str]) -> None:
        """Select the blocks just made, bring them into view, and give the canvas the
        keyboard: Tab, arrows and Delete act on them, not on a field the user left."""
        self.canvas.select_ids(ids)
        self.canvas.reveal(ids)
        self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_composite(self, node_id: str) -> bool:
        node = self.graph.nodes.get(node_id)
        spec = get_spec(node.type) if node else None
        return bool(spec and spec.composite)

    def connect_nodes(self, source: str, target: str, port: int) -> None:
        edge = Edge(source, target, port)
        if edge in self.graph.edges:
            return
        if self.graph.would_cycle(source, target):
            self.message.emit(self.tr("That connection would make a loop."))
            return
        old = next((e for e in self.graph.inputs_of(target) if e.port == port), None)
        if old is not None:
            self.document.push(commands.Reconnect(self.graph, old, edge))
        else:
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

    def nudge(self, dx: float, dy: float) -> None:
        """Move the selected blocks by (dx, dy); a run of nudges is one undo step."""
        shown = self.placer.positions()
        ids = [i for i in self.canvas.selected_ids() if i in shown]
        if ids:
            moves = {i: (shown[i][0] + dx, shown[i][1] + dy) for i in ids}
            self.document.push(commands.NudgeNodes(self.graph, moves))

    def delete(self, node_ids: list[str], edges: list[Edge]) -> None:
        node_ids = [i for i in node_ids if i in self.graph.nodes]
        edges = [e for e in edges if e in self.graph.edges]
        if node_ids or edges:
            self.document.push(commands.RemoveNodes(self.graph, node_ids, edges))

    def delete_selection(self) -> None:
        self.delete(self.canvas.selected_ids(), self.canvas.selected_edges())

    def disconnect(self, edges: list[Edge]) -> None:
        """Remove ``edges`` (a block's or a port's connections) as one undo step."""
        edges = [e for e in edges if e in self.graph.edges]
        if edges:
            command = commands.RemoveNodes(self.graph, [], edges)
            command.setText(self.tr("Disconnect"))
            self.document.push(command)

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
        stack = self.document.undo_stack
        stack.beginMacro(command.text())  # one undo step, the arrangement included
        self.document.push(command)
        arranged = self._keep_readable()
        stack.endMacro()
        self._show_new(command.ids)
        if arranged:
            self.canvas.fit_to_view()
        self.message.emit(
            self.tr("Expanded {block} into {count} blocks.").format(
                block=node_id, count=len(command.ids)
            )
        )
        return True

    def _keep_readable(self) -> bool:
        """Arrange the network when it no longer reads at Fit to Window (a big block
        expanded into one long column); True when it did."""
        from app.canvas_actions import view_size

        flow = self.canvas.canvas_scene.flow
        size = view_size(self.canvas)
        positions = arranged_if_unreadable(self.graph, size, lod.SIMPLE_SCALE, flow)
        if positions is not None:
            self.document.push(commands.ApplyLayout(self.graph, positions))
        return positions is not None

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
        QGuiApplication.clipboard().setMimeData(fragment_mime(self._fragment(ids)))
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

    def can_paste(self) -> bool:
        """Whether the clipboard holds blocks that Paste would add (copied blocks, or a
        project file's text), not just any text that starts like JSON."""
        piece = fragment_from_mime(QGuiApplication.clipboard().mimeData())
        return piece is not None and bool(piece.nodes)

    def paste(self, scene_pos: QPointF | None = None) -> None:
        """Paste the copied blocks beside the originals (or near ``scene_pos``), on free
        space."""
        piece = fragment_from_mime(QGuiApplication.clipboard().mimeData())
        if piece is None or not piece.nodes:
            self.message.emit(self.tr("Nothing to paste: copy some blocks first."))
            return
        self._paste_count += 1
        _place_unplaced(piece)
        if scene_pos is not None:
            centre = _centre(piece)
            want = (scene_pos.x() - centre[0], scene_pos.y() - centre[1])
        else:
            want = (self._paste_count * PASTE_OFFSET, self._paste_count * PASTE_OFFSET)
        self._insert(piece, want, self.tr("Paste"))

    def duplicate(self) -> None:
        ids = self.canvas.selected_ids()
        if ids:
            self._insert(self._fragment(ids), (PASTE_OFFSET, PASTE_OFFSET), self.tr("Duplicate"))

    def _fragment(self, ids: list[str]) -> Graph:
        """The chosen blocks at the positions the canvas shows them."""
        piece = fragment(self.graph, ids)
        shown = self.placer.positions()
        for node_id, node in piece.nodes.items():
            node.position = shown.get(node_id, node.position)
        return piece

    def _insert(self, piece: Graph, want: tuple[float, float], text: str) -> None:
        points = [n.position for n in piece.nodes.values() if n.position is not None]
        offset = self.placer.offset_for(points, want)
        command = commands.Paste(self.graph, piece, offset, text)
        self.document.push(command)
        self._show_new(command.ids)


def takes_input(type_name: str) -> bool:
    """Whether a block of this type can be connected after another (not an Input)."""
    spec = get_spec(type_name)
    return spec is not None and spec.arity != SOURCE


def _point(position: tuple[float, float]) -> QPointF:
    return QPointF(position[0], position[1])


def _centre(piece: Graph) -> tuple[float, float]:
    points = [n.position for n in piece.nodes.values() if n.position is not None]
    if not points:
        return (0.0, 0.0)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _place_unplaced(piece: Graph) -> None:
    """Give the fragment's unplaced blocks positions beside the others."""
    positions = {i: n.position for i, n in piece.nodes.items()}
    for node_id, spot in placement.spread(positions).items():
        piece.nodes[node_id].position = spot
