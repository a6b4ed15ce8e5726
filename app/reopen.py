"""Reopening a past run: its network, its curves and its trained weights.

:func:`load_run` reads what the run history keeps of a run (no Qt, no document): the
network it trained, the per-epoch metrics, and the model with the best (else last)
checkpoint's weights when they load. Opening the network as the document is the file
controller's job (:meth:`app.files.FileController.open_graph`); :func:`reopen` does it
for the training controller, :func:`show_curves` and :func:`status_text` say what was
opened.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


@dataclass
class ReopenedRun:
    """What a run left: ``compiled`` and ``state_dict`` are None without usable weights
    (``weights_error`` says why when a checkpoint did not load)."""

    run_id: int
    graph: object  # engine.graph.Graph
    epochs: list[dict] = field(default_factory=list)
    checkpoint: Path | None = None
    compiled: object = None  # engine.compiler.CompiledModel
    state_dict: dict | None = None
    weights_error: str = ""


def find_checkpoint(folder: Path) -> Path | None:
    """The run's best checkpoint, else its last one, else None."""
    from engine.training.artifacts import BEST, LAST

    for name in (BEST, LAST):
        if (folder / name).is_file():
            return folder / name
    return None


def load_run(store, run_id: int) -> ReopenedRun:
    """Run ``run_id`` from ``store`` (an :class:`engine.runs.RunStore`).

    Raises ``FormatError``, ``KeyError`` or ``ValueError`` when its network can't be read;
    weights that don't load are reported in :attr:`ReopenedRun.weights_error`.
    """
    from engine.fileformat import loads

    graph = loads(store.graph_json(run_id))
    run = ReopenedRun(run_id, graph, list(store.epochs(run_id)))
    run.checkpoint = find_checkpoint(store.checkpoint_dir(run_id))
    if run.checkpoint is not None:
        _load_weights(run)
    return run


def _load_weights(run: ReopenedRun) -> None:
    from engine.compiler import compile_model
    from engine.training.artifacts import load_checkpoint

    try:
        compiled = compile_model(run.graph.copy())
        state = load_checkpoint(run.checkpoint)["state_dict"]
        compiled.module.load_state_dict(state)
        compiled.module.eval()
    except Exception as exc:  # weights from another version of the network, a bad file…
        log.exception("loading run weights failed")
        run.weights_error = str(exc) or type(exc).__name__
        return
    run.compiled, run.state_dict = compiled, state


def show_curves(epochs: list[dict], plots, clear: bool = True) -> None:
    """A run's per-epoch curves in ``plots`` (a :class:`widgets.plots.TrainingPlots`);
    ``clear`` False adds them to what is there (a continued run's earlier epochs)."""
    if clear:
        plots.clear()
    for e in epochs:
        plots.add_epoch(
            e["epoch"], e["train_loss"], e["val_loss"], e["train_accuracy"], e["val_accuracy"]
        )
    plots.refresh()


def reopen(ctl, run_id: int) -> bool:
    """Open run ``run_id``'s network as a new document, with its curves and weights, for
    the training controller ``ctl``; a stopped run can then be continued."""
    from engine.fileformat import FormatError

    if ctl.busy():
        ctl.panel.set_status(
            translate("TrainingViews", "Stop the current run before reopening another."),
            "warning",
        )
        return False
    try:
        run = load_run(ctl.store, run_id)
    except (FormatError, KeyError, ValueError) as exc:
        ctl.show_error(translate("TrainingViews", "Can't reopen the run"), str(exc))
        return False
    if not ctl.files.open_graph(run.graph):
        return False
    show_curves(run.epochs, ctl.plots)
    ctl.plotted_run = run_id
    if run.compiled is not None:
        ctl.adopt_model(run.graph.copy(), run.compiled, run.state_dict)
    ctl.panel.set_status(*status_text(run))
    status = next((r.status for r in ctl.store.list_runs() if r.id == run_id), None)
    ctl.set_continuation(run_id, status)
    return True


def status_text(run: ReopenedRun) -> tuple[str, str]:
    """(text, level) for the training panel's status line after reopening ``run``."""
    if run.compiled is not None:
        text = translate("TrainingViews", "Opened run #{run} with its trained weights ({file}).")
        level = "success"
    elif run.weights_error:
        text = translate(
            "TrainingViews", "Opened run #{run}'s network; its weights didn't load: {error}"
        )
        level = "warning"
    else:
        text = translate("TrainingViews", "Opened run #{run}'s network (no saved weights).")
        level = "info"
    file = run.checkpoint.name if run.checkpoint else ""
    return text.format(run=run.run_id, file=file, error=run.weights_error), level
