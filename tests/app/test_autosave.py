"""Autosave writes a recovery file; after a crash, start-up offers it back."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QPointF

from app import autosave
from app.autosave import RecoveryDialog, find_recoveries, recovery_dir
from engine import fileformat


def _crash(window) -> None:
    """Leave the recovery file behind as a crashed process would (its lock dropped by
    the system, its lock file left)."""
    window.autosaver.timer.stop()
    autosave._LIVE.discard(window.autosaver.file)
    window.autosaver._session_lock.release()


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


ROOT = Path(__file__).resolve().parents[2]


def test_a_file_named_after_a_pid_that_lives_again_is_still_offered(window):
    """After a reboot, the crashed session's process id may belong to another program."""
    window.files.open_preset("lenet5", ask=False)
    window.editor.add_block("ReLU", QPointF(0, 0))
    window.autosaver.autosave()
    _crash(window)
    legacy = recovery_dir() / f"{os.getppid()}-0123abcd.convas"  # a live process's pid
    window.autosaver.file.rename(legacy)
    session_lock = window.autosaver._session_lock.path
    session_lock.unlink()
    assert [r.file for r in find_recoveries()] == [legacy]


def test_a_session_alive_in_another_process_is_not_offered_until_it_dies(window):
    window.editor.add_block("ReLU", QPointF(0, 0))
    window.autosaver.autosave()
    _crash(window)
    lock_file = autosave.session_lock(window.autosaver.file)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                sys.path.insert(0, {str(ROOT)!r})
                from engine import locks
                held = locks.try_lock({str(lock_file)!r})
                print("held" if held else "free", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        assert find_recoveries() == []  # another Convas is still working on it
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert [r.file for r in find_recoveries()] == [window.autosaver.file]


def test_finding_recoveries_cleans_killed_autosaves_and_stale_locks(window):
    folder = recovery_dir()
    leftover = folder / ".abc.convas.x1y2.tmp"  # the first autosave of a session, killed
    leftover.write_bytes(b"half an autosave")
    stale = folder / "gone.lock"
    stale.write_text("")
    find_recoveries()
    assert not leftover.exists() and not stale.exists()
    assert window.autosaver._session_lock.path.exists()  # ours is alive: kept
