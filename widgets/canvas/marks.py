"""What the analysis shows on the canvas: shapes, parameter counts, problems, waiting.

A mixin of :class:`~widgets.canvas.scene.CanvasScene`. An incremental analysis
(:meth:`Analysis.changed_since`) updates only the blocks it changed and the edges
leaving them; any other redraws everything.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine.analysis import Analysis
from engine.graph import Edge
from engine.registry import get_spec
from widgets.canvas.items import NodeItem, PortItem
from widgets.canvas.text import tooltip_html
from widgets.format import human_count, shape_text


class AnalysisMarks:
    """Analysis results on the items (needs ``node_items``, ``edge_items``, ``graph``)."""

    def set_analysis(self, analysis: Analysis | None) -> None:
        """Update text, colours and edge labels; never creates or removes items.

        When ``analysis`` updates the one shown (:meth:`Analysis.changed_since`), only
        the blocks it changed and the edges leaving them are touched. Tooltips are only
        marked stale here and written when one is about to show.
        """
        previous, self.analysis = self.analysis, analysis
        changed = analysis.changed_since(previous) if analysis is not None else None
        ids = self.node_items if changed is None else [n for n in changed if n in self.node_items]
        if self._apply_infos(ids):
            self.contentChanged.emit()  # colours changed (the minimap)
        self.stages.refresh_summaries(changed)
        if changed is None:
            self._relabel_edges(self.edge_items.items())
        else:
            leaving = ((item.edge, [item]) for nid in ids for item in self.node_items[nid].edges)
            self._relabel_edges(pair for pair in leaving if pair[0].source in changed)

    def _apply_infos(self, ids) -> bool:
        """Apply the analysis to these blocks; True when a block's colour changed."""
        items = self.node_items
        before = [(items[nid].problem, items[nid].waiting) for nid in ids]
        for nid in ids:
            self._apply_info(nid)
        return before != [(items[nid].problem, items[nid].waiting) for nid in ids]

    def _relabel_edges(self, pairs) -> None:
        labels: dict[str, str] = {}
        for edge, items in pairs:
            if edge.source not in labels:
                labels[edge.source] = self._edge_label(edge)
            for item in items:
                item.set_label(labels[edge.source])

    def _info(self, nid: str):
        return self.analysis.nodes.get(nid) if self.analysis is not None else None

    def _apply_info(self, nid: str) -> None:
        info = self._info(nid)
        item = self.node_items[nid]
        if info is None:
            item.set_stats("", False)
        elif info.shape is None and info.problems:  # no shape to show: say what is wrong
            item.set_stats(info.problems[0], True, alert=True, brief="!")
        elif info.waiting:
            text = QCoreApplication.translate("Canvas", "? · waiting for an input shape")
            item.set_stats(text, False, "?", waiting=True, brief="?")
        else:
            shape = shape_text(info.shape)
            count = human_count(info.params) if info.params else ""
            text = QCoreApplication.translate("Canvas", "{shape} · {count} params")
            item.set_stats(
                text.format(shape=shape, count=count) if count else shape,
                bool(info.problems),
                f"{shape} · {count}" if count else "",
                brief=shape,
            )
        item.tooltip_stale = True

    def node_tooltip(self, nid: str) -> str:
        """The rich-text tooltip of a node, brought up to date."""
        item = self.node_items[nid]
        if item.tooltip_stale:
            node = self.graph.nodes[nid]
            item.setToolTip(
                tooltip_html(node, get_spec(node.type), self._info(nid), self.theme.problem.name())
            )
            item.tooltip_stale = False
        return item.toolTip()

    def helpEvent(self, event) -> None:
        item = self.item_at(event.scenePos())
        if isinstance(item, NodeItem):
            self.node_tooltip(item.node_id)
        elif isinstance(item, PortItem):
            item.ensure_tooltip()
        super().helpEvent(event)

    def _edge_label(self, edge: Edge) -> str:
        if self.analysis is None or edge.source not in self.analysis.nodes:
            return ""
        return shape_text(self.analysis.edge_shape(edge.source))  # "?" when unknown
