"""The 1×1 bottleneck calculator: what a 1×1 convolution in front of the selected
convolution would save in parameters and multiply-accumulates (the lesson's point about
channel control and cheaper compute), with a button that inserts it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from widgets.common import signals_blocked
from widgets.format import human_count, thousands

translate = QCoreApplication.translate


class BottleneckPanel(QWidget):
    """What a 1×1 bottleneck in front of the selected convolution would save.

    Signals
    -------
    channelsChanged(int)
        The user chose another bottleneck width (the app recomputes the savings).
    insertRequested(int)
        Insert the bottleneck with this many channels.
    """

    channelsChanged = Signal(int)
    insertRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.channels = QSpinBox()
        self.channels.setPrefix(self.tr("1×1 to "))
        self.channels.setSuffix(self.tr(" channels"))
        self.channels.setRange(1, 65536)
        self.channels.valueChanged.connect(self.channelsChanged)
        self.table = QLabel()
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.insert_button = QPushButton(self.tr("Insert 1×1 bottleneck"))
        self.insert_button.setToolTip(
            self.tr("Put a 1×1 convolution in front of this block (undoable)")
        )
        self.insert_button.clicked.connect(lambda: self.insertRequested.emit(self.channels.value()))
        row = QHBoxLayout()
        row.addWidget(self.channels)
        row.addStretch(1)
        row.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(self.explanation)
        layout.addStretch(1)
        self.savings = None
        self.show_unavailable(
            self.tr(
                "Select a convolution larger than 1×1 to see what a 1×1 "
                "bottleneck in front of it would save."
            )
        )

    def show_unavailable(self, text: str) -> None:
        self.savings = None
        self.heading.setText(text)
        for widget in (self.channels, self.insert_button, self.table, self.explanation):
            widget.setVisible(False)

    def show_savings(self, savings, title: str) -> None:
        """Show a :class:`engine.teaching.insight.BottleneckSavings` for node ``title``."""
        self.savings = savings
        s = savings
        kh, kw = s.kernel
        self.heading.setText(
            f"<b>{html.escape(title)}</b>: "
            + self.tr("{size} convolution, {inputs} → {outputs} channels").format(
                size=f"{kh}×{kw}", inputs=s.in_channels, outputs=s.out_channels
            )
        )
        with signals_blocked(self.channels):
            self.channels.setRange(1, max(1, s.in_channels))
            self.channels.setValue(s.channels)
        self.table.setText(_savings_table(s))
        r = s.channels
        verdict = (
            self.tr("It saves {percent} of the network's computation.").format(
                percent=_percent(s.saved_macs, s.macs_before)
            )
            if s.worthwhile
            else self.tr("With this many channels it would cost more than it saves.")
        )
        self.explanation.setText(
            self.tr(
                "A 1×1 convolution first mixes the {inputs} input channels down to {reduced} at "
                "each pixel; the {size} kernel then works on {reduced} channels instead of "
                "{inputs}."
            ).format(inputs=s.in_channels, reduced=r, size=f"{kh}×{kw}")
            + " "
            + verdict
        )
        for widget in (self.channels, self.insert_button, self.table, self.explanation):
            widget.setVisible(True)
        self.insert_button.setEnabled(s.channels < s.in_channels)


def _savings_table(s) -> str:
    rows = [
        (
            translate("BottleneckPanel", "Parameters"),
            s.params_before,
            s.params_after,
            s.saved_params,
        ),
        (translate("BottleneckPanel", "MACs"), s.macs_before, s.macs_after, s.saved_macs),
    ]
    cells = "".join(
        f"<tr><td>{name}</td><td align=right>{thousands(before)}</td>"
        f"<td align=right>{thousands(after)}</td>"
        f"<td align=right><b>{'−' if saved >= 0 else '+'}{human_count(abs(saved))}</b> "
        f"({_percent(abs(saved), before)})</td></tr>"
        for name, before, after, saved in rows
    )
    now, with_1x1, change = (
        translate("BottleneckPanel", "network now"),
        translate("BottleneckPanel", "with 1×1"),
        translate("BottleneckPanel", "change"),
    )
    head = (
        f"<tr><th></th><th align=right>{now}</th><th align=right>{with_1x1}</th>"
        f"<th align=right>{change}</th></tr>"
    )
    return f"<table cellspacing=6>{head}{cells}</table>"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "—"
