"""Expanding composite blocks keeps parameters and output shape."""

import pytest

from engine.analysis import analyse
from engine.expand import expand_node
from engine.graph import Edge, Graph, Node
from engine.registry import all_specs, get_spec

INCEPTION = {
    "ch1x1": 64,
    "ch3x3red": 96,
    "ch3x3": 128,
    "ch5x5red": 16,
    "ch5x5": 32,
    "pool_proj": 32,
}


def _net(type_name: str, params: dict, channels: int = 64, size: int = 28) -> Graph:
    nodes = [
        Node("in", "Input", {"channels": channels, "height": size, "width": size}, None, (0, 0)),
        Node("block", type_name, params, None, (0, 100)),
        Node("pool", "AdaptiveAvgPool2d", {}, None, (0, 200)),
        Node("out", "Output", {}, None, (0, 300)),
    ]
    edges = [Edge("in", "block"), Edge("block", "pool"), Edge("pool", "out")]
    return Graph("t", nodes, edges)


def _apply(graph: Graph, node_id: str) -> Graph:
    nodes, edges = expand_node(graph, node_id)
    expanded = graph.copy()
    expanded.remove_node(node_id)
    for node in nodes:
        expanded.add_node(node)
    for edge in edges:
        expanded.add_edge(edge)
    return expanded


CASES = [
    ("ResidualBlock", {"out_channels": 64}, 64),
    ("ResidualBlock", {"out_channels": 128, "stride": 2}, 64),
    ("ResidualBlock", {"out_channels": 96}, 64),
    ("ResidualBlock", {"out_channels": 256, "bottleneck": True}, 64),
    ("ResidualBlock", {"out_channels": 512, "stride": 2, "bottleneck": True, "width": 128}, 256),
    ("ResidualBlock", {"out_channels": 256, "bottleneck": True}, 256),
    ("DenseBlock", {"num_layers": 1}, 64),
    ("DenseBlock", {"num_layers": 6}, 64),
    ("DenseBlock", {"num_layers": 3, "growth_rate": 12, "bn_size": 2, "drop_rate": 0.2}, 24),
    ("Transition", {"out_channels": 128}, 256),
    ("Transition", {"out_channels": 7}, 3),
    ("InceptionBlock", INCEPTION, 192),
    ("InceptionBlock", {**INCEPTION, "kernel_5x5": 3, "batch_norm": True}, 192),
    ("InceptionBlock", {**INCEPTION, "kernel_5x5": 7}, 32),
]


@pytest.mark.parametrize(("type_name", "params", "channels"), CASES)
def test_expansion_keeps_params_and_shape(type_name, params, channels):
    graph = _net(type_name, params, channels)
    before = analyse(graph)
    assert before.ok, before.problems
    expanded = _apply(graph, "block")
    after = analyse(expanded)
    assert after.ok, after.problems
    assert after.total_params == before.total_params
    assert after.total_macs == before.total_macs
    assert after.output_shape == before.output_shape
    assert after.nodes["pool"].shape == before.nodes["pool"].shape
    assert all(not get_spec(n.type).composite for n in expanded.nodes.values())


def test_expansion_leaves_graph_untouched_and_uses_fresh_ids():
    graph = _net("ResidualBlock", {"out_channels": 128, "stride": 2})
    graph.add_node(Node("block_conv1", "ReLU"))
    before = [n.id for n in graph.nodes.values()]
    nodes, edges = expand_node(graph, "block")
    assert [n.id for n in graph.nodes.values()] == before
    ids = [n.id for n in nodes]
    assert len(set(ids)) == len(ids)
    assert not set(ids) & set(graph.nodes)
    assert Edge(ids[-1], "pool", 0) in edges


def test_expanded_nodes_sit_below_the_original():
    graph = _net("Transition", {"out_channels": 32})
    nodes, _ = expand_node(graph, "block")
    assert nodes[0].position == (0, 100)  # the first layer takes its place
    assert [n.position[1] for n in nodes] == sorted(n.position[1] for n in nodes)


