"""Feeds the explainer's 1×1 bottleneck and depthwise separable pages and applies their
edits, each as one undoable step (``app.commands.ApplyGraphEdit``).

The pages show the selected block's own cost before and after (from
:mod:`engine.teaching.insight` and :mod:`engine.teaching.separable`, which compare two
analyses); an Inception block shows its branches. The insight controller calls
:meth:`LayerCostController.refresh` when one of the pages is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from app.commands import ApplyGraphEdit
from engine.teaching.insight import (
    bottleneck_edit,
    bottleneck_problem,
    bottleneck_savings,
    inception_branches,
    input_problem,
)
from engine.teaching.separable import separable_edit, separable_problem, separable_savings

translate = QCoreApplication.translate


class LayerCostController(QObject):
    """The 1×1 bottleneck and depthwise separable pages of one explainer."""

    def __init__(self, explainer, document, parent: QObject | None = None):
        super().__init__(parent)
        self.explainer, self.document = explainer, document
        self.node_id: str | None = None
        self._widths: dict[str, int] = {}  # the width the user chose, per node
        b, s = explainer.bottleneck, explainer.separable
        b.settingsChanged.connect(self._on_bottleneck_settings)
        b.insertRequested.connect(self.insert_bottleneck)
        s.settingsChanged.connect(lambda: self.refresh(self.node_id))
        s.replaceRequested.connect(self.make_separable)

    def refresh(self, node_id: str | None) -> None:
        """Bring whichever of the two pages is current up to date with ``node_id``."""
        self.node_id = node_id
        page = self.explainer.currentWidget()
        if page is self.explainer.bottleneck:
            self._update_bottleneck()
        elif page is self.explainer.separable:
            self._update_separable()

    @staticmethod
    def _refused(panel, node, problem: str | None) -> bool:
        """Show why ``node`` can't be shown on ``panel``; True when there is a reason."""
        if problem:
            panel.show_unavailable(f"{node.label or node.id}: {problem}.")
        return bool(problem)

    # ----------------------------------------------------------------- 1×1 bottleneck
    def _on_bottleneck_settings(self) -> None:
        if self.node_id is not None and self.explainer.bottleneck.savings is not None:
            self._widths[self.node_id] = self.explainer.bottleneck.channels.value()
        self._update_bottleneck()

    def _update_bottleneck(self) -> None:
        panel = self.explainer.bottleneck
        graph, analysis = self.document.graph, self.document.analysis
        node = graph.nodes.get(self.node_id) if self.node_id else None
        if node is not None and node.type == "InceptionBlock":
            self._show_inception(node)
            return
        if node is None or node.type != "Conv2d":
            panel.show_unavailable(
                self.tr(
                    "Select a convolution larger than 1×1 (or an Inception block) to see what "
                    "a 1×1 bottleneck in front of it saves."
                )
            )
            return
        if self._refused(panel, node, bottleneck_problem(graph, analysis, node.id)):
            return
        width = self._widths.get(node.id)
        savings = bottleneck_savings(graph, node.id, width, analysis, panel.relu_after())
        panel.show_savings(savings, node.label or node.id)

    def _show_inception(self, node) -> None:
        panel = self.explainer.bottleneck
        graph, analysis = self.document.graph, self.document.analysis
        if self._refused(panel, node, input_problem(graph, analysis, node.id)):
            return
        in_shape = analysis.nodes[graph.inputs_of(node.id)[0].source].shape
        branches = inception_branches(graph, analysis, node.id)
        paper = None
        if node.params.get("kernel_5x5", 5) != 5:  # torchvision's 3×3: show the paper's 5×5
            paper = inception_branches(graph, analysis, node.id, kernel=5)[2]
        panel.show_inception(branches, node.label or node.id, in_shape, paper)

    def insert_bottleneck(self, channels: int, relu: bool = True) -> None:
        """Insert a 1×1 convolution to ``channels`` (and a ReLU) before the selected
        convolution, as one undoable edit."""
        graph = self.document.graph
        node_id = self.node_id
        if node_id is None or bottleneck_problem(graph, self.document.analysis, node_id):
            return
        edit = bottleneck_edit(graph, node_id, channels, relu)
        text = (
            translate("LayerCosts", "Insert 1×1 + ReLU before {block}")
            if relu
            else translate("LayerCosts", "Insert 1×1 before {block}")
        )
        self.document.push(ApplyGraphEdit(graph, edit, text.format(block=node_id)))
        self._widths.pop(node_id, None)

    # ----------------------------------------------------------------- depthwise separable
    def _update_separable(self) -> None:
        panel = self.explainer.separable
        graph, analysis = self.document.graph, self.document.analysis
        node = graph.nodes.get(self.node_id) if self.node_id else None
        if node is None:
            panel.show_unavailable(
                self.tr(
                    "Select a convolution larger than 1×1 to compare it with a depthwise "
                    "separable one."
                )
            )
            return
        if self._refused(panel, node, separable_problem(graph, analysis, node.id)):
            return
        savings = separable_savings(graph, node.id, analysis, panel.relu_between())
        panel.show_savings(savings, node.label or node.id)

    def make_separable(self, relu: bool = False) -> None:
        """Replace the selected convolution by depthwise + pointwise (one undoable edit)."""
        graph, analysis = self.document.graph, self.document.analysis
        node_id = self.node_id
        if node_id is None or separable_problem(graph, analysis, node_id):
            return
        edit = separable_edit(graph, analysis, node_id, relu)
        text = translate("LayerCosts", "Make {block} Depthwise Separable").format(block=node_id)
        self.document.push(ApplyGraphEdit(graph, edit, text))
