"""The folder File → Export → PyTorch Code writes into: an existing one, or a new one.

Qt's own folder dialog has a "Create New Folder" button, but refuses a typed name of a
folder that doesn't exist yet ("Directory not found"): :class:`ExportFolderDialog`
takes it, and the export creates the folder. A platform's native dialog (where there
is one) does its own asking and creating.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QWidget


class ExportFolderDialog(QFileDialog):
    """A folder dialog that also accepts the name of a folder to be made.

    A name is taken as a new folder when nothing of that name exists and the folder it
    would go into does; anything else is Qt's to judge.
    """

    def __init__(self, parent: QWidget | None, title: str, start: str):
        super().__init__(parent, title, start)
        self.setFileMode(QFileDialog.FileMode.Directory)
        self.setOption(QFileDialog.Option.ShowDirsOnly, True)
        self.new_folder: Path | None = None

    def accept(self) -> None:
        folder = self.typed_new_folder()
        if folder is None:
            super().accept()
            return
        self.new_folder = folder
        QDialog.accept(self)  # Qt's own accept() would say "Directory not found"

    def typed_new_folder(self) -> Path | None:
        """The folder the typed name means, when it is one to be made; else None."""
        edit = self.findChild(QLineEdit, "fileNameEdit")
        text = edit.text().strip() if edit is not None else ""
        if not text:
            return None
        folder = Path(self.directory().absolutePath()) / Path(text).expanduser()
        if folder.exists() or not folder.parent.is_dir():
            return None
        return folder

    def chosen(self) -> str:
        """The folder chosen (existing or new); "" when none."""
        if self.new_folder is not None:
            return str(self.new_folder)
        files = self.selectedFiles()
        return files[0] if files else ""


def ask_export_folder(parent: QWidget | None, title: str, start: str) -> str:
    """Ask for the folder to export into; "" when the user cancels."""
    dialog = ExportFolderDialog(parent, title, start)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.chosen() if accepted else ""
    finally:
        dialog.deleteLater()
