"""The canvas: drops, edge drawing, moves, deletes, graph events, analysis, quick add."""

from __future__ import annotations

import gc
import time

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QMouseEvent, QPalette, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from widgets.canvas import CanvasView
from widgets.canvas.items import EdgeItem, NodeItem
from widgets.canvas.view import MAX_ZOOM, MIN_ZOOM
from widgets.common import BLOCK_MIME

LEFT, MIDDLE = Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton
NONE, CTRL = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier


def chain_graph() -> Graph:
    """Input → conv → relu → Output, plus an unconnected Add, all placed by hand."""
    g = Graph("t")
    g.add_node(Node("input", "Input", {"channels": 1, "height": 8, "width": 8}, None, (0, 0)))
    g.add_node(Node("conv", "Conv2d", {"out_channels": 4, "padding": 1}, None, (0, 120)))
    g.add_node(Node("relu", "ReLU", {}, None, (0, 240)))
    g.add_node(Node("output", "Output", {}, None, (0, 360)))
    g.add_node(Node("add", "Add", {}, None, (260, 240)))
    for a, b in [("input", "conv"), ("conv", "relu"), ("relu", "output")]:
        g.add_edge(Edge(a, b))
    return g


@pytest.fixture
def view(qtbot):
    v = CanvasView()
    qtbot.addWidget(v)
    v.resize(900, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture
def shown(view):
    """The view showing ``chain_graph`` at 100 %, centred on the blocks."""
    g = chain_graph()
    view.set_graph(g)
    view.set_analysis(analyse(g))
    view.reset_zoom()
    view.centerOn(130, 180)
    return view, g


# --------------------------------------------------------------------------- helpers


def vp_point(view, scene_pos) -> QPoint:
    return view.mapFromScene(QPointF(scene_pos))


def send_move(view, point: QPoint, buttons=LEFT, modifiers=NONE):
    vp = view.viewport()
    global_point = QPointF(vp.mapToGlobal(point))
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), global_point,
                        Qt.MouseButton.NoButton, buttons, modifiers)  # fmt: skip
    QApplication.sendEvent(vp, event)


def drag(view, start, end, steps=6, modifiers=NONE, release=True):
    """Press at ``start``, move in steps to ``end`` and release (scene coordinates)."""
    vp = view.viewport()
    a, b = vp_point(view, start), vp_point(view, end)
    QTest.mousePress(vp, LEFT, modifiers, a)
    for i in range(1, steps + 1):
        send_move(view, a + (b - a) * (i / steps), modifiers=modifiers)
    if release:
        QTest.mouseRelease(vp, LEFT, modifiers, b)


def click(view, scene_pos, modifiers=NONE, double=False):
    action = QTest.mouseDClick if double else QTest.mouseClick
    action(view.viewport(), LEFT, modifiers, vp_point(view, scene_pos))


def node_item(view, nid) -> NodeItem:
    return view.canvas_scene.node_items[nid]


def out_port(view, nid) -> QPointF:
    return node_item(view, nid).output.scenePos()


def in_port(view, nid, port=0) -> QPointF:
    return node_item(view, nid).inputs[port].scenePos()


def assert_in_sync(view, graph):
    scene = view.canvas_scene
    assert set(scene.node_items) == set(graph.nodes)
    drawn = [i for i in scene.items() if isinstance(i, NodeItem)]
    assert len(drawn) == len(graph.nodes)
    edges = [i for i in scene.items() if isinstance(i, EdgeItem)]
    assert sorted((e.edge for e in edges), key=repr) == sorted(graph.edges, key=repr)
    for item in edges:
        assert item.source is scene.node_items[item.edge.source]
        assert item.target is scene.node_items[item.edge.target]


# --------------------------------------------------------------------------- drops


def send_drag(view, point: QPoint, mime: QMimeData, drop: bool):
    """A drag entering the canvas at ``point`` and, if ``drop``, dropped there."""
    args = (point, Qt.DropAction.CopyAction, mime, LEFT, NONE)
    enter = QDragEnterEvent(*args)
    QApplication.sendEvent(view.viewport(), enter)
    if drop and enter.isAccepted():
        QApplication.sendEvent(view.viewport(), QDropEvent(*args))
    return enter.isAccepted()


def block_mime(key: bytes) -> QMimeData:
    mime = QMimeData()
    mime.setData(BLOCK_MIME, key)
    return mime


