"""The convolution explainer: a kernel sliding over a small input, one cell at a time.

:class:`ExplainCanvas` paints an :class:`engine.explain.Explanation`: the padded input
(padding hatched, so it is plainly not part of the image), the window of the current
output cell with the weight each pixel meets, the kernel (flipped for true
convolution), the output filling in, the current cell's multiply-and-sum written out
and the output-size formula with the layer's numbers. :class:`ExplainerView` adds the
controls (step, play/pause, speed, cross-correlation ↔ true convolution) and two more
pages that the app feeds: the real learned kernel on a real image
(:class:`widgets.kernel_viewer.RealKernelView`) and the 1×1 bottleneck calculator
(:class:`BottleneckPanel`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPainter, QPalette, QPen, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.explain import (
    CONV,
    MAX,
    Explanation,
    LayerGeometry,
    input_side,
    number,
    teaching_example,
)
from widgets.export_image import add_save_menu
from widgets.format import human_count, thousands
from widgets.kernel_viewer import RealKernelView

ACCENT = QColor("#f97316")
DONE = QColor("#3b82f6")
GAP = 46.0  # between the grids, room for the ⋆ and = signs
TEXT_LINES = 4
translate = QCoreApplication.translate

#: What each operation does (translated in context "AnimationPage" where it is shown).
MODE_TEXT = {
    "correlation": QT_TRANSLATE_NOOP(
        "AnimationPage",
        "Cross-correlation: the kernel slides as it is. This is what a Conv2d "
        "layer computes (and why the lesson calls it a cross-correlation).",
    ),
    "convolution": QT_TRANSLATE_NOOP(
        "AnimationPage",
        "True convolution: the kernel is flipped in both axes (rotated 180°) "
        "before sliding, as in the definition (f ∗ g)(t) = Σ f(τ)·g(t − τ).",
    ),
    "max": QT_TRANSLATE_NOOP(
        "AnimationPage",
        "Max pooling keeps the largest value of each window; its padding never wins.",
    ),
    "avg": QT_TRANSLATE_NOOP(
        "AnimationPage",
        "Average pooling takes the mean of each window (padding counts as zeros).",
    ),
}


class ExplainCanvas(QWidget):
    """Paints one step of an explanation: input, kernel, output and the arithmetic."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.explanation: Explanation | None = None
        self.current = 0

    def sizeHint(self) -> QSize:
        return QSize(640, 380)

    def set_explanation(self, explanation: Explanation | None, current: int = 0) -> None:
        self.explanation = explanation
        self.current = current
        self.update()

    def set_current(self, index: int) -> None:
        self.current = index
        self.update()

    # ----------------------------------------------------------------- layout
    def _layout(self) -> tuple[float, tuple[QPointF, QPointF, QPointF]]:
        """The cell size, and the top-left corners of the input, kernel and output grids."""
        e = self.explanation
        (ph, pw), (kh, kw), (oh, ow) = e.padded.shape, e.kernel_size, e.output.shape
        text_h = TEXT_LINES * (self.fontMetrics().height() + 3) + 30
        width = (self.width() - 24 - 2 * GAP) / (pw + kw + ow)
        cell = max(8.0, min(46.0, width, (self.height() - text_h) / max(ph, kh, oh)))
        total = (pw + kw + ow) * cell + 2 * GAP
        left = max(12.0, (self.width() - total) / 2)
        top = 26.0
        tallest = max(ph, kh, oh) * cell
        input_origin = QPointF(left, top + (tallest - ph * cell) / 2)
        kernel_origin = QPointF(left + pw * cell + GAP, top + (tallest - kh * cell) / 2)
        output_origin = QPointF(
            kernel_origin.x() + kw * cell + GAP, top + (tallest - oh * cell) / 2
        )
        return cell, (input_origin, kernel_origin, output_origin)

    # ----------------------------------------------------------------- painting
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self.explanation is not None and self.explanation.cells:
            self.paint(painter)
        painter.end()

    def paint(self, painter: QPainter) -> None:
        e = self.explanation
        cell_size, origins = self._layout()
        current = e.cells[min(self.current, len(e.cells) - 1)]
        self._font(painter, cell_size)
        self._draw_input(painter, origins[0], cell_size, current)
        self._draw_kernel(painter, origins[1], cell_size)
        self._draw_output(painter, origins[2], cell_size)
        self._draw_signs(painter, origins, cell_size)
        self._draw_text(painter, origins, cell_size, current)

    def _colours(self) -> tuple[QColor, QColor, QColor, QColor]:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        base = pal.color(QPalette.ColorRole.Base)
        grid = _alpha(muted, 150)  # readable on light and dark themes alike
        return text, muted, base, grid

    def _font(self, painter: QPainter, cell: float) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(7, int(cell * 0.38)))
        painter.setFont(font)

    def _value_fill(self, value: float, high: float) -> QColor:
        """Light blue, stronger for larger values."""
        t = 0.0 if high <= 0 else max(0.0, min(1.0, value / high))
        return _alpha(DONE, int(90 * t))

    def _draw_input(self, painter: QPainter, origin: QPointF, cell: float, current) -> None:
        e = self.explanation
        text, muted, base, grid = self._colours()
        high = float(abs(e.input).max()) if e.input.size else 1.0
        taps = {tap: i for i, tap in enumerate(current.taps)}
        weights = current.weights
        pad_text = "−∞" if e.op == MAX else "0"
        for (r, c), value in _cells(e.padded):
            rect = QRectF(origin.x() + c * cell, origin.y() + r * cell, cell, cell)
            padding = e.is_padding(r, c)
            if padding:
                painter.fillRect(rect, QBrush(_alpha(muted, 120), Qt.BrushStyle.BDiagPattern))
            else:
                painter.fillRect(rect, self._value_fill(value, high))
            if (r, c) in taps:
                painter.fillRect(rect, _alpha(ACCENT, 90))
            painter.setPen(QPen(grid, 1))
            painter.drawRect(rect)
            painter.setPen(muted if padding else text)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignCenter, pad_text if padding else number(value)
            )
            if (r, c) in taps and weights is not None and cell >= 22:
                self._draw_weight_tag(painter, rect, weights[taps[(r, c)]])
        self._draw_window(painter, origin, cell, current)
        label = self.tr("input {size}").format(size=f"{e.input.shape[0]}×{e.input.shape[1]}")
        if any(e.padding):
            label += self.tr(" + padding {size}").format(
                size=f"{e.padding[0]}"
                + (f"×{e.padding[1]}" if e.padding[0] != e.padding[1] else "")
            )
        self._caption(painter, origin, e.padded.shape[1] * cell, label)

    def _draw_weight_tag(self, painter: QPainter, rect: QRectF, weight: float) -> None:
        font = painter.font()
        small = QFont(font)
        small.setPixelSize(max(6, int(font.pixelSize() * 0.62)))
        painter.setFont(small)
        painter.setPen(ACCENT.darker(140))
        tag = QRectF(rect.left() + 2, rect.top() + 1, rect.width() - 4, rect.height() - 2)
        painter.drawText(
            tag, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, f"×{number(weight)}"
        )
        painter.setFont(font)

    def _draw_window(self, painter: QPainter, origin: QPointF, cell: float, current) -> None:
        top, left, bottom, right = current.window
        box = QRectF(
            origin.x() + left * cell,
            origin.y() + top * cell,
            (right - left + 1) * cell,
            (bottom - top + 1) * cell,
        )
        painter.setPen(QPen(ACCENT, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)

    def _draw_kernel(self, painter: QPainter, origin: QPointF, cell: float) -> None:
        e = self.explanation
        text, muted, base, grid = self._colours()
        kh, kw = e.kernel_size
        kernel = e.applied_kernel
        for r in range(kh):
            for c in range(kw):
                rect = QRectF(origin.x() + c * cell, origin.y() + r * cell, cell, cell)
                painter.fillRect(rect, _alpha(ACCENT, 45))
                painter.setPen(QPen(ACCENT.darker(120), 1))
                painter.drawRect(rect)
                if kernel is not None:
                    painter.setPen(text)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, number(kernel[r, c]))
        if kernel is None:
            painter.setPen(text)
            painter.drawText(
                QRectF(origin.x(), origin.y(), kw * cell, kh * cell),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("max") if e.op == MAX else self.tr("mean"),
            )
            label = self.tr("window {size}").format(size=f"{kh}×{kw}")
        else:
            label = self.tr("kernel {size}").format(size=f"{kh}×{kw}") + (
                self.tr(" flipped ↻180°") if e.flipped else ""
            )
        if e.dilation != (1, 1):
            label += self.tr(" · dilation {dilation}").format(dilation=e.dilation[0])
        self._caption(painter, origin, kw * cell, label)

    def _draw_output(self, painter: QPainter, origin: QPointF, cell: float) -> None:
        e = self.explanation
        text, muted, base, grid = self._colours()
        oh, ow = e.output.shape
        for index, c in enumerate(e.cells):
            rect = QRectF(origin.x() + c.col * cell, origin.y() + c.row * cell, cell, cell)
            if index == self.current:
                painter.fillRect(rect, _alpha(ACCENT, 110))
            elif index < self.current:
                painter.fillRect(rect, _alpha(DONE, 40))
            painter.setPen(
                QPen(ACCENT if index == self.current else grid, 2.5 if index == self.current else 1)
            )
            painter.drawRect(rect)
            if index <= self.current:
                painter.setPen(text)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, number(c.value))
        self._caption(
            painter, origin, ow * cell, self.tr("output {size}").format(size=f"{oh}×{ow}")
        )

    def _draw_signs(self, painter: QPainter, origins, cell: float) -> None:
        e = self.explanation
        text = self._colours()[0]
        font = QFont(painter.font())
        font.setPixelSize(30)
        painter.save()
        painter.setFont(font)
        painter.setPen(text)
        kh = e.kernel_size[0]
        middle = origins[1].y() + kh * cell / 2
        first = origins[0].x() + e.padded.shape[1] * cell
        sign = "⋆" if e.op == CONV and not e.flipped else ("∗" if e.op == CONV else "→")
        painter.drawText(QRectF(first, middle - 20, GAP, 40), Qt.AlignmentFlag.AlignCenter, sign)
        second = origins[1].x() + e.kernel_size[1] * cell
        painter.drawText(QRectF(second, middle - 20, GAP, 40), Qt.AlignmentFlag.AlignCenter, "=")
        painter.restore()

    def _caption(self, painter: QPainter, origin: QPointF, width: float, text: str) -> None:
        painter.save()
        painter.setFont(self.font())
        painter.setPen(self._colours()[1])
        painter.drawText(
            QRectF(origin.x() - 40, origin.y() - 22, width + 80, 18),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            text,
        )
        painter.restore()

    def _draw_text(self, painter: QPainter, origins, cell: float, current) -> None:
        e = self.explanation
        text, muted, _, _ = self._colours()
        bottom = max(
            origins[0].y() + e.padded.shape[0] * cell, origins[2].y() + e.output.shape[0] * cell
        )
        font = QFont(self.font())
        line_h = painter.fontMetrics().height() + 3
        y = bottom + 14
        width = self.width() - 24
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        head = f"out[{current.row}, {current.col}] = "
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        rect = QRectF(12, y, width, line_h * 2)
        used = painter.boundingRect(rect, flags, head + current.expression())
        painter.drawText(rect, flags, head + current.expression())
        y += max(line_h, used.height()) + 4
        painter.setFont(font)
        painter.setPen(muted)
        lines = e.formula()
        if lines[0].split("=", 1)[1] == lines[1].split("=", 1)[1]:
            lines = ["H_out = W_out =" + lines[0].split("=", 1)[1]]
        for line in lines:
            painter.drawText(QRectF(12, y, width, line_h), Qt.AlignmentFlag.AlignLeft, line)
            y += line_h

    # ----------------------------------------------------------------- queries
    def current_expression(self) -> str:
        e = self.explanation
        return "" if e is None else e.cells[self.current].expression()


