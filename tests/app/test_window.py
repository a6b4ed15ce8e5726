"""The main window: adding, connecting, editing, files, titles and themes."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from app import settings
from app.editing import FRAGMENT_MIME
from engine import fileformat
from engine.graph import Edge
from engine.presets import load_preset
from widgets.common import BLOCK_MIME


def _drop(qtbot, window, type_name: str, pos: QPoint) -> None:
    data = QMimeData()
    data.setData(BLOCK_MIME, type_name.encode())
    viewport = window.canvas.viewport()
    enter = QDragEnterEvent(
        pos,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def test_palette_drop_creates_node_at_drop_point(qtbot, window):
    pos = QPoint(200, 150)
    expected = window.canvas.mapToScene(pos)  # before the scene grows around the new block
    _drop(qtbot, window, "Conv2d", pos)
    node = window.document.graph.nodes["conv2d"]
    assert node.position == (round(expected.x(), 2), round(expected.y(), 2))
    assert node.params == {"out_channels": 64}
    assert window.canvas.selected_ids() == ["conv2d"]
    assert window.acts.undo.text() == "&Undo Add Conv2d"
    assert window.isWindowModified()


def test_palette_activation_adds_near_the_view_centre_on_free_space(window):
    window.canvas.select_ids([])
    window.canvas.centerOn(window.canvas.canvas_scene.node_items["input"])
    centre = window.canvas.scene_center()
    window.palette.blockActivated.emit("Linear")
    node = window.document.graph.nodes["linear"]
    assert node.params == {"out_features": 10}
    assert node.position != (round(centre.x(), 2), round(centre.y(), 2))  # the Input is there
    assert abs(node.position[0] - centre.x()) <= 220 and abs(node.position[1] - centre.y()) <= 220
    assert not window.document.graph.inputs_of("linear")  # nothing selected: not connected


def test_palette_activation_with_a_block_selected_inserts_after_it(window):
    window.canvas.select_ids(["input"])
    window.palette.blockActivated.emit("Flatten")
    graph = window.document.graph
    assert [(e.source, e.target) for e in graph.edges] == [
        ("input", "flatten"),
        ("flatten", "output"),
    ]
    assert window.canvas.selected_ids() == ["flatten"]


def test_connecting_creates_edge_with_shape_label(qtbot, window):
    window.editor.add_block("Conv2d", QPointF(0, 110))
    window.canvas.connectRequested.emit("input", "conv2d", 0)
    edge = Edge("input", "conv2d", 0)
    assert edge in window.document.graph.edges
    qtbot.waitUntil(lambda: window.document.analysis.nodes["conv2d"].shape is not None)
    items = window.canvas.canvas_scene.edge_items[edge]
    qtbot.waitUntil(lambda: items[0].label == "3×32×32")
    assert window.acts.undo.text() == "&Undo Connect"
    window.document.undo_stack.undo()
    assert edge not in window.document.graph.edges


def test_connecting_to_a_connected_input_replaces_its_edge_in_one_step(window):
    graph = window.document.graph
    window.editor.add_block("ReLU", QPointF(0, 110))
    window.canvas.connectRequested.emit("input", "relu", 0)
    window.canvas.connectRequested.emit("relu", "output", 0)  # output was fed by input
    assert Edge("relu", "output", 0) in graph.edges
    assert Edge("input", "output", 0) not in graph.edges
    assert window.acts.undo.text() == "&Undo Reconnect"
    window.document.undo_stack.undo()
    assert Edge("input", "output", 0) in graph.edges
    assert Edge("relu", "output", 0) not in graph.edges


def test_status_bar_shows_totals_and_problems(qtbot, window):
    window.files.open_preset("resnet18", ask=False)
    qtbot.waitUntil(lambda: "11.7 M" in window.params_label.text())
    assert window.output_label.text() == "Output: [1000]"
    assert "No problems" in window.problems_button.text()
    window.editor.delete(["fc"], [])
    qtbot.waitUntil(
        lambda: (
            "problem" in window.problems_button.text() and "No" not in window.problems_button.text()
        )
    )


def test_inspector_edits_become_undoable_commands(qtbot, window):
    window.files.open_preset("resnet18", ask=False)
    window.canvas.select_ids(["conv1"])
    params = dict(window.document.graph.nodes["conv1"].params, out_channels=32)
    window.inspector.paramsEdited.emit("conv1", params)
    assert window.document.graph.nodes["conv1"].params["out_channels"] == 32
    window.inspector.labelEdited.emit("conv1", "stem")
    assert window.document.graph.nodes["conv1"].label == "stem"
    stack = window.document.undo_stack
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert window.document.graph.nodes["conv1"].params["out_channels"] == 64
    assert not window.isWindowModified()


def test_title_names_the_document(qtbot, window, tmp_path):
    assert window.windowTitle() == "Untitled[*] — Convas"
    window.files.open_preset("resnet18", ask=False)
    assert window.windowTitle() == "ResNet-18[*] — Convas"
    path = tmp_path / "my net.convas"
    assert window.files.save_to(path)
    assert window.windowTitle() == "my net[*] — Convas"
    assert not window.isWindowModified()


def test_save_load_save_is_byte_identical(window, tmp_path, dialogs):
    window.files.open_preset("googlenet", ask=False)
    dialogs.save_path = str(tmp_path / "first")
    window.acts.save.trigger()  # a preset has no file yet: Save goes to Save As
    first = tmp_path / "first.convas"
    assert first.exists()
    assert window.files.open_path(first)
    second = tmp_path / "second.convas"
    assert window.files.save_to(second)
    assert first.read_bytes() == second.read_bytes()
    assert settings.recent_files()[:2] == [second.resolve(), first.resolve()]


def test_densenet_preset_opens_and_draws(qtbot, window):
    assert window.files.open_preset("densenet121", ask=False)
    graph = window.document.graph
    assert set(window.canvas.canvas_scene.node_items) == set(graph.nodes)
    image = window.canvas.render_to_image()
    assert not image.isNull() and image.width() > 0
    assert window.document.analysis.total_params == 7_978_856
    assert window.document.path is None and window.document.preset == "densenet121"


def test_broken_file_shows_error_and_keeps_document(window, tmp_path, dialogs):
    window.files.open_preset("lenet5", ask=False)
    before = fileformat.dumps(window.document.graph)
    bad = tmp_path / "bad.convas"
    bad.write_text(
        '{"format": "convas", "version": 1, "nodes": [{"id": "a", "type": "Nope"}], "edges": []}',
        encoding="utf-8",
    )
    assert not window.files.open_path(bad, ask=False)
    kind, _title, text = dialogs.shown[-1]
    assert kind == "warning"
    assert "unknown block type" in text and "\n" not in text and "Traceback" not in text
    assert fileformat.dumps(window.document.graph) == before


def test_close_with_changes_asks(qtbot, window, dialogs, tmp_path):
    window.editor.add_block("ReLU", QPointF(0, 0))
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible()
    assert dialogs.kinds() == ["question"]
    dialogs.answer = QMessageBox.StandardButton.Save
    dialogs.save_path = str(tmp_path / "kept.convas")
    assert window.close()
    assert fileformat.load(tmp_path / "kept.convas").nodes["relu"].type == "ReLU"


def test_new_and_open_ask_too(window, dialogs):
    window.editor.add_block("ReLU", QPointF(0, 0))
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.files.new()
    assert not window.files.open_preset("lenet5")
    assert "relu" in window.document.graph.nodes
    dialogs.answer = QMessageBox.StandardButton.Discard
    assert window.files.new()
    assert set(window.document.graph.nodes) == {"input", "output"}


def test_copy_paste_duplicate_cut(qtbot, window):
    window.files.open_preset("lenet5", ask=False)
    graph = window.document.graph
    first_two = list(graph.nodes)[1:3]
    window.canvas.select_ids(first_two)
    window.acts.copy.trigger()
    assert QGuiApplication.clipboard().mimeData().hasFormat(FRAGMENT_MIME)
    count = len(graph.nodes)
    window.acts.paste.trigger()
    assert len(graph.nodes) == count + 2
    pasted = window.canvas.selected_ids()
    assert len(pasted) == 2 and not set(pasted) & set(first_two)
    assert Edge(pasted[0], pasted[1]) in graph.edges
    window.acts.duplicate.trigger()
    assert len(graph.nodes) == count + 4
    window.acts.cut.trigger()
    assert len(graph.nodes) == count + 2
    assert window.acts.undo.text().startswith("&Undo Cut")


def test_delete_is_one_undo_step(window):
    window.files.open_preset("lenet5", ask=False)
    graph = window.document.graph
    before = fileformat.dumps(graph)
    ids = list(graph.nodes)[2:5]
    window.canvas.deleteRequested.emit(ids, [graph.edges[0]])
    assert not set(ids) & set(graph.nodes)
    window.document.undo_stack.undo()
    assert fileformat.dumps(graph) == before


def test_expand_is_an_undoable_edit(qtbot, window):
    window.files.open_preset("resnet18", ask=False)
    graph = window.document.graph
    window.canvas.select_ids(["layer2_0"])
    window.acts.expand.trigger()
    assert "layer2_0" not in graph.nodes
    qtbot.waitUntil(lambda: window.document.analysis.total_params == 11_689_512)
    assert window.document.analysis.ok
    assert window.acts.undo.text() == "&Undo Expand ResidualBlock"
    window.document.undo_stack.undo()
    assert "layer2_0" in graph.nodes


def test_auto_layout_moves_and_undoes(window):
    window.files.open_preset("googlenet", ask=False)
    graph = window.document.graph
    before = fileformat.dumps(graph)
    window.document.graph.move_node("conv1", (999.0, 999.0))
    moved = fileformat.dumps(graph)
    window.acts.auto_layout.trigger()
    assert fileformat.dumps(graph) != moved
    window.document.undo_stack.undo()
    assert fileformat.dumps(graph) == moved != before


def test_nodes_moved_is_one_command(window):
    window.canvas.nodesMoved.emit({"input": ((0, 0), (10, 20)), "output": ((0, 330), (5, 5))})
    assert window.document.graph.nodes["input"].position == (10.0, 20.0)
    assert window.document.undo_stack.count() == 1
    assert window.acts.undo.text() == "&Undo Move 2 Blocks"


def test_summary_activation_selects_node(window):
    window.files.open_preset("lenet5", ask=False)
    target = list(window.document.graph.nodes)[3]
    window.summary.nodeActivated.emit(target)
    assert window.canvas.selected_ids() == [target]
    assert window.inspector.node_id() == target


def test_theme_menu_switches_and_remembers(window):
    dark = next(a for a in window.acts.themes.actions() if a.data() == "dark")
    dark.trigger()
    window_colour = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    assert window_colour.lightnessF() < 0.5
    assert settings.theme_mode() == "dark"
    light = next(a for a in window.acts.themes.actions() if a.data() == "light")
    light.trigger()
    window_colour = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    assert window_colour.lightnessF() > 0.5
    window.theme.set_mode("system")


def test_recent_files_drop_missing(window, tmp_path):
    path = tmp_path / "a.convas"
    fileformat.save(load_preset("lenet5"), path)
    assert window.files.open_path(path)
    window.rebuild_recent_menu()
    assert [a.text() for a in window.recent_menu.actions()][0] == "&1 a.convas"
    path.unlink()
    assert settings.recent_files() == []


def test_system_theme_is_followed(window, monkeypatch):
    from app import theme

    window.theme.set_mode("system")
    monkeypatch.setattr(theme, "system_is_dark", lambda app: True)
    QApplication.instance().styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    palette = QApplication.instance().palette()
    assert palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5
    assert QApplication.instance().style().name().lower() == "fusion"
    monkeypatch.setattr(theme, "system_is_dark", lambda app: False)
    QApplication.instance().styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    palette = QApplication.instance().palette()
    assert palette.color(QPalette.ColorRole.Window).lightnessF() > 0.5


def test_open_preset_through_the_gallery(window, monkeypatch):
    from widgets.preset_gallery import PresetGallery

    monkeypatch.setattr(PresetGallery, "exec", lambda self: 1)
    monkeypatch.setattr(PresetGallery, "chosen_name", lambda self: "densenet121")
    window.acts.open_preset.trigger()
    assert window.document.preset == "densenet121"
    assert window.windowTitle() == "DenseNet-121[*] — Convas"
    monkeypatch.setattr(PresetGallery, "exec", lambda self: 0)
    window.acts.open_preset.trigger()  # cancelled: nothing changes
    assert window.document.preset == "densenet121"


def test_shortcuts_follow_the_platform(window):
    from PySide6.QtGui import QKeySequence

    assert window.acts.undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+D") in window.acts.duplicate.shortcuts()
    assert QKeySequence("Ctrl+L") in window.acts.auto_layout.shortcuts()
    assert {QKeySequence("Ctrl+0"), QKeySequence("F")} <= set(window.acts.fit.shortcuts())
    assert QKeySequence("Ctrl+=") in window.acts.zoom_in.shortcuts()
    assert QKeySequence("Ctrl+Shift+O") in window.acts.open_preset.shortcuts()


def test_save_error_is_one_line_and_keeps_changes(window, tmp_path, dialogs):
    window.editor.add_block("ReLU", QPointF(0, 0))
    assert not window.files.save_to(tmp_path / "no such folder" / "net.convas")
    kind, _title, text = dialogs.shown[-1]
    assert kind == "warning" and "net.convas" in text and "\n" not in text
    assert window.document.is_modified() and window.document.path is None


def test_dock_tabs_show_whole_titles(qtbot, window):
    """With the training and teaching docks tabbed beside the inspector, no title is cut
    to "Insp…": whole titles, and scroll arrows when they don't fit."""
    from PySide6.QtWidgets import QTabBar

    window.add_panels()
    window.resize(1200, 800)

    def bars():
        return window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)

    qtbot.waitUntil(lambda: any(bar.count() >= 5 for bar in bars()))
    qtbot.waitUntil(lambda: all(b.elideMode() == Qt.TextElideMode.ElideNone for b in bars()))
    right = next(bar for bar in bars() if bar.count() >= 5)
    titles = [right.tabText(i) for i in range(right.count())]
    assert "Inspector" in titles and "Explain Convolution" in titles
    assert all(bar.usesScrollButtons() for bar in bars())