def test_palette_drop_emits_block_dropped_where_the_block_then_appears(qtbot, shown):
    view, graph = shown
    point = QPoint(321, 234)
    with qtbot.waitSignal(view.blockDropped) as blocker:
        assert send_drag(view, point, block_mime(b"MaxPool2d"), drop=True)
    block_type, scene_pos = blocker.args
    assert block_type == "MaxPool2d"
    assert scene_pos == view.mapToScene(point)
    # The app adds the node with position = drop point: its centre lands under the mouse.
    graph.add_node(
        Node("pool", "MaxPool2d", {"kernel_size": 2}, None, (scene_pos.x(), scene_pos.y()))
    )
    item = node_item(view, "pool")
    centre = view.mapFromScene(item.mapToScene(item.body_rect().center()))
    assert (centre - point).manhattanLength() <= 1


def test_drop_of_other_data_or_unknown_type_is_refused(qtbot, shown):
    view, _ = shown
    text = QMimeData()
    text.setText("Conv2d")
    assert not send_drag(view, QPoint(10, 10), text, drop=False)
    with qtbot.assertNotEmitted(view.blockDropped), qtbot.waitSignal(view.message):
        send_drag(view, QPoint(10, 10), block_mime(b"NoSuchBlock"), drop=True)


# --------------------------------------------------------------------------- edges


def test_port_drag_connects_and_the_new_edge_shows_its_shape(qtbot, shown):
    view, graph = shown
    graph.remove_edge(Edge("conv", "relu"))
    with qtbot.waitSignal(view.connectRequested) as blocker:
        drag(view, out_port(view, "conv"), in_port(view, "relu"))
    assert blocker.args == ["conv", "relu", 0]
    assert not [i for i in view.scene().items() if i.zValue() >= 5]  # rubber edge gone
    graph.add_edge(Edge("conv", "relu"))
    view.set_analysis(analyse(graph))
    (item,) = view.canvas_scene.edge_items[Edge("conv", "relu")]
    assert item.label == "4×8×8"


def test_drag_onto_a_block_body_takes_the_first_free_port(qtbot, shown):
    view, graph = shown
    graph.add_edge(Edge("conv", "add", 0))
    assert len(node_item(view, "add").inputs) == 2  # one used, one free
    with qtbot.waitSignal(view.connectRequested) as blocker:
        drag(view, out_port(view, "input"), node_item(view, "add").pos())
    assert blocker.args == ["input", "add", 1]
    graph.add_edge(Edge("input", "add", 1))
    assert len(node_item(view, "add").inputs) == 3  # Add always offers one more


def test_drag_from_an_input_port_back_to_a_source(qtbot, shown):
    view, graph = shown
    with qtbot.waitSignal(view.connectRequested) as blocker:
        drag(view, in_port(view, "add", 0), out_port(view, "relu"))
    assert blocker.args == ["relu", "add", 0]


def refusal_of(qtbot, view, start: QPointF, end: QPointF) -> str:
    messages = []
    view.message.connect(messages.append)
    with qtbot.assertNotEmitted(view.connectRequested):
        drag(view, start, end)
    assert len(messages) == 1
    return messages[0]


def test_refused_connections_say_why(qtbot, shown):
    view, _ = shown
    body = {nid: item.pos() + QPointF(30, 10) for nid, item in view.canvas_scene.node_items.items()}
    assert "itself" in refusal_of(qtbot, view, out_port(view, "relu"), body["relu"])
    assert "takes no input" in refusal_of(qtbot, view, out_port(view, "add"), body["input"])
    assert "no output" in refusal_of(qtbot, view, in_port(view, "add"), body["output"])


def test_a_connected_input_is_offered_for_reconnecting(qtbot, shown):
    view, _ = shown
    body = {nid: item.pos() + QPointF(30, 10) for nid, item in view.canvas_scene.node_items.items()}
    with qtbot.waitSignal(view.connectRequested) as blocker:
        drag(view, out_port(view, "input"), body["relu"])  # relu's one input is taken
    assert blocker.args == ["input", "relu", 0]


def test_cycle_is_refused_with_a_message(qtbot, shown):
    view, graph = shown
    graph.remove_edge(Edge("relu", "output"))
    graph.add_edge(Edge("relu", "add", 0))
    with qtbot.assertNotEmitted(view.connectRequested), qtbot.waitSignal(view.message) as blocker:
        drag(view, out_port(view, "add"), node_item(view, "conv").pos())
    assert "cycle" in blocker.args[0]


