"""Every undoable edit restores the graph exactly on undo, and again on redo."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from app import commands
from engine import fileformat
from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.layout import layered_layout
from engine.presets import load_preset


@pytest.fixture
def graph() -> Graph:
    g = load_preset("resnet18")
    g.move_node("flatten", None)  # one node without a position
    return g


@pytest.fixture
def stack(qapp) -> QUndoStack:
    return QUndoStack()


def round_trip(stack: QUndoStack, graph: Graph, command) -> str:
    """Push, undo, redo; assert the file text is exactly restored each way."""
    before = fileformat.dumps(graph)
    stack.push(command)
    after = fileformat.dumps(graph)
    assert after != before
    stack.undo()
    assert fileformat.dumps(graph) == before
    stack.redo()
    assert fileformat.dumps(graph) == after
    stack.undo()
    assert fileformat.dumps(graph) == before
    stack.redo()
    return after


def test_add_node(stack, graph):
    node = Node("extra", "ReLU", {}, "my relu", (10, 20))
    round_trip(stack, graph, commands.AddNode(graph, node, 3))
    assert list(graph.nodes)[3] == "extra"
    assert stack.undoText() == "Add ReLU"


def test_remove_node_with_edges_restores_indices(stack, graph):
    round_trip(stack, graph, commands.RemoveNodes(graph, ["layer2_0"]))
    assert "layer2_0" not in graph.nodes
    assert not graph.edges_of("layer2_0")


def test_remove_several_nodes_and_an_edge(stack, graph):
    extra_edge = graph.edges[-1]
    command = commands.RemoveNodes(graph, ["conv1", "layer3_1", "relu1"], [extra_edge])
    round_trip(stack, graph, command)
    assert extra_edge not in graph.edges
    assert stack.undoText() == "Delete 3 Blocks"


def test_add_and_remove_edge(stack, graph):
    round_trip(stack, graph, commands.AddEdge(graph, Edge("conv1", "fc", 0)))
    edge = graph.edges[4]
    round_trip(stack, graph, commands.RemoveEdge(graph, edge))
    assert edge not in graph.edges


def test_set_params_and_merge_of_one_key(stack, graph):
    start = fileformat.dumps(graph)
    for value in (32, 48, 96):
        params = dict(graph.nodes["conv1"].params, out_channels=value)
        stack.push(commands.SetParams(graph, "conv1", params))
    assert stack.count() == 1
    assert graph.nodes["conv1"].params["out_channels"] == 96
    stack.undo()
    assert fileformat.dumps(graph) == start
    stack.redo()
    assert graph.nodes["conv1"].params["out_channels"] == 96
    other = dict(graph.nodes["conv1"].params, stride=1)
    round_trip(stack, graph, commands.SetParams(graph, "conv1", other))
    assert stack.count() == 2  # another key: not merged


def test_set_params_removing_a_key(stack, graph):
    params = {k: v for k, v in graph.nodes["conv1"].params.items() if k != "padding"}
    round_trip(stack, graph, commands.SetParams(graph, "conv1", params))


def test_set_label(stack, graph):
    round_trip(stack, graph, commands.SetLabel(graph, "conv1", "stem"))
    assert graph.nodes["conv1"].label == "stem"
    round_trip(stack, graph, commands.SetLabel(graph, "conv1", ""))
    assert graph.nodes["conv1"].label is None


def test_move_nodes_restores_missing_position(stack, graph):
    moves = {"conv1": (50.0, 120.0), "flatten": (300.0, 1500.0)}
    round_trip(stack, graph, commands.MoveNodes(graph, moves))
    assert graph.nodes["flatten"].position == (300.0, 1500.0)
    stack.undo()
    assert graph.nodes["flatten"].position is None


def test_moves_from_drag_payload():
    assert commands.moves_from_drag({"a": ((0, 0), (5, 6))}) == {"a": (5.0, 6.0)}


def test_paste_gets_fresh_ids_and_internal_edges(stack, graph):
    piece = Graph(
        "",
        [graph.nodes["conv1"].copy(), graph.nodes["bn1"].copy()],
        [Edge("conv1", "bn1"), Edge("input", "conv1")],
    )
    command = commands.Paste(graph, piece, (40, 40))
    round_trip(stack, graph, command)
    assert command.ids == ["conv1_2", "bn1_2"]
    assert Edge("conv1_2", "bn1_2") in graph.edges
    assert not graph.inputs_of("conv1_2")
    assert graph.nodes["conv1_2"].position == (40, 150)


def test_fresh_ids_continue_counters(graph):
    graph.add_node(Node("relu", "ReLU"))
    graph.add_node(Node("relu_2", "ReLU"))
    assert commands.fresh_ids(graph, ["relu_2", "new", "relu"]) == {
        "relu_2": "relu_3",
        "new": "new",
        "relu": "relu_4",
    }


def test_apply_layout(stack, graph):
    positions = layered_layout(graph)
    round_trip(stack, graph, commands.ApplyLayout(graph, positions))
    assert stack.undoText() == "Auto Layout"


@pytest.mark.parametrize("node_id", ["layer2_0", "layer1_1"])
def test_expand_composite(stack, graph, node_id):
    before = analyse(graph)
    command = commands.ExpandComposite(graph, node_id)
    round_trip(stack, graph, command)
    after = analyse(graph)
    assert after.ok, after.problems
    assert after.total_params == before.total_params == 11_689_512
    assert after.output_shape == before.output_shape
    assert node_id not in graph.nodes
    # the expansion does not overlap the blocks below it
    fc_y = graph.nodes["fc"].position[1]
    assert all(graph.nodes[i].position[1] < fc_y for i in command.ids)


def test_expand_dense_block_of_a_preset(stack):
    graph = load_preset("densenet121")
    block = next(i for i, n in graph.nodes.items() if n.type == "DenseBlock")
    before = analyse(graph)
    round_trip(stack, graph, commands.ExpandComposite(graph, block))
    assert analyse(graph).total_params == before.total_params


def test_default_params_make_blocks_usable():
    assert commands.default_params("Conv2d") == {"out_channels": 64}
    assert commands.default_params("Linear") == {"out_features": 10}
    assert commands.default_params("DenseBlock") == {"num_layers": 4}
    assert commands.default_params("InceptionBlock") == {
        "ch1x1": 64,
        "ch3x3red": 96,
        "ch3x3": 128,
        "ch5x5red": 16,
        "ch5x5": 32,
        "pool_proj": 32,
    }
    assert commands.default_params("ReLU") == {}
