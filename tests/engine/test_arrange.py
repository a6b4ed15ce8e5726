"""Stages and the arrangement that makes big networks readable (flow, wrapping, stage room)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from engine.arrange import BLOCK, COLUMN_GAP, DOWN, RIGHT, arrange
from engine.graph import Edge, Graph, Node
from engine.presets import load_preset
from engine.stages import find_stages, stage_key
from tests.engine.graphgen import random_graphs


@pytest.mark.parametrize(
    "text, key",
    [
        ("layer1.0", "layer1"),
        ("layer1_0_conv1", "layer1"),
        ("inception4a", "inception4"),
        ("inception4a_b2_conv", "inception4"),
        ("denseblock3_l7_conv2", "denseblock3"),
        ("conv1", None),
        ("fc6", None),
        ("relu", None),
    ],
)
def test_stage_key_follows_torchvision_names(text, key):
    assert stage_key(text) == key


def test_resnet_and_googlenet_stages():
    names = [s.name for s in find_stages(load_preset("resnet50"))]
    assert names == ["layer1", "layer2", "layer3", "layer4"]
    stages = {s.name: len(s.members) for s in find_stages(load_preset("googlenet"))}
    assert stages == {"inception3": 2, "inception4": 5, "inception5": 2}


def test_interleaved_prefixes_are_no_stage():
    # VGG: conv1_1, relu1_1, conv1_2 — "conv1" leaves through relu1_1 and comes back.
    assert find_stages(load_preset("vgg16")) == []


def test_labels_name_stages_too():
    ids = ["a", "b", "c", "d"]
    graph = Graph("g", [Node(i, "ReLU") for i in ids], [Edge(x, y) for x, y in zip(ids, ids[1:])])
    graph.set_label("b", "block2.0")
    graph.set_label("c", "block2.1")
    assert [(s.name, s.members) for s in find_stages(graph)] == [("block2", ("b", "c"))]


def _copies(ids, edges) -> Graph:
    return Graph("g", [Node(i, "Conv2d") for i in ids], [Edge(a, b) for a, b in edges])


def test_copies_of_a_block_are_no_stage():
    # conv2d and its pasted copies: "conv2" + the letter d, one unit only.
    assert find_stages(_copies(["conv2d", "conv2d_2", "conv2d_3"], [])) == []
    assert find_stages(_copies(["conv2d", "conv2d_2"], [("conv2d", "conv2d_2")])) == []
    # conv2 and its copies conv2_2, conv2_3 in a row: "conv2" is a block, not a container.
    chained = _copies(
        ["conv2", "conv2_2", "conv2_3"], [("conv2", "conv2_2"), ("conv2_2", "conv2_3")]
    )
    assert find_stages(chained) == []


def test_a_pasted_copy_stays_out_of_its_stage():
    graph = load_preset("resnet50")
    copy = graph.nodes["layer1_0"].copy()
    copy.id = "layer1_3"  # what Duplicate names it
    graph.add_node(copy)
    stages = {s.name: s.members for s in find_stages(graph)}
    assert stages["layer1"] == ("layer1_0", "layer1_1", "layer1_2")


def test_one_block_looked_inside_is_no_stage():
    # The layers of layer3_0 alone (look inside): one unit, "0".
    ids = ["layer3_0_conv1", "layer3_0_bn1", "layer3_0_relu"]
    assert find_stages(_copies(ids, zip(ids, ids[1:]))) == []


def test_a_stage_cut_in_two_keeps_its_larger_part():
    graph = load_preset("resnet50")
    graph.remove_node("layer3_1")
    stages = {s.name: s.members for s in find_stages(graph)}
    assert stages["layer3"] == ("layer3_2", "layer3_3", "layer3_4", "layer3_5")


def _chain(n: int) -> Graph:
    ids = [f"n{i}" for i in range(n)]
    return Graph("c", [Node(i, "ReLU") for i in ids], [Edge(a, b) for a, b in zip(ids, ids[1:])])


def _bounds(positions, flow):
    across, along = BLOCK[flow]
    w, h = (across, along) if flow == DOWN else (along, across)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    return max(xs) - min(xs) + w, max(ys) - min(ys) + h


def _overlaps(positions, flow) -> bool:
    across, along = BLOCK[flow]
    w, h = (across, along) if flow == DOWN else (along, across)
    boxes = list(positions.values())
    return any(
        abs(a[0] - b[0]) < w and abs(a[1] - b[1]) < h
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )


def test_a_short_chain_is_one_column_down_or_one_row_right():
    down = arrange(_chain(5), DOWN)
    assert len({x for x, _ in down.values()}) == 1
    right = arrange(_chain(5), RIGHT)
    assert len({y for _, y in right.values()}) == 1
    assert [right[f"n{i}"][0] for i in range(5)] == sorted(right[f"n{i}"][0] for i in range(5))


def test_a_long_chain_wraps_to_the_window_and_keeps_its_order():
    positions = arrange(_chain(200), DOWN, view=(1200, 800))
    width, height = _bounds(positions, DOWN)
    assert 0.8 < width / height * 800 / 1200 < 2.5  # about the window's proportions
    columns = sorted({x for x, _ in positions.values()})
    assert len(columns) > 3
    assert columns[1] - columns[0] >= BLOCK[DOWN][0] + COLUMN_GAP - 1
    order = [positions[f"n{i}"] for i in range(200)]
    assert order == sorted(order)  # left to right, then top to bottom within a column
    assert not _overlaps(positions, DOWN)


def test_resnet50_fits_a_window_at_a_readable_zoom():
    for flow in (DOWN, RIGHT):
        width, height = _bounds(arrange(load_preset("resnet50"), flow, (1150, 660)), flow)
        assert min(1150 / width, 660 / height) > 0.45, flow


def test_stages_are_not_split_when_they_fit_a_column():
    graph = load_preset("resnet50")
    positions = arrange(graph, DOWN, (1150, 660))
    for stage in find_stages(graph):
        assert len({positions[m][0] for m in stage.members}) == 1, stage.name


def test_wrapping_cuts_only_where_one_block_feeds_the_next_column():
    graph = load_preset("googlenet")  # a chain of blocks
    positions = arrange(graph, DOWN, (600, 400))
    for edge in graph.edges:
        (x0, y0), (x1, y1) = positions[edge.source], positions[edge.target]
        assert x0 == x1 or y1 < y0  # the same column, or back up to the next one


@settings(max_examples=40, deadline=None)
@given(random_graphs())
def test_every_node_gets_a_place_and_none_overlap(graph):
    for flow in (DOWN, RIGHT):
        positions = arrange(graph, flow, (500, 400))
        assert set(positions) == set(graph.nodes)
        assert not _overlaps(positions, flow)
