"""Stacked small kernels against one large kernel: VGG's argument, with numbers.

:class:`StackedKernelsView` lets the user choose n layers of k×k, the channels C and the
map size; it draws how far one unit of each layer sees (a cross-section of the
receptive field: each layer's unit looks at k units of the layer below) next to the one
layer with the same field, and compares weights (n·k²·C² against K²·C²: 27C² against
49C² for three 3×3 and one 7×7), multiply-accumulates and non-linearities.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.teaching.stacking import StackComparison, compare
from widgets.common import signals_blocked
from widgets.cost_table import cost_head, mega, table, text_label
from widgets.export_image import add_save_menu

ACCENT = QColor("#f97316")
LINK = QColor("#3b82f6")
LABEL = 52.0  # room left of the rows for "input", "layer 1"…


class StackCanvas(QWidget):
    """Two cross-sections: n stacked k×k layers, and one K×K layer, over the same input."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.comparison: StackComparison | None = None

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    def set_comparison(self, comparison: StackComparison) -> None:
        self.comparison = comparison
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        c = self.comparison
        if c is not None:
            half = self.width() / 2
            stacked = self.tr("{layers} × {kernel}×{kernel} layers").format(
                layers=c.layers, kernel=c.kernel
            )
            single = self.tr("1 × {kernel}×{kernel} layer").format(kernel=c.single_kernel)
            self._pyramid(
                painter,
                QRectF(8, 8, half - 16, self.height() - 16),
                c.layers,
                c.kernel,
                stacked,
                c.layers,
            )
            self._pyramid(
                painter,
                QRectF(half + 8, 8, half - 16, self.height() - 16),
                1,
                c.single_kernel,
                single,
                c.layers,
            )
        painter.end()

    def _pyramid(
        self, painter: QPainter, area: QRectF, layers: int, kernel: int, title: str, tallest: int
    ) -> None:
        """Rows of units from the input (bottom) to the last layer (top); the one unit at
        the top and, in each row below, the units it depends on."""
        field = layers * (kernel - 1) + 1
        width = field + 2  # one unused unit each side: the field has edges
        room = area.width() - LABEL
        cell = max(4.0, min(28.0, room / width, (area.height() - 40) / (tallest + 1) / 1.8))
        gap = cell * 0.8
        left = area.left() + LABEL + (room - width * cell) / 2
        height = (tallest + 1) * (cell + gap) - gap  # both drawings share one input row
        bottom = area.top() + 20 + (area.height() - 40 + height) / 2
        text = self.palette().color(QPalette.ColorRole.Text)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        rows = []
        for level in range(layers + 1):  # level 0 is the input
            seen = (layers - level) * (kernel - 1) + 1
            first = 1 + (field - seen) // 2
            y = bottom - level * (cell + gap) - cell
            rows.append((y, first, seen))
            self._row_label(painter, QRectF(left - LABEL, y, LABEL - 6, cell), level)
            for i in range(width):
                rect = QRectF(left + i * cell, y, cell, cell)
                inside = first <= i < first + seen
                painter.fillRect(
                    rect,
                    ACCENT if inside and level == layers else _alpha(ACCENT, 70 if inside else 0),
                )
                painter.setPen(QPen(muted, 1))
                painter.drawRect(rect)
        self._links(painter, rows, left, cell, kernel)
        painter.setPen(text)
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), 18), Qt.AlignmentFlag.AlignHCenter, title
        )
        painter.setPen(muted)
        label = self.tr("input: {field} pixels seen").format(field=field)
        painter.drawText(
            QRectF(area.left(), bottom + 2, area.width(), 16), Qt.AlignmentFlag.AlignHCenter, label
        )

    def _row_label(self, painter: QPainter, rect: QRectF, level: int) -> None:
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        text = self.tr("input") if level == 0 else self.tr("layer {n}").format(n=level)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)

    def _links(self, painter: QPainter, rows, left: float, cell: float, kernel: int) -> None:
        """From each unit in the cone to the k units below it that it reads."""
        painter.setPen(QPen(_alpha(LINK, 110), 1))
        for (y, first, seen), (y_below, _first_below, _seen_below) in zip(rows[1:], rows):
            for i in range(first, first + seen):
                top = QPointF(left + (i + 0.5) * cell, y + cell)
                for j in range(i - (kernel - 1) // 2, i - (kernel - 1) // 2 + kernel):
                    painter.drawLine(top, QPointF(left + (j + 0.5) * cell, y_below))


class StackedKernelsView(QWidget):
    """The "Stacked kernels" dock: choose n and k, see field, weights and MACs."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layers = self._spin(self.tr("layers "), 1, 6, 3)
        self.kernel = self._spin(self.tr("kernel "), 2, 7, 3)
        self.channels = self._spin(self.tr("channels "), 1, 4096, 64)
        self.size = self._spin(self.tr("map "), 1, 1024, 56)
        self.channels.setToolTip(self.tr("Channels in and out of every layer (C)"))
        self.size.setToolTip(self.tr("Height and width of the feature map (padding keeps it)"))
        self.context = QLabel()
        self.canvas = StackCanvas()
        add_save_menu(self.canvas, name="stacked-kernels")
        self.numbers = text_label(rich=True)
        self.explanation = text_label()
        row = QHBoxLayout()
        for widget in (self.layers, self.kernel, self.channels, self.size):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.context)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.numbers)
        layout.addWidget(self.explanation)
        self.comparison: StackComparison | None = None
        self._update()

    def _spin(self, prefix: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setPrefix(prefix)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.valueChanged.connect(self._update)
        return spin

    def use_layer(self, title: str, channels: int, size: int) -> None:
        """Take C and the map size from a selected convolution (the app calls this)."""
        self.context.setText(
            self.tr("channels and map size from {block}").format(block=title) if title else ""
        )
        with signals_blocked(self.channels, self.size):
            self.channels.setValue(channels)
            self.size.setValue(size)
        self._update()

    def _update(self, *_args) -> None:
        c = compare(
            self.layers.value(), self.kernel.value(), self.channels.value(), self.size.value()
        )
        self.comparison = c
        self.canvas.set_comparison(c)
        self.numbers.setText(self._table(c))
        self.explanation.setText(self._explain(c))

    def _table(self, c: StackComparison) -> str:
        k, big, n = c.kernel, c.single_kernel, c.layers
        rows = [
            (
                self.tr("{layers} × {kernel}×{kernel}: {coefficient}·C²").format(
                    layers=n, kernel=k, coefficient=c.stacked_coefficient
                ),
                f"{c.stacked_params:,}",
                mega(c.stacked_macs),
                str(n),
            ),
            (
                self.tr("1 × {kernel}×{kernel}: {coefficient}·C²").format(
                    kernel=big, coefficient=c.single_coefficient
                ),
                f"{c.single_params:,}",
                mega(c.single_macs),
                "1",
            ),
        ]
        head = [*cost_head(self.tr("receptive field {field}×{field}").format(field=big)), "ReLU"]
        return table(head, rows)

    def _explain(self, c: StackComparison) -> str:
        fields = " → ".join(f"{f}×{f}" for f in c.fields())
        if c.saving > 0:
            verdict = self.tr("The stack has {percent} fewer weights and MACs.").format(
                percent=f"{100 * c.saving:.0f} %"
            )
        else:
            verdict = self.tr("Here the stack is not cheaper.")
        return self.tr(
            "Each stacked layer widens what a unit sees by {step}: {fields}. {layers} layers "
            "of {kernel}×{kernel} see as far as one {big}×{big} layer. {verdict} Each layer "
            "also brings its own ReLU: {layers} non-linearities instead of one. This is why "
            "VGG uses only 3×3 kernels."
        ).format(
            step=c.kernel - 1,
            fields=fields,
            layers=c.layers,
            kernel=c.kernel,
            big=c.single_kernel,
            verdict=verdict,
        )


def _alpha(colour: QColor, alpha: int) -> QColor:
    return QColor(colour.red(), colour.green(), colour.blue(), alpha)
