"""The 1×1 bottleneck: savings are the difference of two analyses; the edit is reversible."""

from __future__ import annotations

import pytest

from engine.analysis import analyse
from engine.fileformat import dumps
from engine.graph import Edge, Graph, Node
from engine.presets import load_preset
from engine.teaching.insight import (
    apply_edit,
    bottleneck_problem,
    bottleneck_savings,
    default_channels,
    insert_bottleneck,
)


def small() -> Graph:
    return Graph(
        "g",
        [
            Node("input", "Input", {"channels": 64, "height": 16, "width": 16}, position=(0, 0)),
            Node(
                "conv",
                "Conv2d",
                {"out_channels": 32, "kernel_size": 5, "padding": 2},
                position=(0, 200),
            ),
            Node("flat", "Flatten"),
            Node("fc", "Linear", {"out_features": 10}),
            Node("output", "Output"),
        ],
        [Edge("input", "conv"), Edge("conv", "flat"), Edge("flat", "fc"), Edge("fc", "output")],
    )


def test_savings_by_hand():
    savings = bottleneck_savings(small(), "conv", 16)
    # before: 64·25·32 weights; after: 64·16 + 16 (1×1 with bias) + 16·25·32
    assert savings.saved_params == 64 * 25 * 32 - (64 * 16 + 16 + 16 * 25 * 32)
    assert savings.saved_macs == 16 * 16 * (64 * 25 * 32 - 64 * 16 - 16 * 25 * 32)
    assert savings.worthwhile and savings.kernel == (5, 5)
    assert (savings.in_channels, savings.out_channels, savings.channels) == (64, 32, 16)


@pytest.mark.parametrize(
    "preset,node_id",
    [("vgg16", "conv3_2"), ("alexnet", "conv2"), ("googlenet", "conv3"), ("resnet18", "conv1")],
)
def test_savings_equal_the_difference_of_two_analyses(preset, node_id):
    graph = load_preset(preset)
    before = analyse(graph)
    savings = bottleneck_savings(graph, node_id, analysis=before)
    assert savings.channels == default_channels(savings.in_channels)
    edited = graph.copy()
    node, remove, add = insert_bottleneck(edited, node_id, savings.channels)
    apply_edit(edited, node, remove, add)
    after = analyse(edited)
    assert after.ok
    assert savings.saved_params == before.total_params - after.total_params
    assert savings.saved_macs == before.total_macs - after.total_macs
    assert after.output_shape == before.output_shape
    assert after.nodes[node.id].shape[0] == savings.channels


def test_insert_returns_the_edit_without_changing_the_graph():
    graph = small()
    text = dumps(graph)
    node, remove, add = insert_bottleneck(graph, "conv", 8)
    assert dumps(graph) == text
    assert node.type == "Conv1x1" and node.params == {"out_channels": 8}
    assert node.id == "conv_reduce" and node.position == (0, 100)
    assert remove == [Edge("input", "conv")]
    assert add == [Edge("input", "conv_reduce"), Edge("conv_reduce", "conv")]
    apply_edit(graph, node, remove, add)
    node2, _, _ = insert_bottleneck(graph, "conv", 4)
    assert node2.id == "conv_reduce_2"


def test_where_no_bottleneck_fits():
    graph = small()
    graph.nodes["fc"].params["out_features"] = 10
    analysis = analyse(graph)
    assert bottleneck_problem(graph, analysis, "fc")
    assert bottleneck_problem(graph, analysis, "conv") is None
    graph.nodes["conv"].params.update(kernel_size=1, padding=0)
    assert "already 1×1" in bottleneck_problem(graph, analyse(graph), "conv")
    graph.nodes["conv"].params.update(kernel_size=3, groups=32, padding=1)
    assert "grouped" in bottleneck_problem(graph, analyse(graph), "conv")
    with pytest.raises(ValueError):
        bottleneck_savings(graph, "conv")
    with pytest.raises(ValueError):
        insert_bottleneck(small(), "conv", 0)
