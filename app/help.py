"""The Help menu: keyboard shortcuts (read from the actions), the README, About.

The version shown in About comes from ``pyproject.toml``, the one place it is written.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from engine.paths import data_dir

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Convas"
translate = QCoreApplication.translate

#: What the canvas does with keys and the mouse beyond the menus' actions.
CANVAS_KEYS = (
    (QT_TRANSLATE_NOOP("Help", "Tab"), QT_TRANSLATE_NOOP("Help", "Search for a block to add")),
    (
        QT_TRANSLATE_NOOP("Help", "Arrow keys"),
        QT_TRANSLATE_NOOP("Help", "Move the selected blocks (with Shift: further)"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Backspace"),
        QT_TRANSLATE_NOOP("Help", "Delete the selected blocks and connections"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Esc"),
        QT_TRANSLATE_NOOP("Help", "Cancel a connection being drawn; leave a block's inside"),
    ),
    (QT_TRANSLATE_NOOP("Help", "Home"), QT_TRANSLATE_NOOP("Help", "Fit the network in the window")),
    (
        QT_TRANSLATE_NOOP("Help", "Space + drag, middle drag"),
        QT_TRANSLATE_NOOP("Help", "Pan the canvas"),
    ),
    (QT_TRANSLATE_NOOP("Help", "Wheel"), QT_TRANSLATE_NOOP("Help", "Zoom at the pointer")),
    (
        QT_TRANSLATE_NOOP("Help", "Double-click a block"),
        QT_TRANSLATE_NOOP("Help", "Look inside a composite block"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Double-click the canvas"),
        QT_TRANSLATE_NOOP("Help", "Search for a block to add there"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Drop a block on a connection"),
        QT_TRANSLATE_NOOP("Help", "Insert it into the connection"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Right-click"),
        QT_TRANSLATE_NOOP("Help", "Everything that applies to a block, connection or port"),
    ),
)


@cache
def version() -> str:
    """Convas's version, as ``pyproject.toml`` gives it ("?" when it can't be read)."""
    try:
        with (ROOT / "pyproject.toml").open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "?"


def show_about(window: QMainWindow) -> None:
    QMessageBox.about(
        window,
        translate("Help", "About {app}").format(app=APP_NAME),
        f"<b>{APP_NAME}</b> "
        + translate("Help", "version {version}").format(version=version())
        + "<p>"
        + translate(
            "Help",
            "Build convolutional networks by drawing them: every "
            "block shows its output shape, parameters and multiply-accumulates as you "
            "edit. Compile to PyTorch, train, and export.",
        )
        + "</p>",
    )


def show_about_qt(window: QMainWindow) -> None:
    QMessageBox.aboutQt(window)


def open_readme() -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(ROOT / "README.md")))


def open_data_folder() -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))


# --------------------------------------------------------------------------- shortcuts


def shortcut_rows(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(command, keys)]) for every menu action with a shortcut, in menu
    order: the keys a person would press (see :meth:`ShortcutMap.keys_to_show`)."""
    rows = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        found = list(_with_keys(menu, window.shortcuts))
        if found:
            rows.append((_plain(menu.title()), found))
    return rows


def _with_keys(menu: QMenu, shortcuts):
    native = QKeySequence.SequenceFormat.NativeText
    for action in menu.actions():
        if action.menu() is not None:
            yield from _with_keys(action.menu(), shortcuts)
            continue
        keys = shortcuts.keys_to_show(action)
        if keys:
            text = ", ".join(s.toString(native) for s in keys)
            yield _plain(shortcuts.command(action)), text


def _plain(text: str) -> str:
    """A menu text without its accelerator: "&Save" → "Save", "파일(&F)" → "파일"."""
    text = text.replace("&&", "\0")
    if text.endswith(")") and "(&" in text:
        text = text[: text.rindex("(&")]
    return text.replace("&", "").replace("\0", "&").strip()


class ShortcutsDialog(QDialog):
    """Help → Keyboard Shortcuts: the menus' shortcuts as the window has them now, and
    the canvas's keys and gestures."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setWindowTitle(translate("Help", "Keyboard Shortcuts"))
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([translate("Help", "Command"), translate("Help", "Keys")])
        self.tree.setRootIsDecorated(False)
        for title, rows in shortcut_rows(window):
            self._group(title, rows)
        canvas = [(translate("Help", what), translate("Help", key)) for key, what in CANVAS_KEYS]
        self._group(translate("Help", "Canvas"), canvas)
        self.tree.expandAll()
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        for column in (0, 1):
            self.tree.resizeColumnToContents(column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(self._whole_size())

    def _whole_size(self) -> QSize:
        """Wide enough for both columns whole, as tall as the rows (within the screen)."""
        tree = self.tree
        width = tree.columnWidth(0) + tree.columnWidth(1) + 4 * tree.frameWidth() + 60
        rows = sum(1 + tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))
        height = rows * max(tree.sizeHintForRow(0), tree.fontMetrics().height()) + 110
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and not screen.isEmpty():
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 80)
        return QSize(max(width, 420), max(height, 300))

    def _group(self, title: str, rows: list[tuple[str, str]]) -> None:
        group = QTreeWidgetItem([title])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(group)
        for what, keys in rows:
            group.addChild(QTreeWidgetItem([what, keys]))

    def rows(self) -> dict[str, str]:
        """Command → keys, for every row (tests read it)."""
        out = {}
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                out[group.child(j).text(0)] = group.child(j).text(1)
        return out


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    """Show the shortcuts (non-modal; one dialog at a time)."""
    for old in window.findChildren(ShortcutsDialog):
        old.close()
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
