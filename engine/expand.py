"""Expanding a composite block into the primitive blocks it stands for.

A composite node is replaced by the ``Conv2d``/``BatchNorm2d``/``ReLU``/``Add``/
``Concat``/pooling/... nodes it is made of, wired identically, so that the expanded
graph has the same parameters and output shape. ``ResidualBlock``, ``DenseBlock``,
``Transition`` and ``InceptionBlock`` are laid out by hand here (no torch needed); every
other composite is expanded by tracing its own module (:mod:`engine.nets`) with the
importer, so a new composite needs nothing here. A squeeze-and-excitation inside a block
stays one block (expand it in turn). This is a pure rewrite: :func:`expand_node` returns
the replacement and leaves the graph untouched (the app applies it as one undoable edit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.i18n import _
from engine.registry import Shape, get_spec

#: Spacing of the expanded nodes around the original position (scene units).
COLUMN = 240.0  # a block is 184 wide: half a column leaves a lane for an edge
ROW = 110.0


class _Builder:
    """Collects the replacement nodes (fresh ids, positions on a grid) and edges."""

    def __init__(self, graph: Graph, node: Node, structure_only: bool = False):
        self.graph = graph
        self.structure_only = structure_only
        self.prefix = node.id[:40]
        self.origin = node.position
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self._taken = set(graph.nodes)

    def add(self, suffix: str, type_name: str, params: dict[str, Any], col: float, row: int) -> str:
        node_id = self._fresh(f"{self.prefix}_{suffix}")
        position = None
        if self.origin is not None:
            position = (self.origin[0] + col * COLUMN, self.origin[1] + row * ROW)
        self.nodes.append(Node(node_id, type_name, params, None, position))
        return node_id

    def link(self, source: str | None, target: str, port: int = 0) -> None:
        if source is not None:
            self.edges.append(Edge(source, target, port))

    def chain(
        self, source: str | None, layers: list[tuple[str, str, dict]], col: float, row: int
    ) -> tuple[str | None, int]:
        """Add ``layers`` one below the other after ``source``; return the last id and row."""
        for suffix, type_name, params in layers:
            node_id = self.add(suffix, type_name, params, col, row)
            self.link(source, node_id)
            source, row = node_id, row + 1
        return source, row

    def _fresh(self, base: str) -> str:
        candidate, i = base, 2
        while candidate in self._taken:
            candidate, i = f"{base}_{i}", i + 1
        self._taken.add(candidate)
        return candidate


def expand_node(
    graph: Graph, node_id: str, structure_only: bool = False
) -> tuple[list[Node], list[Edge]]:
    """The primitive nodes and edges that replace composite node ``node_id``.

    The edges include those joining the replacement to the rest of the graph (the
    composite's input feeds the first layers; its consumers take the last one on the
    same ports). Raises ``ValueError`` when the node can't be expanded (not a
    composite, a required parameter missing, or the input channels unknown where the
    structure depends on them). ``structure_only``: only the layers and their wiring
    are wanted (a traced block's squeeze-and-excitation comes as its layers too, and
    parameters read from module values may be missing), traced without arithmetic.
    """
    node = graph.nodes[node_id]
    spec = get_spec(node.type)
    if spec is None or not spec.composite:
        raise ValueError(_("{type} is not a composite block", type=node.type))
    params = spec.resolve(node.params)
    missing = [p.name for p in spec.params if p.required and p.name not in params]
    if missing:
        raise ValueError(_("set parameter {name} before expanding", name=missing[0]))
    inputs = [e for e in graph.inputs_of(node_id) if e.port == 0]
    source = inputs[0].source if inputs else None
    builder = _Builder(graph, node, structure_only)
    expander = spec.expand or _EXPANDERS.get(spec.type, _traced)
    last = expander(builder, source, params, _input_shape(graph, source), spec.type)
    for edge in graph.outputs_of(node_id):
        builder.link(last, edge.target, edge.port)
    return builder.nodes, builder.edges


def expand_all(graph: Graph) -> Graph:
    """Expand every composite block of ``graph`` in place (nested results included);
    returns ``graph``. The new blocks take the composites' places in the node order."""
    while True:
        composite = next((n for n, v in graph.nodes.items() if _is_composite(v.type)), None)
        if composite is None:
            return graph
        nodes, edges = expand_node(graph, composite)
        index = list(graph.nodes).index(composite)
        graph.remove_node(composite)
        for offset, node in enumerate(nodes):
            graph.add_node(node, index + offset)
        for edge in edges:
            graph.add_edge(edge)


