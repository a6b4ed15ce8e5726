"""The Training panel: dataset, hyperparameters, Train/Pause/Stop and progress.

Fields start from :class:`engine.training.TrainConfig`'s defaults (the same ones the
command line uses) and :meth:`TrainingPanel.config` reads them back into a config. The
panel does not train: it emits requests the app acts on, and shows the state and
progress the app gives it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine.data import dataset_folder
from engine.training.config import TrainConfig
from widgets.common import signals_blocked
from widgets.fields import SciSpinBox, choice_box, float_box, int_box
from widgets.training_choices import (
    BUILTIN_KINDS,
    DATASET_KINDS,
    DOWNLOADABLE_KINDS,
    OPTIMIZERS,
    SCHEDULES,
    dataset_text,
)
from widgets.training_start import HeadNotice, StartingWeights

#: Panel states (the app sets them): what the buttons allow.
IDLE, LOADING, TRAINING, PAUSED, STOPPING = "idle", "loading", "training", "paused", "stopping"
translate = QCoreApplication.translate


class TrainingPanel(QWidget):
    """Dataset, hyperparameters and the run controls.

    Signals
    -------
    trainRequested, stopRequested, pauseRequested, resumeRequested, continueRequested
        The buttons (Continue: carry on a stopped run where it stopped).
    replaceHeadRequested(int)
        Give the network a new head for this many classes (the notice's button).
    downloadRequested(str, str)
        Download dataset ``kind`` into ``folder``.
    datasetChanged()
        The dataset choice or its folder changed (the app refreshes the preview).
    """

    trainRequested = Signal()
    stopRequested = Signal()
    pauseRequested = Signal()
    resumeRequested = Signal()
    continueRequested = Signal()
    replaceHeadRequested = Signal(int)
    downloadRequested = Signal(str, str)
    datasetChanged = Signal()
    tryItRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._state = IDLE
        self._progress_text = ""
        self._devices = ["cpu"]
        self._build()
        self.set_config(TrainConfig())
        self.set_state(IDLE)

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        form_widget = QWidget()
        column = QVBoxLayout(form_widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._data_group())
        self.starting = StartingWeights()
        column.addWidget(self.starting)
        column.addWidget(self._optimiser_group())
        column.addWidget(self._run_group())
        column.addStretch(1)
        self.form = form_widget
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_widget)

        self.train_button = QPushButton(self.tr("Train"))
        self.train_button.setToolTip(self.tr("Train the network on the chosen data (F5)"))
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.clicked.connect(self.continueRequested)
        self.continue_button.hide()
        self.pause_button = QPushButton(self.tr("Pause"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(
            self.tr("Stop training; the weights so far are kept (Shift+F5)")
        )
        self.train_button.clicked.connect(self.trainRequested)
        self.stop_button.clicked.connect(self.stopRequested)
        self.pause_button.clicked.connect(self._pause_clicked)
        buttons = QHBoxLayout()
        for button in (
            self.train_button,
            self.continue_button,
            self.pause_button,
            self.stop_button,
        ):
            buttons.addWidget(button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.try_button = QPushButton(self.tr("Try It on an Image…"))
        self.try_button.setToolTip(self.tr("Give the trained network your own image (Try It)"))
        self.try_button.clicked.connect(self.tryItRequested)
        self.try_button.hide()
        layout.addWidget(self.try_button)

    def _data_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data"))
        form = QFormLayout(box)
        self.dataset = QComboBox()
        for kind, label in DATASET_KINDS:
            self.dataset.addItem(self.tr(label), kind)
        self.dataset.currentIndexChanged.connect(self._dataset_kind_changed)
        form.addRow(self.tr("Dataset"), self.dataset)
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("a folder with one subfolder per class"))
        self.folder.editingFinished.connect(self.datasetChanged)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse)
        self.download_button = QPushButton(self.tr("Download…"))
        self.download_button.setToolTip(self.tr("Download the dataset's files into this folder"))
        self.download_button.clicked.connect(self._download_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.browse_button)
        buttons.addWidget(self.download_button)
        buttons.addStretch(1)
        folder_column = QVBoxLayout()
        folder_column.setContentsMargins(0, 0, 0, 0)
        folder_column.addWidget(self.folder)
        folder_column.addLayout(buttons)
        self.folder_row = QWidget()
        self.folder_row.setLayout(folder_column)
        form.addRow(self.tr("Folder"), self.folder_row)
        self._data_form = form
        self.dataset_note = QLabel()
        self.dataset_note.setWordWrap(True)
        self.dataset_note.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.dataset_note)
        self.head_notice = HeadNotice()
        self.head_notice.replaceRequested.connect(self.replaceHeadRequested)
        form.addRow(self.head_notice)
        self.data_storage = QLabel()  # where the images are while training (a DataEvent)
        self.data_storage.setWordWrap(True)
        self.data_storage.setTextFormat(Qt.TextFormat.PlainText)
        self.data_storage.setVisible(False)
        form.addRow(self.data_storage)
        self.val_fraction = float_box(
            0.01, 0.99, 2, 0.05, self.tr("Share of the data kept aside to measure accuracy")
        )
        self.val_fraction.valueChanged.connect(self.datasetChanged)
        form.addRow(self.tr("Validation"), self.val_fraction)
        self.augment = QCheckBox(self.tr("Random crops and flips"))
        self.augment.setToolTip(
            self.tr(
                "Shift each training image a little and mirror it at random, "
                "so the network learns what matters, not where it is"
            )
        )
        form.addRow(self.tr("Augmentation"), self.augment)
        return box

    def _optimiser_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Optimisation"))
        form = QFormLayout(box)
        self.epochs = int_box(1, 100_000, self.tr("Passes over the whole training set"))
        self.batch_size = int_box(1, 1 << 20, self.tr("Samples per gradient step"))
        self.optimizer = choice_box(OPTIMIZERS, "TrainingPanel")
        self.optimizer.currentIndexChanged.connect(self._update_enabled)
        self.lr = SciSpinBox(1e-7, 100.0)
        self.lr.setToolTip(
            self.tr("Learning rate: the size of each step. Too high diverges, too low crawls")
        )
        self.momentum = float_box(
            0.0,
            0.9999,
            4,
            0.05,
            self.tr("SGD momentum: how much of the previous step carries over"),
        )
        self.nesterov = QCheckBox("Nesterov")
        momentum_row = QHBoxLayout()
        momentum_row.addWidget(self.momentum, 1)
        momentum_row.addWidget(self.nesterov)
        self.weight_decay = SciSpinBox(0.0, 10.0)
        self.weight_decay.setToolTip(self.tr("Pulls weights towards zero (L2 regularisation)"))
        self.schedule = choice_box(SCHEDULES, "TrainingPanel")
        self.schedule.setToolTip(self.tr("How the learning rate changes during training"))
        self.warmup = float_box(
            0.0,
            1e5,
            1,
            0.5,
            self.tr("Epochs over which the learning rate ramps up from zero"),
        )
        self.label_smoothing = float_box(
            0.0, 0.99, 2, 0.05, self.tr("Softens the one-hot targets a little")
        )
        self.grad_clip = float_box(
            0.0,
            1e6,
            2,
            0.5,
            self.tr(
                "Largest gradient norm allowed per step "
                "(0: no clipping). Clipping tames a loss that explodes"
            ),
        )
        self.grad_clip.setSpecialValueText(self.tr("off"))
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Batch size"), self.batch_size)
        form.addRow(self.tr("Optimizer"), self.optimizer)
        form.addRow(self.tr("Learning rate"), self.lr)
        form.addRow(self.tr("Momentum"), momentum_row)
        form.addRow(self.tr("Weight decay"), self.weight_decay)
        form.addRow(self.tr("Schedule"), self.schedule)
        form.addRow(self.tr("Warm-up epochs"), self.warmup)
        form.addRow(self.tr("Label smoothing"), self.label_smoothing)
        form.addRow(self.tr("Gradient clipping"), self.grad_clip)
        return box

    def _run_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Run"))
        form = QFormLayout(box)
        self.seed = QLineEdit()
        self.seed.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{1,18}")))
        self.seed.setToolTip(self.tr("Same seed, same data split and same result"))
        self.device = QComboBox()
        self.device.currentIndexChanged.connect(self._update_enabled)
        self.amp = QCheckBox(self.tr("Mixed precision (AMP)"))
        self.amp.setToolTip(self.tr("Faster on CUDA GPUs; off elsewhere"))
        self.channels_last = QCheckBox(self.tr("Channels-last memory"))
        self.channels_last.setToolTip(self.tr("Often faster for convolutions on CUDA GPUs"))
        self.compile = QCheckBox("torch.compile")
        self.compile.setToolTip(self.tr("Compile the model first: slower start, faster steps"))
        form.addRow(self.tr("Seed"), self.seed)
        form.addRow(self.tr("Device"), self.device)
        form.addRow(self.amp)
        form.addRow(self.channels_last)
        form.addRow(self.compile)
        self._fill_devices()
        return box

    # ----------------------------------------------------------------- config
    def set_config(self, config: TrainConfig, dataset_kind: str | None = None) -> None:
        """Show ``config``; ``dataset_kind`` says which folder kind a path dataset is."""
        named = config.dataset in BUILTIN_KINDS or config.dataset in DOWNLOADABLE_KINDS
        kind = config.dataset if named else (dataset_kind or "folder")
        self._select(self.dataset, kind if kind in dict(DATASET_KINDS) else "folder")
        if config.dataset in DOWNLOADABLE_KINDS:
            self.folder.setText(str(dataset_folder(config.dataset)))
        else:
            self.folder.setText("" if config.dataset in BUILTIN_KINDS else config.dataset)
        self.val_fraction.setValue(config.val_fraction)
        self.augment.setChecked(config.augment)
        self.epochs.setValue(config.epochs)
        self.batch_size.setValue(config.batch_size)
        self._select(self.optimizer, config.optimizer)
        self.lr.setValue(config.lr)
        self.momentum.setValue(config.momentum)
        self.nesterov.setChecked(config.nesterov)
        self.weight_decay.setValue(config.weight_decay)
        self._select(self.schedule, config.schedule)
        self.warmup.setValue(config.warmup_epochs)
        self.label_smoothing.setValue(config.label_smoothing)
        self.grad_clip.setValue(config.grad_clip)
        self.seed.setText(str(config.seed))
        if config.device not in self._devices and config.device != "auto":
            self._devices.append(config.device)  # keep the file's choice visible
            self._fill_devices()
        self._select(self.device, config.device)
        self.amp.setChecked(config.amp)
        self.channels_last.setChecked(config.channels_last)
        self.compile.setChecked(config.compile)
        self.starting.set_lr_factor(config.pretrained_lr_factor)
        self._dataset_kind_changed()

    def config(self) -> TrainConfig:
        """The settings shown, as a config (the dataset is a name or a folder path).

        Raises ValueError (naming the setting) when one can't be used, such as no folder.
        """
        return TrainConfig(
            dataset=self.dataset_source(),
            val_fraction=self.val_fraction.value(),
            augment=self.augment.isChecked(),
            epochs=self.epochs.value(),
            batch_size=self.batch_size.value(),
            optimizer=self.optimizer.currentData(),
            lr=self.lr.value(),
            momentum=self.momentum.value(),
            nesterov=self.nesterov.isChecked(),
            weight_decay=self.weight_decay.value(),
            schedule=self.schedule.currentData(),
            warmup_epochs=self.warmup.value(),
            label_smoothing=self.label_smoothing.value(),
            grad_clip=self.grad_clip.value(),
            seed=int(self.seed.text() or 0),
            device=self.device.currentData(),
            amp=self.amp.isChecked(),
            channels_last=self.channels_last.isChecked(),
            compile=self.compile.isChecked(),
            pretrained_lr_factor=self.starting.lr_factor(),
        )

    def dataset_kind(self) -> str:
        return self.dataset.currentData()

    def dataset_source(self) -> str:
        """A built-in dataset's name, a downloadable one's name when it sits in its usual
        folder (so project files travel between machines), or the chosen folder."""
        kind = self.dataset_kind()
        folder = self.folder.text().strip()
        if kind in BUILTIN_KINDS:
            return kind
        if kind in DOWNLOADABLE_KINDS and folder and Path(folder) == dataset_folder(kind):
            return kind
        return folder

    def set_devices(self, devices: list[str]) -> None:
        """The devices this machine has (``"cpu"``, ``"cuda"``, ``"mps"``); "auto" is added."""
        current = self.device.currentData()
        self._devices = list(devices)
        self._fill_devices()
        self._select(self.device, current or "auto")
        self._update_enabled()

    def set_dataset_note(self, text: str) -> None:
        self.dataset_note.setText(text)

    def set_data_storage(self, text: str) -> None:
        """Where the run reads its images from and the memory they take (empty: hide)."""
        self.data_storage.setText(text)
        self.data_storage.setVisible(bool(text))

    # ----------------------------------------------------------------- run state
    def state(self) -> str:
        return self._state

    def set_state(self, state: str) -> None:
        """``idle``, ``loading``, ``training``, ``paused`` or ``stopping``."""
        self._state = state
        idle = state == IDLE
        self.train_button.setEnabled(idle)
        self.continue_button.setEnabled(idle)
        self.stop_button.setEnabled(state in (LOADING, TRAINING, PAUSED))
        self.pause_button.setEnabled(state in (TRAINING, PAUSED))
        self.pause_button.setText(self.tr("Resume") if state == PAUSED else self.tr("Pause"))
        self._show_progress_text()
        self.form.setEnabled(idle)
        if not idle:
            self.try_button.hide()  # the model it offers is being replaced
        self._update_enabled()

    def set_continuable(self, tip: str | None) -> None:
        """Show Continue with ``tip`` saying what it continues (None: hide it)."""
        self.continue_button.setVisible(tip is not None)
        self.continue_button.setToolTip(tip or "")

    def offer_try_it(self, on: bool) -> None:
        """Under the status, a way to the Try It panel once a model is trained."""
        self.try_button.setVisible(on and self._state == IDLE)

    def set_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(1000 * max(0.0, min(1.0, fraction))))
        self._progress_text = text
        self._show_progress_text()

    def end_progress(self, text: str) -> None:
        """The run ended early: keep how far it got, say how it ended (no time left)."""
        self._progress_text = text
        self._show_progress_text()

    def _show_progress_text(self) -> None:
        """The run's progress; "Paused" (and how far it got) while paused."""
        paused = self.tr("Paused · %p%")  # %p: the percentage done
        self.progress.setFormat(paused if self._state == PAUSED else self._progress_text)

    def set_status(self, text: str, level: str = "info") -> None:
        """A line under the progress bar; ``level`` is info, success, warning or error."""
        self.status.setText(text)
        dark = self.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
        colours = {
            "success": ("#1a7f37", "#56d364"),
            "warning": ("#9a6700", "#f0b429"),
            "error": ("#cf222e", "#ff7b72"),
        }
        colour = colours.get(level)
        self.status.setStyleSheet(f"color: {colour[dark]};" if colour else "")

    # ----------------------------------------------------------------- internals
    def _fill_devices(self) -> None:
        with signals_blocked(self.device):
            self.device.clear()
            auto = self.tr("auto ({device})").format(device=self._auto_device())
            self.device.addItem(auto, "auto")
            for device in self._devices:
                self.device.addItem(device, device)
        available = ", ".join(self._devices)
        self.device.setToolTip(self.tr("Available here: {devices}").format(devices=available))

    def _auto_device(self) -> str:
        return next((d for d in ("cuda", "mps") if d in self._devices), "cpu")

    def _effective_device(self) -> str:
        device = self.device.currentData() or "auto"
        return self._auto_device() if device == "auto" else device

    def _update_enabled(self) -> None:
        cuda = self._effective_device() == "cuda"
        for box in (self.amp, self.channels_last):
            box.setEnabled(cuda)
            if not cuda:
                box.setToolTip(self.tr("Only used on a CUDA GPU"))
        sgd = self.optimizer.currentData() == "sgd"
        self.momentum.setEnabled(sgd)
        self.nesterov.setEnabled(sgd)

    def _dataset_kind_changed(self) -> None:
        kind = self.dataset_kind()
        builtin = kind in BUILTIN_KINDS
        self._data_form.setRowVisible(self.folder_row, not builtin)
        self.download_button.setVisible(kind in DOWNLOADABLE_KINDS)
        if kind in DOWNLOADABLE_KINDS and not self.folder.text().strip():
            self.folder.setText(str(dataset_folder(kind)))
        self.dataset_note.setText(dataset_text(kind))
        self.datasetChanged.emit()

    def _browse(self) -> None:
        start = self.folder.text().strip() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Dataset folder"), start)
        if folder:
            self.folder.setText(folder)
            self.datasetChanged.emit()

    def _download_clicked(self) -> None:
        folder = self.folder.text().strip() or str(dataset_folder(self.dataset_kind()))
        self.folder.setText(folder)
        self.downloadRequested.emit(self.dataset_kind(), folder)

    def _pause_clicked(self) -> None:
        if self._state == PAUSED:
            self.resumeRequested.emit()
        elif self._state == TRAINING:
            self.pauseRequested.emit()

    @staticmethod
    def _select(combo: QComboBox, data) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.set_status(self.status.text())
        super().changeEvent(event)
