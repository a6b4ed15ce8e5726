"""File → Export and Import in the window, and the Code dock.

:class:`ExportController` carries out the Export submenu's actions (PyTorch code,
weights, ONNX, ``torch.export`` program) and "Import PyTorch Model…" (its import half
is :class:`app.import_actions.ImportActions`); :func:`app.export_menu.install_export`
adds them and the "Code" dock to the window.

Exports run in a worker thread on a copy of the graph (ONNX and programs take
seconds) and never touch the document; the folder for PyTorch code may be a new one
(:mod:`app.export_folder`), and files of an earlier export in it are replaced only
after the user agreed. Every error is one clear message, never a traceback
(:mod:`app.export_jobs`).
"""

from __future__ import annotations

import logging
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
from app.export_jobs import capture, failure_text, problems_text, sentence
from app.files import show_error
from app.import_actions import ImportActions
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
from app.training_jobs import Job, start_job
from engine.export import (
    FOLDER_FILES,
    ExportError,
    files_to_replace,
    generate_code,
    named_after_file,
)
from engine.graph import Graph

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: File dialog filters (translated where they are shown).
WEIGHTS_FILTERS = {
    QT_TRANSLATE_NOOP("ExportActions", "PyTorch weights (*.pt)"): ".pt",
    QT_TRANSLATE_NOOP("ExportActions", "safetensors (*.safetensors)"): ".safetensors",
}
ONNX_FILTER = QT_TRANSLATE_NOOP("ExportActions", "ONNX models (*.onnx)")
PROGRAM_FILTER = QT_TRANSLATE_NOOP("ExportActions", "torch.export programs (*.pt2)")
#: How long closing the window waits for an export or import to end.
JOIN_MS = 60_000


def same_network(a: Graph | None, b: Graph | None) -> bool:
    """Same blocks, parameters and connections (positions and labels aside)."""
    if a is None or b is None:
        return False
    nodes = [(n.id, n.type, n.params) for n in a.nodes.values()]
    return nodes == [(n.id, n.type, n.params) for n in b.nodes.values()] and a.edges == b.edges


# --------------------------------------------------------------------------- controller


class ExportController(ImportActions, QObject):
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
        self._job, self._done = Job("export", capture(work)), (done, failure)
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
