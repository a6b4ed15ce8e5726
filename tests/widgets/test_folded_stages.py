"""Folded stages read cleanly: edges go around the cards, a card shows the stage's
shape and parameters whole and its name once; a stage's name never covers a block
where it has room; one block's inside has no stage frame."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from engine.analysis import analyse
from engine.arrange import arrange
from engine.layout import layered_layout
from engine.presets import load_preset
from widgets.canvas import lod
from widgets.canvas.stages import StageFrame


def _arranged(view, name: str, size=(900.0, 600.0)):
    graph = load_preset(name)
    for nid, position in arrange(graph, view=size).items():
        graph.nodes[nid].position = position
    view.set_graph(graph)
    view.set_analysis(analyse(graph))
    return view.canvas_scene


def _crossings(scene) -> list[tuple[str, str]]:
    """(edge, what it passes through) for every edge drawn through a card or a block
    other than its own ends."""
    found = []
    cards = [f for f in scene.stages.frames.values() if f.folded]
    for edge, items in scene.edge_items.items():
        item = items[0]
        if not item.isVisible():
            continue
        ends = {id(item.source.proxy), id(item.target.proxy)}
        obstacles = [(f.name, f.card_rect()) for f in cards if id(f) not in ends]
        obstacles += [
            (nid, node.drawn_rect().adjusted(2, 2, -2, -2))
            for nid, node in scene.node_items.items()
            if node.isVisible() and node not in (item.source, item.target)
        ]
        path = item.path()
        for k in range(1, 80):
            point = path.pointAtPercent(k / 80)
            hit = next((name for name, rect in obstacles if rect.contains(point)), None)
            if hit is not None:
                found.append((f"{edge.source}→{edge.target}", hit))
                break
    return found


@pytest.mark.parametrize(
    "name, size",
    [
        ("resnet50", (570, 600)),  # the newcomer's canvas
        ("resnet50", (1200, 800)),
        ("resnet18", (570, 600)),
        ("resnet18", (600, 400)),
        ("resnet18", (570, 430)),
        ("googlenet", (570, 600)),
        ("densenet121", (570, 600)),
    ],
)
def test_no_edge_runs_through_a_folded_card(view, name, size):
    scene = _arranged(view, name, size)
    scene.stages.rebuild()
    scene.stages.set_folded(set(scene.stages.frames))
    assert _crossings(scene) == []
    scene.stages.set_folded(set())
    assert _crossings(scene) == []


def test_a_folded_card_shows_its_shape_and_parameters_whole_and_its_name_once(view):
    scene = _arranged(view, "resnet50")
    scene.stages.set_folded(set(scene.stages.frames))
    view.fit_to_view()
    for frame in scene.stages.frames.values():
        lines = frame.card_lines(view.zoom())
        texts = [text for text, _font in lines]
        assert texts == list(frame.summary)[: len(texts)] and "…" not in "".join(texts)
        assert not any(frame.name in text for text in texts)
    layer2 = scene.stages.frames["layer2"]
    assert layer2.summary == ("512×28×28", "1.22 M params")


def test_a_zoomed_out_stage_name_goes_where_it_covers_no_block(view):
    # Laid out without room for frames (one column, 110 apart): the name goes inside.
    graph = load_preset("resnet18")
    for nid, position in layered_layout(graph).items():
        graph.nodes[nid].position = position
    view.set_graph(graph)
    view.set_analysis(analyse(graph))
    scene = view.canvas_scene
    view.resetTransform()
    view.zoom_by(0.5)
    transform = view.viewportTransform()
    for frame in scene.stages.frames.values():
        screen = transform.mapRect(frame.label_area())
        box = scene.stages._label_box(frame, screen, QRectF(0, 0, 90, 12).size(), transform)
        rect = transform.inverted()[0].mapRect(box)
        assert scene.stages._covered(rect, frame) == 0, frame.name


def test_the_inside_of_one_block_has_no_stage_frame(qtbot):
    from app.look_inside import inner_graph
    from widgets.inner_view import ReadOnlyCanvas

    canvas = ReadOnlyCanvas()
    qtbot.addWidget(canvas)
    inside = inner_graph(load_preset("resnet50"), "layer3_0")
    canvas.set_graph(inside)
    assert not any(isinstance(i, StageFrame) for i in canvas.canvas_scene.items())


def test_stage_names_show_at_exactly_the_full_detail_zoom(view):
    # The frames draw their names at full detail, the scene on top further out: at
    # exactly 70 % (where the window opens a network) one of them must.
    scene = _arranged(view, "convnext_shapes")
    view.fit_to_view()
    view.zoom_by(lod.FULL_SCALE / view.zoom())  # as the window opens a big network
    assert view.zoom() == pytest.approx(lod.FULL_SCALE)
    frame = scene.stages.frames["stage1"]
    view.centerOn(frame.sceneBoundingRect().center())
    image = view.grab().toImage()
    header = view.mapFromScene(frame.header_rect()).boundingRect()
    text = scene.theme.text
    dark = [
        (x, y)
        for x in range(header.left() + 4, header.left() + header.width() // 3)
        for y in range(header.top() + 2, header.bottom() - 2)
        if abs(image.pixelColor(x, y).lightness() - text.lightness()) < 60
    ]
    assert len(dark) > 10
