"""New blocks in the window go to free space: drops, quick add, paste, duplicate,
expand, import; dropping on a connection splices the block in (one undo step)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from engine import fileformat
from engine.graph import Edge, Graph, Node
from widgets.canvas.items import NODE_HEIGHT, NODE_WIDTH


def block_rects(window) -> dict:
    """Each block's rectangle as the canvas draws it."""
    return {
        nid: item.sceneBoundingRect() for nid, item in window.canvas.canvas_scene.node_items.items()
    }


def overlaps(window) -> list[tuple[str, str]]:
    rects = list(block_rects(window).items())
    return [
        (a, b)
        for i, (a, ra) in enumerate(rects)
        for b, rb in rects[i + 1 :]
        if abs(ra.center().x() - rb.center().x()) < NODE_WIDTH
        and abs(ra.center().y() - rb.center().y()) < NODE_HEIGHT
    ]


def chain(n: int = 3) -> Graph:
    """Input → conv1 → … → Output, 110 apart (as the layout places them)."""
    ids = ["input", *(f"conv{i}" for i in range(1, n + 1)), "output"]
    types = ["Input", *(["Conv2d"] * n), "Output"]
    nodes = [
        Node(i, t, {"out_channels": 8} if t == "Conv2d" else {}, None, (0.0, 110.0 * k))
        for k, (i, t) in enumerate(zip(ids, types))
    ]
    return Graph("chain", nodes, [Edge(a, b) for a, b in zip(ids, ids[1:])])


@pytest.fixture
def chained(window):
    window.document.replace(chain())
    return window


def test_a_drop_on_a_block_lands_beside_it(chained):
    w = chained
    node_id = w.editor.drop_block("ReLU", QPointF(5, 115))  # on top of conv1
    assert not overlaps(w)
    assert not w.document.graph.edges_of(node_id)


def test_a_drop_beside_a_block_lands_under_the_cursor(qtbot, chained):
    """Released on free space close beside a block (its card covers none): centred on
    the cursor, not pushed a step away."""
    from tests.app.test_window import _drop

    w = chained
    w.canvas.reset_zoom()
    w.canvas.centerOn(100, 150)
    want = QPointF(NODE_WIDTH + 10, 115 + 20)  # right of conv1, 10 apart
    pos = w.canvas.mapFromScene(want)
    expected = w.canvas.mapToScene(pos)
    _drop(qtbot, w, "ReLU", pos)
    node = w.document.graph.nodes["relu"]
    assert node.position == pytest.approx((expected.x(), expected.y()), abs=0.5)
    assert not overlaps(w)


def test_dropping_a_block_on_a_connection_splices_it_in_one_undo_step(chained):
    w = chained
    graph = w.document.graph
    before = fileformat.dumps(graph)
    edge = Edge("conv1", "conv2")
    middle = w.canvas.canvas_scene.edge_items[edge][0].path().pointAtPercent(0.5)
    assert w.canvas.edge_at(middle) == edge
    node_id = w.editor.drop_block("Flatten", middle)
    assert Edge("conv1", node_id) in graph.edges and Edge(node_id, "conv2") in graph.edges
    assert edge not in graph.edges
    assert not overlaps(w)  # what followed moved one step on
    assert w.document.undo_stack.count() == 1
    assert w.acts.undo.text() == "&Undo Insert Flatten"
    w.document.undo_stack.undo()
    assert fileformat.dumps(graph) == before
    w.document.undo_stack.redo()
    assert Edge(node_id, "conv2") in graph.edges


def test_a_real_drop_on_a_connection_splices(qtbot, chained):
    from tests.app.test_window import _drop

    w = chained
    w.canvas.fit_to_view()
    edge = Edge("conv2", "conv3")
    middle = w.canvas.canvas_scene.edge_items[edge][0].path().pointAtPercent(0.5)
    _drop(qtbot, w, "BatchNorm2d", w.canvas.mapFromScene(middle))
    assert Edge("conv2", "batchnorm2d") in w.document.graph.edges
    assert Edge("batchnorm2d", "conv3") in w.document.graph.edges


def test_quick_add_with_a_block_selected_inserts_after_it(chained):
    w = chained
    graph = w.document.graph
    w.canvas.select_ids(["conv1"])
    node_id = w.editor.quick_add("ReLU", QPointF(0, 110))  # the Tab popup's choice
    assert Edge("conv1", node_id) in graph.edges and Edge(node_id, "conv2") in graph.edges
    assert w.canvas.selected_ids() == [node_id]
    assert not overlaps(w)
    # Again, after the new block: a chain grows without a single overlap.
    second = w.editor.quick_add("Dropout", QPointF(0, 0))
    assert Edge(node_id, second) in graph.edges and Edge(second, "conv2") in graph.edges
    assert not overlaps(w)
    assert w.document.analysis.ok


