"""Undoable edits of a graph: one ``QUndoCommand`` per kind of edit.

Each command's ``redo``/``undo`` only call :class:`engine.graph.Graph` methods; the
canvas and the other views redraw from the graph's change events. Commands made of
several steps (removing nodes with their edges, pasting, expanding a composite) are
built from steps that are redone in order and undone in reverse, so every node and
edge goes back to its original index. (The steps are plain Python-held commands, not
Qt child commands: PySide6 does not keep the Python side of a child alive, and a
child owned by both sides is freed twice.)
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from app.placing import along_the_flow, room_for_expansion, shift_to_free_space
from engine.expand import expand_node
from engine.graph import Edge, Graph, Node
from engine.registry import starting_params

Position = tuple[float, float] | None
translate = QCoreApplication.translate

#: ``QUndoCommand.id`` of parameter edits and of arrow-key nudges, so consecutive ones
#: can merge.
SET_PARAMS_ID = 1001
NUDGE_ID = 1002


def block_title(node: Node) -> str:
    """What an undo text calls a node: its type key (``"Conv2d"``)."""
    return node.type


class _Composite(QUndoCommand):
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


class Reconnect(_Composite):
    """Connect ``edge`` in place of ``old``, the edge into the same input (one undo step)."""

    def __init__(self, graph: Graph, old: Edge, edge: Edge):
        super().__init__(translate("Commands", "Reconnect"))
        self.adopt(RemoveEdge(graph, old))
        self.adopt(AddEdge(graph, edge))


class RemoveNodes(_Composite):
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
        self.new = {i: _position(positions[i]) for i in ids}

    def redo(self) -> None:
        for node_id, position in self.new.items():
            self.graph.move_node(node_id, position)

    def undo(self) -> None:
        for node_id, position in self.old.items():
            self.graph.move_node(node_id, position)


def _position(value) -> Position:
    if value is None:
        return None
    return (float(value[0]), float(value[1]))


def moves_from_drag(moved: dict) -> dict[str, Position]:
    """The canvas's ``nodesMoved`` payload (id → (old, new)) as id → new position."""
    return {node_id: _position(new) for node_id, (_old, new) in moved.items()}


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


class ChangeFlow(_Composite):
    """Make data flow down or right: the canvas option and the blocks' new places."""

    def __init__(self, graph: Graph, options: dict, positions: dict[str, Position]):
        right = options.get("flow") == "right"
        super().__init__(
            translate("Commands", "Flow Right") if right else translate("Commands", "Flow Down")
        )
        self.adopt(SetMeta(graph, "canvas", options))
        self.adopt(MoveNodes(graph, positions))


class ApplyLayout(MoveNodes):
    """Place every node where :func:`engine.layout.layered_layout` puts it."""

    def __init__(self, graph: Graph, positions: dict[str, Position]):
        super().__init__(graph, positions, translate("Commands", "Auto Layout"))


class Splice(_Composite):
    """Insert a new node into an edge: source → node → target, on the edge's port.

    ``moves`` (id → position) first push blocks aside to make room; one undo step.
    """

    def __init__(
        self,
        graph: Graph,
        node: Node,
        edge: Edge,
        moves: dict[str, Position] | None = None,
        text: str = "",
    ):
        title = text or translate("Commands", "Insert {block}").format(block=block_title(node))
        super().__init__(title)
        if moves:
            self.adopt(MoveNodes(graph, moves, translate("Commands", "Make Room")))
        self.adopt(RemoveEdge(graph, edge))
        self.adopt(AddNode(graph, node))
        self.adopt(AddEdge(graph, Edge(edge.source, node.id, 0)))
        self.adopt(AddEdge(graph, Edge(node.id, edge.target, edge.port)))


class AddConnected(_Composite):
    """Add a node fed by ``source`` (one undo step)."""

    def __init__(self, graph: Graph, node: Node, source: str):
        super().__init__(translate("Commands", "Add {block}").format(block=block_title(node)))
        self.adopt(AddNode(graph, node))
        self.adopt(AddEdge(graph, Edge(source, node.id, 0)))


class SetTraining(QUndoCommand):
    """Store the training settings (dataset, hyperparameters) in the project."""

    def __init__(self, graph: Graph, training: dict | None):
        super().__init__(translate("Commands", "Change Training Settings"))
        self.graph = graph
        self.old = copy.deepcopy(graph.training)
        self.new = copy.deepcopy(training)

    def redo(self) -> None:
        self.graph.set_training(self.new)

    def undo(self) -> None:
        self.graph.set_training(self.old)


class SetTrainable(QUndoCommand):
    """Freeze (``trainable`` False) or unfreeze blocks' weights: one step for them all."""

    def __init__(self, graph: Graph, node_ids: list[str], trainable: bool):
        self.graph, self.new = graph, bool(trainable)
        self.old = {i: graph.nodes[i].trainable for i in dict.fromkeys(node_ids)}
        texts = {
            (True, True): translate("Commands", "Unfreeze {block}"),
            (True, False): translate("Commands", "Unfreeze {count} Blocks"),
            (False, True): translate("Commands", "Freeze {block}"),
            (False, False): translate("Commands", "Freeze {count} Blocks"),
        }
        first = graph.nodes[next(iter(self.old))]
        text = texts[(self.new, len(self.old) == 1)]
        super().__init__(text.format(block=block_title(first), count=len(self.old)))

    def redo(self) -> None:
        for node_id in self.old:
            self.graph.set_trainable(node_id, self.new)

    def undo(self) -> None:
        for node_id, trainable in self.old.items():
            self.graph.set_trainable(node_id, trainable)


