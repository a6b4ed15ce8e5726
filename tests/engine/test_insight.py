"""The 1×1 bottleneck and depthwise separable views: numbers by hand, and edits that
equal two analyses."""

from __future__ import annotations

import pytest

from engine.analysis import analyse
from engine.fileformat import dumps
from engine.graph import Edge, Graph, Node
from engine.presets import load_preset
from engine.teaching.edits import STEP, apply_edit
from engine.teaching.insight import (
    Cost,
    bottleneck_edit,
    bottleneck_problem,
    bottleneck_savings,
    default_channels,
    inception_branches,
)
from engine.teaching.separable import separable_edit, separable_problem, separable_savings


def chain(input_shape, *blocks) -> Graph:
    """Input → blocks… → Flatten → Linear → Output, 100 px apart."""
    c, h, w = input_shape
    nodes = [Node("input", "Input", {"channels": c, "height": h, "width": w}, position=(0, 0))]
    for i, (node_id, block_type, params) in enumerate(blocks, 1):
        nodes.append(Node(node_id, block_type, params, position=(0, 100.0 * i)))
    n = len(nodes)
    nodes += [
        Node("flat", "Flatten", position=(0, 100.0 * n)),
        Node("fc", "Linear", {"out_features": 10}, position=(0, 100.0 * (n + 1))),
        Node("output", "Output", position=(0, 100.0 * (n + 2))),
    ]
    edges = [Edge(a.id, b.id) for a, b in zip(nodes, nodes[1:])]
    return Graph("g", nodes, edges)


def googlenet_5x5() -> Graph:
    """The lesson's example: GoogLeNet's 28×28×192 input to a 5×5 convolution with 32 filters."""
    return chain(
        (192, 28, 28), ("conv", "Conv2d", {"out_channels": 32, "kernel_size": 5, "padding": 2})
    )


def small() -> Graph:
    return chain(
        (64, 16, 16), ("conv", "Conv2d", {"out_channels": 32, "kernel_size": 5, "padding": 2})
    )


# --------------------------------------------------------------------------- 1×1 bottleneck


def test_the_lessons_googlenet_example_at_the_layer():
    """120.4 M MACs for the 5×5 alone, 2.4 M + 10.0 M with a 16-channel 1×1 in front."""
    s = bottleneck_savings(googlenet_5x5(), "conv", 16)
    assert s.layer_before == Cost(5 * 5 * 192 * 32 + 32, 28 * 28 * 5 * 5 * 192 * 32)
    assert s.layer_before.macs == 120_422_400
    assert s.reduce == Cost(192 * 16 + 16, 28 * 28 * 192 * 16) and s.reduce.macs == 2_408_448
    assert s.layer_after == Cost(5 * 5 * 16 * 32 + 32, 28 * 28 * 5 * 5 * 16 * 32)
    assert s.layer_after.macs == 10_035_200
    assert s.layer_total.macs == 12_443_648
    assert (s.in_channels, s.out_channels, s.size, s.kernel) == (192, 32, (28, 28), (5, 5))
    # the network's totals move by exactly the layer's change (the ReLU costs nothing)
    assert s.saved_macs == s.layer_before.macs - s.layer_total.macs
    assert s.saved_params == s.layer_before.params - s.layer_total.params


def test_the_lessons_16_channels_are_the_default_width():
    assert default_channels(192) == 16
    assert default_channels(64) == 16
    assert default_channels(16) == 4  # 16 would not reduce anything: a quarter
    assert default_channels(3) == 1
    assert bottleneck_savings(googlenet_5x5(), "conv").channels == 16


