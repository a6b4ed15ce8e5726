"""A hypothesis strategy for random valid graphs using every block type.

Graphs start at an Input, grow a chain of blocks with side branches merged by Add and
Concat, then flatten into Linear layers (with a feature Concat) and an Output. A block
whose shape rule rejects the current shape is skipped, so every graph compiles.
"""

from __future__ import annotations

from hypothesis import strategies as st

from engine.graph import Edge, Graph, Node
from engine.registry import ShapeProblem, get_spec

ACTIVATIONS = [
    "ReLU",
    "Tanh",
    "Sigmoid",
    "GELU",
    "SiLU",
    "LeakyReLU",
    "ReLU6",
    "Hardswish",
    "Hardsigmoid",
]
BN = {"bn_eps": 1e-3, "bn_momentum": 0.01}


class _Builder:
    def __init__(self, draw):
        self.draw = draw
        self.graph = Graph("random net")
        self.shapes: dict[str, tuple] = {}

    def add(self, type_name: str, params: dict, sources: list[str]) -> str | None:
        spec = get_spec(type_name)
        try:
            result = spec.infer([self.shapes[s] for s in sources], spec.resolve(params))
        except ShapeProblem:
            return None
        if any(d < 1 for d in result.shape):
            return None
        nid = self.graph.new_id(type_name.lower())
        self.graph.add_node(Node(nid, type_name, params))
        for port, src in enumerate(sources):
            self.graph.add_edge(Edge(src, nid, port))
        self.shapes[nid] = tuple(result.shape)
        return nid


def _int_or_pair(draw, lo, hi):
    if draw(st.booleans()):
        return draw(st.integers(lo, hi))
    return [draw(st.integers(lo, hi)), draw(st.integers(lo, hi))]


