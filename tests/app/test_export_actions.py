"""File → Export / Import in the window, and the Code dock.

Exports write real files from a copy of the graph; imports run a hand-written module
only after the user confirmed (a sentinel file shows whether its code ran).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMenu

from app.export_actions import FRESH, RUN, Candidate, scan_candidates, trust_text
from app.export_menu import install_export
from engine.export import ExportError
from engine.graph import Edge, Graph, Node
from tests.app.conftest import answer_modal
from tests.graphs import tiny_chain

JOB_TIMEOUT_MS = 60_000

SMALL_MODEL = """
from pathlib import Path

import torch
from torch import nn

Path(__file__).with_name("ran.txt").write_text("the module ran")
INPUT_SHAPE = (3, 16, 16)


class Block(nn.Module):
    def __init__(self, width=8):
        super().__init__()
        self.conv = nn.Conv2d(3, width, 3, padding=1)
        self.bn = nn.BatchNorm2d(width)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


class Needy(nn.Module):
    def __init__(self, classes):
        super().__init__()


class Small(Block):
    def __init__(self):
        super().__init__(8)
        self.pool = nn.MaxPool2d(2)
        self.flat = nn.Flatten()
        self.fc = nn.Linear(8 * 8 * 8, 10)

    def forward(self, x):
        return self.fc(self.flat(self.pool(super().forward(x))))


def build_model():
    return Small()


def helper(x):
    return x
"""


@pytest.fixture
def ctl(window):
    controller = install_export(window)
    window.document.replace(tiny_chain())
    controller.ask_weights = lambda *a: pytest.fail("no weights question expected")
    yield controller
    controller.shutdown()
    assert not controller.busy()


def run_job(qtbot, ctl, trigger):
    """Start a job with ``trigger()`` and wait for it; return what it finished with."""
    with qtbot.waitSignal(ctl.finished, timeout=JOB_TIMEOUT_MS) as done:
        trigger()
        assert ctl.busy() and ctl.progress is not None and ctl.progress.isVisible()
        assert not ctl.actions.export_code.isEnabled()
    assert not ctl.busy() and ctl.progress is None and ctl.actions.export_code.isEnabled()
    return done.args[0]


def state_keys(graph: Graph) -> set[str]:
    from engine.compiler import compile_model

    return set(compile_model(graph).module.state_dict())


# --------------------------------------------------------------------------- menus


def test_file_menu_has_export_and_import_with_shortcuts(window, ctl):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert texts.index("Save As…") < texts.index("Export") < texts.index("Quit")
    assert texts.index("Import PyTorch Model…") < texts.index("Quit")
    export = [a.text().replace("&", "") for a in ctl.actions.menu.actions()]
    assert export == ["PyTorch Code…", "Weights…", "ONNX…", "torch.export Program…"]
    for key, action in (("Ctrl+E", ctl.actions.export_code), ("Ctrl+I", ctl.actions.import_model)):
        owners = [a for a in window.findChildren(QAction) if QKeySequence(key) in a.shortcuts()]
        assert owners == [action], key  # one owner: the shortcut is not ambiguous
    panels = window.findChild(QMenu, "menu-panels")  # View › Panels
    assert ctl.dock.toggleViewAction() in panels.actions()


def test_ctrl_e_starts_the_code_export(qtbot, monkeypatch, window, ctl):
    asked = []
    ctl.ask_folder = lambda *a: asked.append(a) or ""
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and not ctl.busy()


# --------------------------------------------------------------------------- exporting


def test_export_code_writes_a_folder_whose_model_compiles(
    qtbot, tmp_path, monkeypatch, window, ctl
):
    folder = tmp_path / "export"
    folder.mkdir()
    ctl.ask_folder = lambda *a: str(folder)
    changes = window.document.changes
    paths = run_job(qtbot, ctl, ctl.actions.export_code.trigger)
    assert {p.name for p in paths} == {"model.py", "weights.pt", "train.py", "README.md"}
    source = (folder / "model.py").read_text(encoding="utf-8")
    compile(source, "model.py", "exec")
    assert "class Tiny(nn.Module)" in source
    assert window.document.changes == changes and not window.document.is_modified()
    box = ctl.message_box
    assert box is not None and box.isVisible() and str(folder) in box.text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    show = next(b for b in box.buttons() if b.text() == "Show Folder")
    show.click()
    assert [url.toLocalFile() for url in opened] == [str(folder)]


def test_an_unnamed_network_exports_under_its_file_name(qtbot, tmp_path, monkeypatch, window, ctl):
    graph = tiny_chain()
    graph.name = ""
    window.document.replace(graph)
    assert window.files.save_to(tmp_path / "mycnn.convas")
    folder = tmp_path / "export"
    folder.mkdir()
    ctl.ask_folder = lambda *a: str(folder)
    run_job(qtbot, ctl, ctl.actions.export_code.trigger)
    source = (folder / "model.py").read_text(encoding="utf-8")
    assert "Untitled network" not in source
    assert '"""mycnn: a convolutional network exported from Convas.' in source
    assert "class Mycnn(nn.Module)" in source
    assert window.document.graph.name == ""  # the document itself is not renamed


