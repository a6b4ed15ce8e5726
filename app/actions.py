"""The main window's actions and menus (File, Edit, View, Help).

Each menu has an object name (``menu-file``, ``menu-view``...) so the panels added
later find it whatever language its title is in.

Shortcuts use ``QKeySequence.StandardKey`` where the platform defines one, so they
follow each platform's conventions; the others are fixed (Ctrl+L, F...). The window's
:class:`app.shortcuts.ShortcutMap` gives every key sequence to one action only.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from app import i18n
from app.shortcuts import Claim

SK = QKeySequence.StandardKey
translate = QCoreApplication.translate


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
    """An action of ``window``: ``keys`` is one shortcut ("Ctrl+E"), several (standard keys
    and strings), or none; the window's :class:`app.shortcuts.ShortcutMap` hands them out
    so that no two actions share one."""
    action = QAction(text, window)
    if isinstance(keys, (str, SK)):
        keys = [keys]
    if keys:
        window.shortcuts.assign(action, keys)
    if tip:
        action.setStatusTip(tip)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action


def create_actions(w) -> SimpleNamespace:
    """Every action of main window ``w``, by name."""
    a = SimpleNamespace()
    _file_actions(w, a)
    _edit_actions(w, a)
    _view_actions(w, a)
    a.themes = _choices(
        w,
        [
            ("system", translate("Actions", "&System")),
            ("light", translate("Actions", "&Light")),
            ("dark", translate("Actions", "&Dark")),
        ],
        w.theme.mode,
        w.theme.set_mode,
    )
    a.languages = _choices(
        w,
        [
            (i18n.SYSTEM, translate("Actions", "&System")),
            (i18n.ENGLISH, i18n.NATIVE_NAMES[i18n.ENGLISH]),
            (i18n.KOREAN, i18n.NATIVE_NAMES[i18n.KOREAN]),
        ],
        i18n.language_setting(),
        lambda code: i18n.choose_language(w, code),
    )
    _help_actions(w, a)
    return a


def _file_actions(w, a: SimpleNamespace) -> None:
    f = w.files
    a.new = make_action(
        w, translate("Actions", "&New"), f.new, SK.New, translate("Actions", "Start a new network")
    )
    a.open = make_action(
        w,
        translate("Actions", "&Open…"),
        f.open_dialog,
        SK.Open,
        translate("Actions", "Open a project file"),
    )
    a.open_preset = make_action(
        w,
        translate("Actions", "Open &Preset…"),
        f.open_preset_dialog,
        "Ctrl+Shift+O",
        translate("Actions", "Start from a classic network (LeNet, ResNet, DenseNet…)"),
    )
    a.save = make_action(
        w, translate("Actions", "&Save"), f.save, SK.Save, translate("Actions", "Save the network")
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


def _edit_actions(w, a: SimpleNamespace) -> None:
    e, stack = w.editor, w.document.undo_stack
    a.undo = stack.createUndoAction(w, translate("Actions", "&Undo"))
    w.shortcuts.assign(a.undo, [SK.Undo])
    a.redo = stack.createRedoAction(w, translate("Actions", "&Redo"))
    w.shortcuts.assign(a.redo, [SK.Redo, "Ctrl+Shift+Z", "Ctrl+Y"])
    a.cut = make_action(w, translate("Actions", "Cu&t"), e.cut, SK.Cut)
    a.copy = make_action(w, translate("Actions", "&Copy"), w.copy_focused, SK.Copy)
    a.paste = make_action(w, translate("Actions", "&Paste"), e.paste, SK.Paste)
    # Ctrl+D is also Delete on X11: Duplicate claims it there (see app/shortcuts.py).
    a.duplicate = make_action(
        w, translate("Actions", "D&uplicate"), e.duplicate, [Claim("Ctrl+D"), "Ctrl+Shift+D"]
    )
    a.delete = make_action(w, translate("Actions", "&Delete"), e.delete_selection, SK.Delete)
    a.rename = make_action(
        w,
        translate("Actions", "&Rename…"),
        w.rename_selected,
        "F2",
        translate("Actions", "Give the selected block a name shown on the canvas"),
    )
    a.select_all = make_action(w, translate("Actions", "Select &All"), e.select_all, SK.SelectAll)
    a.look_inside = make_action(
        w,
        translate("Actions", "&Look Inside"),
        w.look_inside_selected,
        "Ctrl+Return",
        translate("Actions", "Show the layers of the selected composite block (read-only)"),
    )
    a.expand = make_action(
        w,
        translate("Actions", "&Expand into Primitives"),
        e.expand,
        "Ctrl+Shift+E",
        translate("Actions", "Replace the selected composite block by the layers it is made of"),
    )


def _view_actions(w, a: SimpleNamespace) -> None:
    c = w.canvas
    a.zoom_in = make_action(
        w, translate("Actions", "Zoom &In"), lambda: c.zoom_by(1.25), [SK.ZoomIn, "Ctrl+="]
    )
    a.zoom_out = make_action(
        w, translate("Actions", "Zoom &Out"), lambda: c.zoom_by(0.8), [SK.ZoomOut, "Ctrl+-"]
    )
    a.fit = make_action(w, translate("Actions", "&Fit to Window"), c.fit_to_view, ["Ctrl+0", "F"])
    a.reset_zoom = make_action(w, translate("Actions", "&Actual Size"), c.reset_zoom, "Ctrl+1")
    a.auto_layout = make_action(
        w,
        translate("Actions", "Auto &Layout"),
        w.editor.auto_layout,
        "Ctrl+L",
        translate(
            "Actions", "Arrange the blocks to read at the window's size, in the flow's direction"
        ),
    )
    a.reset_layout = make_action(
        w,
        translate("Actions", "&Reset Layout"),
        w.reset_layout,
        tip=translate("Actions", "Put every panel back where it was at the first start"),
    )


def _help_actions(w, a: SimpleNamespace) -> None:
    from app import help as app_help

    a.shortcuts = make_action(
        w,
        translate("Actions", "&Keyboard Shortcuts"),
        lambda: app_help.show_shortcuts(w),
        "Ctrl+/",
        translate("Actions", "Every shortcut of the window"),
    )
    a.getting_started = make_action(
        w,
        translate("Actions", "&Getting Started"),
        w.hint.show_hint,
        SK.HelpContents,
        translate("Actions", "How to build a first network"),
    )
    a.user_guide = make_action(
        w,
        translate("Actions", "&Read Me"),
        app_help.open_readme,
        tip=translate("Actions", "Convas's README: the window, the command line, the file format"),
    )
    a.data_folder = make_action(
        w,
        translate("Actions", "Show &Data Folder"),
        app_help.open_data_folder,
        tip=translate(
            "Actions", "The folder with the settings, run history, recovery files and log"
        ),
    )
    a.about = make_action(w, translate("Actions", "&About Convas"), lambda: app_help.show_about(w))
    a.about_qt = make_action(
        w, translate("Actions", "About &Qt"), lambda: app_help.show_about_qt(w)
    )


def _choices(w, choices: list[tuple[str, str]], chosen: str, choose) -> QActionGroup:
    """An exclusive group of checkable actions, one per (value, text)."""
    group = QActionGroup(w)
    group.setExclusive(True)
    for value, text in choices:
        action = make_action(w, text, lambda v=value: choose(v))
        action.setCheckable(True)
        action.setChecked(chosen == value)
        action.setData(value)
        group.addAction(action)
    return group


def _menu(bar, title: str, name: str) -> QMenu:
    menu = bar.addMenu(title)
    menu.setObjectName(f"menu-{name}")
    return menu


def _panels_menu(w) -> QMenu:
    """View › Panels: every dock's show/hide toggle, the editing panels first, then the
    training ones (those are in the Run menu too: the same actions)."""
    panels = QMenu(translate("Actions", "&Panels"), w)
    panels.setObjectName("menu-panels")
    for group in ("view", "run"):
        if panels.actions():
            panels.addSeparator()
        panels.addActions([dock.toggleViewAction() for dock in w.docks.in_menu(group)])
    return panels


def build_menus(w, a: SimpleNamespace) -> None:
    """Fill the menu bar of main window ``w`` with actions ``a`` and the docks' toggles."""
    bar = w.menuBar()
    file_menu = _menu(bar, translate("Actions", "&File"), "file")
    file_menu.addActions([a.new, a.open, a.open_preset])
    w.recent_menu = QMenu(translate("Actions", "Open &Recent"), w)
    w.recent_menu.aboutToShow.connect(w.rebuild_recent_menu)
    file_menu.addMenu(w.recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([a.save, a.save_as])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)

    edit = _menu(bar, translate("Actions", "&Edit"), "edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.cut, a.copy, a.paste, a.duplicate, a.delete, a.rename])
    edit.addSeparator()
    edit.addActions([a.select_all, a.look_inside, a.expand])
    # Paste shows whether the clipboard holds blocks while the menu is open; the key
    # stays live (it does nothing on an empty clipboard).
    edit.aboutToShow.connect(lambda: a.paste.setEnabled(w.editor.can_paste()))
    edit.aboutToHide.connect(lambda: a.paste.setEnabled(True))

    view = _menu(bar, translate("Actions", "&View"), "view")
    view.addActions([a.zoom_in, a.zoom_out, a.reset_zoom, a.fit])
    view.addSeparator()
    view.addAction(a.auto_layout)
    view.addSeparator()
    view.addMenu(_panels_menu(w))
    view.addAction(a.reset_layout)
    view.addSeparator()
    view.addMenu(translate("Actions", "&Theme")).addActions(a.themes.actions())
    language = view.addMenu(translate("Actions", "&Language"))
    language.setObjectName("menu-language")
    language.addActions(a.languages.actions())

    run = _menu(bar, translate("Actions", "&Run"), "run")
    run.addActions([dock.toggleViewAction() for dock in w.docks.in_menu("run")])

    help_menu = _menu(bar, translate("Actions", "&Help"), "help")
    help_menu.addActions([a.getting_started, a.shortcuts, a.user_guide, a.data_folder])
    help_menu.addSeparator()
    help_menu.addActions([a.about, a.about_qt])
