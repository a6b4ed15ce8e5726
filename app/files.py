"""New, open, save and recent files for one window's document.

Errors (a bad file, a disk that refuses to write) are shown as one line in a message
box; the document on screen is never touched by a failed open.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app import settings
from app.document import Document
from engine import fileformat
from engine.graph import Edge, Graph, Node
from engine.i18n import os_reason

log = logging.getLogger(__name__)

FILE_FILTER = QT_TRANSLATE_NOOP(
    "FileController", "Convas projects (*.convas);;JSON files (*.json);;All files (*)"
)
SUFFIX = ".convas"


def starter_graph() -> Graph:
    """What File → New shows: an Input connected to an Output, a valid network to fill in
    (drop a block on the connection to insert it)."""
    return Graph(
        "",
        [
            Node("input", "Input", {}, None, (0.0, 0.0)),
            Node("output", "Output", {}, None, (0.0, 330.0)),
        ],
        [Edge("input", "output")],
    )


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A one-line error in a message box (never a traceback)."""
    QMessageBox.warning(parent, title, message)


class FileController(QObject):
    """File menu actions of a window.

    Signals
    -------
    recentChanged()
        The recent-files list changed (the window rebuilds its menu).
    saved(object)
        The document was written to this path.
    """

    recentChanged = Signal()
    saved = Signal(object)

    def __init__(self, window: QWidget, document: Document):
        super().__init__(window)
        self.window = window
        self.document = document

    # ----------------------------------------------------------------- asking
    def maybe_save(self) -> bool:
        """Ask to save a modified document; False when the user cancels."""
        if not self.document.is_modified():
            return True
        answer = QMessageBox.question(
            self.window,
            self.tr("Save changes?"),
            self.tr("Save the changes to “{name}” before closing it?").format(
                name=self.document.display_name()
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ----------------------------------------------------------------- opening
    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self.document.replace(starter_graph())
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open Network"), settings.last_folder(), self.tr(FILE_FILTER)
        )
        return bool(path) and self.open_path(path, ask=False)

    def open_path(self, path: Path | str, ask: bool = True) -> bool:
        """Open a project file; on error show it and keep the current document."""
        if ask and not self.maybe_save():
            return False
        path = Path(path)
        try:
            graph = fileformat.load(path)
        except fileformat.FormatError as exc:
            show_error(self.window, self.tr("Can't open the file"), str(exc))
            return False
        self.document.replace(graph, path=path)
        self._remember(path)
        return True

    def open_preset(self, name: str, ask: bool = True) -> bool:
        """Open a copy of preset ``name``; saving it asks where (Save As)."""
        if ask and not self.maybe_save():
            return False
        from engine.presets import load_preset

        try:
            graph = load_preset(name)
        except (KeyError, fileformat.FormatError) as exc:
            show_error(self.window, self.tr("Can't open the preset"), str(exc).strip("'\""))
            return False
        self.document.replace(graph, preset=name)
        return True

    def open_graph(self, graph: Graph, ask: bool = True) -> bool:
        """Show ``graph`` as a new, unsaved document (a past run's network, an import)."""
        if ask and not self.maybe_save():
            return False
        self.document.replace(graph, modified=True)
        return True

    def open_preset_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        from widgets.preset_gallery import PresetGallery

        gallery = PresetGallery(self.window)
        try:
            if not gallery.exec():
                return False
            name = gallery.chosen_name()
        finally:
            gallery.deleteLater()
        return bool(name) and self.open_preset(name, ask=False)

    # ----------------------------------------------------------------- saving
    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        start = self.document.path or Path(settings.last_folder()) / (
            _safe_file_name(self.document.display_name()) + SUFFIX
        )
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save Network As"), str(start), self.tr(FILE_FILTER)
        )
        if not path:
            return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(SUFFIX)
        return self.save_to(path)

    def save_to(self, path: Path | str) -> bool:
        path = Path(path)
        try:
            fileformat.save(self.document.graph, path)
        except OSError as exc:
            show_error(self.window, self.tr("Can't save the file"), f"{path}: {os_reason(exc)}")
            return False
        self.document.mark_saved(path)
        self._remember(path)
        self.saved.emit(path)
        return True

    def _remember(self, path: Path) -> None:
        settings.add_recent_file(path)
        settings.set_last_folder(path.resolve().parent)
        self.recentChanged.emit()


def _safe_file_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -_." else "_" for c in name).strip(" .")
    return cleaned or "network"
