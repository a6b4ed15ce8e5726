"""Autosave to a recovery file, and recovery after a crash.

While a document has unsaved changes, it is written every 30 seconds to its own file
in ``<data dir>/recovery/``, with the original path in ``meta``. A clean save or a close
deletes it, so a recovery file found at start-up that belongs to no running Convas is
what a crash left behind.

Each window's autosaver is a *session* with a random id: its recovery file is
``<session>.convas``, and it holds a lock on ``<session>.lock`` for as long as it lives
(:mod:`engine.locks`). The operating system drops the lock when the process ends, however
it ends, so "is the lock held?" tells a live session from a crashed one even after a
reboot has handed the crashed session's process id to another program (process ids are
reused; the old pid-named files were then silently never offered). Files of the older
``<pid>-<hex>.convas`` form have no lock and are offered.
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from engine import fileformat, locks
from engine.atomicfile import clean_folder
from engine.graph import Graph
from engine.paths import data_dir

log = logging.getLogger(__name__)

INTERVAL_MS = 30_000
META_KEY = "convas_recovery"
#: Recovery files owned by autosavers alive in this process (not a crash's leftovers).
_LIVE: set[Path] = set()


def recovery_dir() -> Path:
    path = data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Recovery:
    """A recovery file left by a session that ended without saving."""

    file: Path
    name: str
    original: Path | None
    saved_at: datetime

    def describe(self) -> str:
        where = (
            str(self.original)
            if self.original
            else QCoreApplication.translate("RecoveryDialog", "never saved")
        )
        text = QCoreApplication.translate("RecoveryDialog", "{name} — {where} — autosaved {time}")
        return text.format(name=self.name, where=where, time=f"{self.saved_at:%Y-%m-%d %H:%M}")


class Autosaver(QObject):
    """Writes a document's unsaved state to its recovery file on a timer."""

    def __init__(
        self, document: Document, interval_ms: int = INTERVAL_MS, parent: QObject | None = None
    ):
        super().__init__(parent or document)
        self.document = document
        self.session = uuid.uuid4().hex
        self.file = recovery_dir() / f"{self.session}.convas"
        self._session_lock = locks.try_lock(session_lock(self.file))
        self._written_changes: int | None = None
        _LIVE.add(self.file)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        document.modifiedChanged.connect(self._on_modified)

    def autosave(self) -> bool:
        """Write the recovery file if there are changes not yet written; True if written."""
        if not self.document.is_modified():
            self.discard()
            return False
        if self.document.changes == self._written_changes and self.file.exists():
            return False
        graph = self.document.graph.copy()
        graph.meta = dict(graph.meta or {})
        graph.meta[META_KEY] = {
            "original_path": str(self.document.path) if self.document.path else None,
            "name": self.document.display_name(),
            "saved_at": datetime.now().isoformat(timespec="seconds"),
            "had_meta": self.document.graph.meta is not None,
        }
        try:
            fileformat.save(graph, self.file)
        except OSError as exc:
            log.warning("autosave to %s failed: %s", self.file, exc)
            return False
        self._written_changes = self.document.changes
        return True

    def discard(self) -> None:
        """Delete the recovery file (after a clean save, a discard or a close)."""
        self._written_changes = None
        try:
            self.file.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("can't delete %s: %s", self.file, exc)

    def adopt(self, recovery: Recovery) -> None:
        """Take over a recovered file as this document's own recovery file."""
        try:
            os.replace(recovery.file, self.file)
        except OSError as exc:
            log.warning("can't adopt %s: %s", recovery.file, exc)
        _remove_stale_locks(recovery.file.parent)

    def stop(self) -> None:
        self.timer.stop()
        self.discard()
        _LIVE.discard(self.file)
        if self._session_lock is not None:
            self._session_lock.release(remove=True)

    def _on_modified(self, modified: bool) -> None:
        if not modified:
            self.discard()


# --------------------------------------------------------------------------- finding


def find_recoveries() -> list[Recovery]:
    """Recovery files that no running Convas owns, newest first (leftovers cleaned)."""
    folder = recovery_dir()
    clean_folder(folder)  # temporary files of autosaves killed mid-write
    found = []
    for file in sorted(folder.glob("*.convas")):
        if file in _LIVE or locks.is_held(session_lock(file)):
            continue
        try:
            graph = fileformat.load(file)
        except fileformat.FormatError as exc:
            log.warning("unreadable recovery file %s: %s", file, exc)
            continue
        info = (graph.meta or {}).get(META_KEY, {})
        original = info.get("original_path") if isinstance(info, dict) else None
        found.append(
            Recovery(
                file,
                str(info.get("name") or graph.name or file.stem),
                Path(original) if original else None,
                _saved_at(file, info),
            )
        )
    _remove_stale_locks(folder)
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def session_lock(file: Path) -> Path:
    """The lock file a live session holds beside its recovery file."""
    return file.with_suffix(".lock")


def _remove_stale_locks(folder: Path) -> None:
    """Lock files of ended sessions whose recovery file is gone."""
    for lock_file in folder.glob("*.lock"):
        if lock_file.with_suffix(".convas").exists():
            continue
        held = locks.try_lock(lock_file, create=False)
        if held is not None:
            held.release(remove=True)


def load_recovery(recovery: Recovery) -> Graph:
    """The recovered graph, with the recovery note taken out of ``meta``."""
    graph = fileformat.load(recovery.file)
    meta = dict(graph.meta or {})
    info = meta.pop(META_KEY, {})
    had_meta = info.get("had_meta", bool(meta)) if isinstance(info, dict) else bool(meta)
    graph.meta = meta if (meta or had_meta) else None
    return graph


def _saved_at(file: Path, info: dict) -> datetime:
    try:
        return datetime.fromisoformat(info["saved_at"])
    except (KeyError, TypeError, ValueError):
        return datetime.fromtimestamp(file.stat().st_mtime)


# --------------------------------------------------------------------------- asking


class RecoveryDialog(QDialog):
    """Lists the recovery files with their times; the user picks one to recover."""

    RECOVER, DELETE = 1, 2

    def __init__(self, recoveries: list[Recovery], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover Unsaved Work"))
        self.recoveries = recoveries
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Convas did not close properly last time. These networks had unsaved changes:"
                )
            )
        )
        self.list = QListWidget()
        for recovery in recoveries:
            item = QListWidgetItem(recovery.describe())
            item.setData(Qt.ItemDataRole.UserRole, str(recovery.file))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.done(self.RECOVER))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        recover = QPushButton(self.tr("Recover"))
        recover.setDefault(True)
        buttons.addButton(recover, QDialogButtonBox.ButtonRole.AcceptRole)
        delete = buttons.addButton(self.tr("Delete"), QDialogButtonBox.ButtonRole.DestructiveRole)
        later = buttons.addButton(self.tr("Not Now"), QDialogButtonBox.ButtonRole.RejectRole)
        recover.clicked.connect(lambda: self.done(self.RECOVER))
        delete.clicked.connect(lambda: self.done(self.DELETE))
        later.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 260)

    def chosen(self) -> Recovery | None:
        row = self.list.currentRow()
        return self.recoveries[row] if 0 <= row < len(self.recoveries) else None


def ask_recovery(parent: QWidget | None, recoveries: list[Recovery]) -> tuple[int, Recovery | None]:
    """Show the dialog; returns (RecoveryDialog.RECOVER/DELETE or 0, the chosen file)."""
    dialog = RecoveryDialog(recoveries, parent)
    try:
        result = dialog.exec()
        return (result if result in (dialog.RECOVER, dialog.DELETE) else 0), dialog.chosen()
    finally:
        dialog.deleteLater()
