"""The Code dock's widget: highlighting, following a graph, problems, selection, buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.graph import Edge, Node
from tests.graphs import tiny_chain
from widgets.code_preview import DEBOUNCE_MS, CodePreview, CodeView
from widgets.syntax import PythonHighlighter


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """No test touches the user's settings."""
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "convas-data"))


@pytest.fixture
def preview(qtbot):
    widget = CodePreview()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.set_graph(tiny_chain())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def colour_at(view: CodeView, line: int, column: int) -> QColor | None:
    """Foreground colour the highlighter gave the character at (1-based line, column)."""
    block = view.document().findBlockByNumber(line - 1)
    for rng in block.layout().formats():
        if rng.start <= column < rng.start + rng.length:
            return rng.format.foreground().color()
    return None


def line_of(view: CodeView, text: str) -> int:
    for i, line in enumerate(view.toPlainText().splitlines(), 1):
        if text in line:
            return i
    raise AssertionError(f"{text!r} not in the code")


# --------------------------------------------------------------------------- highlighting


def test_highlighter_colours_each_kind_of_token(qtbot):
    view = CodeView()
    qtbot.addWidget(view)
    view.setPlainText('def build(x=1.5):  # a comment\n    return "text" if x else None\n')
    formats = view.highlighter.formats
    keyword = formats["keyword"].foreground().color()
    assert colour_at(view, 1, 0) == keyword  # def
    assert colour_at(view, 1, 4) == formats["definition"].foreground().color()  # build
    assert colour_at(view, 1, 12) == formats["number"].foreground().color()  # 1.5
    assert colour_at(view, 1, 20) == formats["comment"].foreground().color()
    assert colour_at(view, 2, 4) == keyword  # return
    assert colour_at(view, 2, 12) == formats["string"].foreground().color()
    assert colour_at(view, 2, 28) == keyword  # None
    assert colour_at(view, 2, 21) is None  # the plain name x


def test_keywords_inside_strings_and_docstrings_stay_strings(qtbot):
    view = CodeView()
    qtbot.addWidget(view)
    view.setPlainText('"""First line\nfor while class\nend."""\nimport torch\n')
    string = view.highlighter.formats["string"].foreground().color()
    assert colour_at(view, 2, 0) == string  # "for" inside the docstring
    assert colour_at(view, 3, 2) == string
    assert colour_at(view, 4, 0) == view.highlighter.formats["keyword"].foreground().color()


def test_colours_follow_a_dark_palette(qtbot):
    view = CodeView()
    qtbot.addWidget(view)
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#f0f0f0"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    view.setPalette(palette)
    view.setPlainText("import torch\n")
    assert not view.highlighter.dark
    light = colour_at(view, 1, 0)
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#1a1a1a"))
    view.setPalette(palette)
    assert view.highlighter.dark
    assert colour_at(view, 1, 0) != light
    assert isinstance(view.highlighter, PythonHighlighter)


# --------------------------------------------------------------------------- following a graph


def test_shows_the_generated_code_with_line_numbers(preview):
    code = preview.code()
    assert "class Tiny(nn.Module):" in code
    assert "self.conv = nn.Conv2d(1, 4, kernel_size=3, padding=1)" in code
    assert preview.view.isReadOnly()
    metrics = preview.view.fontMetrics()
    assert metrics.horizontalAdvance("iiii") == metrics.horizontalAdvance("MMMM")  # monospace
    assert preview.view.viewportMargins().left() >= preview.view.line_number_width() > 0
    preview.grab()  # paints the line numbers
    assert "lines" in preview.status.text()


def test_an_edit_updates_the_code_after_a_short_pause(qtbot, preview):
    before = preview.generations
    for size in (5, 7, 3):  # three quick edits: one regeneration
        preview.graph.set_params("conv", {"out_channels": 6, "kernel_size": size, "padding": 1})
    assert preview.is_stale()
    qtbot.waitUntil(lambda: not preview.is_stale(), timeout=2000)
    assert preview.generations == before + 1
    assert "nn.Conv2d(1, 6, kernel_size=3, padding=1)" in preview.code()


