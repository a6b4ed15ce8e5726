"""One root cause, one problem: blocks after a problem wait instead of failing too."""

from __future__ import annotations

import pytest

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.presets import load_preset


def _chain(n: int = 6) -> Graph:
    nodes = [Node("in", "Input", {"channels": 3, "height": 16, "width": 16})]
    nodes += [Node(f"b{i}", "Conv2d" if i % 2 == 0 else "ReLU", _conv(i)) for i in range(n)]
    nodes.append(Node("out", "Output"))
    ids = [node.id for node in nodes]
    return Graph("chain", nodes, [Edge(a, b) for a, b in zip(ids, ids[1:])])


def _conv(i: int) -> dict:
    return {"out_channels": 4, "kernel_size": 3, "padding": 1} if i % 2 == 0 else {}


def _statuses(graph: Graph) -> dict[str, str]:
    return {nid: info.status for nid, info in analyse(graph).nodes.items()}


def test_deleting_a_middle_block_gives_one_problem_and_the_rest_waits():
    graph = _chain()
    graph.remove_node("b2")
    analysis = analyse(graph)
    assert [(p.node, p.code) for p in analysis.problems] == [("b3", "missing_input")]
    status = _statuses(graph)
    assert [nid for nid, s in status.items() if s == "problem"] == ["b3"]
    assert {nid for nid, s in status.items() if s == "waiting"} == {"b4", "b5", "out"}
    assert status["b1"] == "ok" and analysis.nodes["b1"].shape == (4, 16, 16)


@pytest.mark.parametrize("preset", ["resnet50", "googlenet", "vgg16", "densenet121"])
def test_deleting_any_block_of_a_preset_gives_one_problem(preset):
    for victim in list(load_preset(preset).nodes)[1:-1]:
        graph = load_preset(preset)
        graph.remove_node(victim)
        problems = analyse(graph).problems
        assert len(problems) == 1, (victim, [(p.node, p.code) for p in problems])
        assert problems[0].code == "missing_input"


def test_a_shape_problem_is_red_once_and_the_blocks_after_it_wait():
    graph = _chain()
    graph.set_params("b2", {"out_channels": 4, "kernel_size": 40})  # larger than the input
    analysis = analyse(graph)
    assert [p.node for p in analysis.problems] == ["b2"]
    assert analysis.nodes["b3"].waiting and not analysis.nodes["b3"].problems
    assert analysis.nodes["out"].status == "waiting" and analysis.output_shape is None


def test_a_dangling_branch_is_reported_on_its_last_block_only():
    graph = _chain(2)
    graph.add_node(Node("d1", "ReLU"))
    graph.add_node(Node("d2", "ReLU"))
    graph.add_edge(Edge("b0", "d1"))
    graph.add_edge(Edge("d1", "d2"))
    problems = analyse(graph).problems
    assert [(p.node, p.code) for p in problems] == [("d2", "off_path")]
    assert "not on the path" in problems[0].message


def test_a_dead_end_next_to_an_open_input_is_the_same_gap():
    graph = _chain(2)
    graph.remove_edge(Edge("b1", "out"))  # b1 now leads nowhere, Output lacks an input
    assert [(p.node, p.code) for p in analyse(graph).problems] == [("out", "missing_input")]


def test_a_new_document_has_one_problem_not_three():
    graph = Graph("", [Node("input", "Input"), Node("output", "Output")])
    assert [(p.node, p.code) for p in analyse(graph).problems] == [("output", "missing_input")]


def test_a_lone_block_only_misses_its_input():
    graph = _chain(2)
    graph.add_node(Node("lonely", "ReLU"))
    assert [(p.node, p.code) for p in analyse(graph).problems] == [("lonely", "missing_input")]


def test_a_merge_missing_port_zero_reports_the_gap_once():
    graph = _chain(2)
    graph.add_node(Node("add", "Add"))
    graph.remove_edge(Edge("b1", "out"))
    graph.add_edge(Edge("b1", "add", 1))
    graph.add_edge(Edge("add", "out"))
    problems = analyse(graph).problems
    assert [(p.node, p.code) for p in problems] == [("add", "port_gap")]


def test_blocks_after_a_cycle_wait_and_only_the_cycle_is_red():
    graph = _chain(4)
    graph.add_edge(Edge("b2", "b1", 1))  # b1 ⇄ b2 (b1 also takes a wrong port)
    analysis = analyse(graph)
    red = {p.node for p in analysis.problems}
    assert red == {"b1", "b2"}
    assert analysis.nodes["b3"].waiting and analysis.nodes["out"].waiting
    assert not any("cycle" in m for m in analysis.nodes["b3"].problems)


def test_blocks_after_a_second_input_are_not_off_the_path():
    graph = _chain(2)
    graph.add_node(Node("in2", "Input", {"channels": 4, "height": 16, "width": 16}))
    graph.add_node(Node("x", "ReLU"))
    graph.add_edge(Edge("in2", "x"))
    graph.add_node(Node("add", "Add"))
    graph.remove_edge(Edge("b1", "out"))
    graph.add_edge(Edge("b1", "add", 0))
    graph.add_edge(Edge("x", "add", 1))
    graph.add_edge(Edge("add", "out"))
    assert [(p.node, p.code) for p in analyse(graph).problems] == [("in2", "extra_input")]


def test_problems_keep_their_codes_in_the_node_info():
    graph = _chain(2)
    graph.remove_node("b0")
    info = analyse(graph).nodes["b1"]
    assert info.codes == ["missing_input"] and len(info.problems) == 1