def test_valid_targets_light_up_while_dragging_and_esc_cancels(qtbot, shown):
    view, graph = shown
    drag(view, out_port(view, "relu"), QPointF(400, 500), release=False)
    items = view.canvas_scene.node_items
    assert items["add"].inputs[0].candidate  # free, downstream-safe
    assert not items["conv"].inputs[0].candidate  # would be a cycle (and it is taken)
    assert not items["input"].inputs  # a source has no input port at all
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert not any(p.candidate for item in items.values() for p in item.ports())
    with qtbot.assertNotEmitted(view.connectRequested):
        QTest.mouseRelease(view.viewport(), LEFT, NONE, vp_point(view, in_port(view, "add")))


# --------------------------------------------------------------------------- move, select


def test_moving_blocks_emits_one_nodes_moved_on_release(qtbot, shown):
    view, _ = shown
    view.select_ids(["conv", "relu"])
    emitted = []
    view.nodesMoved.connect(emitted.append)
    drag(
        view,
        node_item(view, "conv").pos(),
        node_item(view, "conv").pos() + QPointF(40, 20),
        steps=8,
    )
    assert len(emitted) == 1
    assert emitted[0] == {
        "conv": ((0.0, 120.0), (40.0, 140.0)),
        "relu": ((0.0, 240.0), (40.0, 260.0)),
    }
    edge = view.canvas_scene.edge_items[Edge("input", "conv")][0]
    assert edge.path().pointAtPercent(1.0) == in_port(view, "conv")  # the edge followed


def test_click_on_a_block_without_moving_emits_nothing(qtbot, shown):
    view, _ = shown
    with qtbot.assertNotEmitted(view.nodesMoved):
        drag(view, node_item(view, "relu").pos(), node_item(view, "relu").pos(), steps=1)
    assert view.selected_ids() == ["relu"]


def test_click_ctrl_click_and_rubber_band_selection(qtbot, shown):
    view, _ = shown
    changes = []
    view.selectionChanged.connect(changes.append)
    click(view, node_item(view, "conv").pos())
    click(view, node_item(view, "add").pos(), CTRL)
    assert view.selected_ids() == ["conv", "add"]
    assert changes[-1] == ["conv", "add"]
    drag(view, QPointF(-150, 180), QPointF(150, 300))  # from empty canvas over relu only
    assert view.selected_ids() == ["relu"]
    drag(view, QPointF(-150, -60), QPointF(150, 60), modifiers=CTRL)
    assert view.selected_ids() == ["input", "relu"]
    click(view, QPointF(-200, 500))
    assert view.selected_ids() == [] and changes[-1] == []


def test_delete_key_requests_deleting_selected_blocks_and_edges(qtbot, shown):
    view, _ = shown
    view.select_ids(["relu"])
    view.canvas_scene.edge_items[Edge("input", "conv")][0].setSelected(True)
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        with qtbot.waitSignal(view.deleteRequested) as blocker:
            QTest.keyClick(view, key)
        assert blocker.args == [["relu"], [Edge("input", "conv")]]


def test_clicking_an_edge_selects_it(qtbot, shown):
    view, _ = shown
    item = view.canvas_scene.edge_items[Edge("conv", "relu")][0]
    point = item.path().pointAtPercent(0.3)
    click(view, point)
    assert view.selected_edges() == [Edge("conv", "relu")]


# --------------------------------------------------------------------------- model events


def test_graph_events_keep_items_in_sync(qtbot, shown):
    view, graph = shown
    assert_in_sync(view, graph)
    graph.add_node(Node("pool", "MaxPool2d", {"kernel_size": 2}, None, (0, 480)))
    graph.add_edge(Edge("relu", "pool"))
    assert_in_sync(view, graph)
    graph.remove_edge(Edge("relu", "pool"))
    assert_in_sync(view, graph)
    removed = graph.remove_node("relu")  # takes its two edges with it
    assert_in_sync(view, graph)
    node, index, edges = removed
    graph.add_node(node, index)  # what undo does
    for i, edge in edges:
        graph.add_edge(edge, i)
    assert_in_sync(view, graph)
    graph.move_node("relu", (77, 250))
    assert node_item(view, "relu").pos() == QPointF(77, 250)
    graph.set_label("relu", "my activation")
    assert node_item(view, "relu").title == "my activation"
    graph.set_params("conv", {"out_channels": 32, "kernel_size": 5, "padding": 2})
    assert node_item(view, "conv").summary == "5×5 · 32"
    graph.replace_all(Graph("other", [Node("a", "Input"), Node("b", "Output")], [Edge("a", "b")]))
    assert_in_sync(view, graph)


