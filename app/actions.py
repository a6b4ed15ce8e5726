"""The main window's actions and menus (File, Edit, View, Help).

Shortcuts use ``QKeySequence.StandardKey`` where the platform defines one, so they
follow each platform's conventions; the others are fixed (Ctrl+D, Ctrl+L, F...).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

SK = QKeySequence.StandardKey


def _keys(*keys) -> list[QKeySequence]:
    """Shortcuts from standard keys and strings, without duplicates or empties."""
    out: list[QKeySequence] = []
    for key in keys:
        sequences = QKeySequence.keyBindings(key) if isinstance(key, SK) else [QKeySequence(key)]
        for seq in sequences:
            if not seq.isEmpty() and seq not in out:
                out.append(seq)
    return out


def make_action(
    window: QMainWindow, text: str, slot: Callable | None = None, keys=(), tip: str = ""
) -> QAction:
    action = QAction(text, window)
    if keys:
        action.setShortcuts(_keys(*keys))
    if tip:
        action.setStatusTip(tip)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action


def create_actions(w) -> SimpleNamespace:
    """Every action of main window ``w``, by name."""
    a = SimpleNamespace()
    f, e = w.files, w.editor
    a.new = make_action(w, "&New", f.new, [SK.New], "Start a new network")
    a.open = make_action(w, "&Open…", f.open_dialog, [SK.Open], "Open a project file")
    a.open_preset = make_action(
        w,
        "Open &Preset…",
        f.open_preset_dialog,
        ["Ctrl+Shift+O"],
        "Start from a classic network (LeNet, ResNet, DenseNet…)",
    )
    a.save = make_action(w, "&Save", f.save, [SK.Save], "Save the network")
    a.save_as = make_action(
        w, "Save &As…", f.save_as, [SK.SaveAs, "Ctrl+Shift+S"], "Save the network under a new name"
    )
    a.quit = make_action(w, "&Quit", w.close, [SK.Quit, "Ctrl+Q"], "Close Convas")

    stack = w.document.undo_stack
    a.undo = stack.createUndoAction(w, "&Undo")
    a.undo.setShortcuts(_keys(SK.Undo))
    a.redo = stack.createRedoAction(w, "&Redo")
    a.redo.setShortcuts(_keys(SK.Redo))
    a.cut = make_action(w, "Cu&t", e.cut, [SK.Cut])
    a.copy = make_action(w, "&Copy", e.copy, [SK.Copy])
    a.paste = make_action(w, "&Paste", e.paste, [SK.Paste])
    a.duplicate = make_action(w, "D&uplicate", e.duplicate, ["Ctrl+D"])
    a.delete = make_action(w, "&Delete", e.delete_selection, [SK.Delete])
    a.select_all = make_action(w, "Select &All", e.select_all, [SK.SelectAll])
    a.expand = make_action(
        w,
        "&Expand into Primitives",
        e.expand,
        ["Ctrl+Shift+E"],
        "Replace the selected composite block by the layers it is made of",
    )

    c = w.canvas
    a.zoom_in = make_action(w, "Zoom &In", lambda: c.zoom_by(1.25), [SK.ZoomIn, "Ctrl+="])
    a.zoom_out = make_action(w, "Zoom &Out", lambda: c.zoom_by(0.8), [SK.ZoomOut, "Ctrl+-"])
    a.fit = make_action(w, "&Fit to Window", c.fit_to_view, ["Ctrl+0", "F"])
    a.reset_zoom = make_action(w, "&Actual Size", c.reset_zoom, ["Ctrl+1"])
    a.auto_layout = make_action(
        w,
        "Auto &Layout",
        e.auto_layout,
        ["Ctrl+L"],
        "Arrange the blocks in layers from top to bottom",
    )
    a.themes = QActionGroup(w)
    a.themes.setExclusive(True)
    for mode, text in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
        action = make_action(w, text, lambda m=mode: w.theme.set_mode(m))
        action.setCheckable(True)
        action.setChecked(w.theme.mode == mode)
        action.setData(mode)
        a.themes.addAction(action)
    a.about = make_action(w, "&About Convas", w.show_about)
    return a


def build_menus(w, a: SimpleNamespace) -> None:
    """Fill the menu bar of main window ``w`` with actions ``a``."""
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.new, a.open, a.open_preset])
    w.recent_menu = QMenu("Open &Recent", w)
    w.recent_menu.aboutToShow.connect(w.rebuild_recent_menu)
    file_menu.addMenu(w.recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([a.save, a.save_as])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)

    edit = bar.addMenu("&Edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.cut, a.copy, a.paste, a.duplicate, a.delete])
    edit.addSeparator()
    edit.addActions([a.select_all, a.expand])

    view = bar.addMenu("&View")
    view.addActions([a.zoom_in, a.zoom_out, a.reset_zoom, a.fit])
    view.addSeparator()
    view.addAction(a.auto_layout)
    view.addSeparator()
    for dock in w.docks:
        view.addAction(dock.toggleViewAction())
    theme = view.addMenu("&Theme")
    theme.addActions(a.themes.actions())

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a.about)
