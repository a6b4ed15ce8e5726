"""Right-click menus on a block, a connection, a port and the empty canvas."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.context_menu import action_texts, module_code
from engine.graph import Edge
from tests.app.test_placing import chain


def right_click(window, scene_pos: QPointF):
    canvas = window.canvas
    point = canvas.mapFromScene(scene_pos)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, canvas.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(canvas.viewport(), event)
    return window.context_menus.menu


def choose(window, text: str) -> None:
    menu = window.context_menus.menu
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    assert action.isEnabled(), text
    action.trigger()
    menu.close()


def pick_in_quick_add(window, query: str) -> None:
    popup = window.canvas._quick
    assert popup is not None and popup.isVisible()
    QTest.keyClicks(popup.search, query)
    QTest.keyClick(popup.search, Qt.Key.Key_Return)


def test_a_right_click_on_a_block_selects_it_and_offers_everything_that_applies(window):
    window.document.replace(chain())
    item = window.canvas.canvas_scene.node_items["conv2"]
    menu = right_click(window, item.pos())
    assert menu is not None and menu.isVisible() and menu.objectName() == "context-node"
    assert window.canvas.selected_ids() == ["conv2"]
    texts = action_texts(menu)
    for wanted in (
        "Insert Block After…",
        "Rename…",
        "Duplicate",
        "Copy",
        "Cut",
        "Copy as PyTorch Code",
        "Disconnect",
        "Delete",
        "Show Feature Maps",
        "Explain This Convolution",
        "Add 1×1 Bottleneck…",
    ):
        assert wanted in texts, wanted
    assert "Look Inside" not in texts  # a plain convolution has no inside
    menu.close()


def test_a_composite_block_offers_look_inside_and_expand(window):
    window.files.open_preset("resnet18", ask=False)
    menu = window.context_menus.build("node", "layer2_0", QPointF())
    assert action_texts(menu)[:2] == ["Look Inside", "Expand into Primitives"]
    choose(window, "Look Inside")
    assert window.inner.is_open()
    assert "layer2_0" in window.document.graph.nodes  # looking is not editing


def test_block_entries_do_what_they_say(window):
    window.document.replace(chain())
    graph = window.document.graph
    window.context_menus.build("node", "conv2", QPointF())
    choose(window, "Copy as PyTorch Code")
    assert QGuiApplication.clipboard().text() == "conv2 = nn.Conv2d(8, 8, kernel_size=3)"
    window.context_menus.build("node", "conv2", QPointF())
    choose(window, "Disconnect")
    assert not graph.edges_of("conv2") and window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    window.context_menus.build("node", "conv2", QPointF())
    choose(window, "Insert Block After…")
    pick_in_quick_add(window, "relu")
    assert Edge("conv2", "relu") in graph.edges and Edge("relu", "conv3") in graph.edges
    window.context_menus.build("node", "relu", QPointF())
    choose(window, "Delete")
    assert "relu" not in graph.nodes


def test_rename_puts_the_cursor_in_the_label_field(window, qtbot):
    window.document.replace(chain())
    window.context_menus.build("node", "conv1", QPointF())
    choose(window, "Rename…")
    qtbot.waitUntil(window.inspector.label_edit.hasFocus)
    QTest.keyClicks(window.inspector.label_edit, "stem")
    QTest.keyClick(window.inspector.label_edit, Qt.Key.Key_Return)
    assert window.document.graph.nodes["conv1"].label == "stem"


def test_a_connection_offers_insert_and_delete(window):
    window.document.replace(chain())
    graph = window.document.graph
    edge = Edge("conv1", "conv2")
    middle = window.canvas.canvas_scene.edge_items[edge][0].path().pointAtPercent(0.5)
    menu = right_click(window, middle)
    assert menu.objectName() == "context-edge"
    assert action_texts(menu) == [
        "Insert Block Here…",
        "Select Source Block",
        "Select Target Block",
        "Delete Connection",
    ]
    choose(window, "Insert Block Here…")
    pick_in_quick_add(window, "dropout")
    assert Edge("conv1", "dropout") in graph.edges and Edge("dropout", "conv2") in graph.edges
    window.context_menus.build("edge", Edge("dropout", "conv2"), middle)
    choose(window, "Select Target Block")
    assert window.canvas.selected_ids() == ["conv2"]
    window.context_menus.build("edge", Edge("dropout", "conv2"), middle)
    choose(window, "Delete Connection")
    assert Edge("dropout", "conv2") not in graph.edges


def test_ports_offer_insert_and_disconnect(window):
    window.document.replace(chain())
    graph = window.document.graph
    port = window.canvas.canvas_scene.node_items["conv3"].inputs[0]
    menu = right_click(window, port.scenePos())
    assert menu.objectName() == "context-port"
    assert action_texts(menu) == ["Insert Block Here…", "Disconnect"]
    choose(window, "Disconnect")
    assert not graph.inputs_of("conv3") and graph.outputs_of("conv3")
    window.context_menus.build("port", ("conv1", True, 0), QPointF())
    assert action_texts(window.context_menus.menu) == ["Insert Block After…", "Disconnect"]


def test_the_empty_canvas_offers_add_paste_and_view_entries(window):
    window.document.replace(chain())
    window.canvas.select_ids(["conv1"])
    window.acts.copy.trigger()
    spot = QPointF(1500, 1500)
    menu = window.context_menus.build("canvas", None, spot)
    assert action_texts(menu) == [
        "Add Block Here…",
        "Paste Here",
        "Select All",
        "Fit to Window",
        "Auto Layout",
    ]
    choose(window, "Paste Here")
    (pasted,) = window.canvas.selected_ids()
    assert window.document.graph.nodes[pasted].position == (1500.0, 1500.0)
    window.context_menus.build("canvas", None, QPointF(-900, 0))
    choose(window, "Add Block Here…")
    pick_in_quick_add(window, "linear")
    assert window.document.graph.nodes["linear"].position == (-900.0, 0.0)


def test_teaching_entries_show_their_docks(window, qtbot):
    window.add_panels()
    window.document.replace(chain())
    window.context_menus.build("node", "conv2", QPointF())
    choose(window, "Explain This Convolution")
    qtbot.waitUntil(window.docks["explain"].isVisible)
    assert window.insight.explainer.currentWidget() is window.insight.explainer.animation
    window.context_menus.build("node", "conv2", QPointF())
    choose(window, "Add 1×1 Bottleneck…")
    assert window.insight.explainer.currentWidget() is window.insight.explainer.bottleneck
    window.context_menus.build("node", "conv2", QPointF())
    choose(window, "Show Feature Maps")
    qtbot.waitUntil(lambda: not window.docks["feature-maps"].visibleRegion().isEmpty())
    for controller in (window.training, window.insight, window.exports):
        controller.shutdown()


def test_module_code_skips_blocks_without_a_module(window):
    window.files.open_preset("resnet18", ask=False)
    doc = window.document
    code = module_code(doc.graph, doc.analysis, ["input", "conv1", "layer1_0", "fc"])
    assert code.splitlines() == [
        "conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)",
        "layer1_0 = ResidualBlock(64, 64)",
        "fc = nn.Linear(512, 1000)",
    ]


def _paste_here(window, scene_pos: QPointF):
    menu = right_click(window, scene_pos)
    return next(a for a in menu.actions() if a.text().replace("&", "") == "Paste Here")


def test_paste_here_is_offered_only_for_blocks_on_the_clipboard(window):
    from engine import fileformat

    window.document.replace(chain())
    clipboard = QGuiApplication.clipboard()
    empty = QPointF(900, 600)
    clipboard.clear()
    assert not _paste_here(window, empty).isEnabled()
    clipboard.setText("{ this is not a network")  # looks like JSON, is not blocks
    assert not _paste_here(window, empty).isEnabled()
    clipboard.setText(fileformat.dumps(chain(1)))  # a project file's text
    assert _paste_here(window, empty).isEnabled()
    window.canvas.select_ids(["conv2"])
    window.acts.copy.trigger()
    before = set(window.document.graph.nodes)
    assert _paste_here(window, empty).isEnabled()  # the menu, at the click
    choose(window, "Paste Here")
    (new,) = set(window.document.graph.nodes) - before
    x, y = window.document.graph.nodes[new].position
    assert abs(x - 900) < 260 and abs(y - 600) < 160  # at (or beside) the click


def test_the_edit_menus_paste_says_whether_there_is_anything_to_paste(window):
    from PySide6.QtWidgets import QMenu

    edit = window.menuBar().findChild(QMenu, "menu-edit")
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    edit.aboutToShow.emit()
    assert not window.acts.paste.isEnabled()
    edit.aboutToHide.emit()
    window.canvas.select_ids(["input"])
    window.acts.copy.trigger()
    edit.aboutToShow.emit()
    assert window.acts.paste.isEnabled()
