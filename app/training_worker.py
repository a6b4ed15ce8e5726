"""The training run in the worker thread: compile, record, train, keep the weights.

:class:`RunWorker` runs in the controller's QThread. It drives the trainer in a child
process (:class:`engine.training.remote.ProcessTrainer`; in this process when no child
can start), records the run and its epochs in the run history and hands back a
:class:`TrainOutcome`. The GUI thread reaches the running trainer through
:meth:`RunWorker.trainer` (to stop, pause or probe it).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


@dataclass
class RunStart:
    """Where a run starts, when not from fresh weights: ``weights()`` gives starting
    weights (called in the worker: a checkpoint may take a while to read); ``resume`` is
    the ``last.pt`` of a stopped run to continue exactly where it stopped."""

    weights: Callable[[], dict] | None = None
    resume: Path | None = None


def load_resume(path: Path) -> dict:
    """A stopped run's ``last.pt``, with what continuing needs; ValueError says why not."""
    from engine.training.artifacts import load_checkpoint

    checkpoint = load_checkpoint(path)
    if "resume" not in checkpoint:
        raise ValueError(
            translate(
                "TrainingViews", "{path} can't be continued (saved before Convas could continue)"
            ).format(path=path)
        )
    return checkpoint


@dataclass
class TrainOutcome:
    """What the training worker hands back."""

    run_id: int
    result: object  # engine.training.FinishedEvent
    snapshot: object  # the Graph that was trained
    compiled: object  # engine.compiler.CompiledModel, its module on the CPU
    state_dict: dict


class RunWorker:
    """One window's training runs, as seen from the worker thread.

    ``store`` is the run history, ``buffer`` the :class:`app.training_jobs.EventBuffer`
    the GUI drains, ``cancel`` is set when the user pressed Stop, and ``probe()`` gives
    the (node id, sample index) the feature-map viewer wants.
    """

    def __init__(self, store, buffer, cancel: threading.Event, probe: Callable[[], tuple]):
        self.store, self.buffer, self.cancel, self.probe = store, buffer, cancel, probe
        self._lock = threading.Lock()
        self._trainer = None

    def trainer(self):
        """The running trainer, or None."""
        with self._lock:
            return self._trainer

    def run(self, snapshot, analysis, bundle, config, name, start=None) -> TrainOutcome:
        """In the worker thread: compile, record the run, train (in a child process),
        keep the weights. ``start`` (a :class:`RunStart`) gives starting weights or a
        stopped run to continue; a continued run's record begins with its earlier epochs."""
        from engine.compiler import compile_model
        from engine.fileformat import dumps
        from engine.training import NoticeEvent, Trainer
        from engine.training.remote import ProcessStartError, ProcessTrainer

        start = start or RunStart()
        initial = start.weights() if start.weights is not None else None
        resume = load_resume(start.resume) if start.resume is not None else None
        compiled = compile_model(snapshot, analysis)
        store, buffer = self.store, self.buffer
        run_id = store.create(dumps(snapshot), config.to_dict(), name)
        for epoch in (resume or {}).get("resume", {}).get("history", []):
            store.add_epoch(run_id, dict(epoch))

        def on_event(event) -> None:
            if type(event).__name__ == "EpochEvent":
                store.add_epoch(run_id, dataclasses.asdict(event))
            buffer.put(event)

        args = (compiled, bundle, config, on_event)
        options = dict(
            checkpoint_dir=store.checkpoint_dir(run_id),
            leave_one_core=True,
            graph=snapshot,
            initial_state=initial,
            resume=resume,
        )
        try:
            try:
                result = self._drive(ProcessTrainer(*args, **options))
            except ProcessStartError as exc:  # e.g. no shared memory: train here instead
                log.warning("training in the window's process: %s", exc)
                buffer.put(NoticeEvent(f"{exc}; training in the window's own process"))
                result = self._drive(Trainer(*args, **options))
        except BaseException:
            store.finish(run_id, "failed", {})
            raise
        store.finish(run_id, result.status, result.metrics)
        module = compiled.module.to("cpu").eval()
        state = {k: v.detach().clone() for k, v in module.state_dict().items()}
        return TrainOutcome(run_id, result, snapshot, compiled, state)

    def _drive(self, trainer):
        """Run ``trainer`` (a ProcessTrainer or a Trainer) with the probe and any Stop
        the user asked for meanwhile; it is :meth:`trainer` while it runs."""
        with self._lock:
            self._trainer = trainer
        try:
            node_id, index = self.probe()  # set by the GUI thread (atomic read)
            if node_id is not None:
                trainer.set_probe(node_id, index)
            if self.cancel.is_set():
                trainer.stop()
            return trainer.run()
        finally:
            with self._lock:
                self._trainer = None
