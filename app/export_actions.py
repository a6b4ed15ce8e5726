"""File → Export and Import in the window, and the Code dock.

:class:`ExportController` carries out the Export submenu's actions (PyTorch code,
weights, ONNX, ``torch.export`` program) and "Import PyTorch Model…";
:func:`app.export_menu.install_export` adds them and the "Code" dock to the window.

Exports run in a worker thread on a copy of the graph (ONNX and programs take
seconds) and never touch the document. An import first scans the ``.py`` file with
:mod:`ast` (nothing runs) for module classes and factory functions, asks which one and
the input shape, then asks the user to confirm that the file's code may run; only then
does a worker call :func:`engine.importer.import_module` with ``trust=True``. Every
error is one clear message, never a traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
)

from app import settings
from app.export_folder import ask_export_folder
from app.files import show_error
from app.import_dialogs import (  # noqa: F401  (part of this module's API)
    FRESH,
    RUN,
    Candidate,
    ImportOptionsDialog,
    ask_import_options,
    ask_open_partial,
    ask_trust,
    ask_weights,
    default_candidate,
    import_report,
    scan_candidates,
    trust_text,
)
from app.memory_guard import confirm_export
from app.placing import spread_out
from app.training_jobs import Job, start_job
from engine.export import (
    FOLDER_FILES,
    ExportError,
    files_to_replace,
    generate_code,
    named_after_file,
)
from engine.graph import Graph
from engine.i18n import os_reason

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

DEFAULT_SHAPE = (3, 32, 32)
#: File dialog filters (translated where they are shown).
WEIGHTS_FILTERS = {
    QT_TRANSLATE_NOOP("ExportActions", "PyTorch weights (*.pt)"): ".pt",
    QT_TRANSLATE_NOOP("ExportActions", "safetensors (*.safetensors)"): ".safetensors",
}
ONNX_FILTER = QT_TRANSLATE_NOOP("ExportActions", "ONNX models (*.onnx)")
PROGRAM_FILTER = QT_TRANSLATE_NOOP("ExportActions", "torch.export programs (*.pt2)")
IMPORT_FILTER = QT_TRANSLATE_NOOP(
    "ExportActions",
    "PyTorch models (*.py *.pt2);;Python files (*.py);;torch.export programs (*.pt2)",
)
#: How long closing the window waits for an export or import to end.
JOIN_MS = 60_000


def problems_text(problems, limit: int = 12) -> str:
    lines = [f"• {p.node + ': ' if p.node else ''}{p.message}" for p in problems[:limit]]
    if len(problems) > limit:
        more = translate("ExportActions", "… and {count} more (see the Summary)")
        lines.append(more.format(count=len(problems) - limit))
    return "\n".join(lines)


def failure_text(exc: BaseException) -> str:
    """One message for an export or import error (problems per node, file errors)."""
    if isinstance(exc, OSError):
        name = exc.filename or translate("ExportActions", "the file")
        return f"{name}: {os_reason(exc)}"
    problems = getattr(exc, "problems", None)
    return problems_text(problems) if problems else sentence(str(exc))


def sentence(text: str) -> str:
    """``text`` (an engine message, worded for the command line's "convas: " prefix)
    starting with a capital, as a message box's sentence does; a file name or an
    identifier at its start stays as it is."""
    first = text.split(" ", 1)[0]
    if first[:1].islower() and not any(c in first for c in "/\\.:_'\"{"):
        return text[:1].upper() + text[1:]
    return text


def same_network(a: Graph | None, b: Graph | None) -> bool:
    """Same blocks, parameters and connections (positions and labels aside)."""
    if a is None or b is None:
        return False
    nodes = [(n.id, n.type, n.params) for n in a.nodes.values()]
    return nodes == [(n.id, n.type, n.params) for n in b.nodes.values()] and a.edges == b.edges


# --------------------------------------------------------------------------- controller


@dataclass
class _Outcome:
    value: object = None
    error: BaseException | None = None


def _capture(work):
    """Run ``work`` (in the worker); expected failures come back as values."""

    def run() -> _Outcome:
        try:
            value = work()
        except (ExportError, OSError) as exc:
            return _Outcome(error=exc)
        return value if isinstance(value, _Outcome) else _Outcome(value=value)

    return run


class ExportController(QObject):
    """File → Export / Import for one window, and its Code dock.

    Replaceable (tests answer for the user): :attr:`ask_import_options`,
    :attr:`ask_trust`, :attr:`ask_weights`, :attr:`ask_open_partial`, :attr:`ask_folder`.
    After an import
    without a training controller, the weights are kept in :attr:`imported_state_dict`.

    Signals
    -------
    finished(object)
        A job ended: its value, the exception it raised, or an error line (str).
    """

    finished = Signal(object)

    def __init__(self, window, training=None):
        super().__init__(window)
        self.window, self.document, self.training = window, window.document, training
        self.actions = SimpleNamespace()  # set by app.export_menu.install_export
        self.ask_import_options, self.ask_trust, self.ask_weights = (
            ask_import_options,
            ask_trust,
            ask_weights,
        )
        self.ask_open_partial = ask_open_partial
        self.ask_folder = ask_export_folder
        self.imported_state_dict = self.imported_graph = None
        self.message_box: QMessageBox | None = None
        self.report_dialog: QDialog | None = None
        self.progress: QProgressDialog | None = None
        self._thread = self._job = self._done = None
        self._closing = False

    # ----------------------------------------------------------------- jobs
    def busy(self) -> bool:
        return self._thread is not None

    def _run(self, text: str, work, done, failure: str) -> None:
        """Run ``work`` in a worker thread behind a busy dialog; then ``done(value)``,
        or a message titled ``failure``."""
        self._job, self._done = Job("export", _capture(work)), (done, failure)
        self._thread = start_job(self._job, self._on_thread_finished)
        self._set_enabled(False)
        self.progress = QProgressDialog(text, "", 0, 0, self.window)
        self.progress.setCancelButton(None)
        self.progress.setWindowTitle(self.tr("Please wait"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.show()

    def _on_thread_finished(self) -> None:
        thread, job, done = self._thread, self._job, self._done
        if thread is None:
            return
        thread.wait()
        self._thread = self._job = self._done = None
        job.deleteLater()
        thread.deleteLater()
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._set_enabled(True)
        if self._closing:
            return
        then, failure = done
        if job.error is not None:  # unexpected: one line, the traceback goes to the log
            show_error(self.window, failure, sentence(job.error))
            self.finished.emit(job.error)
        elif job.result.error is not None:
            show_error(self.window, failure, failure_text(job.result.error))
            self.finished.emit(job.result.error)
        else:
            then(job.result.value)
            self.finished.emit(job.result.value)

    def shutdown(self) -> None:
        """The window is closing: wait for a job in progress; show nothing of its end."""
        thread = self._thread
        if thread is None:
            return
        if not thread.wait(JOIN_MS):
            log.error("the export thread did not stop within %d ms", JOIN_MS)
            return
        self._closing = True
        try:
            self._on_thread_finished()
        finally:
            self._closing = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window and event.type() == QEvent.Type.Hide and not event.spontaneous():
            self.shutdown()  # the window closed: wait for the job's thread
        return False

    def _set_enabled(self, enabled: bool) -> None:
        for action in vars(self.actions).values():
            if isinstance(action, QAction):
                action.setEnabled(enabled)

    # ----------------------------------------------------------------- exporting
    def _exportable(self) -> Graph | None:
        """A copy of the graph when it can be exported; otherwise say why, None.

        A network without a name of its own is named after its file (``mycnn.convas``
        exports as "mycnn")."""
        graph = named_after_file(self.document.graph.copy(), self.document.path)
        try:
            generate_code(graph)
        except ExportError as exc:
            text = problems_text(exc.problems) if exc.problems else str(exc)
            show_error(self.window, self.tr("The network can't be exported yet"), text)
            return None
        return graph if confirm_export(self.window, graph) else None

    def _weights_for(self, graph: Graph):
        """The weights to export: a state dict, None for fresh ones, or False (cancel)."""
        training = self.training
        state = training.state_dict if training is not None else None
        snapshot = training.snapshot if training is not None else None
        if state is None and self.imported_state_dict is not None:
            state, snapshot = self.imported_state_dict, self.imported_graph
        if state is None:
            return None
        imported = state is self.imported_state_dict
        label = (
            self.tr("Use the imported weights")
            if imported
            else self.tr("Use weights from the last run")
        )
        text = (
            self.tr("Export the weights the network was imported with, or fresh weights (seed 0)?")
            if imported
            else self.tr("Export the weights of the last training run, or fresh weights (seed 0)?")
        )
        if not same_network(snapshot, graph):
            text += "\n\n" + self.tr(
                "The network has changed since: those weights fit only if its layers didn't."
            )
        answer = self.ask_weights(self.window, text, label)
        return False if answer is None else (state if answer == RUN else None)

    def export_code(self, folder: str | Path | None = None) -> None:
        """Export ``model.py``, the weights, ``train.py`` and a README into a folder."""
        graph = None if self.busy() else self._exportable()
        if graph is None:
            return
        if folder is None:
            folder = self.ask_folder(
                self.window, self.tr("Export PyTorch Code into Folder"), settings.last_folder()
            )
            if not folder:
                return
        folder = Path(folder)
        existing = files_to_replace(folder)
        if existing and not self._confirm_replace(folder, existing):
            return
        weights = self._weights_for(graph)
        if weights is False:
            return
        from engine.export import export_python

        self._run(
            self.tr("Exporting PyTorch code to {folder}…").format(folder=folder),
            lambda: export_python(graph, folder, weights, 0),
            lambda _paths: self._exported(
                folder, self.tr("Wrote {files}").format(files=", ".join(FOLDER_FILES))
            ),
            self.tr("Can't export the PyTorch code"),
        )

    def _confirm_replace(self, folder: Path, names: list[str]) -> bool:
        answer = QMessageBox.question(
            self.window,
            self.tr("Replace files?"),
            self.tr(
                "{folder} already has {files}. Replace them? Other files in the folder are kept."
            ).format(folder=folder, files=", ".join(names)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def export_weights(self, path: str | Path | None = None) -> None:
        """Export the state dict as ``.pt`` or ``.safetensors``."""
        from engine.export import export_weights

        filters = ";;".join(translate("ExportActions", f) for f in WEIGHTS_FILTERS)
        self._export_file(
            self.tr("Export Weights"),
            filters,
            path,
            export_weights,
            self.tr("Can't export the weights"),
        )

    def export_onnx(self, path: str | Path | None = None) -> None:
        """Export an ONNX model (needs the ``onnx`` package)."""
        import importlib.util

        if importlib.util.find_spec("onnx") is None:
            show_error(
                self.window,
                self.tr("Can't export ONNX"),
                self.tr("ONNX export needs the onnx package."),
            )
            return
        from engine.export import export_onnx

        self._export_file(
            self.tr("Export ONNX"),
            translate("ExportActions", ONNX_FILTER),
            path,
            export_onnx,
            self.tr("Can't export the ONNX model"),
        )

    def export_program(self, path: str | Path | None = None) -> None:
        """Export a ``torch.export`` program (``.pt2``)."""
        from engine.export import export_program

        self._export_file(
            self.tr("Export torch.export Program"),
            translate("ExportActions", PROGRAM_FILTER),
            path,
            export_program,
            self.tr("Can't export the program"),
        )

    def _export_file(self, title: str, filters: str, path, export, failure: str) -> None:
        graph = None if self.busy() else self._exportable()
        if graph is None:
            return
        if path is None:
            path = self._ask_save_path(title, filters)
            if path is None:
                return
        path = Path(path)
        weights = self._weights_for(graph)
        if weights is False:
            return
        self._run(
            self.tr("{title}: writing {file}…").format(title=title, file=path.name),
            lambda: export(graph, path, weights, 0),
            lambda written: self._exported(
                Path(written).parent, self.tr("Wrote {files}").format(files=Path(written).name)
            ),
            failure,
        )

    def _ask_save_path(self, title: str, filters: str) -> Path | None:
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.document.display_name())
        suffix = filters.split("(*", 1)[1].split(")", 1)[0].split()[0]
        start = Path(settings.last_folder()) / f"{name or 'network'}{suffix}"
        chosen, selected = QFileDialog.getSaveFileName(self.window, title, str(start), filters)
        if not chosen:
            return None
        path = Path(chosen)
        if not path.suffix:
            shown = {translate("ExportActions", f): s for f, s in WEIGHTS_FILTERS.items()}
            path = path.with_suffix(shown.get(selected, suffix))
        return path

    def _exported(self, folder: Path, what: str) -> None:
        settings.set_last_folder(folder)
        text = self.tr("{what} to {folder}.").format(what=what, folder=folder)
        self.window.show_message(text)
        if self.message_box is not None:
            self.message_box.close()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Exported"), text)
        box.setParent(self.window, box.windowFlags())
        show = box.addButton(self.tr("Show Folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        show.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        box.setModal(False)
        box.show()
        self.message_box = box

    # ----------------------------------------------------------------- importing
    def import_model(self, path: str | Path | None = None) -> None:
        """Pick a ``.py`` (and the class in it) or ``.pt2`` file; confirm; import it."""
        if self.busy():
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.window,
                self.tr("Import PyTorch Model"),
                settings.last_folder(),
                translate("ExportActions", IMPORT_FILTER),
            )
            if not path:
                return
        path = Path(path)
        name = shape = None
        if path.suffix == ".py":
            choice = self._choose_in_file(path)
            if choice is None:
                return
            name, shape = choice
        elif path.suffix != ".pt2":
            show_error(
                self.window,
                self.tr("Can't import the model"),
                self.tr("{path}: not a .py or .pt2 file").format(path=path),
            )
            return
        if not self.ask_trust(self.window, path) or not self.window.files.maybe_save():
            return
        self._run(
            self.tr("Importing {file}…").format(file=path.name),
            lambda: _import_work(path, name, shape),
            lambda value: self._imported(path, *value),
            self.tr("Can't import the model"),
        )

    def _choose_in_file(self, path: Path):
        try:
            candidates, found_shape = scan_candidates(path)
        except ValueError as exc:
            show_error(self.window, self.tr("Can't import the model"), str(exc))
            return None
        if not candidates:
            show_error(
                self.window,
                self.tr("Can't import the model"),
                self.tr(
                    "{file} defines no nn.Module class or factory function "
                    "that can be built without arguments."
                ).format(file=path.name),
            )
            return None
        return self.ask_import_options(self.window, path, candidates, found_shape or DEFAULT_SHAPE)

    def _imported(self, path: Path, result, compiled) -> None:
        if result.unmapped and not self.ask_open_partial(self.window, result.gap_lines()):
            return
        spread_out(result.graph)
        self.window.files.open_graph(result.graph, ask=False)
        self.imported_graph = result.graph.copy()
        self.imported_state_dict = result.state_dict
        settings.set_last_folder(path.parent)
        training = self.training
        if training is not None:  # a run may start from these weights (fine-tuning)
            training.adopt_imported(result.state_dict)
        text = self.tr("Imported {name} ({blocks} blocks, weights kept for export){match}.")
        if compiled is not None and training is not None:
            training.adopt_model(result.graph.copy(), compiled, result.state_dict)
            text = self.tr("Imported {name} ({blocks} blocks, weights loaded){match}.")
        blocks = len(result.graph.nodes)
        match = ""
        if result.max_difference is not None and not result.unmapped:
            match = self.tr("; outputs match within {difference}").format(
                difference=f"{result.max_difference:.1e}"
            )
        self.window.show_message(
            text.format(name=result.graph.name or path.stem, blocks=blocks, match=match)
        )
        if result.unmapped or result.notes:
            if self.report_dialog is not None:
                self.report_dialog.close()
            self.report_dialog = import_report(self.window, result.unmapped, result.notes)


def _import_work(path: Path, name, shape):
    """In the worker: import (runs the file's code), then build the model with its weights."""
    from engine.analysis import analyse
    from engine.compiler import compile_model
    from engine.importer import ImportFailed, import_module

    try:
        result = import_module(path, name, shape, trust=True)
    except ImportFailed as exc:
        return _Outcome(error=exc)
    compiled = None
    if analyse(result.graph).ok:
        try:
            compiled = compile_model(result.graph.copy())
            compiled.module.load_state_dict(result.state_dict, strict=True)
            compiled.module.eval()
        except Exception:  # the graph still opens; its weights stay on the controller
            log.exception("loading the imported weights into the compiled graph failed")
            compiled = None
    return result, compiled
