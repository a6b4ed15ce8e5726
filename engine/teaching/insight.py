"""The 1×1 bottleneck: what a 1×1 convolution in front of a larger one saves.

A k×k convolution from C_in to C_out channels on an H×W map costs k²·C_in·C_out weights
and H·W·k²·C_in·C_out multiply-accumulates (MACs). A 1×1 convolution to r < C_in channels
in front of it (GoogLeNet's and ResNet-50's bottleneck; the lesson: "1×1 convolution
reduces computation") makes it C_in·r + k²·r·C_out. The lesson's example, GoogLeNet's
28×28×192 → 5×5×32: 120.4 M MACs alone, 2.4 M + 10.0 M with a 16-channel 1×1.

:func:`bottleneck_savings` measures this the honest way: it analyses the graph and a copy
with the edit applied, and reports the layer's own cost before and after as well as the
network's totals. :func:`bottleneck_edit` gives the edit itself (a 1×1 convolution, and
by default a ReLU after it: the lesson's third point, the added non-linearity), which the
app applies as one undoable step. :func:`inception_branches` looks inside an Inception
block: each branch's cost as built and without its 1×1 reduction.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.analysis import Analysis, analyse
from engine.graph import Edge, Graph
from engine.i18n import _
from engine.registry import get_spec, pair
from engine.teaching.edits import GraphEdit, apply_edit, chain, place_above

#: The lesson's bottleneck width (GoogLeNet's 192 → 16 before the 5×5).
LESSON_CHANNELS = 16


@dataclass(frozen=True)
class Cost:
    """Learnable parameters and multiply-accumulates (per sample) of one layer or a net."""

    params: int
    macs: int

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.params + other.params, self.macs + other.macs)


@dataclass(frozen=True)
class BottleneckSavings:
    """The convolution's own cost without and with a 1×1 in front, and the network's.

    ``layer_before`` is the convolution alone; ``reduce`` the inserted 1×1 and ``layer_after``
    the convolution on ``channels`` inputs; ``network_before``/``network_after`` the totals.
    """

    node_id: str
    channels: int
    in_channels: int
    out_channels: int
    kernel: tuple[int, int]
    size: tuple[int, int]  # the convolution's output H, W
    relu: bool
    layer_before: Cost
    reduce: Cost
    layer_after: Cost
    network_before: Cost
    network_after: Cost

    @property
    def layer_total(self) -> Cost:
        """The 1×1 and the convolution together (a ReLU adds nothing)."""
        return self.reduce + self.layer_after

    @property
    def saved_macs(self) -> int:
        return self.network_before.macs - self.network_after.macs

    @property
    def saved_params(self) -> int:
        return self.network_before.params - self.network_after.params

    @property
    def worthwhile(self) -> bool:
        """Whether it saves computation at all."""
        return self.saved_macs > 0


def default_channels(in_channels: int) -> int:
    """The lesson's 16 channels when they reduce anything, else a quarter of the input."""
    if in_channels > LESSON_CHANNELS:
        return LESSON_CHANNELS
    return max(1, in_channels // 4)


def bottleneck_problem(graph: Graph, analysis: Analysis, node_id: str) -> str | None:
    """Why a 1×1 bottleneck can't go in front of ``node_id``, or None when it can."""
    node = graph.nodes.get(node_id)
    if node is None or node.type != "Conv2d":
        return _("a 1×1 bottleneck goes in front of a Convolution block")
    params = get_spec("Conv2d").resolve(node.params)
    if pair(params["kernel_size"]) == (1, 1):
        return _("this convolution is already 1×1: a bottleneck in front would not help")
    if params["groups"] != 1:
        return _("a grouped convolution's channels are tied to its groups")
    return input_problem(graph, analysis, node_id)


def input_problem(graph: Graph, analysis: Analysis, node_id: str) -> str | None:
    """None when ``node_id`` has one input with a feature map and a shape of its own."""
    info = analysis.nodes.get(node_id)
    sources = graph.inputs_of(node_id)
    if info is None or info.shape is None or len(sources) != 1:
        return _("the block needs a working input first")
    in_shape = analysis.nodes[sources[0].source].shape
    if in_shape is None or len(in_shape) != 3:
        return _("the block needs a working input first")
    return None


def bottleneck_edit(graph: Graph, node_id: str, channels: int, relu: bool = True) -> GraphEdit:
    """The edit that puts a 1×1 convolution to ``channels`` (and a ReLU after it) in front
    of ``node_id``; the graph is not changed."""
    if channels < 1:
        raise ValueError(_("a bottleneck needs at least one channel"))
    incoming = graph.inputs_of(node_id)
    if len(incoming) != 1:
        raise ValueError(_("the block needs a working input first"))
    edge = incoming[0]
    blocks = [("reduce", "Conv1x1", {"out_channels": int(channels)})]
    if relu:
        blocks.append(("reduce_relu", "ReLU", {}))
    nodes = chain(graph, node_id, blocks)
    edit = GraphEdit(remove_edges=[edge], add_nodes=nodes)
    place_above(graph, node_id, nodes, edit)
    ids = [edge.source, *(n.id for n in nodes)]
    edit.add_edges = [Edge(a, b) for a, b in zip(ids, ids[1:])]
    edit.add_edges.append(Edge(ids[-1], node_id, edge.port))
    return edit


def bottleneck_savings(
    graph: Graph,
    node_id: str,
    channels: int | None = None,
    analysis: Analysis | None = None,
    relu: bool = True,
) -> BottleneckSavings:
    """The layer's and the network's cost without and with a 1×1 bottleneck before
    ``node_id``. ``channels`` defaults to :func:`default_channels`. Raises
    ``ValueError`` (saying why) when no bottleneck can go there."""
    analysis = analysis or analyse(graph)
    problem = bottleneck_problem(graph, analysis, node_id)
    if problem:
        raise ValueError(problem)
    in_channels = analysis.nodes[graph.inputs_of(node_id)[0].source].shape[0]
    channels = default_channels(in_channels) if channels is None else int(channels)
    edit = bottleneck_edit(graph, node_id, channels, relu)
    after = analysed_copy(graph, edit)
    out_shape = analysis.nodes[node_id].shape
    params = get_spec("Conv2d").resolve(graph.nodes[node_id].params)
    return BottleneckSavings(
        node_id,
        channels,
        in_channels,
        out_shape[0],
        pair(params["kernel_size"]),
        tuple(out_shape[1:]),
        relu,
        node_cost(analysis, node_id),
        node_cost(after, edit.new_ids[0]),
        node_cost(after, node_id),
        total_cost(analysis),
        total_cost(after),
    )


def analysed_copy(graph: Graph, edit: GraphEdit) -> Analysis:
    """The analysis of a copy of ``graph`` with ``edit`` applied."""
    edited = graph.copy()
    apply_edit(edited, edit)
    return analyse(edited)


def node_cost(analysis: Analysis, node_id: str) -> Cost:
    info = analysis.nodes[node_id]
    return Cost(info.params, info.macs)


def total_cost(analysis: Analysis) -> Cost:
    return Cost(analysis.total_params, analysis.total_macs)


# --------------------------------------------------------------------------- Inception


@dataclass(frozen=True)
class Branch:
    """One branch of an Inception block: its layers as built, and without the 1×1
    reduction in front of its larger kernel (None for the branches that have none)."""

    name: str  # "1×1", "1×1 → 3×3", "1×1 → 5×5", "pool → 1×1"
    layers: tuple[tuple[str, Cost], ...]  # (what, cost) in order, e.g. ("1×1, 192 → 16", …)
    built: Cost
    without_reduction: Cost | None
    direct: str = ""  # the layer without the reduction, e.g. "5×5, 192 → 32"


def inception_branches(
    graph: Graph, analysis: Analysis, node_id: str, kernel: int | None = None
) -> list[Branch]:
    """The four branches of Inception block ``node_id`` with their costs (as the block's
    shape rule counts them: bias without batch norm, two numbers per channel with it).

    ``kernel`` replaces the third branch's kernel: torchvision's GoogLeNet has 3×3 there,
    the paper (and the lesson's 28×28×192 → 5×5×32 example) 5×5.
    """
    node = graph.nodes[node_id]
    p = get_spec("InceptionBlock").resolve(node.params)
    cin, h, w = analysis.nodes[graph.inputs_of(node_id)[0].source].shape
    k, bn = kernel or p["kernel_5x5"], p["batch_norm"]

    def conv(ci: int, co: int, kk: int) -> tuple[str, Cost]:
        extra = 2 * co if bn else co
        return f"{kk}×{kk}, {ci} → {co}", Cost(ci * co * kk * kk + extra, ci * co * kk * kk * h * w)

    def reduced(red: str, out: str, kk: int) -> Branch:
        layers = (conv(cin, p[red], 1), conv(p[red], p[out], kk))
        direct_name, direct = conv(cin, p[out], kk)
        name = f"1×1 → {kk}×{kk}"
        return Branch(name, layers, layers[0][1] + layers[1][1], direct, direct_name)

    one = conv(cin, p["ch1x1"], 1)
    pool = conv(cin, p["pool_proj"], 1)
    return [
        Branch("1×1", (one,), one[1], None),
        reduced("ch3x3red", "ch3x3", 3),
        reduced("ch5x5red", "ch5x5", k),
        Branch(_("3×3 max pooling → 1×1"), (pool,), pool[1], None),
    ]
