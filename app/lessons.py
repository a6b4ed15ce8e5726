"""The lesson's views as docks: an image as numbers, stacked kernels against one large
kernel, and the receptive field drawn on the input image.

:func:`install_lessons` adds the three docks (tabbed with the other right-hand docks,
listed in the View menu) and keeps them in step with the canvas selection, the
document's analysis and the training data: the pixel view offers the training set's
validation samples once data is loaded, the stacked-kernel view takes C and the map size
from a selected convolution, and the receptive field view outlines a unit of the
selected block on a sample at the network's input size (a built-in sample until data is
loaded). A dock behind another tab waits until it is shown.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDockWidget

from engine.teaching.pixels import Samples, builtin_samples, fit_image
from widgets.pixel_grid import PixelGridView
from widgets.receptive_view import ReceptiveFieldView
from widgets.stacked_kernels import StackedKernelsView

translate = QCoreApplication.translate
#: The docks this controller fills (declared in :mod:`app.docks`).
DOCKS = ("image-numbers", "stacked-kernels", "receptive-field")
#: Largest side a built-in sample is drawn at for the receptive field view.
MAX_DRAWN = 512


class LessonsController(QObject):
    """Feeds the three lesson docks of one window."""

    def __init__(self, window, document, training=None):
        super().__init__(window)
        self.window, self.document, self.training = window, document, training
        self.pixels = PixelGridView()
        self.stacked = StackedKernelsView()
        self.receptive = ReceptiveFieldView()
        self.docks = self._fill_docks((self.pixels, self.stacked, self.receptive))
        self.node_id: str | None = None
        self._bundle = None
        self._pictures: dict[tuple, np.ndarray] = {}
        window.canvas.selectionChanged.connect(self.set_selection)
        document.analysisChanged.connect(lambda _a: self.refresh())
        window.fields.arrived.connect(self.refresh)  # traced in the background (app.fields)
        if training is not None:
            training.modelChanged.connect(self.refresh)  # a run's data, or none (opened)

    def _fill_docks(self, widgets) -> dict[str, QDockWidget]:
        """The docks, by name, filled in the window's dock registry (:mod:`app.docks`)."""
        docks = {}
        for name, widget in zip(DOCKS, widgets):
            dock = self.window.docks.fill(name, widget)
            dock.visibilityChanged.connect(lambda visible: visible and self.refresh())
            docks[name] = dock
        return docks

    def set_selection(self, ids: list) -> None:
        self.node_id = ids[0] if len(ids) == 1 else None
        self.refresh()

    def refresh(self) -> None:
        """Update the docks that are on screen."""
        if self.docks["image-numbers"].isVisible():
            self._update_pixels()
        if self.docks["stacked-kernels"].isVisible():
            self._update_stacked()
        if self.docks["receptive-field"].isVisible():
            self._update_receptive()

    # ----------------------------------------------------------------- data
    def _training_bundle(self):
        return self.training.bundle if self.training is not None else None

    def _update_pixels(self) -> None:
        bundle = self._training_bundle()
        if bundle is self._bundle:
            return
        self._bundle = bundle
        self.pixels.set_training_samples(None if bundle is None else training_samples(bundle))

    # ----------------------------------------------------------------- stacked kernels
    def _update_stacked(self) -> None:
        graph, analysis = self.document.graph, self.document.analysis
        node = graph.nodes.get(self.node_id) if self.node_id else None
        info = analysis.nodes.get(self.node_id) if node is not None else None
        if node is None or node.type != "Conv2d" or info is None or info.shape is None:
            return
        channels, height, _width = info.shape
        self.stacked.use_layer(node.label or node.id, channels, height)

    # ----------------------------------------------------------------- receptive field
    def _update_receptive(self) -> None:
        graph, analysis = self.document.graph, self.document.analysis
        node = graph.nodes.get(self.node_id) if self.node_id else None
        if node is None:
            self.receptive.show_message(
                translate("ReceptiveFieldView", "Select a block to see what one of its units sees.")
            )
            return
        fields = self.window.receptive_for(analysis)
        field = fields.get(node.id)
        info = analysis.nodes.get(node.id)
        if field is None and node.id in fields.waiting:
            text = translate("ReceptiveFieldView", "{block}: working out its receptive field…")
            self.receptive.show_message(text.format(block=node.label or node.id))
            return
        input_shape = analysis.nodes[analysis.input_id].shape if analysis.input_id else None
        if field is None or info is None or info.shape is None or input_shape is None:
            text = translate(
                "ReceptiveFieldView", "{block}: connect it to the Input to see its receptive field."
            )
            self.receptive.show_message(text.format(block=node.label or node.id))
            return
        out_size = info.shape[1:] if len(info.shape) == 3 else (1, 1)
        image = self._picture(tuple(input_shape))
        self.receptive.show_field(node.label or node.id, image, field, out_size)

    def _picture(self, input_shape: tuple) -> np.ndarray:
        """A sample at the network's input size, as RGB: the training data's first
        validation image when it has that size, else a built-in one drawn to fit."""
        bundle = self._training_bundle()
        if bundle is not None and tuple(bundle.val_x.shape[1:]) == input_shape:
            picture = training_samples(bundle, 1).images[0]
        else:
            key = ("builtin", *input_shape)
            if key not in self._pictures:
                self._pictures[key] = builtin_picture(input_shape)
            picture = self._pictures[key]
        return picture if picture.shape[2] == 3 else np.repeat(picture, 3, axis=2)


def training_samples(bundle, count: int = 64) -> Samples:
    """The first ``count`` validation samples of a training bundle, as pictures."""
    from engine.teaching.evaluation import sample_pictures

    images = sample_pictures(bundle.val_x[:count], bundle.mean, bundle.std)
    labels = np.asarray(bundle.val_y[:count])
    return Samples(bundle.name, images, labels, list(bundle.classes))


def builtin_picture(input_shape: tuple) -> np.ndarray:
    """A built-in sample fitted to ``input_shape`` (C, H, W): a digit for grey inputs, a
    drawn shape (at up to 512 pixels, so it stays sharp) for colour ones."""
    channels, height, width = input_shape
    if channels == 1:
        image = builtin_samples("digits", 1).images[0]
    else:
        size = min(MAX_DRAWN, max(height, width, 32))
        image = builtin_samples("shapes", 5, size=size).images[4]  # a star: it has corners
    return fit_image(image, height, width, channels if channels in (1, 3) else 3)


def install_lessons(window, document, training=None) -> LessonsController:
    """Fill the Image as Numbers, Stacked Kernels and Receptive Field docks of ``window``."""
    return LessonsController(window, document, training)
