"""The layered layout: layers follow the data, crossings are removed, nothing overlaps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.graph import Edge, Graph, Node
from engine.layout import layered_layout

X_GAP, Y_GAP = 200.0, 100.0


def graph_of(ids, edges) -> Graph:
    return Graph("t", [Node(i, "ReLU") for i in ids], [Edge(a, b) for a, b in edges])


def layout(graph: Graph):
    return layered_layout(graph, x_gap=X_GAP, y_gap=Y_GAP)


def assert_no_overlap(pos):
    rows: dict[float, list[float]] = {}
    for x, y in pos.values():
        rows.setdefault(y, []).append(x)
    for xs in rows.values():
        xs.sort()
        assert all(b - a >= X_GAP - 0.11 for a, b in zip(xs, xs[1:])), xs  # rounded to 0.1


def test_empty_graph_has_no_positions():
    assert layered_layout(Graph()) == {}


def test_chain_is_one_straight_column():
    pos = layout(graph_of("abcd", ["ab", "bc", "cd"]))
    assert {x for x, _ in pos.values()} == {0.0}
    assert [pos[k][1] for k in "abcd"] == [0.0, Y_GAP, 2 * Y_GAP, 3 * Y_GAP]


def test_diamond_branches_sit_symmetrically_under_the_fork():
    pos = layout(graph_of("abcd", ["ab", "ac", "bd", "cd"]))
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = (pos[k] for k in "abcd")
    assert ay < by == cy < dy
    assert abs(bx - cx) >= X_GAP
    assert ax == dx == (bx + cx) / 2


def test_crossing_is_removed():
    # a→d and b→c: keeping c before d would cross the two edges.
    pos = layout(graph_of("abcd", ["ad", "bc"]))
    assert (pos["a"][0] - pos["b"][0]) * (pos["d"][0] - pos["c"][0]) > 0


def test_long_skip_edge_gets_a_lane_beside_the_chain():
    # A residual: x → f1 → f2 → add, plus the shortcut x → add.
    pos = layout(
        graph_of(["x", "f1", "f2", "add"], [("x", "f1"), ("f1", "f2"), ("f2", "add"), ("x", "add")])
    )
    assert pos["x"][1] < pos["f1"][1] < pos["f2"][1] < pos["add"][1]
    assert pos["f1"][0] == pos["f2"][0]
    assert pos["f1"][0] != pos["x"][0]  # the branch steps aside for the shortcut's lane


def test_cycle_and_self_loop_do_not_crash_and_every_node_is_placed():
    g = graph_of("abc", ["ab", "bc", "ca"])
    g.edges.append(Edge("b", "b"))
    pos = layout(g)
    assert set(pos) == {"a", "b", "c"}
    assert len(set(pos.values())) == 3
    assert pos["a"][1] < pos["b"][1] < pos["c"][1]


def test_disconnected_nodes_are_placed_without_overlap():
    pos = layout(graph_of("abcxyz", ["ab", "bc"]))
    assert set(pos) == set("abcxyz")
    assert_no_overlap(pos)


def test_edges_to_unknown_nodes_are_ignored():
    g = graph_of("ab", ["ab"])
    g.edges.append(Edge("a", "ghost"))
    assert set(layout(g)) == {"a", "b"}


def test_layout_is_deterministic():
    edges = ["ab", "ac", "ad", "be", "ce", "de", "af", "fe"]
    first = layout(graph_of("abcdef", edges))
    assert layout(graph_of("abcdef", edges)) == first


@st.composite
def dags(draw):
    n = draw(st.integers(1, 14))
    ids = [f"n{i}" for i in range(n)]
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=20)) if pairs else []
    return graph_of(ids, [(ids[a], ids[b]) for a, b in chosen])


@given(dags())
def test_random_dags_flow_downward_without_overlaps(graph):
    pos = layout(graph)
    assert set(pos) == set(graph.nodes)
    for edge in graph.edges:
        assert pos[edge.source][1] < pos[edge.target][1]
    assert_no_overlap(pos)
