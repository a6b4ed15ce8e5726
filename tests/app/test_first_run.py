"""A new document: a valid Input → Output, no problem count, and a hint how to start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def test_a_new_document_shows_no_errors_and_a_hint(window, qtbot):
    assert window.document.analysis.ok
    assert window.problems_button.text() == "✓ No problems"
    items = window.canvas.canvas_scene.node_items.values()
    assert not any(item.problem for item in items)
    qtbot.waitUntil(window.hint.is_shown)
    text = window.hint.card.label.text()
    assert "href='palette'" in text and "href='search'" in text and "href='preset'" in text


def test_the_search_link_adds_the_first_block_between_input_and_output(window, qtbot):
    window.hint.card.label.linkActivated.emit("search")
    popup = window.canvas._quick
    assert popup is not None and popup.isVisible()
    QTest.keyClicks(popup.search, "conv2d")
    QTest.keyClick(popup.search, Qt.Key.Key_Return)
    graph = window.document.graph
    assert [(e.source, e.target) for e in graph.edges] == [
        ("input", "conv2d"),
        ("conv2d", "output"),
    ]
    qtbot.waitUntil(lambda: not window.hint.is_shown())
    assert window.document.analysis.ok


def test_the_hint_comes_back_with_a_new_document_and_from_help(window, qtbot, dialogs):
    from PySide6.QtWidgets import QMessageBox

    window.hint.card.close_button.click()
    assert not window.hint.is_shown()
    window.acts.getting_started.trigger()
    assert window.hint.is_shown()
    window.files.open_preset("lenet5", ask=False)
    qtbot.waitUntil(lambda: not window.hint.is_shown())
    dialogs.answer = QMessageBox.StandardButton.Discard
    window.acts.new.trigger()
    qtbot.waitUntil(window.hint.is_shown)


def test_the_other_links_show_the_palette_and_the_presets(window, monkeypatch, qtbot):
    from widgets.preset_gallery import PresetGallery

    window.hint.card.label.linkActivated.emit("palette")
    qtbot.waitUntil(window.palette.search.hasFocus)
    opened = []
    monkeypatch.setattr(PresetGallery, "exec", lambda self: opened.append(self) or 0)
    window.hint.card.label.linkActivated.emit("preset")
    assert len(opened) == 1


def test_a_hidden_hint_leaves_the_whole_canvas_to_fit_to_window(window, qtbot):
    # Opening a file hides the card; the canvas then changes size (panels arrive after
    # the first show, the user resizes the window): fit still uses the whole view.
    qtbot.waitUntil(window.hint.is_shown)
    window.files.open_preset("lenet5", ask=False)
    qtbot.waitUntil(lambda: not window.hint.is_shown())
    window.resize(window.width() - 40, window.height() - 30)
    qtbot.waitUntil(lambda: window.canvas.viewport().height() > 0)
    QTest.qWait(50)
    assert window.canvas._reserved_bottom == 0
    area = window.canvas._fit_area()
    assert area.height() == window.canvas.viewport().rect().height()
