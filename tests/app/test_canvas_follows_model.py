"""What the canvas draws is the model: after any sequence of edits, drags (finished,
abandoned, or whose release went elsewhere), folds, flow changes, zooms, layouts and
undos, every block is where the graph has it and every connection ends at its ports."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.canvas_actions import change_flow
from engine.arrange import DOWN, RIGHT
from tests.widgets.test_canvas import LEFT, NONE, send_move

TYPES = ["Conv2d", "ReLU", "BatchNorm2d", "MaxPool2d", "Add", "ResidualBlock", "Flatten"]


def check_canvas_follows_model(window) -> None:
    """The invariant: blocks at the graph's positions, edges from port to port."""
    scene, graph = window.canvas.canvas_scene, window.document.graph
    assert set(scene.node_items) == set(graph.nodes)
    for nid, node in graph.nodes.items():
        item = scene.node_items[nid]
        assert node.position is not None, nid
        assert (item.pos().x(), item.pos().y()) == pytest.approx(node.position), nid
    drawn = {edge: items for edge, items in scene.edge_items.items() if items}
    assert sorted(drawn, key=repr) == sorted(set(graph.edges), key=repr)
    for edge, items in drawn.items():
        item = items[0]
        source, target = item.source, item.target
        assert source is scene.node_items[edge.source] and target is scene.node_items[edge.target]
        start, end = item.path().pointAtPercent(0.0), item.path().pointAtPercent(1.0)
        if source.proxy is None:
            assert start == source.output.scenePos(), edge
        else:
            assert start == source.proxy.output_pos(), edge
        if target.proxy is None:
            assert end == target.inputs[edge.port].scenePos(), edge
        else:
            assert end == target.proxy.input_pos(), edge
    shown = scene.blocks_rect().adjusted(-0.5, -0.5, 0.5, 0.5)  # what Fit to Window shows
    for item in scene.node_items.values():
        if item.isVisible():
            assert shown.contains(item.sceneBoundingRect()), item.node_id


class Session:
    """Random things a user does, through the window's own paths (mouse, keys, menus)."""

    def __init__(self, window, rng: random.Random):
        self.w, self.rng = window, rng
        self.view = window.canvas

    def ids(self) -> list[str]:
        return list(self.w.document.graph.nodes)

    def some_block(self) -> str:
        return self.rng.choice(self.ids())

    def point_of(self, nid: str) -> QPoint:
        self.view.center_on(nid)
        return self.view.mapFromScene(self.view.canvas_scene.node_items[nid].pos())

    # ----------------------------------------------------------------- operations
    def drop(self):
        spot = self.view.mapToScene(QPoint(self.rng.randrange(600), self.rng.randrange(400)))
        self.w.editor.drop_block(self.rng.choice(TYPES), spot)

    def quick_add(self):
        self.view.select_ids([self.some_block()])
        self.w.editor.quick_add(self.rng.choice(TYPES), self.view.scene_center())

    def paste(self):
        self.view.select_ids(self.rng.sample(self.ids(), min(3, len(self.ids()))))
        self.w.acts.copy.trigger()
        self.w.acts.paste.trigger()

    def duplicate(self):
        self.view.select_ids([self.some_block()])
        self.w.acts.duplicate.trigger()

    def delete(self):
        self.view.select_ids([self.some_block()])
        self.w.acts.delete.trigger()

    def undo_redo(self):
        stack = self.w.document.undo_stack
        (stack.undo if self.rng.random() < 0.6 else stack.redo)()

    def _press_and_move(self, release: bool, steps: int = 4):
        vp = self.view.viewport()
        start = self.point_of(self.some_block())
        QTest.mousePress(vp, LEFT, NONE, start)
        end = start + QPoint(self.rng.randrange(-150, 150), self.rng.randrange(-150, 150))
        for i in range(1, steps + 1):
            send_move(self.view, start + (end - start) * (i / steps))
        if release:
            QTest.mouseRelease(vp, LEFT, NONE, end)

    def drag(self):
        self._press_and_move(release=True)

    def drag_release_lost(self):
        """The release went to a popup: the next event is a move with no button, or a
        new press."""
        self._press_and_move(release=False)
        if self.rng.random() < 0.5:
            send_move(self.view, QPoint(20, 20), buttons=Qt.MouseButton.NoButton)
        else:
            self._press_and_move(release=True, steps=1)

    def drag_then_escape(self):
        self._press_and_move(release=False)
        QTest.keyClick(self.view, Qt.Key.Key_Escape)
        QTest.mouseRelease(self.view.viewport(), LEFT, NONE, QPoint(30, 30))

    def nudge(self):
        self.view.select_ids([self.some_block()])
        self.view.setFocus()
        QTest.keyClick(self.view, Qt.Key.Key_Left)

    def fold(self):
        trigger = self.w.canvas_acts.fold_all if self.rng.random() < 0.6 else None
        (trigger or self.w.canvas_acts.unfold_all).trigger()

    def flow(self):
        change_flow(self.w, self.rng.choice([DOWN, RIGHT]))

    def zoom(self):
        self.view.zoom_by(self.rng.choice([0.2, 0.5, 2.0, 4.0]))

    def layout(self):
        self.w.acts.auto_layout.trigger()

    def expand(self):
        composites = [i for i in self.ids() if self.w.editor.is_composite(i)]
        if composites:
            self.w.editor.expand(self.rng.choice(composites))

    OPERATIONS = (
        drop, quick_add, paste, duplicate, delete, undo_redo, drag, drag_release_lost,
        drag_then_escape, nudge, fold, flow, zoom, layout, expand,
    )  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_the_canvas_follows_the_model_whatever_the_user_does(window, seed):
    window.resize(1200, 800)
    window.files.open_preset("resnet18", ask=False)
    session = Session(window, random.Random(seed))
    done = []
    for _ in range(50):
        operation = session.rng.choice(Session.OPERATIONS)
        done.append(operation.__name__)
        operation(session)
        QApplication.processEvents()
        try:
            check_canvas_follows_model(window)
        except AssertionError as exc:
            raise AssertionError(f"after {done}: {exc}") from exc


