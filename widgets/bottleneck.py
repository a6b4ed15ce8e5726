"""The 1×1 bottleneck view: the selected convolution's own cost now and with a 1×1
convolution (and a ReLU) in front, the network's totals, and a button that inserts it.

The lesson's three points about 1×1 convolutions are on screen: it sets the number of
channels (the width spin, the lesson's 16 one click away), it cuts computation (the
layer's MACs before and after: GoogLeNet's 28×28×192 → 5×5×32 costs 120.4 M alone,
2.4 M + 10.0 M with a 16-channel 1×1), and with its ReLU it adds a non-linearity. For an
Inception block it shows each branch as built and without its 1×1 reduction.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.teaching.insight import LESSON_CHANNELS
from widgets.common import signals_blocked
from widgets.cost_table import (
    change,
    cost_head,
    cost_row,
    layer_heading,
    mega,
    network_table,
    table,
)
from widgets.cost_table import text_label as _label

translate = QCoreApplication.translate


class BottleneckPanel(QWidget):
    """What a 1×1 bottleneck in front of the selected convolution does to its cost.

    Signals
    -------
    settingsChanged()
        The user chose another width or toggled the ReLU (the app recomputes).
    insertRequested(int, bool)
        Insert the bottleneck with this many channels, with a ReLU after it or not.
    """

    settingsChanged = Signal()
    insertRequested = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = _label(rich=True)
        self.channels = QSpinBox()
        self.channels.setPrefix(self.tr("1×1 to "))
        self.channels.setSuffix(self.tr(" channels"))
        self.channels.setRange(1, 65536)
        self.channels.valueChanged.connect(self.settingsChanged)
        self.lesson_button = self._quick(self.tr("16 (lesson)"), LESSON_CHANNELS)
        self.lesson_button.setToolTip(
            self.tr("The lesson's example: GoogLeNet reduces 192 channels to 16 before a 5×5")
        )
        self.quarter_button = self._quick(self.tr("¼ of the input"), 0)
        self.relu = QCheckBox(self.tr("ReLU after the 1×1"))
        self.relu.setChecked(True)
        self.relu.setToolTip(
            self.tr("GoogLeNet follows every 1×1 with a ReLU: one more non-linearity")
        )
        self.relu.toggled.connect(self._on_relu)
        self.insert_button = QPushButton()
        self.insert_button.clicked.connect(self._insert)
        self.layer = _label(rich=True)
        self.network = _label(rich=True)
        self.explanation = _label()
        self.branches = _label(rich=True)
        self._build_layout()
        self.savings = None
        self._update_button_text()
        self.show_unavailable(
            self.tr(
                "Select a convolution larger than 1×1 to see what a 1×1 "
                "bottleneck in front of it would save."
            )
        )

    def _quick(self, text: str, value: int) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.clicked.connect(lambda: self.channels.setValue(value or self._quarter()))
        return button

    def _quarter(self) -> int:
        return max(1, (self.savings.in_channels if self.savings else 4) // 4)

    def _build_layout(self) -> None:
        row = QHBoxLayout()
        for widget in (self.channels, self.lesson_button, self.quarter_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.relu)
        row.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        for widget in (self.layer, self.network, self.explanation, self.branches):
            layout.addWidget(widget)
        layout.addStretch(1)

    # ----------------------------------------------------------------- API
    def relu_after(self) -> bool:
        return self.relu.isChecked()

    def show_unavailable(self, text: str) -> None:
        self.savings = None
        self.heading.setText(html.escape(text))
        self._show(False)
        self.branches.setVisible(False)

    def show_savings(self, savings, title: str) -> None:
        """Show a :class:`engine.teaching.insight.BottleneckSavings` for node ``title``."""
        self.savings = s = savings
        size = f"{s.kernel[0]}×{s.kernel[1]}"
        self.heading.setText(layer_heading(title, s))
        with signals_blocked(self.channels):
            self.channels.setRange(1, max(1, s.in_channels))
            self.channels.setValue(s.channels)
        self.lesson_button.setEnabled(s.in_channels > LESSON_CHANNELS)
        self.layer.setText(self._layer_table(s, size))
        self.network.setText(network_table(s.network_before, s.network_after))
        self.explanation.setText(self._explain(s, size))
        self._show(True)
        self.branches.setVisible(False)
        self.insert_button.setEnabled(s.channels < s.in_channels)

    def show_inception(self, branches, title: str, in_shape, paper=None) -> None:
        """Show the branches of an Inception block (:func:`engine.teaching.insight.
        inception_branches`) as built and without their 1×1 reductions; ``paper`` is the
        third branch with the paper's 5×5 kernel when the block has another."""
        self.savings = None
        c, h, w = in_shape
        self.heading.setText(
            f"<b>{html.escape(title)}</b>: "
            + html.escape(self.tr("Inception block on {channels}×{height}×{width}")).format(
                channels=c, height=h, width=w
            )
        )
        self._show(False)
        self.branches.setText(self._branch_table(branches, paper))
        self.branches.setVisible(True)

    # ----------------------------------------------------------------- internals
    def _show(self, visible: bool) -> None:
        for widget in (
            self.channels,
            self.lesson_button,
            self.quarter_button,
            self.relu,
            self.insert_button,
            self.layer,
            self.network,
            self.explanation,
        ):
            widget.setVisible(visible)

    def _on_relu(self, _checked: bool) -> None:
        self._update_button_text()
        self.settingsChanged.emit()

    def _update_button_text(self) -> None:
        self.insert_button.setText(
            self.tr("Insert 1×1 + ReLU") if self.relu_after() else self.tr("Insert 1×1")
        )
        self.insert_button.setToolTip(
            self.tr("Put a 1×1 convolution in front of this block (undoable)")
        )

    def _insert(self) -> None:
        self.insertRequested.emit(self.channels.value(), self.relu_after())

    def _layer_table(self, s, size: str) -> str:
        rows = [
            cost_row(
                self.tr("now: {size}, {inputs} → {outputs}").format(
                    size=size, inputs=s.in_channels, outputs=s.out_channels
                ),
                s.layer_before,
            ),
            cost_row(
                self.tr("1×1, {inputs} → {reduced}").format(
                    inputs=s.in_channels, reduced=s.channels
                ),
                s.reduce,
            ),
            cost_row(
                self.tr("{size}, {reduced} → {outputs}").format(
                    size=size, reduced=s.channels, outputs=s.out_channels
                ),
                s.layer_after,
            ),
            cost_row(
                self.tr("with the 1×1: total ({change} MACs)").format(
                    change=change(s.layer_before.macs, s.layer_total.macs)
                ),
                s.layer_total,
            ),
        ]
        return table(cost_head(self.tr("this layer")), rows, bold_last=True)

    def _explain(self, s, size: str) -> str:
        text = self.tr(
            "A 1×1 convolution first mixes the {inputs} input channels down to {reduced} at "
            "each pixel; the {size} kernel then works on {reduced} channels instead of "
            "{inputs}."
        ).format(inputs=s.in_channels, reduced=s.channels, size=size)
        verdict = (
            self.tr("It saves {percent} of the network's computation.").format(
                percent=f"{100 * s.saved_macs / s.network_before.macs:.1f} %"
            )
            if s.worthwhile
            else self.tr("With this many channels it would cost more than it saves.")
        )
        parts = [text, verdict]
        if s.relu:
            parts.append(
                self.tr(
                    "The ReLU after the 1×1 adds one more non-linearity at no cost in "
                    "parameters: the network can represent more complex patterns (the "
                    "lesson's third point about 1×1 convolutions)."
                )
            )
        return " ".join(parts)

    def _branch_table(self, branches, paper=None) -> str:
        head = [
            self.tr("branch"),
            self.tr("as built: parameters"),
            self.tr("MACs"),
            self.tr("without the 1×1: MACs"),
        ]
        rows = [_branch_row(b) for b in branches]
        if paper is not None:
            name, *numbers = _branch_row(paper)
            rows.append((self.tr("with the paper's 5×5: {branch}").format(branch=name), *numbers))
        saved = sum(
            b.without_reduction.macs - b.built.macs for b in branches if b.without_reduction
        )
        note = self.tr(
            "The 1×1 reductions in front of the 3×3 and the larger kernel save {macs} MACs "
            "in this block."
        ).format(macs=mega(saved))
        return table(head, rows) + f"<p>{html.escape(note)}</p>"


def _branch_row(b) -> tuple[str, str, str, str]:
    without = b.without_reduction
    layers = " + ".join(name for name, _cost in b.layers)
    return (
        f"{b.name} ({layers})",
        f"{b.built.params:,}",
        mega(b.built.macs),
        f"{mega(without.macs)} ({b.direct})" if without else "—",
    )
