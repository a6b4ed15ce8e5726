"""What the window shows of a run in progress: curves, progress, status, feature maps.

The worker drops the trainer's events into an :class:`~app.training_jobs.EventBuffer`;
:meth:`RunMonitor.pump`, called by a GUI timer about 30 times a second, applies them.
Each tick does at most one costly redraw (one plot, or the feature maps) and the
progress bar, which repaints at once, is updated a few times a second: no frame keeps
the event loop busy for long while the trainer computes beside it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

from app.training_jobs import duration_text

translate = QCoreApplication.translate

#: The feature maps and the progress bar are redrawn at most this often (seconds).
PROBE_MIN_S = 0.5
PROGRESS_MIN_S = 0.25


class RunMonitor:
    """Applies buffered run events to the panel, the plots, the preview and the probes."""

    def __init__(self, buffer, panel, plots, data_preview, probes):
        self.buffer, self.panel, self.plots = buffer, panel, plots
        self.data_preview, self.probes = data_preview, probes
        self.start(None)

    def start(self, config, keep_curves: bool = False) -> None:
        """A new run (or a data load, with ``config`` None) begins; ``keep_curves``: it
        continues a stopped run whose curves go on (the plots show them already, or the
        caller adds them)."""
        self._epochs = config.epochs if config is not None else 1
        self._last_step = self._previous_step = self._latest_probe = None
        self._probe_shown = self._step_shown = 0.0
        if config is not None:
            if not keep_curves:
                self.plots.clear(config.epochs, config.lr)
            self.panel.set_progress(0.0, translate("RunMonitor", "starting…"))

    def pump(self) -> None:
        """Apply the events buffered since the last tick."""
        for event in self.buffer.drain():
            handler = getattr(self, f"_on_{type(event).__name__}", None)
            if handler is not None:
                handler(event)
        progress = self.buffer.take_progress()
        if progress is not None:
            self.data_preview.set_loading(*progress)
            self.panel.set_progress(progress[0], progress[1] or translate("RunMonitor", "loading…"))
        now = time.perf_counter()
        if self._last_step is not None and now - self._step_shown >= PROGRESS_MIN_S:
            self._show_step(self._last_step)
            self._last_step, self._step_shown = None, now
        if self._latest_probe is not None and now - self._probe_shown >= PROBE_MIN_S:
            self.probes.show_probe(self._latest_probe)
            self._latest_probe, self._probe_shown = None, now
        else:
            self.plots.refresh_one()

    def flush(self) -> None:
        """Show everything still pending (the job has ended)."""
        self.pump()
        if self._last_step is not None:
            self._show_step(self._last_step)
            self._last_step = None
        self.plots.refresh()
        if self._latest_probe is not None:
            self.probes.show_probe(self._latest_probe)
            self._latest_probe = None

    # ----------------------------------------------------------------- events
    def _on_StepEvent(self, e) -> None:  # noqa: N802 (named after the event class)
        # e.loss is the epoch's running mean; the mean of the steps since the previous
        # event follows the training far more closely.
        previous, loss = self._previous_step, e.loss
        if previous is not None and previous.epoch == e.epoch and e.step > previous.step:
            loss = (e.loss * e.step - previous.loss * previous.step) / (e.step - previous.step)
        self.plots.add_step(e.epoch - 1 + e.step / max(1, e.steps_per_epoch), loss, e.lr)
        self._last_step = self._previous_step = e

    def _on_EpochEvent(self, e) -> None:  # noqa: N802
        self.plots.add_epoch(e.epoch, e.train_loss, e.val_loss, e.train_accuracy, e.val_accuracy)
        text = translate(
            "RunMonitor", "Epoch {epoch}/{epochs}: validation accuracy {accuracy} %, loss {loss}"
        )
        self.panel.set_status(
            text.format(
                epoch=e.epoch,
                epochs=e.epochs,
                accuracy=f"{100 * e.val_accuracy:.1f}",
                loss=f"{e.val_loss:.3f}",
            )
        )

    def _on_ProbeEvent(self, e) -> None:  # noqa: N802
        self._latest_probe = e

    def _on_NoticeEvent(self, e) -> None:  # noqa: N802
        self.panel.set_status(e.text)

    def _on_DataEvent(self, e) -> None:  # noqa: N802
        self.panel.set_data_storage(e.text)

    def _show_step(self, e) -> None:
        done = (e.epoch - 1) * e.steps_per_epoch + e.step
        fraction = done / max(1, self._epochs * e.steps_per_epoch)
        text = translate("RunMonitor", "epoch {epoch}/{epochs} · step {step}/{steps} · {eta} left")
        self.panel.set_progress(
            fraction,
            text.format(
                epoch=e.epoch,
                epochs=self._epochs,
                step=e.step,
                steps=e.steps_per_epoch,
                eta=duration_text(e.eta_seconds),
            ),
        )
