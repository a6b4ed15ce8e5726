"""After a canvas action the keyboard belongs to the canvas, and an editor with the
focus still follows the model when an edit (undo) changes it under it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.app.test_window import _drop


def _focused(window):
    return QApplication.focusWidget()


def test_tab_after_a_palette_drop_opens_quick_add_not_the_label(qtbot, window):
    window.activateWindow()
    window.inspector.label_edit.setFocus()  # where Tab from the palette lands
    qtbot.waitUntil(window.inspector.label_edit.hasFocus)
    _drop(qtbot, window, "MaxPool2d", QPoint(300, 120))
    (new,) = window.canvas.selected_ids()
    qtbot.waitUntil(window.canvas.hasFocus)
    QTest.keyClick(_focused(window), Qt.Key.Key_Tab)
    assert window.canvas._quick is not None and window.canvas._quick.isVisible()
    QTest.keyClicks(window.canvas._quick.search, "linear")
    assert window.document.graph.nodes[new].label is None
    window.canvas._quick.hide()


def test_paste_and_duplicate_give_the_canvas_the_keyboard(qtbot, window):
    window.activateWindow()
    window.canvas.select_ids(["input"])
    window.acts.copy.trigger()
    for action in (window.acts.paste, window.acts.duplicate):
        window.inspector.label_edit.setFocus()
        qtbot.waitUntil(window.inspector.label_edit.hasFocus)
        action.trigger()
        qtbot.waitUntil(window.canvas.hasFocus)


def test_the_label_field_follows_an_undo_while_it_has_the_focus(qtbot, window):
    window.activateWindow()
    window.canvas.select_ids(["output"])
    field = window.inspector.label_edit
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClicks(field, "linear")
    QTest.keyClick(field, Qt.Key.Key_Return)  # the rename is done…
    assert window.document.graph.nodes["output"].label == "linear"
    assert field.hasFocus()
    window.acts.undo.trigger()  # …and undone from the menu, the field still focused
    assert window.document.graph.nodes["output"].label is None
    qtbot.waitUntil(lambda: field.text() == "", timeout=2000)
    assert field.hasFocus()
    QTest.keyClicks(field, "half")  # typing is left alone by unrelated refreshes
    window.document.graph.set_params("output", {})
    window.inspector.show_node(window.document.graph, "output", None)
    assert field.text() == "half"
