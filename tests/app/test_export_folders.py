"""Exporting as a user meets it: a new folder typed by name, a folder that holds an
earlier export (asked first, nothing else touched), failures as one sentence."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.export_actions import RUN, sentence
from app.export_folder import ExportFolderDialog
from app.export_menu import install_export
from tests.app.test_export_actions import JOB_TIMEOUT_MS, run_job
from tests.graphs import tiny_chain


@pytest.fixture
def ctl(window):
    controller = install_export(window)
    window.document.replace(tiny_chain())
    controller.ask_weights = lambda *a: pytest.fail("no weights question expected")
    yield controller
    controller.shutdown()


def _type_into_folder_dialog(name: str, seen: list) -> None:
    """When the folder dialog is up: type ``name`` and press its Choose button."""

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportFolderDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.windowTitle())
        dialog.findChild(QLineEdit, "fileNameEdit").setText(name)
        dialog.accept()

    QTimer.singleShot(0, answer)


def test_a_new_folder_typed_by_name_is_made_by_the_export(
    qtbot, tmp_path, monkeypatch, dialogs, ctl
):
    monkeypatch.setattr("app.settings.last_folder", lambda: str(tmp_path))
    seen = []
    _type_into_folder_dialog("new export", seen)
    with qtbot.waitSignal(ctl.finished, timeout=JOB_TIMEOUT_MS):
        ctl.actions.export_code.trigger()
    assert seen == ["Export PyTorch Code into Folder"]
    assert dialogs.kinds() == []  # no "Directory not found"
    folder = tmp_path / "new export"
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md",
        "model.py",
        "train.py",
        "weights.pt",
    ]


def test_the_folder_dialog_leaves_existing_and_impossible_names_to_qt(tmp_path):
    (tmp_path / "there").mkdir()
    dialog = ExportFolderDialog(None, "t", str(tmp_path))
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    for text, new in (
        ("fresh", tmp_path / "fresh"),
        (str(tmp_path / "abs"), tmp_path / "abs"),
        ("there", None),
        ("no/such/parent", None),
        ("", None),
    ):
        edit.setText(text)
        assert dialog.typed_new_folder() == new, text
    dialog.deleteLater()


def test_a_folder_with_an_earlier_export_is_asked_about_and_kept_on_cancel(
    qtbot, tmp_path, dialogs, ctl
):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "train.py").write_text("# my edits\n")
    (folder / "notes.txt").write_text("mine")
    ctl.ask_folder = lambda *a: str(folder)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    ctl.actions.export_code.trigger()
    assert not ctl.busy() and dialogs.kinds() == ["question"]
    _kind, title, text = dialogs.shown[0]
    assert title == "Replace files?" and "train.py" in text and "Other files" in text
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "train.py"]
    assert (folder / "train.py").read_text() == "# my edits\n"
    dialogs.answer = QMessageBox.StandardButton.Yes
    run_job(qtbot, ctl, ctl.actions.export_code.trigger)
    assert (folder / "train.py").read_text() != "# my edits\n"
    assert (folder / "notes.txt").read_text() == "mine"


def test_an_engine_failure_is_shown_as_a_sentence(qtbot, tmp_path, dialogs, ctl):
    import torch

    ctl.training = SimpleNamespace(state_dict={"x": torch.zeros(1)}, snapshot=tiny_chain())
    ctl.ask_weights = lambda *a: RUN
    dialogs.save_path = str(tmp_path / "w.pt")
    run_job(qtbot, ctl, ctl.actions.export_weights.trigger)
    _kind, title, text = dialogs.shown[-1]
    assert title == "Can't export the weights"
    assert text.startswith("The weights don't fit this network: "), text
    assert not (tmp_path / "w.pt").exists()


def test_sentence_capitalises_words_not_names():
    assert sentence("the graph has problems") == "The graph has problems"
    assert sentence("weights.pt: no such file") == "weights.pt: no such file"
    assert sentence("/tmp/x: exists and is not a folder") == "/tmp/x: exists and is not a folder"
    assert sentence("out_channels: too big") == "out_channels: too big"
    assert sentence("가중치가 맞지 않습니다") == "가중치가 맞지 않습니다"
