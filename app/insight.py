"""The teaching views in the window: explain convolution, kernels, evaluation.

:func:`install_insight` fills three docks (Explain Convolution, Kernels, Evaluation;
created by :mod:`app.docks`) and keeps them in step with the canvas selection, the
document's analysis and the training controller it is given: the explainer animates
the selected conv/pool block and applies its learned kernel to a real sample; the
kernel viewer follows the training model a few times a second; the evaluation runs the
trained model over the validation set in a worker thread (on a copy of the model, so
the GUI's own forward passes never race with it). A 1×1 bottleneck is inserted as one
undoable edit (:class:`app.commands.ApplyGraphEdit`); the 1×1 bottleneck and depthwise
separable pages are fed by :mod:`app.layer_costs`.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.layer_costs import LayerCostController
from engine.analysis import Analysis
from engine.data import class_labels
from engine.registry import INPUT_ROLE, get_spec, role_of
from engine.teaching.evaluation import KERNEL_BLOCKS, TrainedModel, find_conv, no_kernels_text
from engine.teaching.explain import EXPLAINABLE, correlate, layer_geometry
from widgets.evaluation_view import EvaluationView
from widgets.explainer import ExplainerView
from widgets.kernel_viewer import KernelViewer
from widgets.language import block_summary, block_title

log = logging.getLogger(__name__)

#: Live kernel refresh while training (at most four times a second).
LIVE_MS = 250
#: How often the GUI looks at a running evaluation.
POLL_MS = 50
#: The docks of the three views, in the order of :attr:`InsightController.docks`.
DOCKS = ("explain", "kernels", "evaluation")
translate = QCoreApplication.translate


class InsightController(QObject):
    """Feeds the three teaching docks of one window."""

    def __init__(self, window, document, training=None):
        super().__init__(window)
        self.window, self.document, self.training = window, document, training
        self.explainer = ExplainerView()
        self.kernels = KernelViewer()
        self.evaluation = EvaluationView()
        widgets = (self.explainer, self.kernels, self.evaluation)
        self.docks = {name: window.docks.fill(name, w) for name, w in zip(DOCKS, widgets)}
        for name, dock in self.docks.items():
            dock.visibilityChanged.connect(lambda visible, n=name: self._on_visible(n, visible))
        self.node_id: str | None = None
        self.inside = None  # app.look_inside.Inside: node_id is a layer inside a composite
        self._shown_layer = None
        self.costs = LayerCostController(self.explainer, document, self)
        self._stale_evaluation = False
        self._job = None  # engine.teaching.evaluation.BackgroundEvaluation while one runs
        self._random_weights: dict = {}
        self._live = QTimer(self, interval=LIVE_MS)
        self._live.timeout.connect(self._refresh_live)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._poll_evaluation)
        self._connect()
        self.refresh()
        self._update_evaluation_state()

    # ----------------------------------------------------------------- building
    def _connect(self) -> None:
        self.window.canvas.selectionChanged.connect(self.set_selection)
        self.document.analysisChanged.connect(lambda _a: self.refresh())
        self.window.fields.arrived.connect(self.refresh)  # traced in the background
        self.explainer.currentChanged.connect(self._update_page)
        self.explainer.real.channelChanged.connect(self._update_page)
        self.kernels.filterClicked.connect(self.explainer.real.channel.setValue)
        self.evaluation.evaluateRequested.connect(self.evaluate)
        self.evaluation.sampleActivated.connect(self.show_sample)
        t = self.training
        if t is not None:
            t.runFinished.connect(self._on_run_finished)
            t.modelChanged.connect(self._on_model_changed)
            t.stateChanged.connect(self._on_training_state)
            t.probes.view.sampleChanged.connect(self._update_page)

    # ----------------------------------------------------------------- selection
    def set_selection(self, ids: list) -> None:
        """The canvas selection: one block is explained, anything else shows the example."""
        self.node_id = ids[0] if len(ids) == 1 else None
        self.refresh()

    def set_inside(self, inside, ids: list) -> None:
        """Explain layer ``ids`` inside a composite block (``inside``: an
        :class:`app.look_inside.Inside`), or with None, the network's selection ``ids``."""
        self.inside = inside
        self.set_selection(ids)

    def _node(self):
        """The selected block, inside a composite while looking inside."""
        graph = self.inside.graph if self.inside is not None else self.document.graph
        return graph.nodes.get(self.node_id) if self.node_id else None

    def _network_node(self):
        """The selected block of the network (None for a layer inside a composite: its
        weights are the composite's, found by neither the kernel viewer nor the costs)."""
        return None if self.inside is not None else self._node()

    def refresh(self) -> None:
        """Bring the views up to date with the selection, the graph and the model.

        Views behind another tab wait until they are shown (a real-kernel forward pass or
        the bottleneck's second analysis on every edit would slow editing down).
        """
        analysis = self.inside.analysis if self.inside is not None else self.document.analysis
        self._update_explainer(analysis)
        self._update_page()
        if self._shown("kernels"):
            self._update_kernels()

    def _shown(self, name: str) -> bool:
        return self.docks[name].isVisible()

    def _update_page(self, *_args) -> None:
        """Update the explainer's current page when the explainer is on screen."""
        if not self._shown("explain"):
            return
        page = self.explainer.currentWidget()
        if page in (self.explainer.bottleneck, self.explainer.separable):
            self.costs.refresh(None if self.inside is not None else self.node_id)
        elif page is self.explainer.real:
            self._update_real()

    # ----------------------------------------------------------------- explainer
    def _update_explainer(self, analysis: Analysis) -> None:
        node = self._node()
        layer = None
        if node is not None and node.type in EXPLAINABLE:
            spec = get_spec(node.type)
            params = spec.resolve(node.params)
            try:
                geometry = layer_geometry(node.type, params)
            except (KeyError, TypeError, ValueError):
                geometry = None
            if geometry is not None:
                title = f"{node.label or node.id} · {block_title(spec)}"
                layer = (geometry, title, self._detail(node, spec, params, analysis))
        if layer is None:
            if self._shown_layer is not None:
                self._shown_layer = None
                self.explainer.show_example()
            return
        if layer != self._shown_layer:
            self._shown_layer = layer
            self.explainer.animation.show_layer(*layer)

    def _detail(self, node, spec, params, analysis: Analysis) -> str:
        parts = [block_summary(spec, params)]
        info = analysis.nodes.get(node.id)
        if info is not None and info.shape is not None:
            parts.append("→ " + "×".join(str(d) for d in info.shape))
        if self.inside is not None:
            rf = self.inside.receptive.get(node.id)
        else:
            rf = self.window.receptive_for(analysis).get(node.id)  # never traces here
        if rf is not None:
            parts.append(
                self.tr(
                    "each output unit sees {height}×{width} input pixels "
                    "(receptive field), {stride} apart"
                ).format(height=rf.size_h, width=rf.size_w, stride=rf.stride_h)
            )
        return " · ".join(p for p in parts if p)

    # ----------------------------------------------------------------- kernels
    def _model(self) -> TrainedModel | None:
        """The running trainer's model (live), else the last trained one, else None."""
        t = self.training
        if t is None:
            return None
        trainer = t.trainer()
        if trainer is not None:
            return TrainedModel(trainer.model, trainer.compiled.module_names, None, True)
        if t.compiled is not None:
            return TrainedModel(t.compiled.module, t.compiled.module_names, t.snapshot)
        return None

    def _update_kernels(self) -> None:
        from engine.teaching.evaluation import conv_weights

        node = self._network_node()
        if self.inside is not None and self._node() is not None:
            self.kernels.show_message(
                self.tr("Expand {block} into primitives to see the filters of its layers.").format(
                    block=self.inside.block
                )
            )
            return
        if node is None:
            self.kernels.show_message(self.tr("Select a convolution block to see its filters."))
            return
        model = self._model()
        conv, note = self._untrained_conv(node) if model is None else find_conv(model, node)
        if conv is None:
            self.kernels.show_message(note)
            return
        self.kernels.set_weights(conv_weights(conv), f"{node.label or node.id} · {node.type}", note)

    def _untrained_conv(self, node):
        """The node's own module with random initial weights (only once torch is loaded)."""
        from engine.teaching.evaluation import first_conv, untrained_module

        if node.type not in KERNEL_BLOCKS:
            return None, no_kernels_text()
        if "torch" not in sys.modules:  # never load torch on the GUI thread just for this
            return None, self.tr("Train the network (F5) to see the filters it learns.")
        analysis = self.document.analysis
        shapes = [analysis.nodes[e.source].shape for e in self.document.graph.inputs_of(node.id)]
        info = analysis.nodes.get(node.id)
        if not shapes or None in shapes or info is None or info.shape is None:
            return None, self.tr("Connect the block to see its filters.")
        key = (node.id, repr(sorted(node.params.items())), tuple(shapes))
        if key not in self._random_weights:
            self._random_weights = {key: untrained_module(node, shapes)}
        conv, _ = first_conv(self._random_weights[key])
        return conv, self.tr(
            "untrained: random initial weights (train with F5 to see what they learn)"
        )

    def _refresh_live(self) -> None:
        if self.docks["kernels"].isVisible() and self._network_node() is not None:
            self._update_kernels()

    def _on_training_state(self, state: str) -> None:
        if state == "training":
            self._live.start()
        else:
            self._live.stop()
        self._update_evaluation_state()

    # ----------------------------------------------------------------- real kernel
    def _update_real(self) -> None:
        view = self.explainer.real
        node = self._network_node()
        t = self.training
        if node is None or node.type not in ("Conv2d", "Conv1x1"):
            view.show_message(
                self.tr("Select a convolution block to apply its learned kernel to a real image.")
            )
            return
        if t is None or t.compiled is None or t.bundle is None:
            view.show_message(
                self.tr(
                    "Train the network (F5) to apply this block's learned kernel to a real image."
                )
            )
            return
        model = TrainedModel(t.compiled.module, t.compiled.module_names, t.snapshot)
        conv, note = find_conv(model, node)
        if conv is None:
            view.show_message(note)
            return
        try:
            self._show_real(view, node, conv, model)
        except Exception as exc:  # a viewer must not take the window down
            log.exception("applying the real kernel failed")
            view.show_message(self.tr("Can't apply this block's kernel: {error}").format(error=exc))

    def _show_real(self, view, node, conv, model: TrainedModel) -> None:
        from engine.teaching.evaluation import conv_weights, node_input

        bundle, index = self.training.bundle, self._sample_index()
        weights = conv_weights(conv)
        view.set_channel_count(weights.shape[0])
        channel = min(view.channel.value(), weights.shape[0] - 1)
        maps = node_input(model.module, model.names[node.id], bundle.val_x[index])
        padding = conv.padding  # "same" pads as PyTorch does (more after, for even kernels)
        kernel = weights[channel, 0]
        result = correlate(maps[0], kernel, conv.stride, padding, conv.dilation)
        label = class_labels(bundle.classes)[int(bundle.val_y[index])]
        graph = model.snapshot or self.document.graph
        sources = [e.source for e in graph.inputs_of(node.id)]
        source = graph.nodes[sources[0]] if sources else None
        shown = node.label or node.id
        if source is None or role_of(source.type) == INPUT_ROLE:
            first = self.tr("image channel 0")
            summary = self.tr(
                "{block}: a learned kernel slid over the sample image, as in the animation."
            ).format(block=shown)
        else:
            name = source.label or source.id
            first = self.tr("{block}: channel 0 of {count}").format(block=name, count=len(maps))
            summary = self.tr(
                "{block}: a learned kernel slid over the output of {source}, as in the animation."
            ).format(block=shown, source=name)
        captions = (
            first + "\n" + self.tr("sample {index} ({label})").format(index=index, label=label),
            self.tr("filter {channel}, in-channel 0\n{height}×{width} kernel").format(
                channel=channel, height=kernel.shape[0], width=kernel.shape[1]
            ),
            self.tr("result {height}×{width}\none channel, no bias").format(
                height=result.shape[0], width=result.shape[1]
            ),
        )
        view.show_result(maps[0], kernel, result, captions, summary)

    def _sample_index(self) -> int:
        index = self.training.probes.view.sample_index()
        bundle = self.training.bundle
        return index if 0 <= index < len(bundle.val_y) else 0

    # ----------------------------------------------------------------- evaluation
    def _update_evaluation_state(self) -> None:
        if self._job is not None:
            return
        t = self.training
        ready = t is not None and t.compiled is not None and t.bundle is not None
        busy = t is not None and t.training()
        if self.evaluation.evaluation is None or not ready:
            text = (
                self.tr("Training… the evaluation follows when it ends.")
                if busy
                else self.tr("Evaluate the trained network on the validation set.")
                if ready
                else self.tr("Train the network, then evaluate it on the validation set.")
            )
            self.evaluation.show_message(text, ready and not busy)
        else:
            self.evaluation.evaluate_button.setEnabled(not busy)

    def evaluate(self) -> None:
        """Run the trained model over the validation set (in a worker thread)."""
        from engine.teaching.evaluation import BackgroundEvaluation

        t = self.training
        if self._job is not None or t is None or t.compiled is None or t.bundle is None:
            return
        self._stale_evaluation = False
        self.evaluation.set_busy(0.0)
        self._job = BackgroundEvaluation(t.compiled.module, t.bundle).start()
        self._poll.start()

    def _poll_evaluation(self) -> None:
        job = self._job
        if job is None:
            self._poll.stop()
            return
        if not job.done():
            self.evaluation.set_busy(job.progress)
            return
        self._job = None
        self._poll.stop()
        if job.result is not None:
            self.evaluation.set_evaluation(job.result, job.pictures)
        else:
            self.evaluation.show_message(
                self.tr("Evaluation failed: {error}").format(error=job.error), True
            )
        self._update_evaluation_state()

    def wait_evaluation(self, timeout: float = 30.0) -> bool:
        """Wait for a running evaluation and show it (for scripts and tests)."""
        if self._job is not None:
            if not self._job.join(timeout):
                return False
            self._poll_evaluation()
        return True

    def _on_run_finished(self, result) -> None:
        self._stale_evaluation = result is not None and self.training.has_model()
        if self._stale_evaluation and self.docks["evaluation"].isVisible():
            self.evaluate()
        self._update_evaluation_state()

    def _on_model_changed(self) -> None:
        """Another trained model, or none (another network was opened): no view keeps
        the old model's kernels, real-image result or evaluation."""
        self._random_weights = {}
        if not self.training.has_model():
            self._stale_evaluation = False
            self._cancel_evaluation()
            self.evaluation.clear()
            self._update_kernels()  # views behind a tab too: none keeps the old pictures
            self._update_real()
        self._update_evaluation_state()
        self.refresh()

    def _cancel_evaluation(self) -> None:
        job, self._job = self._job, None
        self._poll.stop()
        if job is not None:
            job.cancel()

    def _on_visible(self, name: str, visible: bool) -> None:
        if not visible:
            return
        if name == "evaluation" and self._stale_evaluation:
            self.evaluate()
        elif name == "kernels":
            self._update_kernels()
        elif name == "explain":
            self._update_page()

    def show_sample(self, index: int) -> None:
        """Show validation sample ``index`` in the feature-map viewer."""
        if self.training is None:
            return
        self.training.probes.view.sample_spin.setValue(index)
        self.window.docks.show("feature-maps")

    def explain(self, node_id: str, bottleneck: bool = False) -> None:
        """Show block ``node_id`` in Explain Convolution (on the 1×1 bottleneck page)."""
        self.window.canvas.select_ids([node_id])
        self.inside = None  # a block of the network
        self.set_selection([node_id])
        self.window.docks.show("explain")
        page = self.explainer.bottleneck if bottleneck else self.explainer.animation
        self.explainer.setCurrentWidget(page)

    # ----------------------------------------------------------------- closing
    def shutdown(self) -> None:
        """Stop a running evaluation and wait for its thread."""
        self._live.stop()
        job = self._job
        self._cancel_evaluation()
        if job is not None:
            if not job.join(10.0):
                log.error("the evaluation thread did not stop")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Hide and not event.spontaneous() and watched is self.window:
            self.shutdown()
        return False


def install_insight(window, document, training=None) -> InsightController:
    """Fill the Explain Convolution, Kernels and Evaluation docks of main window ``window``."""
    ctl = InsightController(window, document, training)
    window.installEventFilter(ctl)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(ctl.shutdown)
    return ctl
