"""Parts of the training panel for fine-tuning: where a run's weights start, and the
notice that offers a new head when the data have another number of classes.

:class:`StartingWeights` chooses fresh weights, the weights the network was imported
with (when the document has them) or a past run's (from the run history), and the
learning rate of the layers that start from them. :class:`HeadNotice` is a one-line
notice with one button. Both only emit requests; the app acts on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from widgets.common import signals_blocked
from widgets.fields import SciSpinBox

FRESH, IMPORTED, RUN = "fresh", "imported", "run"


@dataclass(frozen=True)
class PastRun:
    """A run whose weights can start another: its id, creation time and a caption."""

    id: int
    created: str
    caption: str


@dataclass(frozen=True)
class Start:
    """The starting-weights choice: ``kind`` FRESH, IMPORTED or RUN (with ``run``)."""

    kind: str = FRESH
    run: PastRun | None = None

    def to_dict(self) -> dict:
        """As kept in the project's training settings: a run by id *and* creation time,
        so another computer's history (where that id is another run) is never used."""
        if self.kind == RUN and self.run is not None:
            return {"kind": RUN, "run": self.run.id, "created": self.run.created}
        return {"kind": self.kind}


class _Choices(QComboBox):
    """A combo box that says when its list is about to open (to bring it up to date)."""

    aboutToShow = Signal()

    def showPopup(self) -> None:  # noqa: N802 (Qt override)
        self.aboutToShow.emit()
        super().showPopup()


class StartingWeights(QGroupBox):
    """Fresh, imported or a past run's weights, and their learning-rate factor.

    Signals
    -------
    changed()
        The choice changed.
    sourcesWanted()
        The list is about to open: the app may refresh it (:meth:`set_sources`).
    """

    changed = Signal()
    sourcesWanted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Starting weights"), parent)
        self._runs: list[PastRun] = []
        self._imported = False
        self._wanted: dict = {}  # a saved choice not (yet) available, kept as it was
        self.choice = _Choices()
        self.choice.aboutToShow.connect(self.sourcesWanted)
        self.choice.setToolTip(
            self.tr(
                "Where training starts: fresh weights from the seed, the weights the "
                "network was imported with, or a past run's trained weights. Layers "
                "whose shape differs (a replaced head) start fresh"
            )
        )
        self.choice.currentIndexChanged.connect(self._chosen)
        self.factor = SciSpinBox(1e-6, 1.0)
        self.factor.setToolTip(
            self.tr(
                "The learning rate of the layers that start from these weights, as a "
                "share of the learning rate (1: the same). Lower keeps pre-trained "
                "layers close to what they learned while a new head trains"
            )
        )
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout(self)
        form.addRow(self.tr("Start from"), self.choice)
        form.addRow(self.tr("Pre-trained layers' rate ×"), self.factor)
        form.addRow(self.note)
        self._fill()

    # ----------------------------------------------------------------- API
    def set_sources(self, runs: list[PastRun], imported: bool) -> None:
        """The runs with saved weights (newest first) and whether imported weights exist."""
        current = self._wanted or self.start().to_dict()
        self._runs, self._imported = list(runs), imported
        self._fill()
        self.set_start(current)

    def start(self) -> Start:
        data = self.choice.currentData()
        if data == IMPORTED:
            return Start(IMPORTED)
        if isinstance(data, int):
            run = next((r for r in self._runs if r.id == data), None)
            return Start(RUN, run) if run is not None else Start()
        return Start()

    def set_start(self, saved) -> None:
        """Choose what ``saved`` (a :meth:`Start.to_dict`) names; when that isn't here,
        show fresh weights and say why, and keep ``saved`` for when it comes."""
        saved = saved if isinstance(saved, dict) else {}
        kind, index = saved.get("kind", FRESH), 0
        if kind == IMPORTED and self._imported:
            index = self.choice.findData(IMPORTED)
        elif kind == RUN:
            run = next((r for r in self._runs if self._same_run(r, saved)), None)
            index = self.choice.findData(run.id) if run is not None else 0
        with signals_blocked(self.choice):
            self.choice.setCurrentIndex(max(0, index))
        self._wanted = saved if index <= 0 and kind != FRESH else {}
        self._update()

    def lr_factor(self) -> float:
        return self.factor.value()

    def set_lr_factor(self, value: float) -> None:
        self.factor.setValue(value)

    # ----------------------------------------------------------------- internals
    @staticmethod
    def _same_run(run: PastRun, saved: dict) -> bool:
        return run.id == saved.get("run") and run.created == saved.get("created")

    def _fill(self) -> None:
        with signals_blocked(self.choice):
            self.choice.clear()
            self.choice.addItem(self.tr("Fresh weights (from the seed)"), FRESH)
            if self._imported:
                self.choice.addItem(self.tr("The imported weights"), IMPORTED)
            for run in self._runs:
                self.choice.addItem(run.caption, run.id)

    def _chosen(self) -> None:
        self._wanted = {}
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        start = self.start()
        self.factor.setEnabled(start.kind != FRESH)
        if self._wanted.get("kind") == RUN:
            text = self.tr(
                "The project starts from run #{run}, which this computer's run history "
                "doesn't have: fresh weights instead."
            ).format(run=self._wanted.get("run"))
        elif self._wanted.get("kind") == IMPORTED:
            text = self.tr("The project starts from imported weights: import the model again.")
        elif start.kind == FRESH:
            text = ""
        else:
            text = self.tr("Layers whose name or shape differs start fresh.")
        self.note.setText(text)
        self.note.setVisible(bool(text))


class HeadNotice(QFrame):
    """ "Digits has 10 classes but the network ends in 5 outputs. [Replace Head…]".

    Signals
    -------
    replaceRequested(int)
        Replace the head for this many classes.
    """

    replaceRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.classes = 0
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton()
        self.button.clicked.connect(lambda: self.replaceRequested.emit(self.classes))
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.hide()

    def offer(self, dataset: str, classes: int, outputs: int, replaceable: bool) -> None:
        """Say the counts differ; offer the new head when the network has one to replace."""
        self.classes = classes
        text = self.tr("{dataset} has {classes} classes but the network ends in {outputs} outputs.")
        if not replaceable:
            text += " " + self.tr("End it with a Linear of {classes} outputs.")
        self.text.setText(text.format(dataset=dataset, classes=classes, outputs=outputs))
        self.button.setText(self.tr("Replace Head for {count} Classes").format(count=classes))
        self.button.setToolTip(
            self.tr("A fresh last Linear with one output per class; one edit you can undo")
        )
        self.button.setVisible(replaceable)
        self.show()