@pytest.mark.parametrize(
    "preset,node_id",
    [("vgg16", "conv3_2"), ("alexnet", "conv2"), ("googlenet", "conv3"), ("resnet18", "conv1")],
)
@pytest.mark.parametrize("relu", [True, False])
def test_savings_equal_the_difference_of_two_analyses(preset, node_id, relu):
    graph = load_preset(preset)
    before = analyse(graph)
    savings = bottleneck_savings(graph, node_id, analysis=before, relu=relu)
    edited = graph.copy()
    edit = bottleneck_edit(edited, node_id, savings.channels, relu)
    apply_edit(edited, edit)
    after = analyse(edited)
    assert after.ok and after.output_shape == before.output_shape
    assert savings.saved_params == before.total_params - after.total_params
    assert savings.saved_macs == before.total_macs - after.total_macs
    assert after.nodes[edit.new_ids[0]].shape[0] == savings.channels
    assert [edited.nodes[i].type for i in edit.new_ids] == ["Conv1x1", "ReLU"][: 1 + relu]


def test_insert_1x1_and_relu_returns_the_edit_without_changing_the_graph():
    graph = small()
    text = dumps(graph)
    edit = bottleneck_edit(graph, "conv", 8)
    assert dumps(graph) == text
    reduce, relu = edit.add_nodes
    assert (reduce.type, reduce.params, reduce.id) == (
        "Conv1x1",
        {"out_channels": 8},
        "conv_reduce",
    )
    assert (relu.type, relu.id) == ("ReLU", "conv_reduce_relu")
    assert edit.remove_edges == [Edge("input", "conv")]
    assert edit.add_edges == [
        Edge("input", "conv_reduce"),
        Edge("conv_reduce", "conv_reduce_relu"),
        Edge("conv_reduce_relu", "conv"),
    ]
    # the new blocks take the convolution's place; it and everything below move down
    assert (reduce.position, relu.position) == ((0, 100.0), (0, 100.0 + STEP))
    assert edit.moves["conv"] == (0, 100.0 + 2 * STEP)
    assert edit.moves["output"] == (0, 400.0 + 2 * STEP) and "input" not in edit.moves
    apply_edit(graph, edit)
    assert bottleneck_edit(graph, "conv", 4, relu=False).new_ids == ["conv_reduce_2"]


def test_where_no_bottleneck_fits():
    graph = small()
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
        bottleneck_edit(small(), "conv", 0)


def test_inception_branches_as_built_and_without_their_reduction():
    """GoogLeNet's inception3a in the paper's form: the k×k branch is the lesson's example."""
    params = dict(ch1x1=64, ch3x3red=96, ch3x3=128, ch5x5red=16, ch5x5=32, pool_proj=32)
    graph = chain((192, 28, 28), ("inc", "InceptionBlock", params))
    analysis = analyse(graph)
    one, three, five, pool = inception_branches(graph, analysis, "inc")
    hw = 28 * 28
    assert five.name == "1×1 → 5×5" and five.direct == "5×5, 192 → 32"
    assert [name for name, _cost in five.layers] == ["1×1, 192 → 16", "5×5, 16 → 32"]
    assert five.built.macs == hw * 192 * 16 + hw * 25 * 16 * 32 == 2_408_448 + 10_035_200
    assert five.without_reduction.macs == 120_422_400
    assert three.without_reduction == Cost(9 * 192 * 128 + 128, hw * 9 * 192 * 128)
    assert one.without_reduction is None and pool.without_reduction is None
    # the four branches are the whole block, as its shape rule counts it
    total = one.built + three.built + five.built + pool.built
    assert total == Cost(analysis.nodes["inc"].params, analysis.nodes["inc"].macs)


def test_inception_branches_with_batch_norm_count_as_the_block_does():
    graph = load_preset("googlenet")
    analysis = analyse(graph)
    branches = inception_branches(graph, analysis, "inception4a")
    total = sum((b.built for b in branches), Cost(0, 0))
    info = analysis.nodes["inception4a"]
    assert total == Cost(info.params, info.macs)


# --------------------------------------------------------------------------- depthwise separable