def test_long_edges_go_around_blocks_and_straighten_when_they_move(shown):
    view, graph = shown
    graph.add_edge(Edge("input", "add", 0))
    graph.move_node("add", (0, 360 + 120))
    graph.move_node("output", (0, 600))
    graph.add_edge(Edge("conv", "add", 1))  # conv → add passes relu's place

    def path_points():
        path = view.canvas_scene.edge_items[Edge("conv", "add", 1)][0].path()
        return [path.pointAtPercent(i / 40) for i in range(41)]

    relu = node_item(view, "relu")
    body = relu.mapRectToScene(relu.body_rect())
    assert not any(body.contains(p) for p in path_points())
    graph.move_node("relu", (400, 240))  # out of the way: the edge may run straight again
    assert len({round(p.x()) for p in path_points()}) <= 2


def test_add_and_concat_grow_and_shrink_their_ports(shown):
    view, graph = shown
    add = node_item(view, "add")
    assert len(add.inputs) == 2
    graph.add_edge(Edge("input", "add", 0))
    graph.add_edge(Edge("conv", "add", 1))
    assert len(add.inputs) == 3
    assert [p.connected for p in add.inputs] == [True, True, False]
    graph.remove_edge(Edge("conv", "add", 1))
    assert len(add.inputs) == 2


def test_nodes_without_positions_are_laid_out_top_to_bottom(view):
    g = Graph(
        "unplaced",
        [Node("a", "Input"), Node("b", "ReLU"), Node("c", "Output")],
        [Edge("a", "b"), Edge("b", "c")],
    )
    view.set_graph(g)
    ys = [node_item(view, n).pos().y() for n in "abc"]
    assert ys[0] < ys[1] < ys[2]
    g.add_node(Node("d", "ReLU"))  # added later without a position: below the rest
    assert node_item(view, "d").pos().y() > ys[2]


def test_a_deleted_view_stops_listening_to_the_graph(qtbot):
    g = chain_graph()
    v = CanvasView()
    v.set_graph(g)
    shiboken6.delete(v)
    gc.collect()
    g.add_node(Node("late", "ReLU", {}, None, (0, 0)))  # must not touch the dead scene
    assert not g._listeners


# --------------------------------------------------------------------------- analysis


def test_set_analysis_updates_text_and_marks_problems_without_new_items(shown):
    view, graph = shown
    scene = view.canvas_scene
    before = {id(i) for i in scene.items()}
    conv = node_item(view, "conv")
    assert conv.stats == "4×8×8 · 40 params" and not conv.problem
    add = node_item(view, "add")
    assert add.problem
    assert "needs two or more inputs" in scene.node_tooltip("add")
    graph.set_params("conv", {"out_channels": 4, "kernel_size": 9})  # larger than 8×8
    view.set_analysis(analyse(graph))
    assert conv.problem and "larger than" in scene.node_tooltip("conv")
    relu = node_item(view, "relu")
    assert relu.waiting and not relu.problem and relu.stats.startswith("?")
    assert {id(i) for i in scene.items()} == before


def test_composite_tooltip_lists_what_is_inside(view):
    g = Graph(
        "c",
        [
            Node("in", "Input", {"channels": 8, "height": 8, "width": 8}),
            Node("res", "ResidualBlock", {"out_channels": 8}),
        ],
        [Edge("in", "res")],
    )
    view.set_graph(g)
    view.set_analysis(analyse(g))
    assert node_item(view, "res").composite
    tip = view.canvas_scene.node_tooltip("res")
    assert "Inside" in tip and "3×3 conv → 8" in tip and "shortcut" in tip


# --------------------------------------------------------------------------- view


def test_quick_add_filters_as_you_type_and_adds_at_the_point(qtbot, shown):
    view, _ = shown
    popup = view.open_quick_add(QPointF(50, 60))
    assert popup.isVisible()
    QTest.keyClicks(popup.search, "max po")
    assert popup.visible_types() == ["MaxPool2d"]
    with qtbot.waitSignal(view.quickAddChosen) as blocker:
        QTest.keyClick(popup.search, Qt.Key.Key_Return)
    assert blocker.args == ["MaxPool2d", QPointF(50, 60), None]
    assert not popup.isVisible()


