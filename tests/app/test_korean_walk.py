"""The whole interface walked in Korean: it fails on English left anywhere a user reads.

One walk builds the window in Korean with every panel, then goes everywhere a user can:
it triggers every action the window has (menus, submenus, dock toggles, the canvas's
context menus), opens every dock, shows every right-click menu, and opens every dialog
the app has — the file dialogs, About and Keyboard Shortcuts, the preset gallery, the
save-changes and restart questions, the memory guard, recovery, the run history's notice,
the fit question, the import's options, trust question, gaps and report, the export's
"which weights" and "replace files" questions, errors of files, code and training — with
real engine text in them (problems, dataset errors, fit issues, import gaps). Then it
trains on digits and reads the training panel during and after the run, the curves,
evaluation, kernels, feature maps, Try it (with a real and an unreadable image), the
Runs and Data docks. Every text read must be Korean (tests/korean_text.py: identifiers,
block types, names and the user's own data allowed). And every function in app/ and
widgets/ that opens a dialog or a popup must have been on the stack when one opened, so
a new dialog nobody walks fails here until the walk reaches it.
"""

from __future__ import annotations

from multiprocessing import resource_sharer
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QWidget

from engine import fileformat
from engine.data import class_labels
from engine.data.builtin import SHAPE_CLASSES
from engine.presets import load_preset
from engine.registry import all_specs
from engine.training.config import TrainConfig
from tests.app.korean_walk import DialogWalk, dialog_sites, menu_texts, tree_texts
from tests.app.test_translations import (  # noqa: F401  (fixtures)
    _close,
    _full_window,
    _user_words,
    interface_texts,
    korean,
    qm_folder,
)
from tests.graphs import tiny_chain
from tests.korean_text import korean_problems
from widgets.code_preview import CodePreview

ROOT = Path(__file__).resolve().parents[2]
RUN_MS = 90_000
#: Places that open something the walk doesn't read: the application's own event loop
#: and a drag (neither is a dialog); About Qt is Qt's licence text, in Qt's words.
NOT_DIALOGS = {("app/main.py", "run"), ("widgets/palette.py", "startDrag")}
QT_OWN = {"show_about_qt"}


@pytest.fixture
def dialogs():
    """The app tests' recorder of message boxes is off: here the real dialogs open."""
    return None


@pytest.fixture
def walk(qapp, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda *_args: True)
    recorder = DialogWalk()
    qapp.installEventFilter(recorder)
    yield recorder
    qapp.removeEventFilter(recorder)


def _wait_for(qtbot, walk, function: str, timeout: int = RUN_MS) -> None:
    qtbot.waitUntil(lambda: any(s.opened_by(function) for s in walk.shown), timeout=timeout)


# --------------------------------------------------------------------------- the window


def _trigger_every_action(window, qtbot) -> None:
    """Every action of the window but Quit and the Run menu's (the run is walked later),
    each with a convolution selected, as a user would pick them from the menus."""
    run = window.training.actions
    skip = {window.acts.quit, run.train, run.pause, run.stop}
    for action in window.findChildren(QAction):
        if action in skip or action.menu() is not None or _pyqtgraphs(action):
            continue
        _select_first(window, "Conv2d")
        action.trigger()
        qtbot.wait(1)


def _pyqtgraphs(action: QAction) -> bool:
    parent = action.parent()
    while parent is not None:
        if type(parent).__module__.startswith("pyqtgraph"):
            return True
        parent = parent.parent()
    return False


def _select_first(window, block_type: str) -> str | None:
    graph = window.document.graph
    node = next((i for i, n in graph.nodes.items() if n.type == block_type), None)
    if node is not None:
        window.canvas.select_ids([node])
    return node


def _context_menus(window) -> list[tuple[str, str]]:
    """The canvas's right-click menus on a block, a connection, a port and empty space."""
    menus, texts = window.context_menus, []
    node = _select_first(window, "Conv2d")
    edge = window.document.graph.inputs_of(node)[0]
    for kind, what in (
        ("node", node),
        ("edge", edge),
        ("port", (node, True, 0)),
        ("port", (node, False, 0)),
        ("canvas", None),
    ):
        texts += menu_texts(menus.build(kind, what, QPointF(0, 0)), f"context {kind}")
    return texts


def _right_click_everything(window, qtbot) -> None:
    """Every widget with a menu of its own (save as picture, copy rows…)."""
    custom = [
        w for w in window.findChildren(QWidget) if w.contextMenuPolicy().name == "CustomContextMenu"
    ]
    for widget in custom:
        widget.customContextMenuRequested.emit(QPoint(2, 2))
        qtbot.wait(1)