def test_quick_add_after_the_last_block_connects_it(window):
    w = window
    w.document.replace(Graph("", [Node("input", "Input", {}, None, (0.0, 0.0))]))
    w.canvas.select_ids(["input"])
    node_id = w.editor.quick_add("Conv2d", QPointF(0, 0))
    assert w.document.graph.edges == [Edge("input", node_id)]
    assert w.document.graph.nodes[node_id].position == (0.0, 110.0)


def test_quick_add_in_a_new_document_goes_between_input_and_output(window):
    w = window
    w.canvas.select_ids([])
    node_id = w.editor.quick_add("Conv2d", QPointF(400, 400))
    assert [(e.source, e.target) for e in w.document.graph.edges] == [
        ("input", node_id),
        (node_id, "output"),
    ]
    assert w.document.analysis.ok and not overlaps(w)


def test_paste_and_duplicate_land_on_free_space(chained):
    w = chained
    w.canvas.select_ids(["conv1", "conv2"])
    w.acts.copy.trigger()
    w.acts.paste.trigger()
    w.acts.paste.trigger()
    w.acts.duplicate.trigger()
    assert len(w.document.graph.nodes) == 5 + 6
    assert not overlaps(w)
    pasted = w.canvas.selected_ids()
    assert Edge(pasted[0], pasted[1]) in w.document.graph.edges


def test_paste_here_puts_the_blocks_near_the_point(chained):
    w = chained
    w.canvas.select_ids(["conv1"])
    w.acts.copy.trigger()
    w.editor.paste(QPointF(900, 900))
    (new,) = w.canvas.selected_ids()
    x, y = w.document.graph.nodes[new].position
    assert abs(x - 900) < 1 and abs(y - 900) < 1


def test_expanding_a_composite_covers_no_block(window):
    w = window
    w.files.open_preset("resnet18", ask=False)
    w.canvas.select_ids(["layer1_0"])
    w.acts.expand.trigger()
    QApplication.processEvents()
    assert not overlaps(w)


def test_an_imported_network_is_spread_out(window):
    from app.placing import spread_out

    graph = chain()
    for node in graph.nodes.values():
        node.position = (0.0, 0.0)  # every block on one spot
    graph.nodes["conv2"].position = None
    spread_out(graph)
    w = window
    w.files.open_graph(graph, ask=False)
    assert not overlaps(w)


def test_nudges_move_the_selection_and_merge_into_one_undo_step(qtbot, chained):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    w = chained
    w.canvas.select_ids(["conv1", "conv2"])
    w.canvas.setFocus()
    QTest.keyClick(w.canvas, Qt.Key.Key_Right)
    QTest.keyClick(w.canvas, Qt.Key.Key_Right)
    QTest.keyClick(w.canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    graph = w.document.graph
    assert graph.nodes["conv1"].position == (16.0, 158.0)
    assert graph.nodes["conv2"].position == (16.0, 268.0)
    assert w.document.undo_stack.count() == 1
    w.document.undo_stack.undo()
    assert graph.nodes["conv1"].position == (0.0, 110.0)
    w.canvas.select_ids([])
    QTest.keyClick(w.canvas, Qt.Key.Key_Down)  # nothing selected: nothing moves
    assert w.document.undo_stack.index() == 0 and graph.nodes["conv1"].position == (0.0, 110.0)


# --------------------------------------------------------------------------- property

STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("drop"),
            st.sampled_from(["Conv2d", "ReLU", "Flatten"]),
            st.integers(-400, 400),
            st.integers(-200, 700),
        ),
        st.tuples(
            st.just("quick"),
            st.sampled_from(["ReLU", "BatchNorm2d"]),
            st.integers(0, 99),
            st.integers(0, 1),
        ),
        st.tuples(st.just("copy-paste"), st.integers(0, 99), st.integers(1, 3)),
        st.tuples(st.just("duplicate"), st.integers(0, 99), st.integers(1, 3)),
    ),
    min_size=1,
    max_size=8,
)


def _pick(window, seed: int, count: int) -> list[str]:
    ids = list(window.document.graph.nodes)
    start = seed % len(ids)
    return ids[start : start + count]


def _apply(window, step) -> None:
    kind = step[0]
    if kind == "drop":
        window.editor.drop_block(step[1], QPointF(step[2], step[3]))
    elif kind == "quick":
        window.canvas.select_ids(_pick(window, step[2], step[3]))
        window.editor.quick_add(step[1], QPointF(0, 0))
    else:
        window.canvas.select_ids(_pick(window, step[1], step[2]))
        if kind == "copy-paste":
            window.acts.copy.trigger()
            window.acts.paste.trigger()
        else:
            window.acts.duplicate.trigger()


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_no_sequence_of_additions_puts_a_block_on_another(window, steps):
    window.document.replace(chain(2))
    for step in steps:
        _apply(window, step)
        assert not overlaps(window), (step, overlaps(window))
    window.document.undo_stack.setClean()
