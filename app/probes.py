"""The feature-map viewer kept in step with the canvas selection and the training.

:class:`ProbeFeeder` decides what the feature-map viewer shows for the block selected
on the canvas: live activations from the trainer while a run goes on (it asks the
trainer to probe that block), or activations computed here from the last trained
model afterwards (one small forward pass).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.training_jobs import compute_activations, sample_picture
from engine.data import class_labels
from engine.teaching.receptive import receptive_fields

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: Hints of the feature-map viewer (translated where they are shown).
NO_SELECTION = QT_TRANSLATE_NOOP(
    "TrainingViews", "Select a block on the canvas to see what it computes."
)
NO_MODEL = QT_TRANSLATE_NOOP(
    "TrainingViews", "Train the network (F5) to see what this block computes for a sample."
)
WAITING = QT_TRANSLATE_NOOP("TrainingViews", "Waiting for the trainer's next look at this block…")
NOT_TRAINED = QT_TRANSLATE_NOOP(
    "TrainingViews", "This block was not in the trained network: train again to see it."
)
ADDED_DURING_RUN = QT_TRANSLATE_NOOP(
    "TrainingViews", "This block was added after the run started: train again to see it."
)


class ProbeFeeder:
    """Feeds :class:`widgets.feature_maps.FeatureMapView` for the controller ``ctl``.

    ``ctl`` provides ``document``, ``bundle``, ``compiled``, ``snapshot``,
    ``live_snapshot``, ``trainer()`` (the running trainer or None) and ``training()`` (a
    run in progress). ``receptive(analysis)`` gives every node's receptive field (the
    window computes them once per analysis); without it they are computed here.
    """

    def __init__(self, ctl, view, receptive=None):
        self.ctl, self.view = ctl, view
        self.receptive = receptive
        self.node_id: str | None = None
        #: (node id, sample index) to probe; the worker reads it when its trainer starts
        self.current: tuple[str | None, int] = (None, 0)
        self._shown_node: str | None = None
        self._fields: tuple[object, dict] = (None, {})  # (analysis, receptive fields)
        view.sampleChanged.connect(lambda _i: self.update())

    def select(self, ids: list) -> None:
        """The canvas selection: one block is probed, anything else shows a hint."""
        self.node_id = ids[0] if len(ids) == 1 else None
        self.update()

    def request(self) -> tuple[str | None, int]:
        """(node id, sample index) the trainer should probe."""
        return self.node_id, self.view.sample_index()

    def new_run(self, bundle) -> None:
        self.view.set_sample_count(len(bundle.val_y))

    def forget(self) -> None:
        """The model and its data are gone (another network was opened): no sample, no maps."""
        self.view.set_sample(None, "")
        self.view.set_sample_count(0)
        self.update()

    def update(self) -> None:
        """Show what fits the selection and the run state now."""
        node_id, index = self.current = self.request()
        if node_id is None:
            self.view.set_title("")
            self.view.show_message(translate("TrainingViews", NO_SELECTION))
            return
        self.view.set_title(self._title(node_id))
        self._show_sample(index)
        self.view.set_receptive_field(self._receptive_field(node_id))
        if self.ctl.training():
            self._ask_trainer(node_id, index)
        elif self.ctl.compiled is None or self.ctl.bundle is None:
            self.view.show_message(translate("TrainingViews", NO_MODEL))
        else:
            self._compute(node_id, index)
        self._shown_node = node_id

    def _ask_trainer(self, node_id: str, index: int) -> None:
        """During a run the trainer looks at the block a few times a second."""
        graph = self.ctl.live_snapshot
        if graph is not None and node_id not in graph.nodes:
            self.view.show_message(translate("TrainingViews", ADDED_DURING_RUN))
            return
        trainer = self.ctl.trainer()
        if trainer is not None:
            trainer.set_probe(node_id, index)
        if node_id != self._shown_node or self.view.activations is None:
            self.view.show_message(
                translate("TrainingViews", WAITING)
            )  # another sample keeps the old maps meanwhile

    def show_probe(self, event) -> None:
        """A ProbeEvent from the trainer (the latest of a pump tick)."""
        if event.node_id != self.node_id:
            return
        self._show_sample(event.sample_index)
        self.view.show_activations(event.activations, self._labels(event.activations))

    # ----------------------------------------------------------------- internals
    def _receptive_field(self, node_id: str):
        """The block's receptive field in the current network (once per analysis)."""
        document = self.ctl.document
        analysis = document.analysis
        if self.receptive is not None:
            return self.receptive(analysis).get(node_id)
        if self._fields[0] is not analysis:
            self._fields = (analysis, receptive_fields(document.graph, analysis))
        return self._fields[1].get(node_id)

    def _title(self, node_id: str) -> str:
        node = self.ctl.document.graph.nodes.get(node_id)
        if node is None:
            return node_id
        shown = node.label or node.id
        return f"{shown} · {node.type}"

    def _show_sample(self, index: int) -> None:
        bundle = self.ctl.bundle
        if bundle is None or not 0 <= index < len(bundle.val_y):
            self.view.set_sample(None, "")
            return
        picture = sample_picture(bundle.val_x[index].numpy(), bundle.mean, bundle.std)
        label = class_labels(bundle.classes)[int(bundle.val_y[index])]
        self.view.set_sample(
            picture, translate("TrainingViews", "label: {label}").format(label=label)
        )

    def _compute(self, node_id: str, index: int) -> None:
        snapshot = self.ctl.snapshot
        node = snapshot.nodes.get(node_id) if snapshot is not None else None
        if node is None:
            self.view.show_message(translate("TrainingViews", NOT_TRAINED))
            return
        try:
            activations = compute_activations(
                self.ctl.compiled, node_id, node.type, self.ctl.bundle.val_x[index].numpy()
            )
        except Exception as exc:  # a viewer must not take the window down
            log.exception("computing activations failed")
            self.view.show_message(
                translate("TrainingViews", "Can't compute this block's output: {error}").format(
                    error=exc
                )
            )
            return
        self.view.show_activations(activations, self._labels(activations))

    def _labels(self, activations) -> list[str] | None:
        bundle = self.ctl.bundle
        classes = bundle.classes if bundle is not None else None
        if classes and activations.ndim == 1 and len(activations) == len(classes):
            return class_labels(classes)
        return None
