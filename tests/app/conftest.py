"""Fixtures for the app tests: offscreen Qt, a private data folder, no real dialogs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402


class Dialogs:
    """Records the message boxes the app shows and answers them as a test says."""

    def __init__(self):
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Discard
        self.save_path: str = ""
        self.open_path: str = ""

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.shown]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Settings, recovery files and logs go to a temporary folder."""
    folder = tmp_path / "convas-data"
    monkeypatch.setenv("CONVAS_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    """Modal dialogs would block offscreen: record them instead."""
    record = Dialogs()

    def box(kind, result):
        def show(parent, title, text, *args, **kwargs):
            record.shown.append((kind, title, text))
            return result() if callable(result) else result

        return show

    monkeypatch.setattr(QMessageBox, "question", box("question", lambda: record.answer))
    monkeypatch.setattr(QMessageBox, "warning", box("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", box("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "about", box("about", None))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (record.save_path, ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (record.open_path, ""))
    return record


@pytest.fixture
def window(qtbot):
    """A shown main window (closed, discarding changes, at the end)."""
    from app.window import MainWindow

    win = MainWindow(autosave_ms=60_000)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.document.undo_stack.setClean()
    # Qt's offscreen clipboard would free our QMimeData after the interpreter has
    # torn down its wrapper (a segfault at exit): empty it while both are alive.
    QGuiApplication.clipboard().clear()


def answer_modal(qtbot, button_text: str) -> None:
    """Click ``button_text`` in the next modal dialog as soon as it is shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QAbstractButton, QApplication

    def click():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, click)
            return
        button = next(b for b in box.findChildren(QAbstractButton) if b.text() == button_text)
        button.click()

    QTimer.singleShot(0, click)
