"""Edits the teaching views offer (insert a 1×1 bottleneck, make a convolution depthwise
separable), as plain data the app applies as one undoable step.

A :class:`GraphEdit` says what changes: nodes moved to make room, edges removed,
parameters replaced, nodes and edges added, in that order. :func:`apply_edit` applies it
to a graph (for copies and tests); the app turns the same edit into one undo command
(``app.commands.ApplyGraphEdit``) whose steps call the graph's own methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.graph import Edge, Graph, Node

#: Vertical distance between a node and one inserted below it (the presets' step).
STEP = 110.0


@dataclass
class GraphEdit:
    """A change of a graph, applied in the order of the fields."""

    moves: dict[str, tuple[float, float]] = field(default_factory=dict)
    remove_edges: list[Edge] = field(default_factory=list)
    set_params: dict[str, dict[str, Any]] = field(default_factory=dict)
    add_nodes: list[Node] = field(default_factory=list)
    add_edges: list[Edge] = field(default_factory=list)

    @property
    def new_ids(self) -> list[str]:
        return [node.id for node in self.add_nodes]


def apply_edit(graph: Graph, edit: GraphEdit) -> None:
    """Apply ``edit`` to ``graph`` in place."""
    for node_id, position in edit.moves.items():
        graph.move_node(node_id, position)
    for edge in edit.remove_edges:
        graph.remove_edge(edge)
    for node_id, params in edit.set_params.items():
        graph.set_params(node_id, params)
    for node in edit.add_nodes:
        graph.add_node(node.copy())
    for edge in edit.add_edges:
        graph.add_edge(edge)


def chain(graph: Graph, base: str, blocks: list[tuple[str, str, dict]]) -> list[Node]:
    """New nodes with fresh ids ``{base}_{suffix}`` for ``(suffix, type, params)`` each."""
    taken = set(graph.nodes)
    nodes = []
    for suffix, block_type, params in blocks:
        wanted = f"{base[:48]}_{suffix}"
        node_id, i = wanted, 2
        while node_id in taken:
            node_id, i = f"{wanted}_{i}", i + 1
        taken.add(node_id)
        nodes.append(Node(node_id, block_type, dict(params)))
    return nodes


def place_below(graph: Graph, anchor: str, nodes: list[Node], edit: GraphEdit) -> None:
    """Put ``nodes`` one below the other under ``anchor`` and move everything lower than
    the anchor down by as much, so nothing overlaps (nodes without a position stay so)."""
    position = graph.nodes[anchor].position
    if position is None:
        return
    x, y = position
    for i, node in enumerate(nodes, 1):
        node.position = (x, y + i * STEP)
    shift = len(nodes) * STEP
    for node_id, node in graph.nodes.items():
        if node_id != anchor and node.position is not None and node.position[1] > y:
            edit.moves[node_id] = (node.position[0], node.position[1] + shift)


def place_above(graph: Graph, target: str, nodes: list[Node], edit: GraphEdit) -> None:
    """Put ``nodes`` where ``target`` is, one below the other, and move ``target`` and
    everything below it down to make room."""
    position = graph.nodes[target].position
    if position is None:
        return
    x, y = position
    for i, node in enumerate(nodes):
        node.position = (x, y + i * STEP)
    shift = len(nodes) * STEP
    for node_id, node in graph.nodes.items():
        if node.position is not None and node.position[1] >= y:
            edit.moves[node_id] = (node.position[0], node.position[1] + shift)