def test_export_weights_as_pt_and_safetensors(qtbot, tmp_path, dialogs, ctl):
    import torch
    from safetensors.torch import load_file

    expected = state_keys(tiny_chain())
    dialogs.save_path = str(tmp_path / "w.pt")
    written = run_job(qtbot, ctl, ctl.actions.export_weights.trigger)
    assert written == tmp_path / "w.pt"
    assert set(torch.load(written, weights_only=True)) == expected
    dialogs.save_path = str(tmp_path / "w.safetensors")
    written = run_job(qtbot, ctl, ctl.actions.export_weights.trigger)
    assert set(load_file(str(written))) == expected
    assert dialogs.kinds() == []  # no warnings


def test_export_onnx_writes_a_model(qtbot, tmp_path, dialogs, ctl):
    onnx = pytest.importorskip("onnx")
    dialogs.save_path = str(tmp_path / "tiny.onnx")
    written = run_job(qtbot, ctl, ctl.actions.export_onnx.trigger)
    model = onnx.load(str(written))
    assert [i.name for i in model.graph.input] == ["input"]


def test_export_program_writes_a_pt2_file(qtbot, tmp_path, dialogs, ctl):
    dialogs.save_path = str(tmp_path / "tiny")
    written = run_job(qtbot, ctl, ctl.actions.export_program.trigger)
    assert written == tmp_path / "tiny.pt2" and written.stat().st_size > 0


def test_a_graph_with_problems_is_explained_and_nothing_is_written(
    tmp_path, monkeypatch, dialogs, window, ctl
):
    window.document.graph.remove_edge(Edge("head", "output"))
    out = tmp_path / "out"
    out.mkdir()
    asked = []
    ctl.ask_folder = lambda *a: asked.append(a) or str(out)
    dialogs.save_path = str(out / "w.pt")
    ctl.actions.export_code.trigger()
    ctl.actions.export_weights.trigger()
    assert not ctl.busy() and asked == []
    assert list(out.iterdir()) == []
    assert dialogs.kinds() == ["warning", "warning"]
    _kind, title, text = dialogs.shown[0]
    assert title == "The network can't be exported yet"
    assert "output" in text and "Traceback" not in text


def test_a_write_error_is_one_clear_message(qtbot, tmp_path, dialogs, ctl):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    dialogs.save_path = str(blocker / "w.pt")
    error = run_job(qtbot, ctl, ctl.actions.export_weights.trigger)
    assert isinstance(error, ExportError)
    assert dialogs.kinds() == ["warning"]
    _kind, title, text = dialogs.shown[0]
    assert title == "Can't export the weights"
    assert text == f"{blocker}: exists and is not a folder"
    assert "Traceback" not in text and "\n" not in text
    assert blocker.read_text() == "not a folder"


