"""Small networks the tests share."""

from __future__ import annotations

from engine.graph import Edge, Graph, Node


def tiny_chain(classes: int = 10, size: int = 8) -> Graph:
    """Input 1×size×size → Conv 4 → ReLU → Flatten → Linear(classes) → Output."""
    nodes = [
        Node("input", "Input", {"channels": 1, "height": size, "width": size}),
        Node("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}),
        Node("relu", "ReLU"),
        Node("flat", "Flatten"),
        Node("head", "Linear", {"out_features": classes}),
        Node("output", "Output"),
    ]
    return chain("tiny", nodes)


def chain(name: str, nodes: list[Node]) -> Graph:
    """``nodes`` joined one after the other."""
    ids = [n.id for n in nodes]
    return Graph(name, nodes, [Edge(a, b) for a, b in zip(ids, ids[1:])])