def _look_inside(window, qtbot) -> list[tuple[str, str]]:
    _select_first(window, "ResidualBlock")
    assert window.look_inside_selected()
    qtbot.wait(10)
    texts = interface_texts(window)
    window.inner.leave()
    return texts


def _questions(window, qtbot, walk, tmp_path, monkeypatch) -> None:
    """The dialogs that need a situation: each made as a user would meet it."""
    from app import memory_guard
    from app.autosave import recovery_dir
    from app.import_dialogs import ask_trust
    from app.startup import ErrorReporter
    from app.training_jobs import ask_fit_fix
    from engine.training import fit_check
    from widgets.export_image import save_actions

    window.editor.delete_selection()  # an unsaved change: New asks first
    window.files.new()
    bad = tmp_path / "bad.convas"
    bad.write_text('{"format": "convas", "version": 1, "nodes": [')
    window.files.open_path(bad)  # the file's error, in the engine's words
    assert window.files.open_preset("resnet_cifar", ask=False)
    fileformat.save(tiny_chain(), recovery_dir() / "crashed-session.convas")
    window.offer_recovery()
    (recovery_dir() / "crashed-session.convas").write_text("{")
    from app.autosave import Recovery

    window.recover(Recovery(recovery_dir() / "crashed-session.convas", "x", None, _now()))
    issues = fit_check(window.document.graph, None, ((1, 8, 8), 10))
    assert issues and ask_fit_fix(window, issues) is None
    ask_trust(window, tmp_path / "net.py")
    from app.finetune import ask_classes
    from app.training_continue import ask_changed

    ask_classes(window, "fc", 5)  # Replace Head: how many classes
    ask_changed(window, 3)  # Continue after the network changed
    monkeypatch.setenv("CONVAS_MEMORY_LIMIT", "1000")
    graph, analysis = window.document.graph, window.document.analysis
    memory_guard.confirm_training(window, graph, analysis, TrainConfig())
    memory_guard.confirm_export(window, graph)
    monkeypatch.delenv("CONVAS_MEMORY_LIMIT")
    ErrorReporter()(ValueError, ValueError("테스트가 일부러 낸 오류"), None)
    for action in save_actions(window, window.insight.explainer, "walk"):
        action.trigger()  # "save as picture"
    _exports(window, qtbot, walk, tmp_path)


def _now():
    from datetime import datetime

    return datetime.now()


def _exports(window, qtbot, walk, tmp_path) -> None:
    """Export into a folder that has the files, export weights for real, import a model
    the importer can only partly map, and save generated code where it can't go."""
    exports = window.exports
    walk.paths.append(str(tmp_path / "new export"))
    exports.export_code()  # the folder dialog, given a folder that is still to be made
    qtbot.waitUntil(lambda: not exports.busy(), timeout=RUN_MS)
    assert (tmp_path / "new export" / "model.py").is_file()
    full = tmp_path / "exported"
    full.mkdir()
    (full / "model.py").write_text("# an earlier export")
    exports.export_code(full)  # "replace files?"
    walk.paths.append(str(tmp_path / "weights.pt"))
    exports.export_weights()
    qtbot.waitUntil(lambda: not exports.busy(), timeout=RUN_MS)
    _wait_for(qtbot, walk, "_exported")
    script = tmp_path / "net.py"
    script.write_text(NET_PY)
    window.document.undo_stack.setClean()
    walk.accept = {"ask_import_options", "ask_trust", "ask_open_partial"}
    exports.import_model(script)
    qtbot.waitUntil(lambda: not exports.busy(), timeout=RUN_MS)
    _wait_for(qtbot, walk, "import_report")
    walk.accept = set()
    walk.paths.append(str(tmp_path / "no-such-folder" / "model.py"))
    window.findChild(CodePreview).save_as()  # "can't save the code"


NET_PY = """
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.up = nn.Upsample(scale_factor=2)
        self.fc = nn.Linear(4 * 60 * 60, 2)

    def forward(self, x):
        x = self.up(torch.relu(self.conv(x)))
        return self.fc(torch.flatten(x, 1))


INPUT_SHAPE = (3, 32, 32)
"""


# --------------------------------------------------------------------------- training


