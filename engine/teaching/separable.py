"""Depthwise separable convolution: what replacing a k×k convolution would save.

A k×k convolution from C_in to C_out channels on an H×W output map costs k²·C_in·C_out
weights and H·W·k²·C_in·C_out multiply-accumulates. MobileNet splits it in two: a
depthwise k×k convolution (``groups = C_in``: each channel filtered on its own, k²·C_in
weights) and a pointwise 1×1 convolution that mixes the channels (C_in·C_out). The cost
falls to a fraction 1/C_out + 1/k² of the original (for 3×3 and 128 output channels,
about an eighth).

As for the 1×1 bottleneck (:mod:`engine.teaching.insight`), :func:`separable_savings`
compares two analyses (the graph and a copy with the edit applied) and
:func:`separable_edit` gives the edit: the convolution becomes the depthwise one (same
kernel, stride, padding and dilation; no bias, the pointwise layer has it), and a 1×1 to
C_out follows it, optionally after a ReLU (MobileNet puts BN + ReLU there).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.analysis import Analysis, analyse
from engine.graph import Edge, Graph
from engine.i18n import _
from engine.registry import get_spec, pair
from engine.teaching.edits import GraphEdit, chain, place_below
from engine.teaching.insight import Cost, analysed_copy, input_problem, node_cost, total_cost


@dataclass(frozen=True)
class SeparableSavings:
    """The convolution's cost now, as depthwise + pointwise, and the network's totals."""

    node_id: str
    in_channels: int
    out_channels: int
    kernel: tuple[int, int]
    size: tuple[int, int]  # output H, W
    relu: bool
    layer_before: Cost
    depthwise: Cost
    pointwise: Cost
    network_before: Cost
    network_after: Cost

    @property
    def layer_after(self) -> Cost:
        return self.depthwise + self.pointwise

    @property
    def ratio(self) -> float:
        """MACs after / before for the layer: 1/C_out + 1/k² (for a square kernel)."""
        return self.layer_after.macs / self.layer_before.macs if self.layer_before.macs else 0.0

    @property
    def saved_macs(self) -> int:
        return self.network_before.macs - self.network_after.macs


def separable_problem(graph: Graph, analysis: Analysis, node_id: str) -> str | None:
    """Why ``node_id`` can't become depthwise separable, or None when it can."""
    node = graph.nodes.get(node_id)
    if node is None or node.type != "Conv2d":
        return _("only a Convolution block can become depthwise separable")
    params = get_spec("Conv2d").resolve(node.params)
    if pair(params["kernel_size"]) == (1, 1):
        return _("a 1×1 convolution has nothing to separate: it is already pointwise")
    if params["groups"] != 1:
        return _("this convolution is already grouped (groups {groups})", groups=params["groups"])
    return input_problem(graph, analysis, node_id)


def separable_edit(graph: Graph, analysis: Analysis, node_id: str, relu: bool = False) -> GraphEdit:
    """The edit that makes ``node_id`` depthwise and puts a pointwise 1×1 after it."""
    node = graph.nodes[node_id]
    in_channels = analysis.nodes[graph.inputs_of(node_id)[0].source].shape[0]
    params = get_spec("Conv2d").resolve(node.params)
    depthwise = {**node.params, "out_channels": in_channels, "groups": in_channels}
    depthwise["bias"] = False
    blocks = [("relu", "ReLU", {})] if relu else []
    pointwise = {"out_channels": params["out_channels"]}
    if not params["bias"]:
        pointwise["bias"] = False
    blocks.append(("pointwise", "Conv1x1", pointwise))
    nodes = chain(graph, node_id, blocks)
    outgoing = graph.outputs_of(node_id)
    edit = GraphEdit(remove_edges=list(outgoing), set_params={node_id: depthwise})
    edit.add_nodes = nodes
    place_below(graph, node_id, nodes, edit)
    ids = [node_id, *(n.id for n in nodes)]
    edit.add_edges = [Edge(a, b) for a, b in zip(ids, ids[1:])]
    edit.add_edges += [Edge(ids[-1], e.target, e.port) for e in outgoing]
    return edit


def separable_savings(
    graph: Graph, node_id: str, analysis: Analysis | None = None, relu: bool = False
) -> SeparableSavings:
    """The layer's and the network's cost now and as depthwise + pointwise convolutions.

    Raises ``ValueError`` (saying why) when ``node_id`` can't be separated.
    """
    analysis = analysis or analyse(graph)
    problem = separable_problem(graph, analysis, node_id)
    if problem:
        raise ValueError(problem)
    edit = separable_edit(graph, analysis, node_id, relu)
    after = analysed_copy(graph, edit)
    out_shape = analysis.nodes[node_id].shape
    params = get_spec("Conv2d").resolve(graph.nodes[node_id].params)
    return SeparableSavings(
        node_id,
        analysis.nodes[graph.inputs_of(node_id)[0].source].shape[0],
        out_shape[0],
        pair(params["kernel_size"]),
        tuple(out_shape[1:]),
        relu,
        node_cost(analysis, node_id),
        node_cost(after, node_id),
        node_cost(after, edit.new_ids[-1]),
        total_cost(analysis),
        total_cost(after),
    )