def _primitive(draw, b: _Builder, cur: str) -> tuple[str, dict]:
    c = b.shapes[cur][0]
    kind = draw(
        st.sampled_from(
            [
                "Conv2d",
                "Conv2d",
                "Conv1x1",
                "MaxPool2d",
                "AvgPool2d",
                "BatchNorm2d",
                "LocalResponseNorm",
                "act",
                "Dropout",
                "ResidualBlock",
                "DenseBlock",
                "Transition",
                "InceptionBlock",
                "AdaptiveAvgPool2d",
                "LayerNorm2d",
                "LayerScale",
                "StochasticDepth",
                "ChannelShuffle",
                "ChannelChunk",
                "SqueezeExcitation",
                "InvertedResidual",
                "MBConv",
                "FusedMBConv",
                "ShuffleUnit",
                "Fire",
                "ConvNeXtBlock",
                "InceptionV3Block",
            ]
        )
    )
    if kind == "InceptionV3Block" and draw(st.integers(0, 3)):
        kind = "act"  # a quarter as often as the others: hundreds of fixed channels
    if kind == "ConvNeXtBlock" and c > 64:
        kind = "act"  # its MLP has 8·C² weights
    if kind in MODERN:
        return kind, MODERN[kind](draw, c)
    if kind == "Conv2d":
        groups = draw(st.sampled_from([g for g in (1, 2, 3) if c % g == 0]))
        params = {
            "out_channels": groups * draw(st.integers(1, 4)),
            "kernel_size": _int_or_pair(draw, 1, 3),
            "groups": groups,
            "bias": draw(st.booleans()),
            "dilation": _int_or_pair(draw, 1, 2),
        }
        if draw(st.booleans()):
            params["padding"] = "same"
        else:
            params["padding"] = _int_or_pair(draw, 0, 2)
            params["stride"] = _int_or_pair(draw, 1, 2)
        return kind, params
    if kind == "Conv1x1":
        return kind, {
            "out_channels": draw(st.integers(1, 6)),
            "stride": draw(st.integers(1, 2)),
            "bias": draw(st.booleans()),
        }
    if kind in ("MaxPool2d", "AvgPool2d"):
        k = draw(st.integers(1, 3))
        return kind, {
            "kernel_size": k,
            "stride": draw(st.sampled_from([None, 1, 2])),
            "padding": draw(st.integers(0, k // 2)),
            "ceil_mode": draw(st.booleans()),
        }
    if kind == "act":
        name = draw(st.sampled_from(ACTIVATIONS))
        return name, ({"negative_slope": 0.2} if name == "LeakyReLU" else {})
    if kind == "Dropout":
        return kind, {"p": draw(st.sampled_from([0.0, 0.3]))}
    if kind == "ResidualBlock":
        return kind, {
            "out_channels": draw(st.integers(2, 8)),
            "stride": draw(st.integers(1, 2)),
            "bottleneck": draw(st.booleans()),
            "width": draw(st.sampled_from([None, 2, 3, 4])),
            "groups": draw(st.sampled_from([1, 1, 2])),
            "se_channels": draw(st.sampled_from([0, 0, 2])),
        }
    if kind == "DenseBlock":
        return kind, {
            "num_layers": draw(st.integers(1, 3)),
            "growth_rate": draw(st.integers(1, 4)),
            "bn_size": draw(st.integers(1, 2)),
        }
    if kind == "Transition":
        return kind, {"out_channels": draw(st.integers(1, 6))}
    if kind == "InceptionBlock":
        keys = ["ch1x1", "ch3x3red", "ch3x3", "ch5x5red", "ch5x5", "pool_proj"]
        params = {k: draw(st.integers(1, 3)) for k in keys}
        params.update(kernel_5x5=draw(st.sampled_from([3, 5])), batch_norm=draw(st.booleans()))
        return kind, params
    if kind == "AdaptiveAvgPool2d":
        return kind, {"output_size": _int_or_pair(draw, 1, 3)}
    return kind, {}


def _mobile(draw, c: int) -> dict:
    """Params shared by the inverted residual blocks."""
    return {
        "out_channels": draw(st.sampled_from([c, c, 4, 8])),
        "kernel_size": draw(st.sampled_from([1, 3, 5])),
        "stride": draw(st.integers(1, 2)),
        **draw(st.sampled_from([{}, BN])),
    }


MODERN = {
    "LayerNorm2d": lambda draw, c: {"eps": draw(st.sampled_from([1e-6, 1e-5]))},
    "LayerScale": lambda draw, c: {"init": draw(st.sampled_from([1e-6, 0.5]))},
    "StochasticDepth": lambda draw, c: {"p": draw(st.sampled_from([0.0, 0.2]))},
    "ChannelShuffle": lambda draw, c: {
        "groups": draw(st.sampled_from([g for g in (1, 2, 3) if c % g == 0]))
    },
    "ChannelChunk": lambda draw, c: {
        "chunks": (n := draw(st.integers(1, 3))),
        "index": draw(st.integers(0, n - 1)),
    },
    "SqueezeExcitation": lambda draw, c: {
        "squeeze_channels": draw(st.integers(1, 3)),
        "activation": draw(st.sampled_from(["ReLU", "SiLU"])),
        "gate": draw(st.sampled_from(["Sigmoid", "Hardsigmoid"])),
    },
    "InvertedResidual": lambda draw, c: {
        **_mobile(draw, c),
        "expand_ratio": draw(st.sampled_from([1.0, 2.0, 2.5])),
        "expanded_channels": draw(st.sampled_from([None, None, 6])),
        "activation": draw(st.sampled_from(["ReLU6", "ReLU", "Hardswish"])),
        "se": draw(st.booleans()),
    },
    "MBConv": lambda draw, c: {
        **_mobile(draw, c),
        "expand_ratio": draw(st.integers(1, 3)),
        "se_ratio": draw(st.sampled_from([0.25, 0.5, 0.0])),
        "stochastic_depth": draw(st.sampled_from([0.0, 0.1])),
    },
    "FusedMBConv": lambda draw, c: {
        **_mobile(draw, c),
        "expand_ratio": draw(st.integers(1, 3)),
        "stochastic_depth": draw(st.sampled_from([0.0, 0.1])),
    },
    "ShuffleUnit": lambda draw, c: {
        "out_channels": draw(st.sampled_from([c, c, 4, 6])),
        "stride": draw(st.integers(1, 2)),
    },
    "Fire": lambda draw, c: {
        "squeeze": draw(st.integers(1, 3)),
        "expand1x1": draw(st.integers(1, 4)),
        "expand3x3": draw(st.integers(1, 4)),
    },
    "ConvNeXtBlock": lambda draw, c: {
        "layer_scale": draw(st.sampled_from([1e-6, 0.5])),
        "stochastic_depth": draw(st.sampled_from([0.0, 0.1])),
    },
    # Inception v3's modules have hundreds of fixed channels: rare, and on small maps.
    "InceptionV3Block": lambda draw, c: {
        "variant": draw(st.sampled_from(["A", "B", "C", "D", "E"])),
        "pool_features": draw(st.integers(1, 4)),
        "channels_7x7": draw(st.integers(1, 4)),
    },
}


@st.composite
def random_graphs(draw) -> Graph:
    """A random graph that compiles, exercising every block type over many draws."""
    b = _Builder(draw)
    cur = b.add(
        "Input",
        {
            "channels": draw(st.integers(1, 4)),
            "height": draw(st.integers(6, 14)),
            "width": draw(st.integers(6, 14)),
        },
        [],
    )
    for _ in range(draw(st.integers(1, 6))):
        shape_kind = draw(st.sampled_from(["chain", "chain", "add", "concat", "gate"]))
        if shape_kind == "chain":
            kind, params = _primitive(draw, b, cur)
            cur = b.add(kind, params, [cur]) or cur
        elif shape_kind == "add":
            c = b.shapes[cur][0]
            side = b.add(
                "Conv2d",
                {
                    "out_channels": c,
                    "padding": "same",
                    "kernel_size": draw(st.sampled_from([1, 3])),
                },
                [cur],
            )
            side = b.add(draw(st.sampled_from(ACTIVATIONS[:5])), {}, [side]) if side else None
            if side:
                cur = b.add("Add", {}, [side, cur] if draw(st.booleans()) else [cur, side]) or cur
        elif shape_kind == "gate":  # squeeze-and-excitation by hand: Mul by a [C, 1, 1] gate
            pooled = b.add("AdaptiveAvgPool2d", {}, [cur])
            gate = b.add("Sigmoid", {}, [pooled]) if pooled else None
            if gate:
                cur = b.add("Mul", {}, [gate, cur] if draw(st.booleans()) else [cur, gate]) or cur
        else:
            branches = []
            for _ in range(draw(st.integers(2, 3))):
                kind, params = _primitive(draw, b, cur)
                nid = b.add(kind, params, [cur])
                if nid and b.shapes[nid][1:] == b.shapes[cur][1:] and len(b.shapes[nid]) == 3:
                    branches.append(nid)
                elif nid:
                    b.graph.remove_node(nid)
            if len(branches) >= 2:
                cur = b.add("Concat", {}, branches) or cur
            elif branches:
                cur = branches[0]
    cur = b.add("Flatten", {}, [cur])
    heads = [
        b.add(
            "Linear", {"out_features": draw(st.integers(1, 6)), "bias": draw(st.booleans())}, [cur]
        )
        for _ in range(draw(st.integers(1, 2)))
    ]
    cur = heads[0] if len(heads) == 1 else b.add("Concat", {}, heads)
    b.add("Output", {}, [cur])
    return b.graph
