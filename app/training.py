"""Training in the window: the controller between the document, the trainer and the views.

The trainer runs in a child process (:class:`engine.training.remote.ProcessTrainer`)
on a snapshot of the graph (never the live document), so the window's event loop never
takes the interpreter's lock from it; a QThread here starts it and relays its events
into an :class:`~app.training_jobs.EventBuffer`. A GUI timer drains the buffer ten
times a second and updates the plots, the progress and the feature maps from the
latest points, so a fast trainer never floods the event loop with redraws. Data
loading and downloads run in a QThread, one job at a time.

:func:`install_training` fills the training docks, adds Train (F5) and Stop (Shift+F5)
to the Run menu and wires the controller into a main window (:mod:`app.training_menu`).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.commands import SetTraining
from app.memory_guard import confirm_training
from app.probes import ProbeFeeder
from app.reopen import reopen, show_curves
from app.training_continue import ask_changed, continuation, continue_run
from app.training_data import LOAD, DataJobs
from app.training_jobs import AS_IS, FIX, EventBuffer, Job, ask_fit_fix, push_fit_fixes, start_job
from app.training_monitor import RunMonitor
from app.training_report import report_result, show_message_box, show_problems
from app.training_start import StartingSources, update_head_notice
from app.training_worker import RunStart, RunWorker, TrainOutcome
from engine.analysis import analyse
from engine.graph import RESET, TRAINING_CHANGED
from widgets.training_panel import IDLE, LOADING, PAUSED, STOPPING, TRAINING

log = logging.getLogger(__name__)

#: How often the GUI pulls buffered events while a job runs (10 Hz: the plots and maps
#: redraw more slowly still).
PUMP_MS = 100
#: How long closing the window waits for the worker to stop.
JOIN_MS = 10_000
TRAIN = "train"


class TrainingController(DataJobs, QObject):
    """Starts, watches and stops training runs for one document.

    Kept after a run (for the feature-map viewer and export): :attr:`snapshot` (the
    graph trained), :attr:`compiled` (its CompiledModel, on the CPU, with the trained
    weights), :attr:`state_dict` and :attr:`bundle` (the data).

    Signals
    -------
    stateChanged(str)
        idle, loading, training, paused or stopping.
    runFinished(object)
        The run's FinishedEvent, or None when it failed with an exception.
    continuableChanged(bool)
        Whether a stopped run can be continued (Run → Continue).
    modelChanged()
        The trained model the viewers show changed: a run ended, a past run or an
        imported network was adopted, or another network was opened and the last run's
        model, data and curves were forgotten (:meth:`forget_model`). Every panel that
        shows a trained model's results (Try It, feature maps, kernels, evaluation,
        explainer, lessons) follows this one signal.
    """

    stateChanged = Signal(str)
    runFinished = Signal(object)
    continuableChanged = Signal(bool)
    modelChanged = Signal()

    def __init__(
        self,
        document,
        panel,
        plots,
        feature_maps,
        data_preview,
        runs_panel,
        parent: QWidget | None = None,
        files=None,
        receptive=None,
    ):
        """``files`` (the window's :class:`app.files.FileController`) opens a reopened
        run's network; ``receptive(analysis)`` gives the receptive fields the window keeps."""
        super().__init__(parent)
        self.document, self.panel, self.plots = document, panel, plots
        self.data_preview, self.runs_panel = data_preview, runs_panel
        self.probes = ProbeFeeder(self, feature_maps, receptive)
        self.dialog_parent = parent
        self.files = files
        self.ask_fit_fix = ask_fit_fix  # replaceable (tests answer for the user)
        self.ask_changed = ask_changed
        self.new_head = None  # makes the Replace Head edit (the window's, placed on its canvas)
        self.state = IDLE
        self._problems_shown = False  # the status line says the network has problems
        self._config_warned = False  # ... or why the panel's settings can't be used
        self.snapshot = self.compiled = self.state_dict = self.bundle = None
        self.live_snapshot = None  # the graph being trained right now
        self.last_result = self.last_run_id = None
        self.continuation = None  # the stopped run Continue carries on
        self._openings = self._run_opening = 0  # documents opened: now, when the run began
        self.plotted_run = None  # the run whose curves the plots show
        self._classes = None  # (dataset, its name, class count) of the data loaded last
        self.error_box: QMessageBox | None = None
        self._store = None
        self._buffer = EventBuffer()
        self._cancel = threading.Event()
        self._worker = RunWorker(self.store, self._buffer, self._cancel, self._probe_request)
        self._thread = self._job = self._job_done = None
        self._train_requested = False
        self._cache_key = self._cache = None
        self.monitor = RunMonitor(self._buffer, panel, plots, data_preview, self.probes)
        self.starting = StartingSources(panel, lambda: self.store)
        self._timer = QTimer(self, interval=PUMP_MS)
        self._timer.timeout.connect(self.monitor.pump)
        self._preview_timer = QTimer(self, singleShot=True, interval=300)
        self._preview_timer.timeout.connect(self.preview_data)
        self._connect()
        self._load_settings(document.graph.training)
        self.runs_panel.set_store(self.store)
        self.starting.refresh()

    def _connect(self) -> None:
        p = self.panel
        p.trainRequested.connect(self.train)
        p.stopRequested.connect(self.stop)
        p.pauseRequested.connect(self.pause)
        p.resumeRequested.connect(self.resume)
        p.continueRequested.connect(self.continue_run)
        p.downloadRequested.connect(self.download)
        p.datasetChanged.connect(self._preview_timer.start)
        p.datasetChanged.connect(self._dataset_changed)
        self.runs_panel.reopenRequested.connect(self.reopen_run)
        self.document.graph.subscribe(self._on_graph_event)
        self.document.analysisChanged.connect(self._on_analysis)

    # ----------------------------------------------------------------- state
    @property
    def store(self):
        """The run history (opened on first use, in the user data folder)."""
        if self._store is None:
            from app.run_history import announce
            from engine.runs import RunStore

            self._store = RunStore()
            announce(self, self._store)  # a damaged history was set aside: say so
        return self._store

    def busy(self) -> bool:
        """A job (loading, training, downloading) is running."""
        return self._thread is not None

    def training(self) -> bool:
        return self._job is not None and self._job.name == TRAIN

    def trainer(self):
        """The running Trainer, or None."""
        return self._worker.trainer()

    def _set_state(self, state: str) -> None:
        self.state = state
        self.panel.set_state(state)
        self.stateChanged.emit(state)

    def _probe_request(self) -> tuple:
        return self.probes.current

    def set_selection(self, ids: list) -> None:
        """The canvas selection changed (connect ``CanvasView.selectionChanged`` here)."""
        self.probes.select(list(ids))

    def has_model(self) -> bool:
        """A trained model (of the open network) is there for the viewers."""
        return self.compiled is not None

    def adopt_model(self, snapshot, compiled, state_dict) -> None:
        """Use a trained model (a reopened run's) for the viewers."""
        self.snapshot, self.compiled, self.state_dict = snapshot, compiled, state_dict
        self.bundle = None
        self.preview_data()
        self.modelChanged.emit()

    def forget_model(self) -> None:
        """Another network was opened: the last run's model, data, curves and lines were
        about the old one. The panels hear it through :attr:`modelChanged` and show the
        new network's state ("train the network to …"), never the old run's pictures."""
        self.snapshot = self.compiled = self.state_dict = self.bundle = None
        self.last_result = self.plotted_run = None
        self.plots.clear()
        self.probes.forget()
        self.modelChanged.emit()

    # ----------------------------------------------------------------- settings
    def _load_settings(self, training: dict | None) -> None:
        from engine.training.config import TrainConfig

        try:
            config = TrainConfig.from_dict(training or {})
        except ValueError as exc:
            log.warning("ignoring the project's training settings: %s", exc)
            config = TrainConfig()
        self.panel.set_config(config, (training or {}).get("dataset_kind"))
        self.panel.starting.set_start((training or {}).get("start"))
        try:
            self._shown_settings = self._settings_of(self.panel.config())
        except ValueError:  # no folder chosen yet: nothing to compare with
            self._shown_settings = None

    def _settings_of(self, config) -> dict:
        start = self.panel.starting.start().to_dict()
        return dict(config.to_dict(), dataset_kind=self.panel.dataset_kind(), start=start)

    def _store_settings(self, config) -> None:
        """Write the panel's settings into the project (an undoable edit) when the user
        changed them: Train with the settings as they were shown is no edit."""
        settings = self._settings_of(config)
        if settings not in (self.document.graph.training, self._shown_settings):
            self.document.push(SetTraining(self.document.graph, settings))

    def _on_graph_event(self, event) -> None:
        """A new document, or undo/redo of the training settings: the panel shows them."""
        if event.kind == RESET:
            self.starting.set_imported(None)  # imported weights belong to the document
            self._openings += 1
            if self.state == IDLE:  # a running run's model is forgotten when it ends
                self.panel.set_status("")
                self.panel.set_data_storage("")
                self.panel.set_progress(0.0, "")
                self.forget_model()
        if event.kind not in (RESET, TRAINING_CHANGED) or self.state != IDLE:
            return
        training = self.document.graph.training
        if event.kind == RESET or (training is not None and not self.busy()):
            self._load_settings(training)

    def _on_analysis(self, *_args) -> None:
        """The network was fixed: the red "has problems" line goes; the head notice
        follows the network's output and the chosen data."""
        update_head_notice(self.panel, self.document, self._classes)
        analysis = self.document.analysis
        if self._problems_shown and analysis.ok and self.state == IDLE:
            self._problems_shown = False
            self.panel.set_status(self.tr("The network is ready to train."), "success")

    def _dataset_changed(self) -> None:
        """Another dataset: the last run's storage line and the head notice wait for it."""
        self.panel.set_data_storage("")
        update_head_notice(self.panel, self.document, self._classes)

    def _show_problems(self, problems) -> None:
        show_problems(self, problems)
        self._problems_shown = True

    # ----------------------------------------------------------------- jobs
    def _run_job(self, name: str, work, done) -> None:
        self._cancel.clear()
        if name != TRAIN:
            self.monitor.start(None)
        self._job, self._job_done = Job(name, work), done
        self._thread = start_job(self._job, self._on_thread_finished)
        self._timer.start()

    def _on_thread_finished(self) -> None:
        thread, job, done = self._thread, self._job, self._job_done
        if thread is None:
            return  # already handled: shutdown() joined it
        thread.wait()
        self._thread = self._job = self._job_done = None
        self._timer.stop()
        self.monitor.flush()
        job.deleteLater()
        thread.deleteLater()
        done(job)
        if self._train_requested and not self.busy():
            self._train_requested = False
            self.train()

    # ----------------------------------------------------------------- training
    def train(self) -> None:
        """Check the network, load the data, check they fit, then train in the background."""
        if self.busy():
            if self._job.name == LOAD and self.state == IDLE:
                self._train_requested = True  # a preview is loading: train when it is done
                self._set_state(LOADING)
            return
        analysis = self.document.analysis
        if not analysis.ok:
            self._show_problems(analysis.problems)
            return
        config = self._panel_config()
        if config is None:
            return
        if not confirm_training(self.dialog_parent, self.document.graph, analysis, config):
            return
        self._store_settings(config)
        key = self._data_key(config, self._input_shape())
        self._set_state(LOADING)
        self.panel.set_status(self.tr("Loading the data…"))
        if key == self._cache_key:
            self._check_fit(config, self._cache)
        else:
            self._load(config, key, then=lambda bundle: self._check_fit(config, bundle))

    def _panel_config(self):
        """The panel's settings, or None (with the reason in the status line)."""
        try:
            config = self.panel.config()
        except ValueError as exc:
            text = (
                self.tr("Choose the dataset's folder first.") if "dataset" in str(exc) else str(exc)
            )
            self.panel.set_status(text, "warning")
            self._config_warned = True
            return None
        if self._config_warned:  # the reason is gone: so is the line
            self._config_warned = False
            self.panel.set_status("")
        return config

    def _check_fit(self, config, bundle, fixed: bool = False) -> None:
        """Offer to fix a network that doesn't fit the data, then start the run."""
        from engine.training import fit_check

        issues = [] if fixed else fit_check(self.document.graph, self.document.analysis, bundle)
        answer = self.ask_fit_fix(self.dialog_parent, issues) if issues else AS_IS
        if answer is None:
            self._set_state(IDLE)
            self.panel.set_status(
                self.tr("Not started: the network doesn't fit the data."), "warning"
            )
            return
        if answer == FIX:
            push_fit_fixes(self.document, issues, self.new_head)
            key = self._data_key(config, self._input_shape())
            if tuple(bundle.input_shape) != key[1]:  # the Input changed: fit the data to it
                self._load(config, key, lambda b: self._check_fit(config, b, fixed=True))
                return
        snapshot = self.document.graph.copy()
        analysis = analyse(snapshot)
        if not analysis.ok:
            self._set_state(IDLE)
            self._show_problems(analysis.problems)
            return
        start = RunStart(self.starting.loader(self.panel.starting.start()))
        self._begin_run(snapshot, analysis, bundle, config, start)

    def _begin_run(self, snapshot, analysis, bundle, config, start, continues=None) -> None:
        """Train ``snapshot`` from ``start``; ``continues``: the run id carried on."""
        self.bundle, self.live_snapshot = bundle, snapshot
        self._run_opening = self._openings
        self._problems_shown = False
        keep = continues is not None and self.plotted_run == continues
        self.monitor.start(config, keep_curves=keep)
        if continues is not None and not keep:  # the plots show another run: its curves
            show_curves(self.store.epochs(continues), self.plots, clear=False)
        self.panel.set_status(self.tr("Training on {dataset}…").format(dataset=bundle.name))
        self.probes.new_run(bundle)
        self._set_state(TRAINING)
        name = f"{self.document.display_name()} · {bundle.name}"
        if continues is not None:
            name = self.tr("{name} (continues #{run})").format(name=name, run=continues)
        work = lambda: self._worker.run(snapshot, analysis, bundle, config, name, start)  # noqa: E731
        self._run_job(TRAIN, work, self._trained)
        self.probes.update()

    def continue_run(self) -> None:
        """Run → Continue: carry on the stopped run where it stopped (see
        :mod:`app.training_continue`)."""
        continue_run(self)

    def data_classes(self) -> int | None:
        """The class count of the chosen dataset, once it has loaded (else None)."""
        chosen = self.panel.dataset_source()
        return self._classes[2] if self._classes and self._classes[0] == chosen else None

    def adopt_imported(self, state_dict) -> None:
        """The open network was imported with these weights: a run may start from them."""
        self.starting.set_imported(state_dict)

    def _trained(self, job: Job) -> None:
        self._set_state(IDLE)
        self.runs_panel.refresh()
        self.starting.refresh()
        self.set_continuation(None, None)
        if job.error:
            self.panel.end_progress(self.tr("failed"))
            self.panel.set_status(
                self.tr("Training failed: {error}").format(error=job.error), "error"
            )
            self.show_error(self.tr("Training failed"), job.error, job.details)
            self.runFinished.emit(None)
            return
        outcome: TrainOutcome = job.result
        self.snapshot, self.compiled = outcome.snapshot, outcome.compiled
        self.state_dict, self.last_result = outcome.state_dict, outcome.result
        self.last_run_id = self.plotted_run = outcome.run_id
        self.set_continuation(outcome.run_id, outcome.result.status)
        report_result(self, outcome.result)
        self.runs_panel.select([outcome.run_id])
        if self._run_opening != self._openings:  # another network was opened meanwhile
            self.forget_model()
        else:
            self.probes.update()
            self.modelChanged.emit()
        self.runFinished.emit(outcome.result)

    def stop(self) -> None:
        """Stop the job in progress (training stops within a step; the weights are kept)."""
        self._train_requested = False
        if not self.busy():
            return
        self._cancel.set()
        trainer = self.trainer()
        if trainer is not None:
            trainer.stop()
        if self.state != IDLE:
            self._set_state(STOPPING)

    def pause(self) -> None:
        trainer = self.trainer()
        if trainer is not None and self.state == TRAINING:
            trainer.pause()
            self._set_state(PAUSED)

    def resume(self) -> None:
        trainer = self.trainer()
        if trainer is not None and self.state == PAUSED:
            trainer.resume()
            self._set_state(TRAINING)

    def shutdown(self) -> None:
        """Stop whatever runs and wait for its thread (the window is closing)."""
        self._preview_timer.stop()
        thread = self._thread
        if thread is None:
            return
        self.stop()
        if not thread.wait(JOIN_MS):
            log.error("the training thread did not stop within %d ms", JOIN_MS)
            return
        self._on_thread_finished()

    def reopen_run(self, run_id: int) -> bool:
        """Open a past run's network (a new, unsaved document) with its trained weights."""
        return reopen(self, run_id)

    def set_continuation(self, run_id: int | None, status: str | None) -> None:
        """Continue carries on run ``run_id`` when it stopped with a ``last.pt``."""
        self.continuation = continuation(self.store, run_id, status)
        self.panel.set_continuable(self.continuation.tip() if self.continuation else None)
        self.continuableChanged.emit(self.continuation is not None)

    # ----------------------------------------------------------------- messages
    def show_error(
        self, title: str, text: str, details: str = "", icon=QMessageBox.Icon.Critical
    ) -> None:
        """A non-modal message box: the window stays usable."""
        if self.error_box is not None:
            self.error_box.close()
        self.error_box = show_message_box(self.dialog_parent, title, text, details, icon)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.Hide
            and not event.spontaneous()
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self.shutdown()  # the window closed: stop the run and join its thread
        return False


def install_training(window, document) -> TrainingController:
    """Fill the training docks of main window ``window``, add the Run menu's actions."""
    from app.training_menu import install

    return install(window, document, TrainingController)
