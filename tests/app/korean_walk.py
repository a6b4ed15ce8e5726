"""Helpers of the Korean walk (tests/app/test_korean_walk.py): read what a window shows,
record and answer every dialog and popup menu the app opens, and find in the code every
place that opens one, so the walk can prove it went everywhere.
"""

from __future__ import annotations

import ast
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QTableWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from tests.app.test_translations import _plain, _widget_texts

ROOT = Path(__file__).resolve().parents[2]
#: Code folders whose frames say which part of the app opened a dialog.
APP_FOLDERS = tuple(str(ROOT / name) + "/" for name in ("app", "widgets"))
#: Static functions and methods that open a dialog (QMessageBox.question, QDialog.exec…).
_OPENERS = {
    "QMessageBox": {"question", "warning", "critical", "information", "about", "aboutQt"},
    "QFileDialog": {"getOpenFileName", "getOpenFileNames", "getSaveFileName"}
    | {"getExistingDirectory"},
    "QInputDialog": {"getText", "getInt", "getItem", "getDouble"},
}


# --------------------------------------------------------------------------- reading


def widget_texts(widget: QWidget) -> list[tuple[str, str]]:
    """(what, text) a widget shows itself, item views' cells included; a code editor's
    code is code (as exported), not interface text."""
    out = _widget_texts(widget)
    if isinstance(widget, QTextEdit):
        out.append(("text", widget.toPlainText()))
    if isinstance(widget, QTableWidget):
        for row in range(min(widget.rowCount(), 200)):
            for column in range(widget.columnCount()):
                item = widget.item(row, column)
                out += [("cell", item.text()), ("cell toolTip", item.toolTip())] if item else []
        header = widget.horizontalHeaderItem
        out += [("header", header(c).text()) for c in range(widget.columnCount()) if header(c)]
    elif isinstance(widget, QAbstractItemView) and not isinstance(
        widget, QTreeWidget | QListWidget
    ):
        out += model_texts(widget.model())
    return out


def model_texts(model) -> list[tuple[str, str]]:
    """The display texts and tooltips of an item model's first 200 rows."""
    if model is None:
        return []
    out = []
    for row in range(min(model.rowCount(), 200)):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role, what in (
                (Qt.ItemDataRole.DisplayRole, "cell"),
                (Qt.ItemDataRole.ToolTipRole, "cell toolTip"),
            ):
                value = model.data(index, role)
                if isinstance(value, str):
                    out.append((what, value))
    for column in range(model.columnCount()):
        value = model.headerData(column, Qt.Orientation.Horizontal)
        out += [("header", value)] if isinstance(value, str) else []
    return out


