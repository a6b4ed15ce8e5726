"""What the canvas shows is readable: opened files and expansions are arranged when
they would not read at Fit to Window, a network opens fitted when fit reads, a fitted
view stays fitted as the window settles, new blocks off-screen come into view, and the
first-run card keeps clear of the blocks and the minimap."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from app import commands
from app.canvas_actions import change_flow
from engine import fileformat
from engine.presets import load_preset
from widgets.canvas import lod


def _fit_zoom(window) -> float:
    window.canvas.fit_to_view()
    return window.canvas.zoom()


def _visible(canvas) -> QRectF:
    return canvas.mapToScene(canvas.viewport().rect()).boundingRect()


def _column_file(tmp_path, name: str, positions: bool = True):
    """A preset as the command line writes it: one long column (or no positions)."""
    graph = load_preset(name)
    for k, node in enumerate(graph.nodes.values()):
        node.position = (0.0, 110.0 * k) if positions else None
    path = tmp_path / f"{name}.convas"
    fileformat.save(graph, path)
    return path


def test_an_opened_column_or_unplaced_file_is_arranged_to_read(window, tmp_path):
    window.resize(1200, 800)
    for positions in (True, False):
        path = _column_file(tmp_path, "densenet121", positions)
        assert window.files.open_path(path, ask=False)
        assert _fit_zoom(window) >= lod.SIMPLE_SCALE
        assert all(n.position is not None for n in window.document.graph.nodes.values())
        assert not window.document.is_modified()


def test_a_small_file_keeps_its_own_positions(window, tmp_path):
    graph = load_preset("lenet5")
    graph.nodes["conv1"].position = (400.0, 55.0)
    fileformat.save(graph, tmp_path / "mine.convas")
    window.files.open_path(tmp_path / "mine.convas", ask=False)
    assert window.document.graph.nodes["conv1"].position == (400.0, 55.0)


def test_expanding_a_big_block_keeps_the_network_readable_in_one_undo_step(window):
    window.resize(1200, 800)
    window.files.open_preset("densenet121", ask=False)
    graph, stack = window.document.graph, window.document.undo_stack
    before = {i: n.position for i, n in graph.nodes.items()}
    stack.push(commands.ExpandComposite(graph, "denseblock3"))  # laid out, not arranged
    column = _fit_zoom(window)
    stack.undo()
    assert window.editor.expand("denseblock3")
    assert _fit_zoom(window) >= 2 * column  # 180 more blocks: arranged into columns
    assert stack.count() == 1
    stack.undo()
    assert {i: n.position for i, n in graph.nodes.items()} == before


def test_an_expansion_follows_the_flow(window):
    window.resize(1200, 800)
    window.files.open_preset("resnet18", ask=False)
    change_flow(window, "right")
    window.editor.expand("layer1_0")
    graph = window.document.graph
    inside = [graph.nodes[i].position for i in graph.nodes if i.startswith("layer1_0_")]
    xs, ys = [x for x, _ in inside], [y for _, y in inside]
    assert max(xs) - min(xs) > 2 * (max(ys) - min(ys))  # along x, as data flows


def test_a_network_opens_fitted_when_fit_reads_at_the_simpler_detail(window):
    window.resize(1400, 860)
    window.files.open_preset("resnet50", ask=False)
    canvas = window.canvas
    assert lod.SIMPLE_SCALE <= canvas.zoom() < lod.FULL_SCALE
    assert _visible(canvas).contains(canvas.canvas_scene.blocks_rect())


def test_a_fitted_view_stays_fitted_as_the_window_settles(window):
    window.resize(1200, 800)
    window.files.open_preset("resnet18", ask=False)
    canvas = window.canvas
    window.acts.fit.trigger()
    for size in ((900, 640), (1300, 900), (700, 520)):
        window.resize(*size)
        QApplication.processEvents()
        assert _visible(canvas).contains(canvas.canvas_scene.blocks_rect()), size
    canvas.zoom_by(1.5)  # the user zooms: the view is theirs now
    zoom = canvas.zoom()
    window.resize(1000, 700)
    QApplication.processEvents()
    assert canvas.zoom() == zoom


def test_blocks_added_off_screen_come_into_view(window):
    window.resize(1200, 800)
    window.files.open_preset("resnet18", ask=False)
    canvas = window.canvas
    canvas.reset_zoom()
    canvas.center_on("input")
    canvas.select_ids(["fc"])  # far below
    new = window.editor.quick_add("ReLU", canvas.scene_center())
    assert _visible(canvas).contains(canvas.canvas_scene.node_items[new].sceneBoundingRect())
    canvas.center_on("input")
    window.acts.copy.trigger()
    window.acts.paste.trigger()
    (pasted,) = canvas.selected_ids()
    item = canvas.canvas_scene.node_items[pasted]
    assert _visible(canvas).contains(item.sceneBoundingRect())


def test_the_first_run_card_keeps_clear_of_the_blocks_and_the_minimap(window, qtbot):
    canvas = window.canvas
    window.show_network_start()  # as the app does when it starts
    for size in ((1400, 860), (1100, 720), (1000, 680)):
        window.resize(*size)
        QApplication.processEvents()
        qtbot.waitUntil(window.hint.is_shown)
        card = window.hint.card.geometry()
        assert canvas.viewport().rect().contains(card), size  # not carried off by a scroll
        assert not card.intersects(canvas.minimap.place_in_view()), size
        for item in canvas.canvas_scene.node_items.values():
            shown = canvas.mapFromScene(item.sceneBoundingRect()).boundingRect()
            assert canvas.viewport().rect().contains(shown), (size, item.node_id)
            assert not shown.intersects(card), (size, item.node_id)
