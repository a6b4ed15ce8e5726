"""Big networks on the canvas: zoom to fit, level of detail, minimap, stage frames, flow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from engine.analysis import analyse
from engine.arrange import RIGHT, arrange
from engine.expand import expand_all
from engine.graph import Edge, Graph, Node
from engine.presets import load_preset
from widgets.canvas import lod
from widgets.canvas.sizes import DOWN


def _show(view, graph: Graph) -> Graph:
    view.set_graph(graph)
    view.set_analysis(analyse(graph))
    return graph


def _visible(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def _all_in_view(view) -> bool:
    return _visible(view).contains(view.canvas_scene.blocks_rect())


def test_a_24_layer_dense_block_expanded_fits(view):
    graph = Graph(
        "dense",
        [
            Node("input", "Input", {"channels": 3, "height": 32, "width": 32}),
            Node("block", "DenseBlock", {"num_layers": 24, "growth_rate": 32}),
            Node("output", "Output"),
        ],
        [Edge("input", "block"), Edge("block", "output")],
    )
    _show(view, expand_all(graph))  # no positions: laid out top to bottom, one tall column
    assert len(graph.nodes) > 150
    view.fit_to_view()
    assert view.zoom() < 0.1  # below the usual limit, which would have stopped short
    assert _all_in_view(view)
    view.zoom_by(0.5)
    assert view.zoom() >= view.min_zoom() - 1e-9
    view.fit_to_view()
    assert _all_in_view(view)


def test_densenet121_fully_expanded_fits(view):
    graph = expand_all(load_preset("densenet121"))
    assert len(graph.nodes) == 429
    _show(view, graph)
    view.fit_to_view()
    assert _all_in_view(view)


def test_ports_show_only_in_full_detail_and_images_keep_them(view):
    graph = _show(view, load_preset("resnet50"))
    items = view.canvas_scene.node_items
    view.reset_zoom()
    assert all(p.isVisible() for p in items["layer1_0"].ports())
    view.fit_to_view()
    assert view.zoom() < lod.FULL_SCALE
    assert not any(p.isVisible() for item in items.values() for p in item.ports())
    image = view.render_to_image()  # at 100 %: ports drawn, then hidden again
    assert image.height() > 1000
    assert not items["layer1_0"].output.isVisible()
    assert len(graph.nodes) == 25


@pytest.mark.parametrize("zoom", [1.0, 0.4, 0.1])
def test_every_level_of_detail_draws_blocks_and_problems(view, zoom):
    graph = _show(view, load_preset("googlenet"))
    graph.remove_node("pool3")  # a problem and waiting blocks
    view.set_analysis(analyse(graph))
    view.resetTransform()
    view.zoom_by(zoom)
    view.center_on("inception4a")
    image = view.grab().toImage()
    problem = view.canvas_scene.theme.problem
    centre = view.mapFromScene(view.canvas_scene.node_items["inception4a"].pos())
    near = [
        image.pixelColor(centre.x() + dx, centre.y() + dy)
        for dx in range(-20, 21, 4)
        for dy in range(-6, 7, 3)
    ]
    assert any(_close(c, problem) for c in near) or zoom == 1.0  # red at a glance
    assert view.canvas_scene.node_items["inception4a"].problem


def _close(a, b) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 90


def test_minimap_shows_when_the_network_is_out_of_view_and_navigates(qtbot, view):
    _show(view, load_preset("vgg16"))
    minimap = view.minimap
    view.fit_to_view()
    minimap.refresh_visibility()
    assert not minimap.isVisible()  # everything is in view
    view.reset_zoom()
    view.centerOn(view.canvas_scene.node_items["input"])
    minimap.refresh_visibility()
    assert minimap.isVisible()
    output = view.canvas_scene.node_items["output"]
    assert not _visible(view).contains(output.sceneBoundingRect())
    qtbot.wait(100)  # the picture is redrawn after a short delay
    target = minimap._to_map.map(output.pos()).toPoint()
    QTest.mouseClick(minimap, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    assert _visible(view).contains(output.pos())
    minimap.set_enabled(False)
    minimap.refresh_visibility()
    assert not minimap.isVisible()


def test_stage_frames_fold_into_one_card_and_back(qtbot, view):
    graph = load_preset("resnet50")
    for nid, position in arrange(graph).items():
        graph.nodes[nid].position = position
    _show(view, graph)
    scene = view.canvas_scene
    assert sorted(scene.stages.frames) == ["layer1", "layer2", "layer3", "layer4"]
    frame = scene.stages.frames["layer3"]
    members = [scene.node_items[f"layer3_{i}"] for i in range(6)]
    assert all(frame.sceneBoundingRect().contains(m.sceneBoundingRect()) for m in members)
    with qtbot.waitSignal(view.viewOptionsChanged) as blocker:
        click_scene(view, frame.toggle_rect().center())
    assert blocker.args == [{"flow": DOWN, "folded": ["layer3"]}]
    assert not any(m.isVisible() for m in members)
    inside = scene.edge_items[Edge("layer3_0", "layer3_1")][0]
    assert not inside.isVisible()
    into = scene.edge_items[Edge("layer2_3", "layer3_0")][0]
    assert into.path().pointAtPercent(1.0) == frame.input_pos()
    out = scene.edge_items[Edge("layer3_5", "layer4_0")][0]
    assert out.path().pointAtPercent(0.0) == frame.output_pos()
    scene.toggle_stage("layer3")
    assert all(m.isVisible() for m in members) and inside.isVisible()
    assert into.path().pointAtPercent(1.0) == members[0].input_pos(0)


def click_scene(view, point: QPointF) -> None:
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        view.mapFromScene(point),
    )  # fmt: skip


def test_folded_stages_come_back_from_the_graphs_meta(view):
    graph = load_preset("resnet18")
    graph.meta = {**(graph.meta or {}), "canvas": {"flow": "down", "folded": ["layer2"]}}
    _show(view, graph)
    frames = view.canvas_scene.stages.frames
    assert frames["layer2"].folded and not frames["layer1"].folded
    graph.set_meta("canvas", {"flow": "down", "folded": []})
    assert not frames["layer2"].folded


def test_stages_follow_structural_edits(qtbot, view):
    graph = _show(view, load_preset("resnet18"))
    scene = view.canvas_scene
    graph.remove_node("layer2_1")  # layer2 keeps one block: no stage any more
    qtbot.waitUntil(lambda: "layer2" not in scene.stages.frames)
    assert "layer1" in scene.stages.frames


def test_data_can_flow_right(view):
    graph = load_preset("resnet18")
    for nid, position in arrange(graph, RIGHT).items():
        graph.nodes[nid].position = position
    graph.meta = {"canvas": {"flow": RIGHT, "folded": []}}
    _show(view, graph)
    item = view.canvas_scene.node_items["conv1"]
    assert item.output.pos() == QPointF(item.body_rect().right(), 0)
    assert item.inputs[0].pos() == QPointF(item.body_rect().left(), 0)
    edge = view.canvas_scene.edge_items[Edge("input", "conv1")][0]
    start, end = edge.path().pointAtPercent(0.0), edge.path().pointAtPercent(1.0)
    assert start.x() < end.x() and abs(start.y() - end.y()) < 1


def test_a_wrapped_connection_runs_up_between_the_columns(view):
    ids = [f"n{i}" for i in range(60)]
    graph = Graph("c", [Node(i, "ReLU") for i in ids], [Edge(a, b) for a, b in zip(ids, ids[1:])])
    for nid, position in arrange(graph, view=(900, 600)).items():
        graph.nodes[nid].position = position
    _show(view, graph)
    scene = view.canvas_scene
    back = next(
        items[0]
        for edge, items in scene.edge_items.items()
        if graph.nodes[edge.target].position[1] < graph.nodes[edge.source].position[1]
    )
    source, target = back.source, back.target
    path = back.path()
    blocks = [i.sceneBoundingRect() for i in scene.node_items.values() if i not in (source, target)]
    for k in range(1, 40):
        point = path.pointAtPercent(k / 40)
        assert not any(r.contains(point) for r in blocks)
    assert path.pointAtPercent(1.0) == target.input_pos(0)


def test_wheel_zoom_reaches_below_the_default_floor_for_a_huge_network(view):
    ids = [f"n{i}" for i in range(400)]
    graph = Graph("c", [Node(i, "ReLU") for i in ids], [Edge(a, b) for a, b in zip(ids, ids[1:])])
    _show(view, graph)
    view.zoom_by(1e-6, QPointF(QPoint(10, 10)))
    assert view.zoom() < 0.05
    assert _all_in_view(view)