class ReplaceHead(_Composite):
    """The last Linear replaced by a fresh one with ``classes`` outputs (a new id, so
    starting weights don't fit it): :func:`engine.training.head.plan_head` as one step.
    Raises :class:`engine.training.head.HeadError` when the network has no such head."""

    def __init__(self, graph: Graph, classes: int, position: Position = None):
        """``position``: where the new head goes when the old one has none of its own (a
        file that left it unplaced: pass where the canvas drew it)."""
        from engine.training.head import plan_head

        self.plan = plan = plan_head(graph, classes)
        if plan.new.position is None and position is not None:
            plan.new.position = _position(position)
        super().__init__(
            translate("Commands", "Replace Head for {count} Classes").format(count=classes)
        )
        self.adopt(RemoveNodes(graph, [plan.old.id]))
        self.adopt(AddNode(graph, plan.new, plan.index))
        for edge in plan.new_edges:
            self.adopt(AddEdge(graph, edge))


class SetManyParams(_Composite):
    """Set the params of several nodes as one undo step (node id → new params)."""

    def __init__(self, graph: Graph, params: dict[str, dict[str, Any]], text: str):
        super().__init__(text)
        for node_id, new in params.items():
            self.adopt(SetParams(graph, node_id, new))


class Paste(_Composite):
    """Add a fragment's nodes and its internal edges, with fresh ids.

    ``offset`` shifts the fragment's positions. :attr:`ids` are the new node ids in
    fragment order (the window selects them afterwards).
    """

    def __init__(
        self,
        graph: Graph,
        fragment: Graph,
        offset: tuple[float, float] = (0, 0),
        text: str = "",
    ):
        super().__init__(text or translate("Commands", "Paste"))
        renamed = fresh_ids(graph, list(fragment.nodes))
        self.ids = list(renamed.values())
        for old_id, node in fragment.nodes.items():
            new = node.copy()
            new.id = renamed[old_id]
            if new.position is not None:
                new.position = (new.position[0] + offset[0], new.position[1] + offset[1])
            self.adopt(AddNode(graph, new, None))
        for edge in fragment.edges:
            if edge.source in renamed and edge.target in renamed:
                edge = Edge(renamed[edge.source], renamed[edge.target], edge.port)
                self.adopt(AddEdge(graph, edge))


def fresh_ids(graph: Graph, wanted: list[str]) -> dict[str, str]:
    """Map each wanted id to one not used in ``graph`` nor by an earlier one."""
    taken = set(graph.nodes)
    result = {}
    for node_id in wanted:
        if node_id not in taken:  # pasted into another document: keep the id
            taken.add(node_id)
            result[node_id] = node_id
            continue
        base = _strip_counter(node_id)[:56] or "node"
        # A copy of layer1_0 is layer1_3, never "layer1": that names its stage.
        candidate, i = (base, 2) if base == node_id else (f"{base}_2", 3)
        while candidate in taken:
            candidate, i = f"{base}_{i}", i + 1
        taken.add(candidate)
        result[node_id] = candidate
    return result


def _strip_counter(node_id: str) -> str:
    """``conv_3`` -> ``conv``, so a copy of ``conv_3`` becomes ``conv_4``, not ``conv_3_2``."""
    head, sep, tail = node_id.rpartition("_")
    return head if sep and head and tail.isdigit() else node_id


class ExpandComposite(_Composite):
    """Replace a composite node by its primitive blocks (see :mod:`engine.expand`).

    Blocks further along the flow move on to make room, and if the expansion would
    still cover a block it goes to the nearest free space, so it covers nothing. Raises
    ``ValueError`` when the node can't expand.
    """

    def __init__(self, graph: Graph, node_id: str):
        node = graph.nodes[node_id]
        nodes, edges = expand_node(graph, node_id)
        super().__init__(translate("Commands", "Expand {block}").format(block=block_title(node)))
        self.ids = [n.id for n in nodes]
        along_the_flow(graph, node, nodes, edges)
        moves = room_for_expansion(graph, node, nodes)
        if moves:
            self.adopt(MoveNodes(graph, moves, translate("Commands", "Make Room")))
        shift_to_free_space(graph, node_id, nodes, moves)
        index = list(graph.nodes).index(node_id)
        self.adopt(RemoveNodes(graph, [node_id], ()))
        for offset, new in enumerate(nodes):
            self.adopt(AddNode(graph, new, index + offset))
        for edge in edges:
            self.adopt(AddEdge(graph, edge))


class ApplyGraphEdit(_Composite):
    """An :class:`engine.teaching.edits.GraphEdit` (insert a 1×1 bottleneck, make a
    convolution depthwise separable) as one undo step: moves, edge removals, parameter
    changes, new nodes and edges, undone in reverse."""

    def __init__(self, graph: Graph, edit, text: str):
        super().__init__(text)
        self.ids = list(edit.new_ids)
        if edit.moves:
            self.adopt(MoveNodes(graph, edit.moves, text))
        for edge in edit.remove_edges:
            self.adopt(RemoveEdge(graph, edge))
        for node_id, params in edit.set_params.items():
            self.adopt(SetParams(graph, node_id, params))
        for node in edit.add_nodes:
            self.adopt(AddNode(graph, node))
        for edge in edit.add_edges:
            self.adopt(AddEdge(graph, edge))


def default_params(type_name: str) -> dict[str, Any]:
    """Values for the required params of a new block, so it is usable at once."""
    return starting_params(type_name)
