"""Large graphs for the editing benchmarks: a long chain and fully expanded presets."""

from __future__ import annotations

from engine.expand import expand_all
from engine.graph import Edge, Graph, Node
from engine.layout import layered_layout
from engine.presets import load_preset


def long_chain(pairs: int = 1498, placed: bool = True) -> Graph:
    """Input, ``pairs`` × (Conv2d, ReLU), pooling, Flatten, Linear, Output.

    With the default 1,498 pairs: 3,000 blocks before the Output (3,001 in all).
    ``placed`` gives every block a position (as a saved project has).
    """
    nodes = [Node("input", "Input", {"channels": 3, "height": 32, "width": 32})]
    for i in range(pairs):
        conv = {"out_channels": 16, "kernel_size": 3, "padding": 1}
        nodes += [Node(f"conv{i}", "Conv2d", conv), Node(f"relu{i}", "ReLU")]
    nodes += [
        Node("pool", "AdaptiveAvgPool2d", {"output_size": 1}),
        Node("flatten", "Flatten"),
        Node("fc", "Linear", {"out_features": 10}),
        Node("output", "Output"),
    ]
    ids = [n.id for n in nodes]
    graph = Graph("chain", nodes, [Edge(a, b) for a, b in zip(ids, ids[1:])])
    if placed:
        for nid, position in layered_layout(graph).items():
            graph.nodes[nid].position = position
    return graph


def fully_expanded(preset: str) -> Graph:
    """``preset`` with every composite block expanded into primitives, laid out afresh."""
    graph = expand_all(load_preset(preset))
    for nid, position in layered_layout(graph).items():
        graph.nodes[nid].position = position
    return graph
