"""Autosave writes a recovery file; after a crash, start-up offers it back."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from app import autosave
from app.autosave import RecoveryDialog, find_recoveries, recovery_dir
from engine import fileformat


def _crash(window) -> None:
    """Leave the recovery file behind as a crashed process would."""
    window.autosaver.timer.stop()
    autosave._LIVE.discard(window.autosaver.file)


def test_autosave_writes_recovery_file_with_original_path(window, tmp_path):
    path = tmp_path / "net.convas"
    window.files.open_preset("lenet5", ask=False)
    assert window.files.save_to(path)
    assert not window.autosaver.autosave()  # nothing unsaved: nothing written
    window.editor.add_block("ReLU", QPointF(10, 10))
    assert window.autosaver.autosave()
    file = window.autosaver.file
    assert file.parent == recovery_dir()
    saved = fileformat.load(file)
    assert "relu" in saved.nodes
    assert saved.meta[autosave.META_KEY]["original_path"] == str(path)
    assert not window.autosaver.autosave()  # unchanged since: not written again
    assert window.files.save_to(path)
    assert not file.exists()  # a clean save deletes it


def test_autosave_runs_on_its_timer(qtbot, window):
    window.autosaver.timer.setInterval(50)
    window.editor.add_block("ReLU", QPointF(0, 0))
    qtbot.waitUntil(window.autosaver.file.exists, timeout=3000)


def test_close_deletes_recovery_file(window):
    window.editor.add_block("ReLU", QPointF(0, 0))
    window.autosaver.autosave()
    file = window.autosaver.file
    assert file.exists()
    window.close()  # the dialogs fixture answers "Discard"
    assert not file.exists()


def test_live_sessions_are_not_offered(window):
    window.editor.add_block("ReLU", QPointF(0, 0))
    window.autosaver.autosave()
    assert find_recoveries() == []


def test_recovery_is_offered_and_restores_modified_document(qtbot, window, tmp_path, monkeypatch):
    from app.window import MainWindow

    path = tmp_path / "net.convas"
    window.files.open_preset("lenet5", ask=False)
    window.files.save_to(path)
    window.editor.add_block("Dropout", QPointF(5, 5))
    expected = fileformat.dumps(window.document.graph)
    window.autosaver.autosave()
    _crash(window)

    offered = []

    def choose(parent, recoveries):
        offered.extend(recoveries)
        return RecoveryDialog.RECOVER, recoveries[0]

    monkeypatch.setattr("app.window.ask_recovery", choose)
    second = MainWindow(autosave_ms=60_000)
    qtbot.addWidget(second)
    assert second.offer_recovery()
    assert len(offered) == 1
    assert offered[0].original == path and offered[0].name == "net"
    assert "net" in offered[0].describe() and "autosaved" in offered[0].describe()
    doc = second.document
    assert doc.is_modified() and second.isWindowModified()
    assert doc.path == path
    assert second.windowTitle() == "net[*] — Convas"
    assert fileformat.dumps(doc.graph) == expected
    assert find_recoveries() == []  # adopted by the new session
    assert second.autosaver.file.exists()
    assert second.files.save()
    assert not second.autosaver.file.exists()
    assert "dropout" in fileformat.load(path).nodes


def test_recovery_can_be_deleted_or_postponed(qtbot, window, monkeypatch):
    from app.window import MainWindow

    window.editor.add_block("ReLU", QPointF(0, 0))
    window.autosaver.autosave()
    _crash(window)
    monkeypatch.setattr("app.window.ask_recovery", lambda parent, r: (0, r[0]))
    second = MainWindow(autosave_ms=60_000)
    qtbot.addWidget(second)
    assert not second.offer_recovery()
    assert len(find_recoveries()) == 1  # "Not now" keeps it
    monkeypatch.setattr("app.window.ask_recovery", lambda parent, r: (RecoveryDialog.DELETE, r[0]))
    assert not second.offer_recovery()
    assert find_recoveries() == []


def test_recovery_dialog_lists_files(qtbot, window):
    window.editor.add_block("ReLU", QPointF(0, 0))
    window.autosaver.autosave()
    _crash(window)
    recoveries = find_recoveries()
    dialog = RecoveryDialog(recoveries)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert "Untitled" in dialog.list.item(0).text()
    assert dialog.chosen() == recoveries[0]


def test_recovered_meta_is_restored(window):
    window.files.open_preset("lenet5", ask=False)
    original_meta = window.document.graph.meta
    window.editor.add_block("ReLU", QPointF(0, 0))
    window.autosaver.autosave()
    _crash(window)
    graph = autosave.load_recovery(find_recoveries()[0])
    assert graph.meta == original_meta