def traces(type_name: str) -> bool:
    """Whether expanding a block of this type traces its module (which needs torch)."""
    spec = get_spec(type_name)
    return bool(spec and spec.composite and spec.expand is None and type_name not in _EXPANDERS)


def _is_composite(type_name: str) -> bool:
    spec = get_spec(type_name)
    return bool(spec and spec.composite)


def _input_shape(graph: Graph, source: str | None) -> Shape | None:
    if source is None:
        return None
    return analyse(graph).edge_shape(source)


def _conv(
    channels: int,
    kernel: int,
    stride: int = 1,
    padding: int = 0,
    bias: bool = False,
    groups: int = 1,
) -> dict[str, Any]:
    params: dict[str, Any] = {"out_channels": channels, "kernel_size": kernel}
    if stride != 1:
        params["stride"] = stride
    if padding:
        params["padding"] = padding
    if groups != 1:
        params["groups"] = groups
    params["bias"] = bias
    return params


# --------------------------------------------------------------------------- residual


def _residual(b: _Builder, source: str | None, p: dict, shape: Shape | None, _t=None) -> str:
    if shape is None or len(shape) != 3:
        raise ValueError(
            _("connect the block's input first: its shortcut depends on the input channels")
        )
    cout, stride, groups = p["out_channels"], p["stride"], p["groups"]
    se = [("se", "SqueezeExcitation", {"squeeze_channels": p["se_channels"]})]
    se = se if p["se_channels"] else []
    if p["bottleneck"]:
        width = p["width"] if p["width"] is not None else max(1, cout // 4)
        layers = [
            ("conv1", "Conv2d", _conv(width, 1)),
            ("bn1", "BatchNorm2d", {}),
            ("relu1", "ReLU", {}),
            ("conv2", "Conv2d", _conv(width, 3, stride, 1, groups=groups)),
            ("bn2", "BatchNorm2d", {}),
            ("relu2", "ReLU", {}),
            *se,
            ("conv3", "Conv2d", _conv(cout, 1)),
            ("bn3", "BatchNorm2d", {}),
        ]
    else:
        layers = [
            ("conv1", "Conv2d", _conv(cout, 3, stride, 1, groups=groups)),
            ("bn1", "BatchNorm2d", {}),
            ("relu1", "ReLU", {}),
            *se,
            ("conv2", "Conv2d", _conv(cout, 3, 1, 1, groups=groups)),
            ("bn2", "BatchNorm2d", {}),
        ]
    # Main path left of the block's axis, projection right of it, so the shortcut edge
    # (identity or projected) runs down a free lane instead of through the blocks.
    main, row = b.chain(source, layers, -0.5, 0)
    shortcut = source
    if stride != 1 or shape[0] != cout:
        shortcut, _last = b.chain(
            source,
            [("shortcut", "Conv2d", _conv(cout, 1, stride)), ("shortcut_bn", "BatchNorm2d", {})],
            0.5,
            row - 2,
        )
    add = b.add("add", "Add", {}, 0, row)
    b.link(main, add, 0)
    b.link(shortcut, add, 1)
    relu, _last = b.chain(add, [("relu", "ReLU", {})], 0, row + 1)
    return relu


# --------------------------------------------------------------------------- dense


def _dense(b: _Builder, source: str | None, p: dict, shape: Shape | None, _t=None) -> str | None:
    growth, mid = p["growth_rate"], p["bn_size"] * p["growth_rate"]
    trunk, row = source, 0
    for i in range(1, p["num_layers"] + 1):
        layers = [
            (f"l{i}_bn1", "BatchNorm2d", {}),
            (f"l{i}_relu1", "ReLU", {}),
            (f"l{i}_conv1", "Conv2d", _conv(mid, 1)),
            (f"l{i}_bn2", "BatchNorm2d", {}),
            (f"l{i}_relu2", "ReLU", {}),
            (f"l{i}_conv2", "Conv2d", _conv(growth, 3, 1, 1)),
        ]
        if p["drop_rate"] > 0:
            layers.append((f"l{i}_drop", "Dropout", {"p": p["drop_rate"]}))
        last, row = b.chain(trunk, layers, -0.5, row)
        concat = b.add(f"l{i}_concat", "Concat", {}, 0.5, row)
        b.link(trunk, concat, 0)
        b.link(last, concat, 1)
        trunk, row = concat, row + 1
    return trunk


# --------------------------------------------------------------------------- transition


def _transition(
    b: _Builder, source: str | None, p: dict, shape: Shape | None, _t=None
) -> str | None:
    layers = [
        ("bn", "BatchNorm2d", {}),
        ("relu", "ReLU", {}),
        ("conv", "Conv2d", _conv(p["out_channels"], 1)),
        ("pool", "AvgPool2d", {"kernel_size": 2, "stride": 2}),
    ]
    last, _row = b.chain(source, layers, 0, 0)
    return last


# --------------------------------------------------------------------------- inception


def _inception(b: _Builder, source: str | None, p: dict, shape: Shape | None, _t=None) -> str:
    k, bn = p["kernel_5x5"], p["batch_norm"]

    def conv_block(name: str, channels: int, kernel: int) -> list[tuple[str, str, dict]]:
        layers = [(name, "Conv2d", _conv(channels, kernel, 1, kernel // 2, bias=not bn))]
        if bn:
            layers.append((f"{name}_bn", "BatchNorm2d", {"eps": 0.001}))
        return layers + [(f"{name}_relu", "ReLU", {})]

    branches = [
        conv_block("b1", p["ch1x1"], 1),
        conv_block("b2_reduce", p["ch3x3red"], 1) + conv_block("b2", p["ch3x3"], 3),
        conv_block("b3_reduce", p["ch5x5red"], 1) + conv_block("b3", p["ch5x5"], k),
        [("b4_pool", "MaxPool2d", {"kernel_size": 3, "stride": 1, "padding": 1})]
        + conv_block("b4", p["pool_proj"], 1),
    ]
    depth = max(len(layers) for layers in branches)
    concat_inputs = [b.chain(source, layers, i - 1.5, 0)[0] for i, layers in enumerate(branches)]
    concat = b.add("concat", "Concat", {}, 0, depth)
    for port, last in enumerate(concat_inputs):
        b.link(last, concat, port)
    return concat


# --------------------------------------------------------------------------- traced


def _traced(b: _Builder, source: str | None, p: dict, shape: Shape | None, type_name: str):
    """Any other composite: its own module traced into blocks (torch needed)."""
    if shape is None or len(shape) != 3:
        raise ValueError(_("connect the block's input first: its layers depend on the input shape"))
    from engine.importer.composites import module_ir

    ir = module_ir(type_name, p, tuple(shape), structure_only=b.structure_only)
    ext = next(k for k, n in ir.nodes.items() if n.type == "Input")
    ids, depth, columns = {ext: source}, {ext: -1}, {}
    for key, node in ir.nodes.items():
        if key == ext:
            continue
        row = 1 + max(depth[s] for s in node.inputs)
        depth[key] = row
        column = columns.setdefault(row, [])
        column.append(key)
        ids[key] = b.add(key.replace(".", "_"), node.type, dict(node.params), 0, row)
        for port, src in enumerate(node.inputs):
            b.link(ids[src], ids[key], port)
    _spread(b, columns, ids)
    return ids[ir.output]


def _spread(b: _Builder, columns: dict[int, list[str]], ids: dict) -> None:
    """Side by side, centred on the block's axis, the nodes at the same depth."""
    placed = {n.id: n for n in b.nodes}
    for keys in columns.values():
        for i, key in enumerate(keys):
            node = placed[ids[key]]
            if node.position is not None:
                x, y = node.position
                node.position = (x + (i - (len(keys) - 1) / 2) * COLUMN, y)


_EXPANDERS: dict[str, Callable[..., str | None]] = {
    "ResidualBlock": _residual,
    "DenseBlock": _dense,
    "Transition": _transition,
    "InceptionBlock": _inception,
}