def test_primitive_block_cannot_be_expanded():
    graph = _net("Transition", {"out_channels": 32})
    with pytest.raises(ValueError, match="not a composite"):
        expand_node(graph, "pool")


def test_residual_needs_a_connected_input():
    graph = _net("ResidualBlock", {"out_channels": 64})
    graph.remove_edge(Edge("in", "block"))
    with pytest.raises(ValueError, match="input"):
        expand_node(graph, "block")


FAMILIES = [
    ("ResidualBlock", {"out_channels": 64, "bottleneck": True, "groups": 8, "se_channels": 16}, 64),
    ("ResidualBlock", {"out_channels": 96, "stride": 2, "groups": 4, "se_channels": 8}, 64),
    ("SqueezeExcitation", {"squeeze_channels": 8, "gate": "Hardsigmoid"}, 32),
    ("InvertedResidual", {"out_channels": 32}, 32),
    ("InvertedResidual", {"out_channels": 40, "expand_ratio": 1.0, "stride": 2, "se": True}, 40),
    ("InvertedResidual", {"out_channels": 24, "expanded_channels": 88, "kernel_size": 5}, 24),
    ("MBConv", {"out_channels": 32, "stochastic_depth": 0.1}, 32),
    ("MBConv", {"out_channels": 48, "expand_ratio": 1, "stride": 2, "kernel_size": 5}, 32),
    ("FusedMBConv", {"out_channels": 48, "stride": 2}, 24),
    ("FusedMBConv", {"out_channels": 24, "expand_ratio": 1, "stochastic_depth": 0.2}, 24),
    ("ShuffleUnit", {"out_channels": 64}, 64),
    ("ShuffleUnit", {"out_channels": 116, "stride": 2}, 24),
    ("Fire", {"squeeze": 16, "expand1x1": 64, "expand3x3": 64}, 96),
    ("ConvNeXtBlock", {"layer_scale": 0.5}, 48),
    *[("InceptionV3Block", {"variant": v}, 48) for v in "ABCDE"],
]


@pytest.mark.parametrize(("type_name", "params", "channels"), FAMILIES)
def test_every_composite_expands_keeping_params_macs_and_shape(type_name, params, channels):
    graph = _net(type_name, params, channels, size=17)
    before = analyse(graph)
    assert before.ok, before.problems
    expanded = _apply(graph, "block")
    after = analyse(expanded)
    assert after.ok, after.problems
    assert (after.total_params, after.total_macs) == (before.total_params, before.total_macs)
    assert after.output_shape == before.output_shape
    kinds = {n.type for n in expanded.nodes.values()}
    assert type_name not in kinds and kinds <= {s.type for s in all_specs()}
    inner = {t for t in kinds if get_spec(t).composite}
    assert inner <= {"SqueezeExcitation"}  # one level at a time


def test_expanding_keeps_the_blocks_settings():
    graph = _net("ConvNeXtBlock", {"layer_scale": 0.5, "stochastic_depth": 0.2}, 16)
    expanded = _apply(graph, "block")
    by_type = {n.type: n.params for n in expanded.nodes.values()}
    assert by_type["LayerScale"] == {"init": 0.5}
    assert by_type["StochasticDepth"] == {"p": 0.2}
    assert by_type["LayerNorm2d"] == {}
    positions = [n.position for n in expanded.nodes.values()]
    assert len(set(positions)) == len(positions)


def test_every_new_composite_lists_its_layers_for_the_canvas():
    classic = {"ResidualBlock", "DenseBlock", "Transition", "InceptionBlock"}  # the canvas's
    for spec in all_specs():
        if spec.composite and spec.type not in classic:
            lines = spec.contents(spec.resolve(spec.starting_params()))
            assert lines and all(isinstance(line, str) and line for line in lines), spec.type