def test_tab_opens_quick_add_and_esc_closes_it(qtbot, shown):
    view, _ = shown
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    popup = view._quick
    assert popup is not None and popup.isVisible()
    QTest.keyClicks(popup.search, "conv")
    assert popup.visible_types()[0] == "Conv2d"
    QTest.keyClick(popup.search, Qt.Key.Key_Down)
    assert popup.list.currentRow() == 1
    with qtbot.assertNotEmitted(view.quickAddChosen):
        QTest.keyClick(popup.search, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_wheel_zooms_at_the_cursor_within_limits(shown):
    view, _ = shown
    point = QPoint(200, 150)
    under = view.mapToScene(point)
    global_point = QPointF(view.viewport().mapToGlobal(point))
    phase = Qt.ScrollPhase.NoScrollPhase
    wheel = QWheelEvent(QPointF(point), global_point, QPoint(), QPoint(0, 240),
                        Qt.MouseButton.NoButton, NONE, phase, False)  # fmt: skip
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() > 1.2
    assert (view.mapFromScene(under) - point).manhattanLength() <= 2
    view.zoom_by(1000)
    assert view.zoom() == pytest.approx(MAX_ZOOM)
    view.zoom_by(1e-6)
    assert view.zoom() == pytest.approx(MIN_ZOOM)
    view.reset_zoom()
    assert view.zoom() == 1.0


def test_middle_drag_and_space_drag_pan(qtbot, shown):
    view, _ = shown
    vp = view.viewport()
    before = view.scene_center()
    QTest.mousePress(vp, MIDDLE, NONE, QPoint(400, 300))
    send_move(view, QPoint(300, 250), buttons=MIDDLE)
    QTest.mouseRelease(vp, MIDDLE, NONE, QPoint(300, 250))
    assert view.scene_center() - before == QPointF(100, 50)
    QTest.keyPress(view, Qt.Key.Key_Space)
    with qtbot.assertNotEmitted(view.selectionChanged):
        drag(view, view.mapToScene(QPoint(300, 300)), view.mapToScene(QPoint(340, 300)))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    assert view.scene_center() - before == QPointF(60, 50)


def test_double_clicks_open_a_block_or_the_quick_add(qtbot, shown):
    view, _ = shown
    with qtbot.waitSignal(view.nodeDoubleClicked) as blocker:
        click(view, node_item(view, "conv").pos(), double=True)
    assert blocker.args == ["conv"]
    click(view, QPointF(-200, 300), double=True)
    popup = view._quick
    assert popup is not None and popup.isVisible()
    with qtbot.waitSignal(view.quickAddChosen) as blocker:
        QTest.keyClick(popup.search, Qt.Key.Key_Return)  # the first block in the list
    assert blocker.args[1] == view.mapToScene(vp_point(view, QPointF(-200, 300)))


def test_fit_to_view_shows_every_block(shown):
    view, graph = shown
    view.zoom_by(3)
    view.fit_to_view()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    for nid in graph.nodes:
        assert visible.contains(node_item(view, nid).sceneBoundingRect())


def test_theme_follows_the_palette(view):
    light = view.canvas_scene.theme
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(40, 40, 44))
    palette.setColor(QPalette.ColorRole.Base, QColor(30, 30, 32))
    palette.setColor(QPalette.ColorRole.Text, QColor(230, 230, 230))
    view.setPalette(palette)
    dark = view.canvas_scene.theme
    assert dark.dark and dark.background.lightness() < 80
    assert dark is not light


def test_densenet121_preset_draws(view):
    presets = pytest.importorskip("engine.presets")
    g = presets.load_preset("densenet121")
    view.set_graph(g)
    view.set_analysis(analyse(g))
    assert_in_sync(view, g)
    assert sum(item.composite for item in view.canvas_scene.node_items.values()) >= 7
    image = view.render_to_image()
    assert image.width() > 100 and image.height() > 1000
    background = image.pixelColor(0, 0)
    colours = {
        image.pixelColor(x, y).rgb()
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20 and background.rgb() in colours


def test_set_analysis_of_resnet50_is_fast(view):
    presets = pytest.importorskip("engine.presets")
    g = presets.load_preset("resnet50")
    view.set_graph(g)
    view.set_analysis(analyse(g))
    times = []
    for size in (224, 256) * 4:  # every shape changes each time
        g.set_params("input", {"channels": 3, "height": size, "width": size})
        analysis = analyse(g)
        start = time.perf_counter()
        view.set_analysis(analysis)
        times.append(time.perf_counter() - start)
    assert sorted(times)[len(times) // 2] < 0.010
