"""Look inside a composite block: its layers on a read-only canvas, with a way back.

:class:`InnerView` shows a breadcrumb ("Network › layer2_0 · Residual block"), a Back
button, an "Expand into Primitives" button, and a :class:`ReadOnlyCanvas` with the
block's inner layers and their shapes. Nothing done here edits the network: the view
emits ``backRequested`` (Back, the breadcrumb, Esc) and ``expandRequested``; the app
decides.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.analysis import Analysis
from engine.graph import Graph
from widgets.canvas import CanvasView, lod
from widgets.canvas.sizes import DOWN


class ReadOnlyCanvas(CanvasView):
    """A canvas that shows a graph and offers no edit: blocks stay put, nothing is
    dropped, Tab opens nothing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(False)
        self.canvas_scene.stages.enabled = False  # one block's layers: no stage frames
        self.canvas_scene.read_only = True  # blocks stay put, ports don't connect

    def fit_to_view(self) -> None:
        """The whole block where it reads at full detail (the cards' kernel sizes and
        strides tell a 1×1 from a 3×3 convolution), else its start at full detail, to
        scroll through. Kept so as the view changes size, like the canvas's fit."""
        super().fit_to_view()
        rect = self.canvas_scene.blocks_rect()
        if self.zoom() >= lod.FULL_SCALE or rect.isEmpty():
            return
        self.resetTransform()
        self.scale(lod.FULL_SCALE, lod.FULL_SCALE)
        half = QPointF(self.viewport().width(), self.viewport().height()) / 2 / lod.FULL_SCALE
        start = QPointF(rect.center().x(), rect.top() - 30 + half.y())
        if self.canvas_scene.flow != DOWN:
            start = QPointF(rect.left() - 30 + half.x(), rect.center().y())
        QGraphicsView.centerOn(self, start)  # (the canvas's centerOn would drop the fit)
        self.canvas_scene.set_detail(lod.FULL)
        self.zoomChanged.emit(self.zoom())

    def open_quick_add(self, scene_pos=None, context=None):  # noqa: ARG002 (read-only)
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return
        super().keyPressEvent(event)


class InnerView(QWidget):
    """The inside of one composite block.

    Signals
    -------
    backRequested()
        Back, the breadcrumb's first part, or Esc.
    expandRequested(str)
        "Expand into Primitives" for the block shown (its id).
    """

    backRequested = Signal()
    expandRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.node_id: str | None = None
        self.back = QToolButton()
        self.back.setText(self.tr("◀ Back"))
        self.back.setToolTip(self.tr("Back to the whole network (Esc)"))
        self.back.clicked.connect(self.backRequested)
        self.crumbs = QLabel()
        self.crumbs.setTextFormat(Qt.TextFormat.RichText)
        self.crumbs.linkActivated.connect(lambda _link: self.backRequested.emit())
        self.note = QLabel(self.tr("read-only"))
        self.note.setEnabled(False)  # drawn dimmed
        self.expand = QPushButton(self.tr("Expand into Primitives"))
        self.expand.setToolTip(
            self.tr("Replace the block by these layers in the network (an edit you can undo)")
        )
        self.expand.clicked.connect(self._expand)
        self.canvas = ReadOnlyCanvas(self)
        self._build()

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.addWidget(self.back)
        bar.addWidget(self.crumbs, 1)
        bar.addWidget(self.note)
        bar.addWidget(self.expand)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)

    def show_inside(
        self, node_id: str, graph: Graph, analysis: Analysis, network: str, block: str
    ) -> None:
        """Show ``graph`` (the block's layers) with the breadcrumb ``network › block``."""
        self.node_id = node_id
        self.crumbs.setText(
            f'<a href="back">{html.escape(network)}</a> › <b>{html.escape(block)}</b>'
        )
        self.canvas.set_graph(graph)
        self.canvas.set_analysis(analysis)
        self.canvas.fit_to_view()
        QTimer.singleShot(0, self.canvas, self.canvas.fit_to_view)  # once laid out

    def _expand(self) -> None:
        if self.node_id is not None:
            self.expandRequested.emit(self.node_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.backRequested.emit()
            return
        super().keyPressEvent(event)
