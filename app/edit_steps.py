"""The one-step edits of a graph, each a ``QUndoCommand`` that calls
:class:`engine.graph.Graph` methods only: add or remove a node or an edge, set
parameters or a label, move blocks, set a ``meta`` entry; and :class:`Composite`, the
command made of such steps. :mod:`app.commands` builds every edit of the app from
these (and is where the rest of the app takes them from).

A composite's steps are redone in order and undone in reverse, so every node and edge
goes back to its original index. (The steps are plain Python-held commands, not Qt
child commands: PySide6 does not keep the Python side of a child alive, and a child
owned by both sides is freed twice.)
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from engine.graph import Edge, Graph, Node

Position = tuple[float, float] | None
translate = QCoreApplication.translate

#: ``QUndoCommand.id`` of parameter edits and of arrow-key nudges, so consecutive ones
#: can merge.
SET_PARAMS_ID = 1001
NUDGE_ID = 1002


def block_title(node: Node) -> str:
    """What an undo text calls a node: its type key (``"Conv2d"``)."""
    return node.type


class Composite(QUndoCommand):
    """A command made of steps: redone in order, undone in reverse."""

    def __init__(self, text: str):
        super().__init__(text)
        self._children: list[QUndoCommand] = []

    def adopt(self, child: QUndoCommand) -> QUndoCommand:
        self._children.append(child)
        return child

    def child_count(self) -> int:
        return len(self._children)

    def redo(self) -> None:
        for child in self._children:
            child.redo()

    def undo(self) -> None:
        for child in reversed(self._children):
            child.undo()


class AddNode(QUndoCommand):
    """Add a node (at ``index`` in the node order, default last)."""

    def __init__(self, graph: Graph, node: Node, index: int | None = None):
        super().__init__(translate("Commands", "Add {block}").format(block=block_title(node)))
        self.graph, self.node, self.index = graph, node.copy(), index

    def redo(self) -> None:
        self.graph.add_node(self.node.copy(), self.index)

    def undo(self) -> None:
        self.graph.remove_node(self.node.id)


class _RemoveNode(QUndoCommand):
    """Remove one node whose edges are already gone; undo puts it back at its index."""

    def __init__(self, graph: Graph, node_id: str):
        super().__init__()
        self.graph, self.node_id = graph, node_id
        self.node: Node | None = None
        self.index = 0

    def redo(self) -> None:
        self.node, self.index, edges = self.graph.remove_node(self.node_id)
        assert not edges, "edges are removed by the sibling RemoveEdge commands first"

    def undo(self) -> None:
        self.graph.add_node(self.node.copy(), self.index)


class AddEdge(QUndoCommand):
    """Connect ``edge.source`` to input ``edge.port`` of ``edge.target``."""

    def __init__(self, graph: Graph, edge: Edge):
        super().__init__(translate("Commands", "Connect"))
        self.graph, self.edge = graph, edge

    def redo(self) -> None:
        self.graph.add_edge(self.edge)

    def undo(self) -> None:
        self.graph.remove_edge(self.edge)


class RemoveEdge(QUndoCommand):
    """Remove an edge; undo re-inserts it at its original index."""

    def __init__(self, graph: Graph, edge: Edge):
        super().__init__(translate("Commands", "Disconnect"))
        self.graph, self.edge, self.index = graph, edge, 0

    def redo(self) -> None:
        self.index = self.graph.remove_edge(self.edge)

    def undo(self) -> None:
        self.graph.add_edge(self.edge, self.index)


class RemoveNodes(Composite):
    """Delete nodes with their edges, plus any other ``edges`` given (one undo step)."""

    def __init__(self, graph: Graph, node_ids: list[str], edges: list[Edge] = ()):
        ids = [i for i in dict.fromkeys(node_ids) if i in graph.nodes]
        super().__init__(_delete_text(graph, ids, len(edges)))
        doomed = [e for e in graph.edges if e in edges or e.source in ids or e.target in ids]
        for edge in doomed:
            self.adopt(RemoveEdge(graph, edge))
        for node_id in ids:
            self.adopt(_RemoveNode(graph, node_id))


def _delete_text(graph: Graph, ids: list[str], n_edges: int) -> str:
    if len(ids) == 1:
        return translate("Commands", "Delete {block}").format(
            block=block_title(graph.nodes[ids[0]])
        )
    if ids:
        return translate("Commands", "Delete {count} Blocks").format(count=len(ids))
    if n_edges == 1:
        return translate("Commands", "Delete Connection")
    return translate("Commands", "Delete {count} Connections").format(count=n_edges)


class SetParams(QUndoCommand):
    """Replace a node's explicit params; consecutive edits of one node's key merge."""

    def __init__(self, graph: Graph, node_id: str, params: dict[str, Any]):
        node = graph.nodes[node_id]
        self.graph, self.node_id = graph, node_id
        self.old = copy.deepcopy(node.params)
        self.new = copy.deepcopy(params)
        changed = sorted(
            k
            for k in set(self.old) | set(self.new)
            if self.old.get(k, _MISSING) != self.new.get(k, _MISSING)
        )
        self.key = changed[0] if len(changed) == 1 else None
        what = self.key or translate("Commands", "Parameters")
        super().__init__(
            translate("Commands", "Set {block} {what}").format(block=block_title(node), what=what)
        )

    def id(self) -> int:
        return SET_PARAMS_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetParams) or self.key is None:
            return False
        if other.node_id != self.node_id or other.key != self.key:
            return False
        self.new = copy.deepcopy(other.new)
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.graph.set_params(self.node_id, self.new)

    def undo(self) -> None:
        self.graph.set_params(self.node_id, self.old)


_MISSING = object()


class SetLabel(QUndoCommand):
    """Rename a node's label (empty means none)."""

    def __init__(self, graph: Graph, node_id: str, label: str | None):
        node = graph.nodes[node_id]
        super().__init__(translate("Commands", "Rename {block}").format(block=block_title(node)))
        self.graph, self.node_id = graph, node_id
        self.old, self.new = node.label, (label or None)

    def redo(self) -> None:
        self.graph.set_label(self.node_id, self.new)

    def undo(self) -> None:
        self.graph.set_label(self.node_id, self.old)


