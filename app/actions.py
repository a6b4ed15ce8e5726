"""The main window's actions and menus (File, Edit, View, Help).

Each menu has an object name (``menu-file``, ``menu-view``...) so the panels added
later find it whatever language its title is in.

Shortcuts use ``QKeySequence.StandardKey`` where the platform defines one, so they
follow each platform's conventions; the others are fixed (Ctrl+D, Ctrl+L, F...).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from app import i18n

SK = QKeySequence.StandardKey
translate = QCoreApplication.translate


def _keys(*keys) -> list[QKeySequence]:
    """Shortcuts from standard keys and strings, without duplicates or empties."""
    out: list[QKeySequence] = []
    for key in keys:
        sequences = QKeySequence.keyBindings(key) if isinstance(key, SK) else [QKeySequence(key)]
        for seq in sequences:
            if not seq.isEmpty() and seq not in out:
                out.append(seq)
    return out


def menu_named(window: QMainWindow, name: str) -> QMenu | None:
    """The menu bar's menu whose object name is ``menu-<name>`` (titles are translated,
    object names are not); None when the window has none."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and menu.objectName() == f"menu-{name}":
            return menu
    return None


def make_action(
    window: QMainWindow, text: str, slot: Callable | None = None, keys=(), tip: str = ""
) -> QAction:
    """An action of ``window``: ``keys`` is one shortcut ("Ctrl+E"), several, or none."""
    action = QAction(text, window)
    if isinstance(keys, str):
        keys = [keys]
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
    a.new = make_action(
        w,
        translate("Actions", "&New"),
        f.new,
        [SK.New],
        translate("Actions", "Start a new network"),
    )
    a.open = make_action(
        w,
        translate("Actions", "&Open…"),
        f.open_dialog,
        [SK.Open],
        translate("Actions", "Open a project file"),
    )
    a.open_preset = make_action(
        w,
        translate("Actions", "Open &Preset…"),
        f.open_preset_dialog,
        ["Ctrl+Shift+O"],
        translate("Actions", "Start from a classic network (LeNet, ResNet, DenseNet…)"),
    )
    a.save = make_action(
        w,
        translate("Actions", "&Save"),
        f.save,
        [SK.Save],
        translate("Actions", "Save the network"),
    )
    a.save_as = make_action(
        w,
        translate("Actions", "Save &As…"),
        f.save_as,
        [SK.SaveAs, "Ctrl+Shift+S"],
        translate("Actions", "Save the network under a new name"),
    )
    a.quit = make_action(
        w,
        translate("Actions", "&Quit"),
        w.close,
        [SK.Quit, "Ctrl+Q"],
        translate("Actions", "Close Convas"),
    )

    stack = w.document.undo_stack
    a.undo = stack.createUndoAction(w, translate("Actions", "&Undo"))
    a.undo.setShortcuts(_keys(SK.Undo))
    a.redo = stack.createRedoAction(w, translate("Actions", "&Redo"))
    a.redo.setShortcuts(_keys(SK.Redo))
    a.cut = make_action(w, translate("Actions", "Cu&t"), e.cut, [SK.Cut])
    a.copy = make_action(w, translate("Actions", "&Copy"), e.copy, [SK.Copy])
    a.paste = make_action(w, translate("Actions", "&Paste"), e.paste, [SK.Paste])
    a.duplicate = make_action(w, translate("Actions", "D&uplicate"), e.duplicate, ["Ctrl+D"])
    a.delete = make_action(w, translate("Actions", "&Delete"), e.delete_selection, [SK.Delete])
    a.select_all = make_action(w, translate("Actions", "Select &All"), e.select_all, [SK.SelectAll])
    a.expand = make_action(
        w,
        translate("Actions", "&Expand into Primitives"),
        e.expand,
        ["Ctrl+Shift+E"],
        translate("Actions", "Replace the selected composite block by the layers it is made of"),
    )

    c = w.canvas
    a.zoom_in = make_action(
        w, translate("Actions", "Zoom &In"), lambda: c.zoom_by(1.25), [SK.ZoomIn, "Ctrl+="]
    )
    a.zoom_out = make_action(
        w, translate("Actions", "Zoom &Out"), lambda: c.zoom_by(0.8), [SK.ZoomOut, "Ctrl+-"]
    )
    a.fit = make_action(w, translate("Actions", "&Fit to Window"), c.fit_to_view, ["Ctrl+0", "F"])
    a.reset_zoom = make_action(w, translate("Actions", "&Actual Size"), c.reset_zoom, ["Ctrl+1"])
    a.auto_layout = make_action(
        w,
        translate("Actions", "Auto &Layout"),
        e.auto_layout,
        ["Ctrl+L"],
        translate("Actions", "Arrange the blocks in layers from top to bottom"),
    )
    a.themes = QActionGroup(w)
    a.themes.setExclusive(True)
    for mode, text in (
        ("system", translate("Actions", "&System")),
        ("light", translate("Actions", "&Light")),
        ("dark", translate("Actions", "&Dark")),
    ):
        action = make_action(w, text, lambda m=mode: w.theme.set_mode(m))
        action.setCheckable(True)
        action.setChecked(w.theme.mode == mode)
        action.setData(mode)
        a.themes.addAction(action)
    a.languages = QActionGroup(w)
    a.languages.setExclusive(True)
    chosen = i18n.language_setting()
    for code, text in (
        (i18n.SYSTEM, translate("Actions", "&System")),
        (i18n.ENGLISH, i18n.NATIVE_NAMES[i18n.ENGLISH]),
        (i18n.KOREAN, i18n.NATIVE_NAMES[i18n.KOREAN]),
    ):
        action = make_action(w, text, lambda c=code: i18n.choose_language(w, c))
        action.setCheckable(True)
        action.setChecked(chosen == code)
        action.setData(code)
        a.languages.addAction(action)
    a.about = make_action(w, translate("Actions", "&About Convas"), w.show_about)
    return a


def build_menus(w, a: SimpleNamespace) -> None:
    """Fill the menu bar of main window ``w`` with actions ``a``."""
    bar = w.menuBar()
    file_menu = bar.addMenu(translate("Actions", "&File"))
    file_menu.setObjectName("menu-file")
    file_menu.addActions([a.new, a.open, a.open_preset])
    w.recent_menu = QMenu(translate("Actions", "Open &Recent"), w)
    w.recent_menu.aboutToShow.connect(w.rebuild_recent_menu)
    file_menu.addMenu(w.recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([a.save, a.save_as])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)

    edit = bar.addMenu(translate("Actions", "&Edit"))
    edit.setObjectName("menu-edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.cut, a.copy, a.paste, a.duplicate, a.delete])
    edit.addSeparator()
    edit.addActions([a.select_all, a.expand])

    view = bar.addMenu(translate("Actions", "&View"))
    view.setObjectName("menu-view")
    view.addActions([a.zoom_in, a.zoom_out, a.reset_zoom, a.fit])
    view.addSeparator()
    view.addAction(a.auto_layout)
    view.addSeparator()
    for dock in w.docks:
        view.addAction(dock.toggleViewAction())
    theme = view.addMenu(translate("Actions", "&Theme"))
    theme.addActions(a.themes.actions())
    language = view.addMenu(translate("Actions", "&Language"))
    language.setObjectName("menu-language")
    language.addActions(a.languages.actions())

    help_menu = bar.addMenu(translate("Actions", "&Help"))
    help_menu.setObjectName("menu-help")
    help_menu.addAction(a.about)