def test_export_asks_whether_to_use_the_last_runs_weights(qtbot, tmp_path, dialogs, window, ctl):
    import torch

    from engine.compiler import compile_model

    trained = {
        k: torch.full_like(v, 0.5)
        for k, v in compile_model(tiny_chain()).module.state_dict().items()
    }
    ctl.training = SimpleNamespace(state_dict=trained, snapshot=tiny_chain())
    questions = []

    def answer(choice):
        def ask(_parent, text, label):
            questions.append((text, label))
            return choice

        return ask

    dialogs.save_path = str(tmp_path / "run.pt")
    ctl.ask_weights = answer(RUN)
    run_job(qtbot, ctl, ctl.actions.export_weights.trigger)
    saved = torch.load(tmp_path / "run.pt", weights_only=True)
    assert all(torch.equal(saved[k], trained[k]) for k in trained)
    assert questions[0][1] == "Use weights from the last run" and "changed" not in questions[0][0]

    dialogs.save_path = str(tmp_path / "fresh.pt")
    ctl.ask_weights = answer(FRESH)
    run_job(qtbot, ctl, ctl.actions.export_weights.trigger)
    fresh = torch.load(tmp_path / "fresh.pt", weights_only=True)
    assert not torch.equal(fresh["conv.weight"], trained["conv.weight"])

    dialogs.save_path = str(tmp_path / "cancelled.pt")
    ctl.ask_weights = answer(None)
    ctl.actions.export_weights.trigger()
    assert not ctl.busy() and not (tmp_path / "cancelled.pt").exists()


# --------------------------------------------------------------------------- importing


