"""Keyboard: no shortcut shared by two actions on any platform, redo on both keys,
duplicate by keyboard, the shortcuts list and About."""

from __future__ import annotations

import tomllib

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest

from app import help as app_help
from app.shortcuts import ShortcutMap
from tests.app.test_placing import chain

SK = QKeySequence.StandardKey
#: Qt 6's key bindings (qplatformtheme.cpp) of the standard keys Convas uses, for each
#: keyboard scheme (KDE and GNOME also get the X11 ones).
_X11 = {
    SK.Delete: ["Del", "Ctrl+D"],
    SK.Undo: ["Ctrl+Z", "F14"],
    SK.Redo: ["Ctrl+Shift+Z"],
    SK.Cut: ["Ctrl+X", "Shift+Del", "F20"],
    SK.Copy: ["Ctrl+C", "Ctrl+Ins", "F16"],
    SK.Paste: ["Ctrl+V", "Ctrl+Shift+Ins", "Shift+Ins", "F18"],
    SK.Quit: ["Ctrl+Q"],
    SK.SaveAs: ["Ctrl+Shift+S"],
    SK.HelpContents: ["F1"],
}
SCHEMES = {
    "windows": {
        SK.Delete: ["Del"],
        SK.Undo: ["Ctrl+Z", "Alt+Backspace"],
        SK.Redo: ["Ctrl+Y", "Alt+Shift+Backspace", "Ctrl+Shift+Z"],
        SK.Cut: ["Ctrl+X", "Shift+Del"],
        SK.Copy: ["Ctrl+C", "Ctrl+Ins"],
        SK.Paste: ["Ctrl+V", "Shift+Ins"],
        SK.HelpContents: ["F1"],
    },
    "mac": {
        SK.Delete: ["Del", "Meta+D"],
        SK.Undo: ["Ctrl+Z"],
        SK.Redo: ["Ctrl+Shift+Z"],
        SK.Cut: ["Ctrl+X", "Meta+K"],
        SK.Copy: ["Ctrl+C"],
        SK.Paste: ["Ctrl+V", "Meta+Y"],
        SK.Quit: ["Ctrl+Q"],
        SK.SaveAs: ["Ctrl+Shift+S"],
        SK.HelpContents: ["Ctrl+?"],
    },
    "x11": _X11,
    "kde": {**_X11, SK.Quit: ["Ctrl+Q"]},
    "gnome": {**_X11, SK.SaveAs: ["Ctrl+Shift+S"]},
}
COMMON = {SK.New: ["Ctrl+N"], SK.Open: ["Ctrl+O"], SK.Save: ["Ctrl+S"], SK.SelectAll: ["Ctrl+A"],
          SK.ZoomIn: ["Ctrl++"], SK.ZoomOut: ["Ctrl+-"]}  # fmt: skip


def shared_sequences(window) -> dict[str, list[str]]:
    """Key sequence → the actions (and shortcuts) of the window holding it, when several do."""
    holders: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            holders.setdefault(seq.toString(), []).append(action.text())
    for shortcut in window.findChildren(QShortcut):
        if shortcut.context() != Qt.ShortcutContext.WidgetWithChildrenShortcut:
            holders.setdefault(shortcut.key().toString(), []).append("QShortcut")
    return {seq: owners for seq, owners in holders.items() if len(owners) > 1}