def test_a_drag_whose_release_went_elsewhere_leaves_nothing_behind(window):
    """The newcomer's case: the press reached a block, the release went to a popup, the
    mouse then moved over the canvas: the block stays where the graph has it."""
    window.files.open_preset("convnext_shapes", ask=False)
    view, graph = window.canvas, window.document.graph
    before = graph.nodes["stem"].position
    session = Session(window, random.Random(0))
    vp = view.viewport()
    start = session.point_of("stem")
    QTest.mousePress(vp, LEFT, NONE, start)
    send_move(view, start + QPoint(20, -300))
    assert view.canvas_scene.node_items["stem"].pos() != QPointF(*before)  # dragging
    send_move(view, start + QPoint(40, -320), buttons=Qt.MouseButton.NoButton)
    check_canvas_follows_model(window)
    assert graph.nodes["stem"].position == before
    assert window.document.undo_stack.count() == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_inserting_blocks_into_long_connections_does_not_crash(window, seed):
    """Rerouting an edge asked the scene for obstacles after announcing its change, so
    Qt's index kept it at its old place; once deleted, a later search crashed (within
    sixty of these, each seed)."""
    window.resize(1200, 800)
    window.files.open_preset("resnet18", ask=False)
    rng = random.Random(seed)
    for _ in range(60):
        window.canvas.select_ids([rng.choice(list(window.document.graph.nodes))])
        window.editor.quick_add(rng.choice(TYPES), window.canvas.scene_center())
        QApplication.processEvents()
    check_canvas_follows_model(window)


def test_blocks_of_a_read_only_inside_stay_put(window):
    window.files.open_preset("resnet18", ask=False)
    window.inner.open("layer1_0")
    canvas = window.inner.view.canvas
    item = canvas.canvas_scene.node_items["layer1_0_conv1"]
    before = QPointF(item.pos())
    canvas.center_on("layer1_0_conv1")
    start = canvas.mapFromScene(before)
    QTest.mousePress(canvas.viewport(), LEFT, NONE, start)
    send_move(canvas, start + QPoint(60, 80))
    QTest.mouseRelease(canvas.viewport(), LEFT, NONE, start + QPoint(60, 80))
    assert item.pos() == before
    assert canvas.selected_ids() == ["layer1_0_conv1"]
