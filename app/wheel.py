"""The mouse wheel changes a value only where the user has clicked first.

Spin boxes, sliders and combo boxes change their value on the wheel whenever the
pointer passes over them: scrolling a panel of settings would silently edit them
(batch size 32 → 28). One application-wide event filter fixes it everywhere: such a
widget takes the wheel only while it has the keyboard focus; otherwise the wheel
scrolls the area around it, as the user meant. They also stop taking the focus from
the wheel itself (``Qt.WheelFocus``), so a wheel turn never arms them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QScrollBar,
    QWidget,
)

_GUARDED = (QAbstractSpinBox, QAbstractSlider, QComboBox)
_NAME = "convas-wheel-guard"


def is_guarded(widget: QObject) -> bool:
    """A value widget that must not change on the wheel unless focused."""
    return isinstance(widget, _GUARDED) and not isinstance(widget, QScrollBar)


def _guarded_owner(widget: QObject) -> QWidget | None:
    """``widget`` or the value widget it is part of (a spin box's line edit)."""
    while isinstance(widget, QWidget):
        if is_guarded(widget):
            return widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not is_guarded(parent):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """The application's event filter that keeps the wheel off unfocused value widgets."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Polish and is_guarded(watched):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel:
            return False
        owner = _guarded_owner(watched)
        if owner is None or owner.hasFocus() or owner.isAncestorOf(_focus()):
            return False
        area = _scroll_area(owner)
        if area is not None:
            QCoreApplication.sendEvent(area.viewport(), _copy(event, area.viewport()))
        return True  # the value stays as it was


def _focus() -> QWidget | None:
    from PySide6.QtWidgets import QApplication

    return QApplication.focusWidget()


def _copy(event: QWheelEvent, target: QWidget) -> QWheelEvent:
    """The same wheel turn, as seen by ``target``."""
    local = target.mapFromGlobal(event.globalPosition())
    return QWheelEvent(
        local,
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
    )


def install_wheel_guard(app: QCoreApplication | None) -> WheelGuard | None:
    """Install the guard on ``app`` once (later calls return the same one)."""
    if app is None:
        return None
    existing = app.findChild(WheelGuard, _NAME)
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    guard.setObjectName(_NAME)
    app.installEventFilter(guard)
    return guard
