"""The network graph as a plain model: nodes and edges, and change events.

Nothing here knows about Qt, selection or colours. Views subscribe with
:meth:`Graph.subscribe` and redraw from the events; undo commands call the mutating
methods only. Ids are stable strings chosen by the user or by :meth:`Graph.new_id`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Node:
    """One block on the canvas. ``params`` holds only the values set explicitly.

    ``trainable`` False freezes the block's weights in training (fine-tuning).
    """

    id: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    label: str | None = None
    position: tuple[float, float] | None = None
    trainable: bool = True

    def copy(self) -> Node:
        return Node(
            self.id,
            self.type,
            copy.deepcopy(self.params),
            self.label,
            self.position,
            self.trainable,
        )


@dataclass(frozen=True)
class Edge:
    """A connection from ``source``'s output to input ``port`` of ``target``."""

    source: str
    target: str
    port: int = 0


@dataclass(frozen=True)
class GraphEvent:
    """What changed: ``kind`` is one of the constants below; ``payload`` says where."""

    kind: str
    payload: Any


NODE_ADDED = "node_added"
NODE_REMOVED = "node_removed"
NODE_CHANGED = "node_changed"  # params or label
NODE_MOVED = "node_moved"
EDGE_ADDED = "edge_added"
EDGE_REMOVED = "edge_removed"
TRAINING_CHANGED = "training_changed"  # the project's training settings
META_CHANGED = "meta_changed"  # an entry of the app's own ``meta``; payload: its key
RESET = "reset"