def _alpha(colour: QColor, alpha: int) -> QColor:
    return QColor(colour.red(), colour.green(), colour.blue(), alpha)


def _cells(array):
    rows, cols = array.shape
    for r in range(rows):
        for c in range(cols):
            yield (r, c), float(array[r, c])


class AnimationPage(QWidget):
    """The sliding-window animation with its controls."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.geometry_: LayerGeometry | None = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Cross-correlation (what Conv2d does)"), "correlation")
        self.mode.addItem(self.tr("True convolution (kernel flipped)"), "convolution")
        self.mode.currentIndexChanged.connect(self._rebuild)
        self.size_spin = QSpinBox()
        self.size_spin.setRange(3, 12)
        self.size_spin.setValue(7)
        self.size_spin.setPrefix(self.tr("input "))
        self.size_spin.setToolTip(self.tr("Side of the made-up input image"))
        self.size_spin.valueChanged.connect(self._rebuild)
        options = QHBoxLayout()
        options.addWidget(self.mode, 1)
        options.addWidget(self.size_spin)
        self.canvas = ExplainCanvas()
        add_save_menu(self.canvas, name="convolution")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.reset_button = self._button("|◀", self.tr("Back to the first cell"), self.reset)
        self.back_button = self._button("◀", self.tr("One cell back (←)"), self.step_back)
        self.play_button = self._button("▶", self.tr("Play / pause (space)"), self.toggle_play)
        self.forward_button = self._button("▶|", self.tr("One cell forward (→)"), self.step_forward)
        self.position = QLabel()
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(1, 12)
        self.speed.setValue(3)
        self.speed.setToolTip(self.tr("Cells per second"))
        self.speed.valueChanged.connect(self._apply_speed)
        self.speed_label = QLabel()
        controls = QHBoxLayout()
        for widget in (
            self.reset_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.position,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(QLabel(self.tr("speed")))
        controls.addWidget(self.speed)
        controls.addWidget(self.speed_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addLayout(options)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(controls)
        layout.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        for key, slot in (
            (Qt.Key.Key_Left, self.step_back),
            (Qt.Key.Key_Right, self.step_forward),
            (Qt.Key.Key_Space, self.toggle_play),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._apply_speed()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # ----------------------------------------------------------------- API
    def show_layer(self, geometry: LayerGeometry, title: str, detail: str = "") -> None:
        """Animate ``geometry`` (from :func:`engine.explain.layer_geometry`)."""
        self.geometry_ = geometry
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.mode.setEnabled(geometry.op == CONV)
        self._rebuild()

    @property
    def explanation(self) -> Explanation | None:
        return self.canvas.explanation

    def flipped(self) -> bool:
        return self.mode.currentData() == "convolution"

    def set_flipped(self, flip: bool) -> None:
        self.mode.setCurrentIndex(1 if flip else 0)

    def current(self) -> int:
        return self.canvas.current

    def cell_count(self) -> int:
        e = self.canvas.explanation
        return len(e.cells) if e is not None else 0

    def go_to(self, index: int) -> None:
        count = self.cell_count()
        if count:
            self.canvas.set_current(max(0, min(count - 1, index)))
            self._update_position()

    def step_forward(self) -> None:
        self.go_to(self.current() + 1)

    def step_back(self) -> None:
        self.pause()
        self.go_to(self.current() - 1)

    def reset(self) -> None:
        self.pause()
        self.go_to(0)

    def play(self) -> None:
        if self.cell_count() == 0:
            return
        if self.current() >= self.cell_count() - 1:
            self.go_to(0)
        self.timer.start()
        self.play_button.setText("❚❚")

    def pause(self) -> None:
        self.timer.stop()
        self.play_button.setText("▶")

    def is_playing(self) -> bool:
        return self.timer.isActive()

    def toggle_play(self) -> None:
        self.pause() if self.is_playing() else self.play()

    # ----------------------------------------------------------------- internals
    def _rebuild(self, *_args) -> None:
        g = self.geometry_
        if g is None:
            return
        side = input_side(g, self.size_spin.value())
        if side is None:
            self.pause()
            self.canvas.set_explanation(None)
            self.note.setText(
                self.tr("This kernel is too large to show cell by cell on a small input.")
            )
            self._update_position()
            return
        flip = self.flipped() and g.op == CONV
        explanation = teaching_example(g, side, flip=flip)
        index = min(self.current(), len(explanation.cells) - 1)
        self.canvas.set_explanation(explanation, max(0, index))
        mode = {CONV: "convolution" if flip else "correlation"}.get(g.op, g.op)
        notes = [self.tr(MODE_TEXT[mode])]
        if side != self.size_spin.value():
            notes.append(
                self.tr("The input is {size} so that the window fits at least twice.").format(
                    size=f"{side}×{side}"
                )
            )
        if g.note:
            notes.append(g.note + ".")
        self.note.setText(" ".join(notes))
        self._update_position()

    def _tick(self) -> None:
        if self.current() >= self.cell_count() - 1:
            self.pause()
            return
        self.step_forward()

    def _apply_speed(self) -> None:
        rate = self.speed.value()
        self.timer.setInterval(int(1000 / rate))
        self.speed_label.setText(self.tr("{rate}/s").format(rate=rate))

    def _update_position(self) -> None:
        count = self.cell_count()
        self.position.setText(
            self.tr("cell {index} of {count}").format(index=self.current() + 1, count=count)
            if count
            else ""
        )
        for button in (self.reset_button, self.back_button, self.play_button, self.forward_button):
            button.setEnabled(count > 0)


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
        """Show an :class:`engine.insight.BottleneckSavings` for the node called ``title``."""
        self.savings = savings
        s = savings
        kh, kw = s.kernel
        self.heading.setText(
            f"<b>{html.escape(title)}</b>: "
            + self.tr("{size} convolution, {inputs} → {outputs} channels").format(
                size=f"{kh}×{kw}", inputs=s.in_channels, outputs=s.out_channels
            )
        )
        self.channels.blockSignals(True)
        self.channels.setRange(1, max(1, s.in_channels))
        self.channels.setValue(s.channels)
        self.channels.blockSignals(False)
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


class ExplainerView(QTabWidget):
    """The "Explain Convolution" dock: animation, real kernel, 1×1 bottleneck."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.animation = AnimationPage()
        self.real = RealKernelView()
        self.bottleneck = BottleneckPanel()
        self.addTab(self.animation, self.tr("Sliding window"))
        self.addTab(self.real, self.tr("Real kernel"))
        self.addTab(self.bottleneck, self.tr("1×1 bottleneck"))
        self.show_example()

    def show_example(self) -> None:
        """A 3×3 convolution with stride 1 and padding 1 (nothing explainable selected)."""
        self.animation.show_layer(
            LayerGeometry(CONV, (3, 3), (1, 1), (1, 1)),
            self.tr("Example: 3×3 convolution"),
            self.tr("stride 1 · padding 1 — select a Convolution or Pooling block to see its own."),
        )