def tree_texts(root: QWidget, skip=()) -> list[tuple[str, str]]:
    """What ``root`` and every widget in it show (but code editors and ``skip``)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QPlainTextEdit) or widget in skip:
            continue
        if type(widget).__module__.startswith("pyqtgraph"):
            continue
        name = f"{type(widget).__name__}({widget.objectName()})"
        found += [(f"{name}.{what}", text) for what, text in widget_texts(widget)]
    return [(where, _plain(text)) for where, text in found if _plain(text)]


def menu_texts(menu: QMenu, where: str = "") -> list[tuple[str, str]]:
    """A menu's title and its actions' texts, tooltips and status tips, submenus too."""
    where = where or f"menu {menu.title() or menu.objectName()}"
    out = [(f"{where}.title", menu.title())]
    for action in menu.actions():
        out += action_texts(action, where)
        if action.menu() is not None:
            out += menu_texts(action.menu(), f"{where} > {action.text()}")
    return [(w, _plain(t)) for w, t in out if _plain(t)]


def action_texts(action: QAction, where: str = "") -> list[tuple[str, str]]:
    return [
        (f"{where} {action.text()!r}.{what}", getattr(action, what)())
        for what in ("text", "toolTip", "statusTip")
    ]


# --------------------------------------------------------------------------- dialogs


@dataclass
class Shown:
    """A dialog or popup menu the app showed: its kind, where in the code it was
    opened (the app's frames on the stack, outermost first) and its texts."""

    kind: str
    frames: list[tuple[str, str]]
    texts: list[tuple[str, str]] = field(default_factory=list)

    def opened_by(self, function: str) -> bool:
        return any(name == function for _file, name in self.frames)


class DialogWalk(QObject):
    """An application event filter: every dialog and popup menu that is shown is read
    and answered, so a walk can open them all without blocking: a file dialog gets the
    next path of ``paths`` (else is cancelled), a dialog opened by a function named in
    ``accept`` (or of a class named there) is accepted, any other is rejected; a
    progress dialog is left to its work."""

    def __init__(self):
        super().__init__()
        self.shown: list[Shown] = []
        self.paths: list[str] = []
        self.accept: set[str] = set()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
            if isinstance(obj, QDialog):
                self._dialog(obj)
            elif isinstance(obj, QMenu):
                self.shown.append(Shown("QMenu", _app_frames(), menu_texts(obj)))
                QTimer.singleShot(0, obj.close)
        return False

    def _dialog(self, dialog: QDialog) -> None:
        texts = [("title", dialog.windowTitle())]
        if isinstance(dialog, QFileDialog):  # Qt's own widgets inside: ours are these
            texts += [("filter", f) for f in dialog.nameFilters()]
        else:
            if isinstance(dialog, QMessageBox):
                texts += [("text", dialog.text()), ("informative", dialog.informativeText())]
                texts += [("details", dialog.detailedText())]
            texts += tree_texts(dialog)
        texts = [(w, _plain(t)) for w, t in texts if _plain(t)]
        shown = Shown(type(dialog).__name__, _app_frames(), texts)
        self.shown.append(shown)
        if not isinstance(dialog, QProgressDialog):
            accept = shown.kind in self.accept or any(shown.opened_by(f) for f in self.accept)
            QTimer.singleShot(0, lambda: self._answer(dialog, accept))

    def _answer(self, dialog: QDialog, accept: bool) -> None:
        try:
            if isinstance(dialog, QFileDialog) and self.paths:
                dialog.selectFile(self.paths.pop(0))
                dialog.accept()
            elif accept and isinstance(dialog, QMessageBox):
                yes = QMessageBox.ButtonRole.AcceptRole
                next(b for b in dialog.buttons() if dialog.buttonRole(b) == yes).click()
            elif accept:
                dialog.accept()
            else:
                dialog.reject()
                dialog.close()
        except RuntimeError:  # already gone
            pass

    def opened(self) -> set[tuple[str, str]]:
        """(file, function) of every app frame that was on the stack when one opened."""
        return {frame for shown in self.shown for frame in shown.frames}

    def texts(self, skip=lambda shown: False) -> list[tuple[str, str]]:
        return [
            (f"{shown.kind} from {shown.frames[-1:] or '?'}: {where}", text)
            for shown in self.shown
            if not skip(shown)
            for where, text in shown.texts
        ]


def _app_frames() -> list[tuple[str, str]]:
    return [
        (str(Path(f.filename).relative_to(ROOT)), f.name)
        for f in traceback.extract_stack()
        if f.filename.startswith(APP_FOLDERS)
    ]


def dialog_sites() -> set[tuple[str, str]]:
    """(file, function) of every function in app/ and widgets/ that opens a dialog or a
    popup menu: a QMessageBox, QFileDialog or QInputDialog static call, a QMessageBox or
    QDialog built on the spot, ``exec()`` or ``show()`` of a dialog."""
    sites = set()
    for path in sorted([*ROOT.glob("app/*.py"), *ROOT.glob("widgets/**/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef) and _opens_dialog(function):
                sites.add((str(path.relative_to(ROOT)), function.name))
    return sites


def _own_nodes(function: ast.FunctionDef):
    """The nodes of ``function``'s body, without those of functions defined inside it."""
    stack = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            stack.extend(ast.iter_child_nodes(node))


def _opens_dialog(function: ast.FunctionDef) -> bool:
    for node in _own_nodes(function):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.attr in _OPENERS.get(func.value.id, ()):
                return True
        if isinstance(func, ast.Attribute) and func.attr == "exec":
            return True
        if isinstance(func, ast.Name) and func.id in ("QMessageBox", "QDialog"):
            return True
    return False