def _train(window, qtbot, walk, tmp_path) -> list[tuple[str, str]]:
    """Train on digits and read the panels during and after the run; then the dialogs
    a run brings: its errors, the fit question, which weights to export, deleting a run."""
    ctl = window.training
    window.document.replace(tiny_chain())
    _select_first(window, "Conv2d")
    ctl.panel.set_config(TrainConfig(dataset="digits", epochs=4, batch_size=16, warmup_epochs=0))
    texts = []
    with qtbot.waitSignal(ctl.runFinished, timeout=RUN_MS) as finished:
        ctl.train()
        qtbot.waitUntil(lambda: ctl.plots.point_count("lr") > 0, timeout=RUN_MS)
        texts += [(f"during the run: {w}", t) for w, t in interface_texts(window)]
    assert finished.args[0].status == "completed", finished.args[0].message
    for name in list(window.docks.docks):
        window.docks.show(name)
        qtbot.wait(20)
    digit = tmp_path / "seven.png"
    Image.fromarray((np.eye(8)[::-1] * 255).astype(np.uint8)).save(digit)
    for image in (str(digit), str(tmp_path / "notes.png")):
        (tmp_path / "notes.png").write_text("not a picture")
        window.tryit.take_image(image)
        qtbot.wait(50)
        texts += [(f"try it {Path(image).name}: {w}", t) for w, t in tree_texts(window.tryit.view)]
    ctl.runs_panel.refresh()
    ctl.runs_panel.select(ctl.runs_panel.selected_ids() or [r.id for r in ctl.store.list_runs()])
    ctl.runs_panel.delete_button.click()  # "delete this run?"
    ctl.panel.browse_button.click()  # choose a dataset folder
    window.tryit.view._open()  # choose images
    window.exports.export_weights(tmp_path / "trained.pt")  # "which weights?"
    _run_errors(window, ctl, qtbot, walk, tmp_path)
    return texts


def _run_errors(window, ctl, qtbot, walk, tmp_path) -> None:
    from tests.engine.folders import conv_net

    broken = tiny_chain()
    broken.nodes["conv"].params["kernel_size"] = 20
    window.document.replace(broken)
    ctl.train()  # the network's problems
    window.document.replace(conv_net(channels=3, size=16, classes=3))
    ctl.train()  # digits don't fit: the fit question
    _wait_for(qtbot, walk, "ask_fit_fix")
    qtbot.waitUntil(lambda: not ctl.busy(), timeout=RUN_MS)
    window.document.replace(tiny_chain())
    missing = tmp_path / "no-such-dataset"
    ctl.panel.set_config(TrainConfig(dataset=str(missing), epochs=1))
    ctl.train()  # the dataset's error, in the engine's words
    _wait_for(qtbot, walk, "show_message_box")
    qtbot.waitUntil(lambda: not ctl.busy(), timeout=RUN_MS)


# --------------------------------------------------------------------------- the test


def _allowed(window) -> set[str]:
    """The user's own words: the ids of every network the walk opened, file names…"""
    from tests.engine.folders import conv_net

    words = {w for g in (tiny_chain(), conv_net()) for n in g.nodes for w in n.split("_")}
    words |= {w for n in load_preset("resnet_cifar").nodes for w in n.split("_")}
    words |= _user_words(window) | {"walk", "seven", "notes", "png", "net", "py", "bad"}
    words |= {"crashed", "session", "exported", "weights", "trained", "digits", "shapes"}
    words |= set(class_labels([str(i) for i in range(10)])) | {"Net", "Upsample", "up"}
    return words | {s.title for s in all_specs() if " " not in s.title}


@pytest.mark.timeout(400)
@pytest.mark.usefixtures("korean")
def test_the_whole_interface_speaks_korean(qtbot, walk, data_dir, tmp_path, monkeypatch):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "runs.sqlite").write_bytes(b"not a database" * 200)  # the history's notice
    window = _full_window(qtbot)
    try:
        texts = interface_texts(window)
        _trigger_every_action(window, qtbot)
        assert window.files.open_preset("resnet_cifar", ask=False)  # the actions edited it
        texts += _context_menus(window)
        _right_click_everything(window, qtbot)
        texts += _look_inside(window, qtbot)
        for name in list(window.docks.docks):
            window.docks.show(name)
            qtbot.wait(10)
        texts += interface_texts(window)
        shapes = {f"레이블: {name}" for name in class_labels(SHAPE_CLASSES)}  # 원, 별…
        assert shapes & {text for _where, text in texts}, "a shape's class, in Korean"
        _questions(window, qtbot, walk, tmp_path, monkeypatch)
        texts += _train(window, qtbot, walk, tmp_path)
        texts += interface_texts(window)
        texts += walk.texts(skip=lambda shown: any(shown.opened_by(f) for f in QT_OWN))
        bad = korean_problems(texts, _allowed(window))
        assert not bad, "English in the Korean interface:\n" + "\n".join(bad)
        assert len(texts) > 3000  # the walk read the whole interface, dialogs and all
        unvisited = dialog_sites() - NOT_DIALOGS - walk.opened()
        assert not unvisited, f"dialogs the walk never opened (walk them): {sorted(unvisited)}"
    finally:
        QApplication.processEvents()
        _close(window)
        resource_sharer.stop()  # started by the run's child; it would outlive the test