def test_depthwise_separable_numbers_by_hand():
    """3×3, 64 → 128 on 56×56: 73,728 weights against 576 + 8,192; MACs ×56² likewise."""
    graph = chain(
        (64, 56, 56),
        ("conv", "Conv2d", {"out_channels": 128, "padding": 1, "bias": False}),
    )
    s = separable_savings(graph, "conv")
    hw = 56 * 56
    assert s.layer_before == Cost(9 * 64 * 128, hw * 9 * 64 * 128)
    assert s.depthwise == Cost(9 * 64, hw * 9 * 64)
    assert s.pointwise == Cost(64 * 128, hw * 64 * 128)
    assert s.ratio == pytest.approx(1 / 128 + 1 / 9)
    assert s.saved_macs == s.layer_before.macs - s.layer_after.macs


def test_depthwise_separable_edit_keeps_the_shapes_and_moves_the_bias():
    graph = chain(
        (16, 12, 12),
        ("conv", "Conv2d", {"out_channels": 24, "kernel_size": 5, "stride": 2, "padding": 2}),
    )
    before = analyse(graph)
    edit = separable_edit(graph, before, "conv", relu=True)
    edited = graph.copy()
    apply_edit(edited, edit)
    after = analyse(edited)
    assert after.ok and after.output_shape == before.output_shape
    depthwise = edited.nodes["conv"].params
    assert depthwise == {
        "out_channels": 16,
        "kernel_size": 5,
        "stride": 2,
        "padding": 2,
        "groups": 16,
        "bias": False,
    }
    assert [edited.nodes[i].type for i in edit.new_ids] == ["ReLU", "Conv1x1"]
    assert after.nodes["conv_pointwise"].shape == before.nodes["conv"].shape
    assert after.nodes["conv"].params == 5 * 5 * 16  # no bias: the pointwise layer has it
    assert after.nodes["conv_pointwise"].params == 16 * 24 + 24
    assert edit.remove_edges == [Edge("conv", "flat")]
    assert Edge("conv_pointwise", "flat") in edit.add_edges
    assert edit.moves["flat"][1] == 200.0 + 2 * STEP


def test_where_depthwise_separable_does_not_apply():
    graph = small()
    analysis = analyse(graph)
    assert separable_problem(graph, analysis, "conv") is None
    assert separable_problem(graph, analysis, "fc")
    graph.nodes["conv"].params.update(kernel_size=1, padding=0)
    assert "1×1" in separable_problem(graph, analyse(graph), "conv")
    graph.nodes["conv"].params.update(kernel_size=3, groups=32, padding=1)
    assert "grouped" in separable_problem(graph, analyse(graph), "conv")
    with pytest.raises(ValueError):
        separable_savings(graph, "conv")


@pytest.mark.parametrize("preset,node_id", [("vgg16", "conv4_1"), ("lenet5", "conv2")])
def test_separable_savings_equal_two_analyses_on_presets(preset, node_id):
    graph = load_preset(preset)
    before = analyse(graph)
    s = separable_savings(graph, node_id, before)
    edited = graph.copy()
    apply_edit(edited, separable_edit(graph, before, node_id))
    after = analyse(edited)
    assert after.ok and after.output_shape == before.output_shape
    assert s.network_before.macs - s.network_after.macs == before.total_macs - after.total_macs


def test_googlenet_preset_with_the_papers_5x5_is_the_lessons_example():
    """torchvision's inception3a has 3×3 in the third branch; the paper's 5×5 gives the
    lesson's 120.4 M MACs without the 1×1, 2.4 M + 10.0 M with it."""
    graph = load_preset("googlenet")
    analysis = analyse(graph)
    five = inception_branches(graph, analysis, "inception3a", kernel=5)[2]
    assert five.direct == "5×5, 192 → 32"
    assert five.without_reduction.macs == 120_422_400
    assert [cost.macs for _name, cost in five.layers] == [2_408_448, 10_035_200]
