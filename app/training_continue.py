"""Continue after Stop: a stopped run carries on from its ``last.pt`` exactly where it
stopped, with the network and data it had, and its curves go on instead of restarting.

:func:`continuation` says whether a run can be continued (it stopped and left a
``last.pt``); :func:`continue_run` is the Run menu's and the panel's Continue. When the
network has changed since the run stopped, the run can't continue as it was: the user
is told so and offered a fresh run, or one that starts from the stopped run's weights.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from app.memory_guard import confirm_training
from app.training_worker import RunStart
from widgets.common import ask
from widgets.training_panel import LOADING

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
FRESH_RUN, FROM_WEIGHTS = "fresh", "from-weights"


@dataclass(frozen=True)
class Continuation:
    """A stopped run that can continue: where its ``last.pt`` is, how far it got."""

    run_id: int
    last: Path
    done: int  # epochs finished before it stopped
    epochs: int

    def tip(self) -> str:
        return translate(
            "TrainingViews",
            "Continue run #{run} where it stopped, after {done} of {epochs} epochs (Ctrl+F5)",
        ).format(run=self.run_id, done=self.done, epochs=self.epochs)


def continuation(store, run_id: int | None, status: str | None) -> Continuation | None:
    """Run ``run_id`` as a :class:`Continuation` when it stopped and left a ``last.pt``."""
    from engine.training.artifacts import LAST

    if run_id is None or status != "stopped":
        return None
    try:
        last = store.checkpoint_dir(run_id) / LAST
        epochs = int(store.config(run_id).get("epochs", 0))
        done = len(store.epochs(run_id))
    except (KeyError, ValueError, TypeError, OSError):
        return None
    return Continuation(run_id, last, done, epochs) if last.is_file() else None


def same_training(a, b) -> bool:
    """Whether graphs ``a`` and ``b`` train the same: blocks, parameters, frozen blocks
    and connections (positions and labels aside)."""

    def key(graph):
        nodes = [(n.id, n.type, n.params, n.trainable) for n in graph.nodes.values()]
        return nodes, list(graph.edges)

    return key(a) == key(b)


def continue_run(ctl) -> None:
    """Carry on ``ctl.continuation`` with its own network, settings and data."""
    from engine.analysis import analyse
    from engine.fileformat import FormatError, loads
    from engine.training.config import TrainConfig

    c = ctl.continuation
    if c is None or ctl.busy():
        return
    try:
        snapshot = loads(ctl.store.graph_json(c.run_id))
        config = TrainConfig.from_dict(ctl.store.config(c.run_id))
    except (FormatError, KeyError, ValueError) as exc:
        ctl.show_error(translate("TrainingViews", "Can't continue the run"), str(exc))
        return
    if not same_training(snapshot, ctl.document.graph):
        _changed(ctl, c)
        return
    analysis = analyse(snapshot)
    if not analysis.ok or not confirm_training(ctl.dialog_parent, snapshot, analysis, config):
        return
    ctl.panel.set_config(config, ctl.panel.dataset_kind())
    key = ctl._data_key(config, tuple(analysis.nodes[analysis.input_id].shape))
    start = RunStart(resume=c.last)

    def begin(bundle) -> None:
        ctl._begin_run(snapshot, analysis, bundle, config, start, continues=c.run_id)

    ctl._set_state(LOADING)
    ctl.panel.set_status(translate("TrainingViews", "Loading the data…"))
    if key == ctl._cache_key:
        begin(ctl._cache)
    else:
        ctl._load(config, key, then=begin)


def _changed(ctl, c: Continuation) -> None:
    """The network changed since the run stopped: say so, offer a fresh start."""
    answer = ctl.ask_changed(ctl.dialog_parent, c.run_id)
    if answer == FROM_WEIGHTS:
        record = next((r for r in ctl.store.list_runs() if r.id == c.run_id), None)
        if record is not None:
            ctl.starting.refresh()
            ctl.panel.starting.set_start(
                {"kind": "run", "run": c.run_id, "created": record.created}
            )
    if answer in (FRESH_RUN, FROM_WEIGHTS):
        ctl.train()


def ask_changed(parent, run_id: int) -> str | None:
    """FRESH_RUN, FROM_WEIGHTS or None (cancel)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(translate("TrainingViews", "The network has changed"))
    box.setText(
        translate(
            "TrainingViews",
            "The network has changed since run #{run} stopped, so that run can't continue "
            "where it was. Train the network as it is now instead?",
        ).format(run=run_id)
    )
    box.setInformativeText(
        translate(
            "TrainingViews",
            "Starting from the run's weights keeps what it learned in the layers that "
            "didn't change.",
        )
    )
    weights = box.addButton(
        translate("TrainingViews", "Train From Its Weights"), QMessageBox.ButtonRole.AcceptRole
    )
    fresh = box.addButton(
        translate("TrainingViews", "Train Fresh"), QMessageBox.ButtonRole.ActionRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(weights)
    return ask(box, {weights: FROM_WEIGHTS, fresh: FRESH_RUN})
