"""The Try it dock: the trained network's answers for the user's own images.

:class:`TryItController` builds an :class:`engine.inference.Predictor` from what the
training controller holds after a run (the graph trained, its weights, the dataset's
class names and normalisation) and answers the view's images with the top classes, a
Grad-CAM or saliency heat map for the chosen class, and the feature maps of the block
selected on the canvas. A forward and a backward pass of one image: fast enough to run
in the GUI thread for the networks a desktop trains.

:func:`install_tryit` fills the window's Try It dock (one line in :mod:`app.docks`'s
``DOCKS``, one in :mod:`app.panels`).
"""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject

from engine.data import class_labels
from widgets.try_it import GRAD_CAM, NO_MAP, TryItView

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
TOP = 5


class TryItController(QObject):
    """Feeds a :class:`~widgets.try_it.TryItView` from the training controller's model.

    Grad-CAM is taken at the network's last block with a feature map (where the classes
    are decided); the block selected on the canvas shows its feature maps."""

    def __init__(self, view: TryItView, training, parent=None):
        super().__init__(parent)
        self.view, self.training = view, training
        self.node_id: str | None = None
        self._image = None  # what the user gave last
        self._predictor = None
        self._built_from: tuple = ()
        view.imageGiven.connect(self.take_image)
        view.classChosen.connect(lambda _index: self.refresh())
        view.mapKindChosen.connect(lambda _kind: self.refresh())
        if training is not None and hasattr(training, "modelChanged"):
            training.modelChanged.connect(self.refresh)

    # ----------------------------------------------------------------- inputs
    def take_image(self, image) -> None:
        """A path, a clipboard picture or a drawing from the view."""
        self._image = image
        self.refresh()

    def set_selection(self, ids: list) -> None:
        """The canvas selection: one block's feature maps are shown."""
        self.node_id = ids[0] if len(ids) == 1 else None
        if self._image is not None:
            self.refresh()

    # ----------------------------------------------------------------- answering
    def predictor(self):
        """The predictor of the last trained model (rebuilt when it changes), or None
        with the reason shown in the view."""
        t = self.training
        state = getattr(t, "state_dict", None)
        graph = getattr(t, "snapshot", None)
        bundle = getattr(t, "bundle", None)
        if state is None or graph is None:  # none yet, or another network was opened
            self._predictor, self._built_from = None, ()
            self.view.clear_result(self.tr("Train the network (F5) first, then give it an image."))
            return None
        key = (id(state), id(graph), id(bundle))
        if key != self._built_from:
            self._predictor = self._build(graph, state, bundle)
            self._built_from = key if self._predictor is not None else ()
        return self._predictor

    def _build(self, graph, state, bundle):
        from engine.inference import PredictError, Predictor, TrainedMeta

        if bundle is None:
            self.view.show_message(
                self.tr("Load the network's dataset in the Training panel to name its classes.")
            )
            return None
        try:
            predictor = Predictor(graph, state, TrainedMeta.of_bundle(bundle))
        except PredictError as exc:
            self.view.show_message(str(exc))
            return None
        self.view.set_classes(class_labels(predictor.classes))
        self.view.set_input_shape(*predictor.input_shape)
        return predictor

    def refresh(self) -> None:
        """Answer the last image with the current model, class and heat-map kind."""
        predictor = self.predictor()
        if predictor is None:
            return
        if self._image is None:  # trained, waiting for an image
            self.view.show_message(
                self.tr("The network is trained: open, paste or draw an image to try it.")
            )
            return
        from engine.inference import PredictError

        try:
            fitted = predictor.fit(self._image)
            prediction = predictor.predict(fitted)
        except PredictError as exc:
            self.view.show_message(str(exc))
            return
        labels = class_labels(predictor.classes)
        top = [(i, labels[i], p) for i, _name, p in prediction.top(TOP)]
        target = self.view.target_class()
        target = top[0][0] if target < 0 or target >= len(predictor.classes) else target
        heat, where = self._heat(predictor, fitted, target)
        caption = self.tr("{image}: {best} ({probability})").format(
            image=self._describe(), best=top[0][1], probability=f"{top[0][2]:.1%}"
        )
        picture = np.ascontiguousarray(fitted.transpose(1, 2, 0))
        self.view.show_result(picture, top, heat, caption, where)
        self._show_maps(predictor, fitted)

    def _heat(self, predictor, fitted, target: int):
        from engine.inference import PredictError
        from engine.inference.attribution import grad_cam, saliency

        kind = self.view.map_kind_value()
        name = class_labels(predictor.classes)[target]
        try:
            if kind == GRAD_CAM:  # at the last block with a map: the canvas picks the maps
                heat, block = grad_cam(predictor, fitted, target)
                where = self._block_name(predictor, block)
                if not heat.any():
                    text = self.tr("Grad-CAM for {cls} at block {block}: nothing there raises it")
                    return None, text.format(cls=name, block=where)
                text = self.tr("Grad-CAM for {cls} at block {block}")
                return heat, text.format(cls=name, block=where)
            if kind != NO_MAP:
                return saliency(predictor, fitted, target), self.tr("Saliency for {cls}").format(
                    cls=name
                )
        except PredictError as exc:
            return None, str(exc)
        return None, ""

    def _show_maps(self, predictor, fitted) -> None:
        node = self.node_id
        if node is None or node not in predictor.graph.nodes:
            self.view.show_maps(
                None, self.tr("Select a block on the canvas to see its feature maps.")
            )
            return
        maps = predictor.features(fitted, node)
        shape = "×".join(map(str, maps.shape))
        title = self.tr("{block}: {shape}").format(
            block=self._block_name(predictor, node), shape=shape
        )
        self.view.show_maps(maps if maps.ndim == 3 else None, title)

    @staticmethod
    def _block_name(predictor, node_id: str) -> str:
        node = predictor.graph.nodes.get(node_id)
        return (node.label or node.id) if node is not None else node_id

    def _describe(self) -> str:
        image = self._image
        if isinstance(image, str):
            from pathlib import Path

            return Path(image).name
        if isinstance(image, np.ndarray) and image.dtype != np.uint8:
            return self.tr("drawing")
        return self.tr("pasted image")


def install_tryit(window, training=None) -> TryItController:
    """Fill the Try It dock (declared in :mod:`app.docks`) and wire it to ``training``."""
    training = training if training is not None else getattr(window, "training", None)
    view = TryItView()
    ctl = TryItController(view, training, parent=window)
    ctl.dock = window.docks.fill("try-it", view)
    if training is not None and hasattr(training, "modelChanged"):
        offer = getattr(training.panel, "offer_try_it", None)  # "Try It on an Image…"
        if offer is not None:
            training.modelChanged.connect(lambda: offer(training.state_dict is not None))
            training.panel.tryItRequested.connect(lambda: show_tryit(window))
    canvas = getattr(window, "canvas", None)
    if canvas is not None and hasattr(canvas, "selectionChanged"):
        canvas.selectionChanged.connect(ctl.set_selection)
    return ctl


def show_tryit(window) -> None:
    """Bring the Try It panel to the front (shown if it was closed)."""
    window.docks.show("try-it")
