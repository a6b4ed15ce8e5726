"""The 1×1 bottleneck: what a 1×1 convolution in front of a larger one would save.

A k×k convolution from C_in to C_out channels costs C_in·k²·C_out weights and as many
multiply-accumulates per output pixel. Putting a 1×1 convolution to r < C_in channels
in front of it (the bottleneck of GoogLeNet and ResNet-50, lesson: "1×1 convolution
reduces computation") makes it C_in·r + r·k²·C_out. :func:`bottleneck_savings`
measures this the honest way: it analyses the graph and a copy with the 1×1 inserted,
and reports the difference of the two analyses. :func:`insert_bottleneck` gives the
edit itself, which the app applies as one undoable step.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.analysis import Analysis, analyse
from engine.graph import Edge, Graph, Node
from engine.registry import get_spec, pair

#: How far below the convolution the 1×1 goes when the nodes have no positions.
_OFFSET = 110.0


@dataclass(frozen=True)
class BottleneckSavings:
    """Totals of the network without and with the 1×1 bottleneck (saved = before − after)."""

    node_id: str
    channels: int
    in_channels: int
    out_channels: int
    kernel: tuple[int, int]
    params_before: int
    params_after: int
    macs_before: int
    macs_after: int

    @property
    def saved_params(self) -> int:
        return self.params_before - self.params_after

    @property
    def saved_macs(self) -> int:
        return self.macs_before - self.macs_after

    @property
    def worthwhile(self) -> bool:
        """Whether it saves computation at all."""
        return self.saved_macs > 0


def default_channels(in_channels: int) -> int:
    """The usual bottleneck width: a quarter of the input channels (at least 1)."""
    return max(1, in_channels // 4)


def bottleneck_problem(graph: Graph, analysis: Analysis, node_id: str) -> str | None:
    """Why a 1×1 bottleneck can't go in front of ``node_id``, or None when it can."""
    node = graph.nodes.get(node_id)
    if node is None or node.type != "Conv2d":
        return "a 1×1 bottleneck goes in front of a Convolution block"
    params = get_spec("Conv2d").resolve(node.params)
    if pair(params["kernel_size"]) == (1, 1):
        return "this convolution is already 1×1: a bottleneck in front would not help"
    if params["groups"] != 1:
        return "a grouped convolution's channels are tied to its groups"
    info = analysis.nodes.get(node_id)
    sources = graph.inputs_of(node_id)
    if info is None or info.shape is None or len(sources) != 1:
        return "the block needs a working input first"
    in_shape = analysis.nodes[sources[0].source].shape
    if in_shape is None or len(in_shape) != 3:
        return "the block needs a working input first"
    return None


def insert_bottleneck(
    graph: Graph, node_id: str, channels: int
) -> tuple[Node, list[Edge], list[Edge]]:
    """The edit that puts a 1×1 convolution to ``channels`` in front of ``node_id``.

    Returns ``(new_node, edges_to_remove, edges_to_add)``; the graph is not changed.
    """
    if channels < 1:
        raise ValueError("a bottleneck needs at least one channel")
    incoming = graph.inputs_of(node_id)
    if len(incoming) != 1:
        raise ValueError(f"node {node_id!r} needs exactly one input")
    edge = incoming[0]
    new_id = graph.new_id(f"{node_id[:48]}_reduce")
    node = Node(
        new_id,
        "Conv1x1",
        {"out_channels": int(channels)},
        None,
        _between(graph, edge.source, node_id),
    )
    return node, [edge], [Edge(edge.source, new_id, 0), Edge(new_id, node_id, edge.port)]


def apply_edit(graph: Graph, node: Node, remove: list[Edge], add: list[Edge]) -> None:
    """Apply an edit from :func:`insert_bottleneck` to ``graph`` (for copies and tests)."""
    for edge in remove:
        graph.remove_edge(edge)
    graph.add_node(node)
    for edge in add:
        graph.add_edge(edge)


def bottleneck_savings(
    graph: Graph, node_id: str, channels: int | None = None, analysis: Analysis | None = None
) -> BottleneckSavings:
    """Parameters and MACs of the network without and with a 1×1 bottleneck before ``node_id``.

    ``channels`` defaults to a quarter of the convolution's input channels. Raises
    ``ValueError`` (saying why) when no bottleneck can go there.
    """
    analysis = analysis or analyse(graph)
    problem = bottleneck_problem(graph, analysis, node_id)
    if problem:
        raise ValueError(problem)
    source = graph.inputs_of(node_id)[0].source
    in_channels = analysis.nodes[source].shape[0]
    channels = default_channels(in_channels) if channels is None else int(channels)
    edited = graph.copy()
    apply_edit(edited, *insert_bottleneck(edited, node_id, channels))
    after = analyse(edited)
    params = get_spec("Conv2d").resolve(graph.nodes[node_id].params)
    return BottleneckSavings(
        node_id,
        channels,
        in_channels,
        analysis.nodes[node_id].shape[0],
        pair(params["kernel_size"]),
        analysis.total_params,
        after.total_params,
        analysis.total_macs,
        after.total_macs,
    )


def _between(graph: Graph, source: str, target: str) -> tuple[float, float] | None:
    a, b = graph.nodes[source].position, graph.nodes[target].position
    if a is None or b is None:
        return None if b is None else (b[0], b[1] - _OFFSET)
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
