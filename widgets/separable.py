"""The depthwise separable view: the selected k×k convolution's cost against a depthwise
k×k (groups = input channels) followed by a pointwise 1×1, with one-click replace.

MobileNet's idea in numbers: k²·C_in·C_out weights against k²·C_in + C_in·C_out, the
same ratio of multiply-accumulates, 1/C_out + 1/k² of the original.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from widgets.cost_table import change, cost_head, cost_row, layer_heading, network_table, table
from widgets.cost_table import text_label as _label


class SeparablePanel(QWidget):
    """What making the selected convolution depthwise separable would save.

    Signals
    -------
    settingsChanged()
        The ReLU option changed (the app recomputes).
    replaceRequested(bool)
        Replace the convolution, with a ReLU between the two layers or not.
    """

    settingsChanged = Signal()
    replaceRequested = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = _label(rich=True)
        self.relu = QCheckBox(self.tr("ReLU between depthwise and pointwise"))
        self.relu.setToolTip(
            self.tr("MobileNet puts batch norm and ReLU after the depthwise convolution")
        )
        self.relu.toggled.connect(self.settingsChanged)
        self.replace_button = QPushButton(self.tr("Replace with depthwise separable"))
        self.replace_button.setToolTip(
            self.tr(
                "Make this convolution depthwise and add a 1×1 pointwise convolution after "
                "it (one undoable step)"
            )
        )
        self.replace_button.clicked.connect(lambda: self.replaceRequested.emit(self.relu_between()))
        self.layer = _label(rich=True)
        self.network = _label(rich=True)
        self.explanation = _label()
        row = QHBoxLayout()
        row.addWidget(self.relu)
        row.addStretch(1)
        row.addWidget(self.replace_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        for widget in (self.layer, self.network, self.explanation):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.savings = None
        self.show_unavailable(
            self.tr(
                "Select a convolution larger than 1×1 to compare it with a depthwise separable one."
            )
        )

    def relu_between(self) -> bool:
        return self.relu.isChecked()

    def show_unavailable(self, text: str) -> None:
        self.savings = None
        self.heading.setText(html.escape(text))
        for widget in (self.relu, self.replace_button, self.layer, self.network, self.explanation):
            widget.setVisible(False)

    def show_savings(self, savings, title: str) -> None:
        """Show a :class:`engine.teaching.separable.SeparableSavings` for node ``title``."""
        self.savings = s = savings
        size = f"{s.kernel[0]}×{s.kernel[1]}"
        self.heading.setText(layer_heading(title, s))
        self.layer.setText(self._layer_table(s, size))
        self.network.setText(network_table(s.network_before, s.network_after))
        self.explanation.setText(self._explain(s, size))
        for widget in (self.relu, self.replace_button, self.layer, self.network, self.explanation):
            widget.setVisible(True)

    def _layer_table(self, s, size: str) -> str:
        rows = [
            cost_row(
                self.tr("now: {size}, {inputs} → {outputs}").format(
                    size=size, inputs=s.in_channels, outputs=s.out_channels
                ),
                s.layer_before,
            ),
            cost_row(
                self.tr("depthwise {size}, groups {groups}").format(
                    size=size, groups=s.in_channels
                ),
                s.depthwise,
            ),
            cost_row(
                self.tr("pointwise 1×1, {inputs} → {outputs}").format(
                    inputs=s.in_channels, outputs=s.out_channels
                ),
                s.pointwise,
            ),
            cost_row(
                self.tr("separable: total ({change} MACs)").format(
                    change=change(s.layer_before.macs, s.layer_after.macs)
                ),
                s.layer_after,
            ),
        ]
        return table(cost_head(self.tr("this layer")), rows, bold_last=True)

    def _explain(self, s, size: str) -> str:
        k2 = s.kernel[0] * s.kernel[1]
        return self.tr(
            "A full {size} convolution mixes space and channels at once: {k2}·{inputs}·"
            "{outputs} weights. The depthwise one filters each of the {inputs} channels on "
            "its own ({k2}·{inputs}), and the 1×1 then mixes the channels ({inputs}·"
            "{outputs}). The layer keeps {ratio} of its multiply-accumulates: 1/{outputs} + "
            "1/{k2}."
        ).format(
            size=size,
            k2=k2,
            inputs=s.in_channels,
            outputs=s.out_channels,
            ratio=f"{100 * s.ratio:.1f} %",
        )
