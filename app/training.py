"""Training in the window: the controller between the document, the trainer and the views.

The trainer runs in a QThread on a snapshot of the graph (never the live document).
Its events go into an :class:`~app.training_jobs.EventBuffer`; a GUI timer drains the
buffer about 30 times a second and updates the plots, the progress and the feature
maps from the latest points, so a fast trainer never floods the event loop with
redraws. Data loading and downloads run the same way, one job at a time.

:func:`install_training` adds the docks, the Run menu (Train F5, Stop Shift+F5) and
the wiring to a main window.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.training_jobs import (
    Cancelled,
    EventBuffer,
    Job,
    SetTrainingSettings,
    compute_activations,
    push_fit_fixes,
    sample_picture,
    start_job,
)
from engine.analysis import analyse
from engine.graph import RESET
from widgets.training_panel import IDLE, LOADING, PAUSED, STOPPING, TRAINING

log = logging.getLogger(__name__)

#: How often the GUI pulls buffered events while a job runs (about 30 Hz).
PUMP_MS = 33
#: How long closing the window waits for the worker to stop.
JOIN_MS = 10_000


@dataclass
class TrainOutcome:
    """What the training worker hands back."""

    run_id: int | None
    result: object  # engine.training.FinishedEvent
    compiled: object  # engine.compiler.CompiledModel, its module on the CPU
    state_dict: dict


def ask_fit_fix(parent: QWidget, issues) -> bool:
    """Say plainly why the network doesn't fit the data; True when the user wants the fix."""
    fixable = [i for i in issues if i.new_params is not None and i.node_id is not None]
    lines = "\n".join(f"• {issue.message}" for issue in issues)
    box = QMessageBox(parent)
    box.setWindowTitle("The network doesn't fit the data")
    box.setIcon(QMessageBox.Icon.Warning)
    if fixable:
        box.setText(f"{lines}\n\nConvas can change this for you before training "
                    "(one step you can undo).")
        fix = box.addButton("Fix and Train", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(fix)
    else:
        box.setText(f"{lines}\n\nChange the network, then train again.")
        fix = None
        box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    return fix is not None and box.clickedButton() is fix


class TrainingController(QObject):
    """Starts, watches and stops training runs for one document.

    Attributes kept after a run (for the feature-map viewer and export):
    :attr:`compiled` (the CompiledModel, on the CPU), :attr:`state_dict`,
    :attr:`snapshot` (the graph it was trained from) and :attr:`bundle` (the data).

    Signals
    -------
    stateChanged(str)
        idle, loading, training, paused or stopping.
    runFinished(object)
        The run's FinishedEvent, or None when it failed with an exception.
    """

    stateChanged = Signal(str)
    runFinished = Signal(object)

    def __init__(self, document, panel, plots, feature_maps, data_preview, runs_panel,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.document, self.panel, self.plots = document, panel, plots
        self.feature_maps, self.data_preview, self.runs_panel = feature_maps, data_preview, runs_panel
        self.dialog_parent = parent
        self.ask_fit_fix = ask_fit_fix  # replaceable (tests answer for the user)
        self.state = IDLE
        self.compiled = self.state_dict = self.snapshot = self.bundle = None
        self.last_result = None
        self.last_run_id: int | None = None
        self.error_box: QMessageBox | None = None
        self._store = None
        self._buffer = EventBuffer()
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._trainer = None
        self._probe: str | None = None
        self._thread = self._job = self._job_done = None
        self._train_requested = False
        self._cache_key = self._cache = None
        self._config = None
        self._last_step = None
        self._latest_probe = None
        self._timer = QTimer(self)
        self._timer.setInterval(PUMP_MS)
        self._timer.timeout.connect(self._pump)
        self._preview_timer = QTimer(self, singleShot=True, interval=300)
        self._preview_timer.timeout.connect(self.preview_data)
        self._connect()
        self._load_settings(document.graph.training)
        self.runs_panel.set_store(self.store)

    # ----------------------------------------------------------------- wiring
    def _connect(self) -> None:
        p = self.panel
        p.trainRequested.connect(self.train)
        p.stopRequested.connect(self.stop)
        p.pauseRequested.connect(self.pause)
        p.resumeRequested.connect(self.resume)
        p.downloadRequested.connect(self.download)
        p.datasetChanged.connect(self._preview_timer.start)
        self.feature_maps.sampleChanged.connect(lambda _i: self._update_probe())
        self.runs_panel.reopenRequested.connect(self.reopen_run)
        self.document.graph.subscribe(self._on_graph_event)

    @property
    def store(self):
        """The run history (created on first use, in the user data folder)."""
        if self._store is None:
            from engine.runs import RunStore

            self._store = RunStore()
        return self._store

    def _set_state(self, state: str) -> None:
        self.state = state
        self.panel.set_state(state)
        self.stateChanged.emit(state)

    def busy(self) -> bool:
        return self._thread is not None

    # ----------------------------------------------------------------- settings
    def _load_settings(self, training: dict | None) -> None:
        from engine.training import TrainConfig

        try:
            config = TrainConfig.from_dict(training or {})
        except ValueError as exc:
            log.warning("ignoring the project's training settings: %s", exc)
            config = TrainConfig()
        self.panel.set_config(config, (training or {}).get("dataset_kind"))

    def _store_settings(self, config) -> None:
        """Write the panel's settings into the project (an undoable edit) when they changed."""
        settings = dict(config.to_dict(), dataset_kind=self.panel.dataset_kind())
        if self.document.graph.training != settings:
            self.document.push(SetTrainingSettings(self.document.graph, settings,
                                                   self._settings_applied))

    def _settings_applied(self, training: dict | None) -> None:
        if self.state == IDLE:
            self._load_settings(training)

    def _on_graph_event(self, event) -> None:
        if event.kind == RESET and self.state == IDLE:
            self._load_settings(self.document.graph.training)

    # ----------------------------------------------------------------- jobs
    def _run_job(self, name: str, work, done) -> None:
        self._cancel.clear()
        self._job = Job(name, work)
        self._job_done = done
        self._thread = start_job(self._job, self._on_thread_finished)
        self._timer.start()

    def _on_thread_finished(self) -> None:
        thread, job, done = self._thread, self._job, self._job_done
        if thread is None:
            return  # already handled (shutdown joined it)
        thread.wait()
        self._thread = self._job = self._job_done = None
        self._timer.stop()
        self._pump()
        job.deleteLater()
        thread.deleteLater()
        done(job)
        if self._train_requested and self._thread is None:
            self._train_requested = False
            self.train()

    def _progress_callback(self):
        buffer, cancel = self._buffer, self._cancel

        def progress(fraction: float, text: str = "") -> None:
            if cancel.is_set():
                raise Cancelled()
            buffer.set_progress(fraction, text)

        return progress

    # ----------------------------------------------------------------- data
    def _data_key(self, config, input_shape) -> tuple:
        return (config.dataset, input_shape, config.val_fraction, config.seed)

    def _input_shape(self, analysis=None):
        analysis = analysis or self.document.analysis
        if not analysis.ok or analysis.input_id is None:
            return None
        return tuple(analysis.nodes[analysis.input_id].shape)

    def preview_data(self) -> None:
        """Load the chosen dataset in the background and show it in the data preview."""
        config = self.panel.config()
        if self.busy():
            return
        if not config.dataset:
            self.data_preview.show_message("Choose the dataset's folder in the Training panel.")
            return
        key = self._data_key(config, self._input_shape())
        if key == self._cache_key:
            self._show_bundle(self._cache)
            return
        self._load(config, key, then=None)

    def _load(self, config, key, then) -> None:
        progress = self._progress_callback()

        def work():
            from engine.data import load_dataset

            return load_dataset(config.dataset, input_shape=key[1], val_fraction=key[2],
                                seed=key[3], progress=progress)

        self.data_preview.set_loading(0.0, "loading…")
        self._run_job("load-data", work, lambda job: self._loaded(job, key, then))

    def _loaded(self, job: Job, key, then) -> None:
        if job.cancelled or job.error:
            message = "Stopped." if job.cancelled else job.error
            self.data_preview.show_message(message)
            if then is not None:
                self._set_state(IDLE)
                self.panel.set_status(message, "info" if job.cancelled else "error")
            return
        self._cache_key, self._cache = key, job.result
        self._show_bundle(job.result)
        if then is not None:
            then(job.result)

    def _show_bundle(self, bundle) -> None:
        images, labels = bundle.raw_preview(48)
        self.data_preview.set_data(bundle.name, images, labels, bundle.classes,
                                   bundle.input_shape, len(bundle.train_y), len(bundle.val_y),
                                   bundle.notices)

    def download(self, kind: str, folder: str) -> None:
        """Download a dataset's files into ``folder`` (in the background), then preview it."""
        if self.busy():
            return
        progress = self._progress_callback()

        def work():
            from engine.data import download

            return download(kind, folder, progress=progress)

        self._set_state(LOADING)
        self.panel.set_status(f"Downloading {kind} into {folder}…")
        self._run_job("download", work, self._downloaded)

    def _downloaded(self, job: Job) -> None:
        self._set_state(IDLE)
        if job.error:
            self.panel.set_status(f"Download failed: {job.error}", "error")
        else:
            self.panel.set_status("Stopped." if job.cancelled else "Downloaded.",
                                  "info" if job.cancelled else "success")
            self._cache_key = None
            self.preview_data()

    # ----------------------------------------------------------------- training
    def train(self) -> None:
        """Check the network, load the data, check they fit, then train in the background."""
        if self.busy():
            if self._job.name == "load-data" and self.state == IDLE:
                self._train_requested = True  # the preview's load finishes first
                self._set_state(LOADING)
            return
        analysis = self.document.analysis
        if not analysis.ok:
            self._show_problems(analysis.problems)
            return
        config = self.panel.config()
        if not config.dataset:
            self.panel.set_status("Choose the dataset's folder first.", "warning")
            return
        self._store_settings(config)
        key = self._data_key(config, self._input_shape(analysis))
        self._set_state(LOADING)
        self.panel.set_status("Loading the data…")
        if key == self._cache_key:
            self._start_training(config, self._cache)
        else:
            self._load(config, key, then=lambda bundle: self._start_training(config, bundle))

    def _start_training(self, config, bundle, fixed: bool = False) -> None:
        from engine.training import fit_check

        issues = fit_check(self.document.graph, self.document.analysis, bundle)
        if issues:
            if fixed or not self.ask_fit_fix(self.dialog_parent, issues):
                self._set_state(IDLE)
                self.panel.set_status(issues[0].message, "warning")
                return
            push_fit_fixes(self.document, issues)
            key = self._data_key(config, self._input_shape())
            if tuple(bundle.input_shape) != key[1]:  # the Input changed: load the data to fit
                self._load(config, key, lambda b: self._start_training(config, b, fixed=True))
                return
            self._start_training(config, bundle, fixed=True)
            return
        snapshot = self.document.graph.copy()
        analysis = analyse(snapshot)
        if not analysis.ok:
            self._set_state(IDLE)
            self._show_problems(analysis.problems)
            return
        self._begin_run(snapshot, analysis, bundle, config)

    def _begin_run(self, snapshot, analysis, bundle, config) -> None:
        self.bundle, self._config = bundle, config
        self._last_step = self._latest_probe = None
        self.plots.clear()
        self.panel.set_progress(0.0, "starting…")
        self.panel.set_status(f"Training on {bundle.name}…")
        self.feature_maps.set_sample_count(len(bundle.val_y))
        self._set_state(TRAINING)
        name = f"{self.document.display_name()} · {bundle.name}"
        self._run_job("train", lambda: self._train_work(snapshot, analysis, bundle, config, name),
                      self._trained)
        self._update_probe()

    def _train_work(self, snapshot, analysis, bundle, config, name) -> TrainOutcome:
        """Runs in the worker thread: compile, record, train, keep the weights."""
        from engine.compiler import compile_model
        from engine.fileformat import dumps
        from engine.training import Trainer

        compiled = compile_model(snapshot, analysis)
        store, buffer = self.store, self._buffer
        run_id = store.create(dumps(snapshot), config.to_dict(), name)

        def on_event(event) -> None:
            if type(event).__name__ == "EpochEvent":
                store.add_epoch(run_id, dataclasses.asdict(event))
            buffer.put(event)

        trainer = Trainer(compiled, bundle, config, on_event,
                          checkpoint_dir=store.checkpoint_dir(run_id), leave_one_core=True)
        with self._lock:
            self._trainer = trainer
            probe = self._probe_request()
        if probe[0] is not None:
            trainer.set_probe(*probe)
        if self._cancel.is_set():
            trainer.stop()
        try:
            result = trainer.run()
        except BaseException:
            store.finish(run_id, "failed", {})
            raise
        finally:
            with self._lock:
                self._trainer = None
        store.finish(run_id, result.status, result.metrics)
        module = compiled.module.to("cpu").eval()
        state = {k: v.detach().clone() for k, v in module.state_dict().items()}
        return TrainOutcome(run_id, result, compiled, state)

    def _trained(self, job: Job) -> None:
        self._set_state(IDLE)
        if job.error:
            self.panel.set_status(f"Training failed: {job.error}", "error")
            self._show_error("Training failed", job.error, job.details)
            self.runs_panel.refresh()
            self.runFinished.emit(None)
            return
        outcome: TrainOutcome = job.result
        result = outcome.result
        self.compiled, self.state_dict = outcome.compiled, outcome.state_dict
        self.snapshot, self.last_result, self.last_run_id = None, result, outcome.run_id
        self.snapshot = self._job_snapshot = None
        self._report(result)
        self.runs_panel.refresh()
        self.runs_panel.select([outcome.run_id])
        self._update_probe()
        self.runFinished.emit(result)

    def _report(self, result) -> None:
        metrics = result.metrics or {}
        accuracy = metrics.get("val_accuracy")
        facts = f"validation accuracy {100 * accuracy:.1f} %" if accuracy is not None else ""
        if result.status == "completed":
            self.panel.set_status(f"Done: {facts} after {metrics.get('epochs', '?')} epochs "
                                  f"({metrics.get('seconds', 0):.0f} s).", "success")
            self.panel.set_progress(1.0, "done")
        elif result.status == "stopped":
            self.panel.set_status(f"Stopped. {facts}".strip(), "info")
        elif result.status == "diverged":
            self.panel.set_status(result.message, "warning")
            self._show_error("Training diverged", result.message, "", QMessageBox.Icon.Warning)
        else:
            self.panel.set_status(f"Training failed: {result.message}", "error")
            self._show_error("Training failed", result.message, "")

    def stop(self) -> None:
        """Stop the job in progress (training stops within a step; the weights are kept)."""
        if not self.busy():
            return
        self._cancel.set()
        self._train_requested = False
        with self._lock:
            if self._trainer is not None:
                self._trainer.stop()
        if self.state != IDLE:
            self._set_state(STOPPING)

    def pause(self) -> None:
        with self._lock:
            if self._trainer is not None and self.state == TRAINING:
                self._trainer.pause()
                self._set_state(PAUSED)

    def resume(self) -> None:
        with self._lock:
            if self._trainer is not None and self.state == PAUSED:
                self._trainer.resume()
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

    # ----------------------------------------------------------------- GUI pump
    def _pump(self) -> None:
        """Apply the events buffered since the last tick (GUI thread, ~30 Hz)."""
        for event in self._buffer.drain():
            handler = getattr(self, f"_on_{type(event).__name__}", None)
            if handler is not None:
                handler(event)
        progress = self._buffer.take_progress()
        if progress is not None:
            self.data_preview.set_loading(*progress)
            self.panel.set_progress(progress[0], progress[1] or "loading…")
        self.plots.refresh()
        if self._last_step is not None:
            self._show_step(self._last_step)
            self._last_step = None
        if self._latest_probe is not None:
            self._show_probe(self._latest_probe)
            self._latest_probe = None

    def _on_StepEvent(self, e) -> None:  # noqa: N802 (named after the event class)
        self.plots.add_step(e.epoch - 1 + e.step / max(1, e.steps_per_epoch), e.loss, e.lr)
        self._last_step = e

    def _on_EpochEvent(self, e) -> None:  # noqa: N802
        self.plots.add_epoch(e.epoch, e.train_loss, e.val_loss, e.train_accuracy,
                             e.val_accuracy)
        self.panel.set_status(f"Epoch {e.epoch}/{e.epochs}: validation accuracy "
                              f"{100 * e.val_accuracy:.1f} %, loss {e.val_loss:.3f}")

    def _on_ProbeEvent(self, e) -> None:  # noqa: N802
        self._latest_probe = e

    def _on_NoticeEvent(self, e) -> None:  # noqa: N802
        self.panel.set_status(e.text, "warning")

    def _show_step(self, e) -> None:
        epochs = self._config.epochs if self._config is not None else e.epoch
        done = (e.epoch - 1) * e.steps_per_epoch + e.step
        fraction = done / max(1, epochs * e.steps_per_epoch)
        self.panel.set_progress(fraction, f"epoch {e.epoch}/{epochs} · step {e.step}/"
                                f"{e.steps_per_epoch} · {_duration(e.eta_seconds)} left")

    # ----------------------------------------------------------------- feature maps
    def set_selection(self, ids: list) -> None:
        """The canvas selection changed: probe the one selected block (or none)."""
        self._probe = ids[0] if len(ids) == 1 else None
        self._update_probe()

    def _probe_request(self) -> tuple[str | None, int]:
        return self._probe, self.feature_maps.sample_index()

    def _update_probe(self) -> None:
        node_id, index = self._probe_request()
        view = self.feature_maps
        if node_id is None:
            view.set_title("")
            view.show_message("Select a block on the canvas to see what it computes.")
            return
        view.set_title(self._node_title(node_id))
        self._show_sample(index)
        with self._lock:
            trainer = self._trainer
            if trainer is not None:
                trainer.set_probe(node_id, index)
        if trainer is not None or self.busy() and self._job.name == "train":
            view.show_message("Waiting for the trainer's next look at this block…")
        elif self.compiled is None:
            view.show_message("Train the network (F5) to see what this block computes "
                              "for a sample.")
        else:
            self._compute_locally(node_id, index)

    def _node_title(self, node_id: str) -> str:
        node = self.document.graph.nodes.get(node_id)
        if node is None:
            return node_id
        return f"{node.label or node.id} ({node.type})"

    def _show_sample(self, index: int) -> None:
        bundle = self.bundle
        if bundle is None or not 0 <= index < len(bundle.val_y):
            self.feature_maps.set_sample(None, "")
            return
        picture = sample_picture(bundle.val_x[index], bundle.mean, bundle.std)
        label = bundle.classes[int(bundle.val_y[index])]
        self.feature_maps.set_sample(picture, f"label: {label}")

    def _compute_locally(self, node_id: str, index: int) -> None:
        node = self._trained_graph_node(node_id)
        if node is None:
            self.feature_maps.show_message("This block was not in the trained network: "
                                           "train again to see it.")
            return
        try:
            activations = compute_activations(self.compiled, node_id, node.type,
                                              self.bundle.val_x[index])
        except Exception as exc:  # a viewer must not take the window down
            log.exception("computing activations failed")
            self.feature_maps.show_message(f"Can't compute this block's output: {exc}")
            return
        self.feature_maps.show_activations(activations, self._labels_for(activations))

    def _trained_graph_node(self, node_id: str):
        if self.compiled is None or self.bundle is None:
            return None
        node = self.document.graph.nodes.get(node_id)
        known = node_id in self.compiled.module_names or (
            node is not None and node.type in ("Input", "Output"))
        return node if known else None

    def _show_probe(self, e) -> None:
        if e.node_id != self._probe:
            return
        self._show_sample(e.sample_index)
        self.feature_maps.show_activations(e.activations, self._labels_for(e.activations))

    def _labels_for(self, activations) -> list[str] | None:
        classes = self.bundle.classes if self.bundle is not None else None
        if classes and activations.ndim == 1 and len(activations) == len(classes):
            return list(classes)
        return None

    # ----------------------------------------------------------------- runs
    def reopen_run(self, run_id: int) -> None:
        """Open a past run's network (a new, unsaved document) with its trained weights."""
        from app.training_runs import reopen_run

        reopen_run(self, run_id)

    # ----------------------------------------------------------------- messages
    def _show_problems(self, problems) -> None:
        lines = [f"• {p.node + ': ' if p.node else ''}{p.message}" for p in problems[:12]]
        if len(problems) > 12:
            lines.append(f"… and {len(problems) - 12} more (see the Summary)")
        self.panel.set_status("The network has problems: fix them, then train.", "error")
        self._show_error("The network can't be trained yet", "\n".join(lines), "",
                         QMessageBox.Icon.Warning)

    def _show_error(self, title: str, text: str, details: str,
                    icon=QMessageBox.Icon.Critical) -> None:
        """A non-modal message box: the window stays usable."""
        if self.error_box is not None:
            self.error_box.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.dialog_parent)
        if details:
            box.setDetailedText(details)
        box.setModal(False)
        box.show()
        self.error_box = box

    # ----------------------------------------------------------------- closing
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Hide and not event.spontaneous() and \
                isinstance(watched, QWidget) and watched.isWindow():
            self.shutdown()  # the window closed: stop and join before it goes
        return False


def _duration(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds < 0:
        return "?"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
