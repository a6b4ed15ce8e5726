"""Do two graphs describe the same network? (ids, labels and positions aside)

Used to check that importing an exported model gives back the graph it came from.
Parameters are compared by what they build: defaults filled in, ``3`` and ``[3, 3]``
alike, a pool's empty stride equal to its kernel, a bottleneck's empty width equal to
``out_channels // 4``, and a plain 1×1 ``Conv2d`` equal to the ``Conv1x1`` it imports as.
In a whole graph, a block is the module its declaration builds for its input shape
(:func:`built`): an inverted residual's expand ratio 2 on 8 channels is the same block
as 16 expanded channels.
"""

from __future__ import annotations

import hashlib
from typing import Any

from engine.analysis import analyse
from engine.blocks.code import Module
from engine.graph import Graph
from engine.registry import BOOL, CHOICE, FLOAT, INT_OR_PAIR, PADDING, get_spec, pair


def canonical(node_type: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The block type and resolved, normalised params that build the same module."""
    spec = get_spec(node_type)
    p = spec.resolve(params)
    out: dict[str, Any] = {}
    for param in spec.params:
        value = p.get(param.name)
        if value is None or value == "same":
            out[param.name] = value
        elif param.kind in (INT_OR_PAIR, PADDING):
            out[param.name] = pair(value)
        elif param.kind == FLOAT:
            out[param.name] = float(value)
        elif param.kind == BOOL:
            out[param.name] = bool(value)
        elif param.kind == CHOICE:
            out[param.name] = str(value)
        else:
            out[param.name] = int(value)
    if node_type in ("MaxPool2d", "AvgPool2d") and out["stride"] is None:
        out["stride"] = out["kernel_size"]
    if node_type == "ResidualBlock":
        if not out["bottleneck"]:
            out["width"] = None
        elif out["width"] is None:
            out["width"] = max(1, out["out_channels"] // 4)
    if node_type == "Conv2d" and _plain_1x1(out):
        return "Conv1x1", {
            "out_channels": out["out_channels"],
            "stride": out["stride"],
            "bias": out["bias"],
        }
    return spec.type, out


def _plain_1x1(p: dict[str, Any]) -> bool:
    padding_none = p["padding"] == "same" or p["padding"] == (0, 0)
    return (
        p["kernel_size"] == (1, 1) and padding_none and p["dilation"] == (1, 1) and p["groups"] == 1
    )


#: Params that only set the starting value of a learned tensor: the weights carry them
#: (on the "meta" device, without weights, they can't be read back).
STARTING_VALUES = {"LayerScale": ("init",), "ConvNeXtBlock": ("layer_scale",)}


def built(node_type: str, params: dict[str, Any], inputs: list) -> str:
    """What a block builds for ``inputs``: its module's constructor as code, or its
    canonical type and params for a block without one (starting values aside)."""
    spec = get_spec(node_type)
    params = {k: v for k, v in params.items() if k not in STARTING_VALUES.get(spec.type, ())}
    type_name, p = canonical(node_type, params)
    code = get_spec(type_name).code
    if isinstance(code, Module) and inputs and all(s is not None for s in inputs):
        callee, args = code.call(inputs, p)
        return f"{callee}({', '.join(args)})"
    return f"{type_name}|{sorted(p.items(), key=lambda kv: kv[0])!r}"


def signature(graph: Graph) -> str:
    """A hash of the network seen from its Output: every block's module (:func:`built`)
    and, recursively, its inputs in port order. Equal networks (any ids) have equal
    signatures."""
    memo: dict[str, str] = {}
    order = _topological(graph)
    analysis = analyse(graph)
    for nid in order:
        node = graph.nodes[nid]
        edges = graph.inputs_of(nid)
        inputs = [memo.get(e.source, "?") for e in edges]
        shapes = [analysis.edge_shape(e.source) for e in edges]
        text = f"{built(node.type, node.params, shapes)}|{inputs!r}"
        memo[nid] = hashlib.sha256(text.encode()).hexdigest()
    outputs = sorted(memo[n] for n in graph.nodes if graph.nodes[n].type == "Output")
    return hashlib.sha256("|".join(outputs).encode()).hexdigest()


def same_structure(a: Graph, b: Graph) -> bool:
    """Same blocks, params and connections (ids may differ), and no extra blocks."""
    return len(a.nodes) == len(b.nodes) and signature(a) == signature(b)


def _topological(graph: Graph) -> list[str]:
    indegree = {nid: 0 for nid in graph.nodes}
    for e in graph.edges:
        indegree[e.target] += 1
    ready = [nid for nid, d in indegree.items() if d == 0]
    order = []
    while ready:
        nid = ready.pop()
        order.append(nid)
        for e in graph.outputs_of(nid):
            indegree[e.target] -= 1
            if indegree[e.target] == 0:
                ready.append(e.target)
    return order