class Graph:
    """A Convas network: ordered nodes, ordered edges, a name and the app's extras."""

    def __init__(
        self,
        name: str = "",
        nodes: Iterable[Node] = (),
        edges: Iterable[Edge] = (),
        training: dict | None = None,
        meta: dict | None = None,
    ):
        self.name = name
        self.nodes: dict[str, Node] = {n.id: n for n in nodes}
        self.edges: list[Edge] = list(edges)
        self.training = training
        self.meta = meta
        self.revision = 0
        self._listeners: list[Callable[[GraphEvent], None]] = []
        self._index = _EdgeIndex()

    # ----------------------------------------------------------------- events
    def subscribe(self, listener: Callable[[GraphEvent], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[GraphEvent], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, kind: str, payload: Any) -> None:
        self.revision += 1
        event = GraphEvent(kind, payload)
        for listener in list(self._listeners):
            listener(event)

    # ----------------------------------------------------------------- queries
    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    # Adjacency queries read an index kept in step with the edit methods, so they cost
    # the node's degree, not the number of edges.
    def inputs_of(self, node_id: str) -> list[Edge]:
        """Edges into ``node_id`` by port (edges on one port in the order of ``edges``)."""
        return sorted(self._adjacency().incoming.get(node_id, ()), key=lambda e: e.port)

    def outputs_of(self, node_id: str) -> list[Edge]:
        """Edges out of ``node_id``, in the order of ``edges``."""
        return list(self._adjacency().outgoing.get(node_id, ()))

    def edges_of(self, node_id: str) -> list[Edge]:
        index = self._adjacency()
        ins, outs = index.incoming.get(node_id, []), index.outgoing.get(node_id, [])
        return [e for e in self.edges if e in ins or e in outs] if ins and outs else ins + outs

    def _adjacency(self) -> _EdgeIndex:
        index = self._index
        if index.size != len(self.edges) or index.edges is not self.edges:  # changed by hand
            self._index.rebuild(self.edges)
        return self._index

    def new_id(self, base: str) -> str:
        """A fresh id such as ``conv``, ``conv_2``, ``conv_3``…"""
        base = base[:56] or "node"
        if base not in self.nodes:
            return base
        i = 2
        while f"{base}_{i}" in self.nodes:
            i += 1
        return f"{base}_{i}"

    def would_cycle(self, source: str, target: str) -> bool:
        """True when an edge source→target would close a cycle."""
        if source == target:
            return True
        stack, seen = [target], set()
        while stack:
            current = stack.pop()
            if current == source:
                return True
            if current in seen:
                continue
            seen.add(current)
            stack.extend(e.target for e in self.outputs_of(current))
        return False

    def free_port(self, node_id: str) -> int:
        """The lowest input port of ``node_id`` with no edge yet."""
        used = {e.port for e in self._adjacency().incoming.get(node_id, ())}
        port = 0
        while port in used:
            port += 1
        return port

    # ----------------------------------------------------------------- edits
    def add_node(self, node: Node, index: int | None = None) -> None:
        if node.id in self.nodes:
            raise ValueError(f"a node with id {node.id!r} already exists")
        items = list(self.nodes.items())
        index = len(items) if index is None else index
        items.insert(index, (node.id, node))
        self.nodes = dict(items)
        self._emit(NODE_ADDED, node.id)

    def remove_node(self, node_id: str) -> tuple[Node, int, list[tuple[int, Edge]]]:
        """Remove a node and its edges; returns what undo needs to put them back."""
        removed_edges = [
            (i, e) for i, e in enumerate(self.edges) if node_id in (e.source, e.target)
        ]
        for i, edge in reversed(removed_edges):
            del self.edges[i]
            self._index.remove(edge)
            self._emit(EDGE_REMOVED, edge)
        index = list(self.nodes).index(node_id)
        node = self.nodes.pop(node_id)
        self._emit(NODE_REMOVED, node_id)
        return node, index, removed_edges

    def add_edge(self, edge: Edge, index: int | None = None) -> None:
        if edge.source not in self.nodes or edge.target not in self.nodes:
            raise ValueError("an edge must join two existing nodes")
        at_end = index is None or index >= len(self.edges)
        self.edges.insert(len(self.edges) if index is None else index, edge)
        self._index.add(edge, self.edges if not at_end else None)
        self._emit(EDGE_ADDED, edge)

    def remove_edge(self, edge: Edge) -> int:
        index = self.edges.index(edge)
        del self.edges[index]
        self._index.remove(edge)
        self._emit(EDGE_REMOVED, edge)
        return index

    def set_params(self, node_id: str, params: dict[str, Any]) -> None:
        """Replace a node's explicit params."""
        self.nodes[node_id].params = copy.deepcopy(params)
        self._emit(NODE_CHANGED, node_id)

    def set_label(self, node_id: str, label: str | None) -> None:
        self.nodes[node_id].label = label or None
        self._emit(NODE_CHANGED, node_id)

    def set_trainable(self, node_id: str, trainable: bool) -> None:
        self.nodes[node_id].trainable = bool(trainable)
        self._emit(NODE_CHANGED, node_id)

    def move_node(self, node_id: str, position: tuple[float, float] | None) -> None:
        self.nodes[node_id].position = None if position is None else tuple(position)
        self._emit(NODE_MOVED, node_id)

    def set_training(self, training: dict | None) -> None:
        """Replace the project's training settings (dataset, hyperparameters)."""
        self.training = copy.deepcopy(training)
        self._emit(TRAINING_CHANGED, None)

    def set_meta(self, key: str, value: Any) -> None:
        """Set one entry of the application's own ``meta`` object (None removes it)."""
        meta = dict(self.meta or {})
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = copy.deepcopy(value)
        self.meta = meta or None
        self._emit(META_CHANGED, key)

    def replace_all(self, other: Graph) -> None:
        """Take over another graph's content (open a file into this document)."""
        self.name, self.training, self.meta = other.name, other.training, other.meta
        self.nodes = {k: n.copy() for k, n in other.nodes.items()}
        self.edges = list(other.edges)
        self._index.rebuild(self.edges)
        self._emit(RESET, None)

    def copy(self) -> Graph:
        """A deep snapshot without listeners (for the trainer, export, undo)."""
        return Graph(
            self.name,
            [n.copy() for n in self.nodes.values()],
            list(self.edges),
            copy.deepcopy(self.training),
            copy.deepcopy(self.meta),
        )


class _EdgeIndex:
    """Edges by target and by source, each list in the order of the graph's ``edges``."""

    def __init__(self) -> None:
        self.incoming: dict[str, list[Edge]] = {}
        self.outgoing: dict[str, list[Edge]] = {}
        self.size = -1  # edges indexed; -1 until the first rebuild
        self.edges: list[Edge] | None = None  # the list indexed

    def rebuild(self, edges: list[Edge]) -> None:
        self.incoming, self.outgoing, self.edges = {}, {}, edges
        for edge in edges:
            self.incoming.setdefault(edge.target, []).append(edge)
            self.outgoing.setdefault(edge.source, []).append(edge)
        self.size = len(edges)

    def add(self, edge: Edge, edges: list[Edge] | None) -> None:
        """``edge`` was appended (``edges`` None) or inserted into ``edges`` elsewhere."""
        if self.size < 0:
            return  # built on first use
        self.size += 1
        if edges is None:
            self.incoming.setdefault(edge.target, []).append(edge)
            self.outgoing.setdefault(edge.source, []).append(edge)
            return
        # An insertion (an undo putting an edge back): keep both lists in graph order.
        self.incoming[edge.target] = [e for e in edges if e.target == edge.target]
        self.outgoing[edge.source] = [e for e in edges if e.source == edge.source]

    def remove(self, edge: Edge) -> None:
        if self.size < 0:
            return
        self.size -= 1
        for table, key in ((self.incoming, edge.target), (self.outgoing, edge.source)):
            entries = table.get(key)
            if entries and edge in entries:
                entries.remove(edge)  # the first equal one, as ``list.remove`` on ``edges``
                if not entries:
                    del table[key]
