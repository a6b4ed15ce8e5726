"""File → Import PyTorch Model: the import half of :class:`app.export_actions.ExportController`.

An import first scans the ``.py`` file with :mod:`ast` (nothing runs) for module
classes and factory functions, asks which one and the input shape, then asks the user
to confirm that the file's code may run; only then does a worker call
:func:`engine.importer.import_module` with ``trust=True``. The texts keep the
controller's translation context ("ExportController").
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QFileDialog

from app import settings
from app.export_jobs import Outcome
from app.files import show_error
from app.import_dialogs import import_report, scan_candidates
from app.placing import spread_out

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

DEFAULT_SHAPE = (3, 32, 32)
IMPORT_FILTER = QT_TRANSLATE_NOOP(
    "ExportActions",
    "PyTorch models (*.py *.pt2);;Python files (*.py);;torch.export programs (*.pt2)",
)


class ImportActions:
    """The import actions of the export controller (a mixin: it uses the controller's
    ``window``, ``training``, ``busy()``, ``_run()`` and ``ask_*`` answers)."""

    def import_model(self, path: str | Path | None = None) -> None:
        """Pick a ``.py`` (and the class in it) or ``.pt2`` file; confirm; import it."""
        if self.busy():
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.window,
                translate("ExportController", "Import PyTorch Model"),
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
                translate("ExportController", "Can't import the model"),
                translate("ExportController", "{path}: not a .py or .pt2 file").format(path=path),
            )
            return
        if not self.ask_trust(self.window, path) or not self.window.files.maybe_save():
            return
        self._run(
            translate("ExportController", "Importing {file}…").format(file=path.name),
            lambda: import_work(path, name, shape),
            lambda value: self._imported(path, *value),
            translate("ExportController", "Can't import the model"),
        )

    def _choose_in_file(self, path: Path):
        try:
            candidates, found_shape = scan_candidates(path)
        except ValueError as exc:
            show_error(
                self.window, translate("ExportController", "Can't import the model"), str(exc)
            )
            return None
        if not candidates:
            show_error(
                self.window,
                translate("ExportController", "Can't import the model"),
                translate(
                    "ExportController",
                    "{file} defines no nn.Module class or factory function "
                    "that can be built without arguments.",
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
        text = translate(
            "ExportController", "Imported {name} ({blocks} blocks, weights kept for export){match}."
        )
        if compiled is not None and training is not None:
            training.adopt_model(result.graph.copy(), compiled, result.state_dict)
            text = translate(
                "ExportController", "Imported {name} ({blocks} blocks, weights loaded){match}."
            )
        blocks = len(result.graph.nodes)
        match = ""
        if result.max_difference is not None and not result.unmapped:
            match = translate("ExportController", "; outputs match within {difference}").format(
                difference=f"{result.max_difference:.1e}"
            )
        self.window.show_message(
            text.format(name=result.graph.name or path.stem, blocks=blocks, match=match)
        )
        if result.unmapped or result.notes:
            if self.report_dialog is not None:
                self.report_dialog.close()
            self.report_dialog = import_report(self.window, result.unmapped, result.notes)


def import_work(path: Path, name, shape):
    """In the worker: import (runs the file's code), then build the model with its weights."""
    from engine.analysis import analyse
    from engine.compiler import compile_model
    from engine.importer import ImportFailed, import_module

    try:
        result = import_module(path, name, shape, trust=True)
    except ImportFailed as exc:
        return Outcome(error=exc)
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
