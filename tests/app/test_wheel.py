"""The mouse wheel changes a spin box, slider or combo box only when it has the focus;
otherwise it scrolls the panel around it (one filter for the whole application)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.wheel import install_wheel_guard


def wheel(widget, notches: int = -2) -> None:
    """Turn the wheel over the middle of ``widget`` (negative: towards the user)."""
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def scrolled_panel(qtbot):
    """A tall panel in a scroll area, with a spin box, a slider and a combo box."""
    install_wheel_guard(QApplication.instance())
    area = QScrollArea()
    inner = QWidget()
    column = QVBoxLayout(inner)
    spin, slider, combo = QSpinBox(), QSlider(Qt.Orientation.Horizontal), QComboBox()
    spin.setRange(0, 100)
    spin.setValue(32)
    slider.setRange(0, 100)
    slider.setValue(50)
    combo.addItems(["a", "b", "c"])
    column.addSpacing(400)
    for widget in (spin, slider, combo):
        column.addWidget(widget)
    column.addSpacing(1200)
    area.setWidget(inner)
    area.resize(300, 400)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, spin, slider, combo


def test_the_wheel_over_an_unfocused_spin_box_changes_nothing_and_scrolls(qtbot):
    area, spin, slider, combo = scrolled_panel(qtbot)
    area.setFocus()
    for widget, value in ((spin, spin.value), (slider, slider.value), (combo, combo.currentIndex)):
        before, scroll = value(), area.verticalScrollBar().value()
        wheel(widget)
        assert value() == before, type(widget).__name__
        assert area.verticalScrollBar().value() > scroll, type(widget).__name__


def test_a_focused_spin_box_takes_the_wheel(qtbot):
    _area, spin, _slider, combo = scrolled_panel(qtbot)
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, 2)
    assert spin.value() == 34
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives no focus


def test_the_training_panel_keeps_its_settings_under_the_wheel(qtbot, window):
    window.add_panels()
    panel = window.training.panel
    window.canvas.setFocus()
    batch, epochs = panel.batch_size.value(), panel.epochs.value()
    wheel(panel.batch_size)
    wheel(panel.epochs)
    wheel(panel.batch_size.lineEdit())  # the pointer over the text part
    assert (panel.batch_size.value(), panel.epochs.value()) == (batch, epochs)
    for controller in (window.training, window.insight, window.exports):
        controller.shutdown()


def test_the_guard_is_installed_once():
    app = QApplication.instance()
    assert install_wheel_guard(app) is install_wheel_guard(app)
