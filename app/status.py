"""The status bar's permanent part: parameters, MACs, output shape and problems."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMainWindow, QToolButton

from engine.analysis import Analysis
from widgets.format import human_count, shape_text


class StatusBar(QObject):
    """Totals and the problem count of the current analysis, in ``window``'s status bar."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        bar = window.statusBar()
        self.params_label = QLabel()
        self.macs_label = QLabel()
        self.output_label = QLabel()
        self.problems_button = QToolButton()
        self.problems_button.setAutoRaise(True)
        self.problems_button.setToolTip(self.tr("Show the summary table with every problem"))
        self.problems_button.clicked.connect(window.show_summary)
        for widget in (self.params_label, self.macs_label, self.output_label, self.problems_button):
            widget.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(widget)
        # The window's names for them (tests and scripts read them there).
        window.params_label, window.macs_label = self.params_label, self.macs_label
        window.output_label, window.problems_button = self.output_label, self.problems_button

    def update(self, analysis: Analysis) -> None:
        params, macs = analysis.total_params, analysis.total_macs
        self.params_label.setText(self.tr("Params: {count}").format(count=human_count(params)))
        self.params_label.setToolTip(
            self.tr("{count} learnable parameters").format(count=f"{params:,}")
        )
        self.macs_label.setText(self.tr("MACs: {count}").format(count=human_count(macs)))
        self.macs_label.setToolTip(
            self.tr("{count} multiply-accumulates per sample").format(count=f"{macs:,}")
        )
        self.output_label.setText(
            self.tr("Output: {shape}").format(shape=shape_text(analysis.output_shape))
        )
        self._show_problems(analysis)

    def _show_problems(self, analysis: Analysis) -> None:
        button, count = self.problems_button, len(analysis.problems)
        if count:
            text = self.tr("⚠ {count} problems") if count > 1 else self.tr("⚠ {count} problem")
            button.setText(text.format(count=count))
            first = analysis.problems[0]
            where = f"{first.node}: " if first.node else ""
            button.setToolTip(f"{where}{first.message}\n" + self.tr("(click for all)"))
            button.setStyleSheet("color: #d64545; font-weight: 600;")
        else:
            button.setText(self.tr("✓ No problems"))
            button.setToolTip(self.tr("The network compiles"))
            button.setStyleSheet("")