def full_window(qtbot):
    from app.window import MainWindow

    window = MainWindow(autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.add_panels()
    return window


def shut(window) -> None:
    for controller in (window.training, window.insight, window.exports):
        controller.shutdown()
    window.document.undo_stack.setClean()


def test_no_two_actions_share_a_key_sequence(qtbot):
    window = full_window(qtbot)
    assert shared_sequences(window) == {}
    assert QKeySequence("F5") in window.training.actions.train.shortcuts()
    assert QKeySequence("Ctrl+E") in window.exports.actions.export_code.shortcuts()
    shut(window)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_no_shortcut_is_ambiguous_on_any_platform(qtbot, monkeypatch, scheme):
    import app.window

    table = {**COMMON, **SCHEMES[scheme]}

    def bindings(key):
        return [QKeySequence(text) for text in table.get(key, [])]

    monkeypatch.setattr(app.window, "ShortcutMap", lambda: ShortcutMap(bindings))
    window = full_window(qtbot)
    assert shared_sequences(window) == {}
    acts = window.acts
    duplicate = {s.toString() for s in acts.duplicate.shortcuts()}
    assert {"Ctrl+D", "Ctrl+Shift+D"} <= duplicate  # on X11 too, where Ctrl+D is also Delete
    assert "Ctrl+D" not in {s.toString() for s in acts.delete.shortcuts()}
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= {s.toString() for s in acts.redo.shortcuts()}
    assert "Del" in {s.toString() for s in acts.delete.shortcuts()}
    shut(window)


def test_the_platform_key_wins_over_a_fixed_one():
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    keys = ShortcutMap(lambda key: [QKeySequence("Del"), QKeySequence("Ctrl+D")])
    duplicate, delete = QAction("Duplicate", owner), QAction("Delete", owner)
    keys.assign(duplicate, ["Ctrl+D", "Ctrl+Shift+D"])
    keys.assign(delete, [SK.Delete])
    assert duplicate.shortcuts() == [QKeySequence("Ctrl+Shift+D")]
    assert delete.shortcuts() == [QKeySequence("Del"), QKeySequence("Ctrl+D")]
    late = QAction("Late", owner)
    keys.assign(late, ["Ctrl+Shift+D", "Ctrl+K"])  # a taken fixed key is not handed out
    assert late.shortcuts() == [QKeySequence("Ctrl+K")]
    assert keys.holder("Ctrl+D") is delete


def test_a_claimed_key_wins_over_the_platform_key():
    from PySide6.QtWidgets import QWidget

    from app.shortcuts import Claim

    owner = QWidget()
    keys = ShortcutMap(lambda key: [QKeySequence("Del"), QKeySequence("Ctrl+D")])
    duplicate, delete = QAction("Duplicate", owner), QAction("Delete", owner)
    keys.assign(duplicate, [Claim("Ctrl+D"), "Ctrl+Shift+D"])
    keys.assign(delete, [SK.Delete])
    assert duplicate.shortcuts() == [QKeySequence("Ctrl+D"), QKeySequence("Ctrl+Shift+D")]
    assert delete.shortcuts() == [QKeySequence("Del")]
    assert keys.holder("Ctrl+D") is duplicate


def test_redo_answers_ctrl_shift_z_and_ctrl_y(window):
    window.editor.add_block("ReLU", QPointF(600, 0))
    stack = window.document.undo_stack
    window.canvas.setFocus()
    for key, modifiers in (
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
    ):
        stack.undo()
        assert "relu" not in window.document.graph.nodes
        QTest.keyClick(window.canvas, key, modifiers)
        assert "relu" in window.document.graph.nodes, key


def test_duplicate_works_from_the_keyboard(window):
    window.document.replace(chain())
    window.canvas.select_ids(["conv1"])
    window.canvas.setFocus()
    for sequence in window.acts.duplicate.shortcuts():
        before = len(window.document.graph.nodes)
        window.canvas.select_ids(["conv1"])
        QTest.keySequence(window.canvas, sequence)
        assert len(window.document.graph.nodes) == before + 1, sequence.toString()


def test_the_shortcuts_list_is_read_from_the_actions(window):
    window.acts.shortcuts.trigger()
    dialog = window.findChild(app_help.ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    native = QKeySequence.SequenceFormat.NativeText
    assert rows["Duplicate"] == ", ".join(
        s.toString(native) for s in window.acts.duplicate.shortcuts()
    )
    assert rows["Look Inside"] == QKeySequence("Ctrl+Return").toString(native)
    assert rows["Search for a block to add"] == "Tab"
    assert "Redo" in rows and "Keyboard Shortcuts" in rows
    dialog.close()


def test_about_shows_the_version_from_pyproject(window, dialogs, repo_root):
    with (repo_root / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    assert app_help.version() == version
    window.acts.about.trigger()
    kind, title, text = dialogs.shown[-1]
    assert kind == "about" and title == "About Convas" and f"version {version}" in text


def test_the_help_menu_has_its_entries(window):
    menu = next(
        a.menu() for a in window.menuBar().actions() if a.menu().objectName() == "menu-help"
    )
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Getting Started",
        "Keyboard Shortcuts",
        "Read Me",
        "Show Data Folder",
        "About Convas",
        "About Qt",
    ]


#: X11's bindings with the keys of its special keyboards, as Qt gives them there.
_X11_FULL = {
    **_X11,
    SK.Undo: ["Ctrl+Z", "F14", "Undo"],
    SK.Redo: ["Ctrl+Shift+Z", "Redo"],
    SK.Cut: ["Ctrl+X", "Shift+Del", "F20", "Cut"],
    SK.Copy: ["Ctrl+C", "Ctrl+Ins", "F16", "Copy"],
    SK.Paste: ["Ctrl+V", "Ctrl+Shift+Ins", "Shift+Ins", "F18", "Paste"],
    SK.New: ["Ctrl+N", "New"],
    SK.Open: ["Ctrl+O", "Open"],
    SK.Save: ["Ctrl+S", "Save"],
    SK.SaveAs: ["Ctrl+Shift+S", "Shift+Save"],
    SK.Quit: ["Ctrl+Q", "Exit"],
    SK.ZoomIn: ["Ctrl++", "ZoomIn"],
    SK.ZoomOut: ["Ctrl+-", "ZoomOut"],
    SK.HelpContents: ["F1", "Help"],
    SK.SelectAll: ["Ctrl+A"],
}


def test_the_shortcuts_list_shows_the_keys_a_person_presses(qtbot, monkeypatch):
    import app.window

    def bindings(key):
        return [QKeySequence(text) for text in _X11_FULL.get(key, [])]

    monkeypatch.setattr(app.window, "ShortcutMap", lambda: ShortcutMap(bindings))
    window = full_window(qtbot)
    window.editor.add_block("ReLU", QPointF(600, 0))  # the Undo action now names the edit
    window.acts.shortcuts.trigger()
    dialog = window.findChild(app_help.ShortcutsDialog)
    rows = dialog.rows()
    assert rows["Undo"] == "Ctrl+Z"
    assert rows["Redo"] == "Ctrl+Shift+Z, Ctrl+Y"
    assert rows["Cut"] == "Ctrl+X" and rows["Copy"] == "Ctrl+C" and rows["Paste"] == "Ctrl+V"
    assert rows["Delete"] == "Del" and rows["Duplicate"] == "Ctrl+D, Ctrl+Shift+D"
    assert (
        rows["New"] == "Ctrl+N" and rows["Quit"] == "Ctrl+Q" and rows["Save As…"] == "Ctrl+Shift+S"
    )
    assert rows["Zoom In"] == "Ctrl++, Ctrl+="
    assert rows["Getting Started"] == "F1"
    assert not any(f"F{n}" in keys.split(", ") for keys in rows.values() for n in range(13, 36))
    tree = dialog.tree
    for i in range(tree.topLevelItemCount()):  # grouped by menu, nothing cut short
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            for column in (0, 1):
                text = group.child(j).text(column)
                room = tree.columnWidth(column) - (tree.indentation() if column == 0 else 0)
                assert tree.fontMetrics().horizontalAdvance(text) <= room, text
    assert dialog.width() >= tree.columnWidth(0) + tree.columnWidth(1)
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups[:3] == ["File", "Edit", "View"] and groups[-1] == "Canvas"
    dialog.close()
    shut(window)