@pytest.fixture
def model_file(tmp_path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    path = folder / "small.py"
    path.write_text(SMALL_MODEL, encoding="utf-8")
    return path


def test_the_scan_finds_modules_without_running_the_file(model_file):
    candidates, shape = scan_candidates(model_file)
    assert [(c.name, c.kind) for c in candidates] == [
        ("Block", "class"),
        ("Small", "class"),
        ("build_model", "function"),
    ]
    assert shape == (3, 16, 16)
    assert not (model_file.parent / "ran.txt").exists()


def test_the_scan_reports_a_syntax_error_in_one_line(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("class Broken(nn.Module:\n    pass\n")
    with pytest.raises(ValueError, match="bad.py: line 1"):
        scan_candidates(bad)


def test_import_after_confirmation_opens_the_graph_with_its_weights(
    qtbot, dialogs, model_file, window, ctl
):
    sentinel = model_file.parent / "ran.txt"
    offered = {}

    def choose(_parent, path, candidates, shape):
        assert not sentinel.exists()  # choosing runs nothing
        offered.update(path=path, names=[c.name for c in candidates], shape=shape)
        return "Small", (3, 16, 16)

    trusted = []
    ctl.ask_import_options = choose
    ctl.ask_trust = lambda _parent, path: trusted.append(path) or True
    dialogs.open_path = str(model_file)
    result, _compiled = run_job(qtbot, ctl, ctl.actions.import_model.trigger)
    assert offered["names"] == ["Block", "Small", "build_model"]
    assert offered["shape"] == (3, 16, 16) and trusted == [model_file]
    assert sentinel.exists()
    graph = window.document.graph
    assert Counter(n.type for n in graph.nodes.values()) == Counter(
        Input=1, Conv2d=1, BatchNorm2d=1, ReLU=1, MaxPool2d=1, Flatten=1, Linear=1, Output=1
    )
    assert window.document.is_modified() and window.document.path is None
    assert window.document.display_name() == "Small"
    assert set(ctl.imported_state_dict) == state_keys(graph)
    assert result.max_difference is not None and result.max_difference < 1e-4
    assert ctl.report_dialog is None  # nothing unmapped, no notes
    assert dialogs.kinds() == []


def test_declining_the_confirmation_runs_nothing(dialogs, model_file, window, ctl):
    ctl.ask_import_options = lambda *_a: ("Small", (3, 16, 16))
    warned = []
    ctl.ask_trust = lambda _parent, path: warned.append(trust_text(path)) or False
    ctl.import_model(model_file)
    assert warned and "run the code in" in warned[0] and "trust" in warned[0]
    assert not ctl.busy()
    assert not (model_file.parent / "ran.txt").exists()
    assert window.document.graph.name == "tiny"


def test_cancelling_the_choice_asks_nothing_more(model_file, ctl):
    ctl.ask_import_options = lambda *_a: None
    ctl.ask_trust = lambda *_a: pytest.fail("no confirmation after a cancelled choice")
    ctl.import_model(model_file)
    assert not ctl.busy()


ODD_MODEL = (
    "import torch\nfrom torch import nn\n\n"
    "class Odd(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.conv = nn.Conv2d(3, 4, 3, padding=1)\n\n"
    "    def forward(self, x):\n"
    "        return torch.sin(self.conv(x))\n"
)


def test_unmapped_operations_are_listed(qtbot, tmp_path, window, ctl):
    path = tmp_path / "odd.py"
    path.write_text(ODD_MODEL, encoding="utf-8")
    ctl.ask_import_options = lambda _p, _path, candidates, _shape: (candidates[0].name, (3, 8, 8))
    ctl.ask_trust = lambda *_a: True
    asked = []
    ctl.ask_open_partial = lambda _p, lines: asked.append(lines) or True
    run_job(qtbot, ctl, lambda: ctl.import_model(path))
    assert asked[0][0].startswith("2 operations have no block; the graph holds 100.0%")
    assert "sin has no Convas block" in asked[0][1]
    dialog = ctl.report_dialog
    assert dialog is not None and dialog.isVisible()
    rows = [
        (dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
        for r in range(dialog.table.rowCount())
    ]
    assert rows[0] == ("sin (sin)", "sin has no Convas block")
    assert window.document.graph.name == "Odd"
    dialog.close()


def test_a_partial_import_asks_before_opening_and_cancel_keeps_the_document(
    qtbot, tmp_path, window, ctl
):
    path = tmp_path / "odd.py"
    path.write_text(ODD_MODEL, encoding="utf-8")
    ctl.ask_import_options = lambda _p, _path, candidates, _shape: (candidates[0].name, (3, 8, 8))
    ctl.ask_trust = lambda *_a: True
    ctl.ask_open_partial = lambda *_a: False
    run_job(qtbot, ctl, lambda: ctl.import_model(path))
    assert window.document.graph.name == "tiny" and not window.document.is_modified()
    assert ctl.report_dialog is None


def test_a_failing_import_keeps_the_document(qtbot, tmp_path, dialogs, window, ctl):
    path = tmp_path / "fails.py"
    path.write_text(
        "from torch import nn\n\nclass Boom(nn.Module):\n"
        "    def __init__(self):\n        raise RuntimeError('no way')\n",
        encoding="utf-8",
    )
    ctl.ask_import_options = lambda *_a: ("Boom", (3, 8, 8))
    ctl.ask_trust = lambda *_a: True
    run_job(qtbot, ctl, lambda: ctl.import_model(path))
    assert dialogs.kinds() == ["warning"]
    _kind, title, text = dialogs.shown[0]
    assert title == "Can't import the model" and "no way" in text and "Traceback" not in text
    assert window.document.graph.name == "tiny" and not window.document.is_modified()


def test_a_program_file_needs_the_confirmation_too(qtbot, tmp_path, window, ctl):
    from engine.export import export_program

    program = export_program(tiny_chain(), tmp_path / "tiny.pt2")
    ctl.ask_trust = lambda *_a: False
    ctl.import_model(program)
    assert not ctl.busy() and window.document.graph.name == "tiny"
    ctl.ask_trust = lambda *_a: True
    window.document.replace(Graph("other", [Node("input", "Input")]))
    run_job(qtbot, ctl, lambda: ctl.import_model(program))
    types = Counter(n.type for n in window.document.graph.nodes.values())
    assert types["Conv2d"] == 1 and types["Linear"] == 1


def test_a_file_without_modules_is_refused_before_anything_runs(tmp_path, dialogs, ctl):
    path = tmp_path / "empty.py"
    path.write_text("x = 1\n")
    ctl.ask_import_options = lambda *_a: pytest.fail("nothing to choose")
    ctl.import_model(path)
    assert dialogs.kinds() == ["warning"] and "no nn.Module" in dialogs.shown[0][2]


# --------------------------------------------------------------------------- the Code dock


def show_code(qtbot, window, ctl):
    ctl.dock.show()
    ctl.dock.raise_()
    qtbot.waitUntil(lambda: ctl.preview.isVisible() and not ctl.preview.is_stale(), timeout=2000)


def test_the_code_dock_follows_edits_and_the_selection(qtbot, window, ctl):
    show_code(qtbot, window, ctl)
    preview = ctl.preview
    assert "self.head = nn.Linear(256, 10)" in preview.code()
    window.editor.set_params("head", {"out_features": 7})
    qtbot.waitUntil(lambda: "nn.Linear(256, 7)" in preview.code(), timeout=2000)
    window.canvas.select_ids(["head"])
    line = preview.line_map["head"]
    assert preview.highlighted_lines()[0] == line
    assert "self.head" in preview.code().splitlines()[line - 1]
    with qtbot.waitSignal(window.canvas.selectionChanged):
        preview.nodeActivated.emit("conv")
    assert window.canvas.selected_ids() == ["conv"]


def test_the_hidden_code_dock_generates_nothing(qtbot, window, ctl):
    show_code(qtbot, window, ctl)
    ctl.dock.hide()
    before = ctl.preview.generations
    window.editor.set_params("head", {"out_features": 3})
    qtbot.wait(400)
    assert ctl.preview.generations == before
    show_code(qtbot, window, ctl)
    assert "nn.Linear(256, 3)" in ctl.preview.code()


def test_candidate_text_names_kind_and_line():
    assert Candidate("build_model", "function", 12).text() == "build_model()   (function, line 12)"


def test_imported_weights_go_to_the_training_controller(qtbot, dialogs, model_file, window, ctl):
    import torch

    from app.training import install_training

    training = install_training(window, window.document)
    ctl.training = training
    try:
        ctl.ask_import_options = lambda *_a: ("build_model", (3, 16, 16))
        ctl.ask_trust = lambda *_a: True
        run_job(qtbot, ctl, lambda: ctl.import_model(model_file))
        assert training.state_dict is ctl.imported_state_dict
        assert training.compiled is not None and training.snapshot is not None
        labels = []
        ctl.ask_weights = lambda _p, _text, label: labels.append(label) or RUN
        dialogs.save_path = str(model_file.parent / "imported.pt")
        written = run_job(qtbot, ctl, ctl.actions.export_weights.trigger)
        assert labels == ["Use the imported weights"]
        saved = torch.load(written, weights_only=True)
        assert all(torch.equal(saved[k], v) for k, v in ctl.imported_state_dict.items())
    finally:
        training.shutdown()


def test_closing_the_window_waits_for_a_running_export(qtbot, tmp_path, dialogs, window, ctl):
    dialogs.save_path = str(tmp_path / "late.pt")
    ctl.actions.export_program.trigger()
    assert ctl.busy()
    window.close()
    assert not ctl.busy() and dialogs.kinds() == []
    assert ctl.message_box is None  # nothing shown by a closing window


def test_the_trust_question_defaults_to_cancel(qtbot, window, model_file):
    from app.export_actions import ask_trust

    answer_modal(qtbot, "Run It and Import")
    assert ask_trust(window, model_file) is True
    answer_modal(qtbot, "Cancel")
    assert ask_trust(window, model_file) is False


def test_the_weights_question_names_its_choices(qtbot, window):
    from app.export_actions import ask_weights

    answer_modal(qtbot, "Fresh weights (seed 0)")
    assert ask_weights(window, "Which?", "Use weights from the last run") == FRESH
    answer_modal(qtbot, "Use weights from the last run")
    assert ask_weights(window, "Which?", "Use weights from the last run") == RUN
    answer_modal(qtbot, "Cancel")
    assert ask_weights(window, "Which?", "Use weights from the last run") is None


def test_the_options_dialog_preselects_the_factory_and_the_files_shape(qtbot, model_file):
    from app.export_actions import ImportOptionsDialog

    candidates, shape = scan_candidates(model_file)
    dialog = ImportOptionsDialog(None, model_file, candidates, shape)
    qtbot.addWidget(dialog)
    assert dialog.choice() == ("build_model", (3, 16, 16))
    dialog.list.setCurrentRow(1)
    dialog.spins[1].setValue(20)
    assert dialog.choice() == ("Small", (3, 20, 16))


def test_the_code_dock_comes_back_where_the_user_left_it(qtbot, window, ctl):
    from app.window import MainWindow

    assert window.dockWidgetArea(ctl.dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, ctl.dock)
    window.save_layout()
    again = MainWindow(autosave_ms=60_000)
    qtbot.addWidget(again)
    second = install_export(again)
    assert again.dockWidgetArea(second.dock) == Qt.DockWidgetArea.LeftDockWidgetArea