def test_nothing_is_generated_while_hidden(qtbot, preview):
    preview.hide()
    before = preview.generations
    preview.graph.set_params("conv", {"out_channels": 9, "kernel_size": 3, "padding": 1})
    qtbot.wait(DEBOUNCE_MS * 2)
    assert preview.generations == before and preview.is_stale()
    assert "nn.Conv2d(1, 9" not in preview.view.toPlainText()
    preview.show()
    assert preview.generations == before + 1 and "nn.Conv2d(1, 9" in preview.code()


def test_a_graph_with_problems_shows_them_instead_of_code(qtbot, preview):
    preview.graph.remove_edge(Edge("head", "output"))
    qtbot.waitUntil(preview.showing_problems, timeout=2000)
    assert preview.code() == ""
    texts = [preview.problem_list.item(i).text() for i in range(preview.problem_list.count())]
    assert any("output" in text for text in texts), texts
    assert not preview.copy_button.isEnabled() and not preview.save_button.isEnabled()
    with qtbot.waitSignal(preview.nodeActivated) as activated:
        preview.problem_list.itemActivated.emit(preview.problem_list.item(0))
    assert activated.args == ["output"]
    preview.graph.add_edge(Edge("head", "output"))
    qtbot.waitUntil(lambda: not preview.showing_problems(), timeout=2000)
    assert "class Tiny" in preview.code()


# --------------------------------------------------------------------------- selection


def test_selecting_a_node_highlights_and_scrolls_to_its_lines(preview):
    preview.select_nodes(["head"])
    first = preview.line_map["head"]
    assert preview.highlighted_lines() == [first, preview.forward_line_map["head"]]
    assert "self.head = nn.Linear" in preview.view.toPlainText().splitlines()[first - 1]
    assert preview.view.textCursor().blockNumber() == first - 1
    selections = preview.view.extraSelections()
    assert len(selections) == 2 and selections[0].cursor.blockNumber() == first - 1
    preview.select_nodes(["conv", "relu"])
    assert preview.highlighted_lines() == [] and preview.view.extraSelections() == []


def test_the_highlight_follows_the_code_after_an_edit(qtbot, preview):
    preview.select_nodes(["head"])
    preview.graph.add_node(Node("drop", "Dropout"), index=3)
    preview.graph.remove_edge(Edge("relu", "flat"))
    preview.graph.add_edge(Edge("relu", "drop"))
    preview.graph.add_edge(Edge("drop", "flat"))
    qtbot.waitUntil(lambda: "self.drop" in preview.code(), timeout=2000)
    line = line_of(preview.view, "self.head = nn.Linear")
    assert preview.highlighted_lines()[0] == line


def test_double_clicking_a_line_names_its_node(qtbot, preview):
    line = preview.line_map["conv"]
    assert preview.node_at_line(line) == "conv"
    assert preview.node_at_line(1) is None
    cursor = QTextCursor(preview.view.document().findBlockByNumber(line - 1))
    preview.view.setTextCursor(cursor)
    point = preview.view.cursorRect(cursor).center()
    with qtbot.waitSignal(preview.nodeActivated) as activated:
        qtbot.mouseDClick(preview.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert activated.args == ["conv"]


# --------------------------------------------------------------------------- buttons


def test_copy_puts_the_code_on_the_clipboard(qtbot, preview):
    with qtbot.waitSignal(preview.message):
        preview.copy_button.click()
    clipboard = QGuiApplication.clipboard()
    try:
        assert clipboard.text() == preview.code()
    finally:
        clipboard.clear()


def test_save_as_writes_the_code(tmp_path, monkeypatch, preview):
    target = tmp_path / "net"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    preview.save_button.click()
    written = tmp_path / "net.py"
    assert written.read_text(encoding="utf-8") == preview.code()
    compile(written.read_text(encoding="utf-8"), str(written), "exec")


def test_save_as_reports_an_unwritable_path_in_one_line(tmp_path, monkeypatch, preview):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append(text))
    assert preview.save_as(tmp_path) is None  # a folder is not a writable file
    assert len(shown) == 1 and str(tmp_path) in shown[0] and "Traceback" not in shown[0]
