"""Parts of the inspector: its titled sections and text helpers, the switch that freezes
a block's weights, and the note of a block waiting for a problem upstream.

The inspector (:mod:`widgets.inspector`) lays them out; like it, they emit requests
(``trainableEdited``, ``nodeRequested``) and never edit the graph.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.analysis import Analysis, NodeInfo
from engine.graph import Graph, Node


def dim(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def small(label: QLabel, scale: float = 0.9) -> QLabel:
    font = QFont(label.font())
    font.setPointSizeF(max(6.5, font.pointSizeF() * scale))
    label.setFont(font)
    return label


def wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Section(QWidget):
    """A titled part of the inspector: a small bold caption over a rule, then content."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = QLabel(title.upper())
        font = QFont(self.caption.font())
        font.setBold(True)
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.caption.setFont(font)
        dim(self.caption)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setForegroundRole(QPalette.ColorRole.Mid)
        self.head = QHBoxLayout()
        self.head.setContentsMargins(0, 0, 0, 0)
        self.head.addWidget(self.caption)
        self.head.addWidget(rule, 1)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 6, 0, 2)
        self.body.setSpacing(4)
        self.body.addLayout(self.head)


class TrainSwitch(Section):
    """ "Train this block's weights": unticked, the block is frozen (fine-tuning).

    Shown for blocks with weights, and for any block marked frozen (so it can be
    unfrozen). Emits ``trainableEdited(node id, trainable)``; never edits.
    """

    trainableEdited = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Training"), parent)
        self.node_id: str | None = None
        self.check = QCheckBox(self.tr("Train this block's weights"))
        self.check.setToolTip(
            self.tr(
                "Untick to freeze the block: training then leaves its weights (and its "
                "batch statistics) exactly as they are, e.g. while a new head learns "
                "on top of imported weights"
            )
        )
        self.check.toggled.connect(self._toggled)
        self.note = small(dim(wrapped()), 0.85)
        self.body.addWidget(self.check)
        self.body.addWidget(self.note)

    def show_node(self, node: Node, info: NodeInfo | None, is_end: bool) -> None:
        """Show ``node``'s switch, or hide it where there are no weights to freeze."""
        self.node_id = node.id
        params = None if info is None or info.shape is None else info.params
        self.setVisible(not is_end and (bool(params) or not node.trainable))
        self.check.blockSignals(True)
        self.check.setChecked(node.trainable)
        self.check.blockSignals(False)
        if node.trainable:
            self.note.setText("")
        elif params:
            self.note.setText(self.tr("Frozen: training leaves these weights as they are."))
        else:
            self.note.setText(self.tr("Frozen, though this block has no weights to train."))
        self.note.setVisible(bool(self.note.text()))

    def _toggled(self, checked: bool) -> None:
        if self.node_id is not None:
            self.trainableEdited.emit(self.node_id, checked)


class WaitingNote(Section):
    """Why a block shows no shape: the problem upstream it waits for, with a button that
    selects that block (``nodeRequested(id)``)."""

    nodeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Waiting"), parent)
        self.cause: str | None = None
        self.text = wrapped()
        self.button = QPushButton()
        self.button.clicked.connect(self._go)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addStretch(1)
        self.body.addWidget(self.text)
        self.body.addLayout(row)

    def show_node(self, graph: Graph, node_id: str, analysis: Analysis | None) -> None:
        info = analysis.nodes.get(node_id) if analysis is not None else None
        waiting = info is not None and info.status == "waiting"
        self.setVisible(waiting)
        if not waiting:
            return
        self.cause = root_cause(graph, analysis, node_id)
        if self.cause is None:
            self.text.setText(
                self.tr(
                    "Its shape, parameters and cost are unknown until the problem before "
                    "it is fixed."
                )
            )
        else:
            node = graph.nodes[self.cause]
            name = node.label or self.cause
            self.text.setText(
                self.tr(
                    "Its shape, parameters and cost are unknown until the problem at "
                    "“{block}” is fixed: {problem}"
                ).format(block=name, problem=analysis.nodes[self.cause].problems[0])
            )
            self.button.setText(self.tr("Show “{block}”").format(block=name))
        self.button.setVisible(self.cause is not None)

    def _go(self) -> None:
        if self.cause is not None:
            self.nodeRequested.emit(self.cause)


def root_cause(graph: Graph, analysis: Analysis, node_id: str) -> str | None:
    """The nearest block upstream of ``node_id`` with a problem of its own (None: none,
    e.g. the block waits behind a cycle)."""
    seen, queue = {node_id}, deque([node_id])
    while queue:
        for edge in graph.inputs_of(queue.popleft()):
            source = edge.source
            if source in seen:
                continue
            info = analysis.nodes.get(source)
            if info is not None and info.problems:
                return source
            seen.add(source)
            queue.append(source)
    return None
