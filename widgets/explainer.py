"""The convolution explainer dock: the sliding-window animation and its controls.

:class:`ExplainerView` holds three pages: the animation (:class:`AnimationPage`, around
:class:`widgets.explain_canvas.ExplainCanvas`: step, play/pause, speed,
cross-correlation ↔ true convolution), the real learned kernel on a real image
(:class:`widgets.kernel_viewer.RealKernelView`), the 1×1 bottleneck view
(:class:`widgets.bottleneck.BottleneckPanel`) and the depthwise separable view
(:class:`widgets.separable.SeparablePanel`), which the app feeds.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.teaching.explain import (
    CONV,
    Explanation,
    LayerGeometry,
    input_side,
    teaching_example,
)
from widgets.bottleneck import BottleneckPanel
from widgets.explain_canvas import ExplainCanvas
from widgets.export_image import add_save_menu
from widgets.kernel_viewer import RealKernelView
from widgets.separable import SeparablePanel

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
        scroll = QScrollArea()  # a dock too small for the drawing scrolls; nothing is cut off
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.canvas)
        layout.addWidget(scroll, 1)
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
        """Animate ``geometry`` (from :func:`engine.teaching.explain.layer_geometry`)."""
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


class ExplainerView(QTabWidget):
    """The "Explain Convolution" dock: animation, real kernel, 1×1 bottleneck,
    depthwise separable."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.animation = AnimationPage()
        self.real = RealKernelView()
        self.bottleneck = BottleneckPanel()
        self.separable = SeparablePanel()
        self.addTab(self.animation, self.tr("Sliding window"))
        self.addTab(self.real, self.tr("Real kernel"))
        self.addTab(self.bottleneck, self.tr("1×1 bottleneck"))
        self.addTab(self.separable, self.tr("Depthwise separable"))
        self.show_example()

    def show_example(self) -> None:
        """A 3×3 convolution with stride 1 and padding 1 (nothing explainable selected)."""
        self.animation.show_layer(
            LayerGeometry(CONV, (3, 3), (1, 1), (1, 1)),
            self.tr("Example: 3×3 convolution"),
            self.tr("stride 1 · padding 1 — select a Convolution or Pooling block to see its own."),
        )
