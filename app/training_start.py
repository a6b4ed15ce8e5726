"""Fine-tuning in the training controller: where a run's weights start, and the offer of a
new head when the data have another number of classes.

:class:`StartingSources` keeps the weights a run can start from besides fresh ones (the
imported weights of the open document, and the past runs with saved weights), fills the
panel's choice with them and turns the choice into a loader the worker calls.
:func:`update_head_notice` shows the panel's one-click "Replace Head" notice when the
chosen dataset's class count differs from the network's output.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from widgets.training_start import IMPORTED, RUN, PastRun, Start

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: The run history can be long: the newest runs with weights are offered.
MAX_RUNS = 40


class StartingSources:
    """The weights of one window that a run can start from (besides fresh ones)."""

    def __init__(self, panel, store: Callable):
        self.panel, self._store = panel, store
        self.imported: dict | None = None  # state dict the open network was imported with
        panel.starting.sourcesWanted.connect(self.refresh)

    def set_imported(self, state_dict: dict | None) -> None:
        """The open document's imported weights (None: it has none, e.g. another opened)."""
        self.imported = state_dict
        self.refresh()

    def refresh(self) -> None:
        """Re-read the runs with saved weights into the panel's choice."""
        self.panel.starting.set_sources(past_runs(self._store()), self.imported is not None)

    def loader(self, start: Start) -> Callable[[], dict] | None:
        """A function giving the starting state dict (called in the worker), or None for
        fresh weights."""
        if start.kind == IMPORTED and self.imported is not None:
            state = self.imported
            return lambda: state
        if start.kind == RUN and start.run is not None:
            return run_weights(self._store(), start.run.id)
        return None


def past_runs(store) -> list[PastRun]:
    """The runs of ``store`` that left weights, newest first (at most :data:`MAX_RUNS`)."""
    from app.reopen import find_checkpoint

    try:
        records = store.list_runs()
    except Exception:  # noqa: BLE001 - a broken history offers no runs; training goes on
        log.exception("could not list the runs")
        return []
    runs = []
    for record in records:
        if record.status == "running" or find_checkpoint(store.checkpoint_dir(record.id)) is None:
            continue
        runs.append(PastRun(record.id, record.created, caption(record)))
        if len(runs) == MAX_RUNS:
            break
    return runs


def caption(record) -> str:
    """``Run #12 · lenet5 · digits · 98.1 %``."""
    accuracy = record.best_val_accuracy
    shown = "—" if accuracy is None else f"{100 * accuracy:.1f} %"
    return translate("TrainingViews", "Run #{run} · {name} · {accuracy}").format(
        run=record.id, name=record.name or "—", accuracy=shown
    )


def run_weights(store, run_id: int) -> Callable[[], dict]:
    """A loader of run ``run_id``'s trained weights (its best checkpoint, else its last)."""
    from app.reopen import find_checkpoint

    folder = store.checkpoint_dir(run_id)

    def load() -> dict:
        from engine.training.artifacts import load_checkpoint

        path = find_checkpoint(folder)
        if path is None:
            raise ValueError(
                translate("TrainingViews", "run #{run} has no saved weights any more").format(
                    run=run_id
                )
            )
        return load_checkpoint(path)["state_dict"]

    return load


def update_head_notice(panel, document, classes: tuple[str, str, int] | None) -> None:
    """Offer a new head when the chosen data's class count differs from the output.

    ``classes`` is (dataset source, its name, its class count) of the data loaded last.
    """
    from engine.training.head import HeadError, plan_head

    notice = panel.head_notice
    analysis = document.analysis
    out = analysis.output_shape
    if classes is None or panel.dataset_source() != classes[0] or out is None or len(out) != 1:
        notice.hide()
        return
    _source, name, count = classes
    if out[0] == count:
        notice.hide()
        return
    try:
        plan_head(document.graph, count)
        replaceable = True
    except HeadError:
        replaceable = False
    notice.offer(name, count, out[0], replaceable)
