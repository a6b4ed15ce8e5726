"""The training controller's data jobs: loading the chosen dataset for the preview and
for a run, and downloading a dataset's files (a part of
:class:`app.training.TrainingController`, which runs the jobs)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.training_jobs import Job
from app.training_start import update_head_notice
from widgets.training_panel import IDLE, LOADING

translate = QCoreApplication.translate
LOAD, DOWNLOAD = "load-data", "download"


class DataJobs:
    """Loading and downloading data (needs the controller's attributes and jobs)."""

    @staticmethod
    def _data_key(config, input_shape) -> tuple:
        return (config.dataset, input_shape, config.val_fraction, config.seed)

    def _input_shape(self):
        analysis = self.document.analysis
        if not analysis.ok or analysis.input_id is None:
            return None
        return tuple(analysis.nodes[analysis.input_id].shape)

    def preview_data(self) -> None:
        """Load the chosen dataset in the background and show it in the data preview."""
        if self.busy():
            return
        config = self._panel_config()
        if config is None:
            self.data_preview.show_message(
                translate(
                    "TrainingController", "Choose the dataset's folder in the Training panel."
                )
            )
            return
        key = self._data_key(config, self._input_shape())
        if key == self._cache_key:
            self._loaded_bundle(self._cache)
        else:
            self._load(config, key, then=None)

    def _load(self, config, key, then) -> None:
        progress = self._buffer.progress_callback(self._cancel)

        def work():
            from engine.data import load_dataset

            return load_dataset(
                config.dataset,
                input_shape=key[1],
                val_fraction=key[2],
                seed=key[3],
                progress=progress,
            )

        self.data_preview.set_loading(0.0, translate("TrainingController", "loading…"))
        self._run_job(LOAD, work, lambda job: self._loaded(job, key, then))

    def _loaded(self, job: Job, key, then) -> None:
        if job.cancelled or job.error:
            message = translate("TrainingController", "Stopped.") if job.cancelled else job.error
            self.data_preview.show_message(message)
            if then is not None or self.state != IDLE:
                self._set_state(IDLE)
                self.panel.set_status(message, "info" if job.cancelled else "error")
            return
        self._cache_key, self._cache = key, job.result
        self._classes = (key[0], job.result.name, job.result.num_classes)
        update_head_notice(self.panel, self.document, self._classes)
        self._loaded_bundle(job.result)
        if then is not None:
            then(job.result)
        elif self.state == IDLE:  # a preview: its progress is no run's
            self.panel.set_progress(0.0, "")

    def _loaded_bundle(self, bundle) -> None:
        self.data_preview.show_bundle(bundle)
        fits = self.compiled is not None and tuple(self.compiled.input_shape) == tuple(
            bundle.input_shape
        )
        if self.bundle is None and fits:  # a reopened model gets data for the viewer
            self.bundle = bundle
            self.probes.new_run(bundle)
            self.probes.update()

    def download(self, kind: str, folder: str) -> None:
        """Download a dataset's files into ``folder`` (in the background), then preview it."""
        if self.busy():
            return
        progress = self._buffer.progress_callback(self._cancel)

        def work():
            from engine.data import download

            return download(kind, folder, progress=progress)

        self._set_state(LOADING)
        self.panel.set_status(
            translate("TrainingController", "Downloading {dataset} into {folder}…").format(
                dataset=kind, folder=folder
            )
        )
        self._run_job(DOWNLOAD, work, self._downloaded)

    def _downloaded(self, job: Job) -> None:
        self._set_state(IDLE)
        if job.error or job.cancelled:
            text = (
                translate("TrainingController", "Stopped.")
                if job.cancelled
                else translate("TrainingController", "Download failed: {error}").format(
                    error=job.error
                )
            )
            self.panel.set_status(text, "info" if job.cancelled else "error")
            return
        self.panel.set_status(translate("TrainingController", "Downloaded."), "success")
        self._cache_key = None
        self.preview_data()