class MoveNodes(QUndoCommand):
    """Move nodes to new positions (one command per drag).

    The old positions are read from the graph, not from the view, so undo restores
    exactly what was there (including "no position yet").
    """

    def __init__(self, graph: Graph, positions: dict[str, Position], text: str = ""):
        ids = [i for i in positions if i in graph.nodes]
        if not text:
            text = (
                translate("Commands", "Move {block}").format(block=block_title(graph.nodes[ids[0]]))
                if len(ids) == 1
                else translate("Commands", "Move {count} Blocks").format(count=len(ids))
            )
        super().__init__(text)
        self.graph = graph
        self.old = {i: graph.nodes[i].position for i in ids}
        self.new = {i: position_of(positions[i]) for i in ids}

    def redo(self) -> None:
        for node_id, position in self.new.items():
            self.graph.move_node(node_id, position)

    def undo(self) -> None:
        for node_id, position in self.old.items():
            self.graph.move_node(node_id, position)


def position_of(value) -> Position:
    """A position as two floats (None stays None)."""
    if value is None:
        return None
    return (float(value[0]), float(value[1]))


def moves_from_drag(moved: dict) -> dict[str, Position]:
    """The canvas's ``nodesMoved`` payload (id → (old, new)) as id → new position."""
    return {node_id: position_of(new) for node_id, (_old, new) in moved.items()}


class NudgeNodes(MoveNodes):
    """Move blocks by arrow keys; consecutive nudges of the same blocks are one undo step."""

    def __init__(self, graph: Graph, positions: dict[str, Position]):
        super().__init__(graph, positions)

    def id(self) -> int:
        return NUDGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, NudgeNodes) or set(other.new) != set(self.new):
            return False
        self.new = dict(other.new)
        self.setObsolete(self.new == self.old)
        return True


class SetMeta(QUndoCommand):
    """Set one entry of the graph's ``meta`` (the app's own options kept in the file)."""

    def __init__(self, graph: Graph, key: str, value: Any, text: str = ""):
        super().__init__(text)
        self.graph, self.key = graph, key
        self.old = copy.deepcopy((graph.meta or {}).get(key))
        self.new = copy.deepcopy(value)

    def redo(self) -> None:
        self.graph.set_meta(self.key, self.new)

    def undo(self) -> None:
        self.graph.set_meta(self.key, self.old)
