"""Small editors the training panel builds: a spin box for values spanning decades, and
one-line makers of integer, float and choice boxes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox, QWidget


class SciSpinBox(QDoubleSpinBox):
    """A spin box for values spanning decades (learning rate, weight decay): shows ``3e-04``
    as ``0.0003``, steps by ×/÷ ~2, accepts any typed float in range."""

    def __init__(self, minimum: float, maximum: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(10)
        self.setRange(minimum, maximum)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt override)
        return f"{value:.4g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        from PySide6.QtGui import QValidator

        stripped = text.strip()
        try:
            value = float(stripped)
        except ValueError:
            ok = stripped in ("", "-", ".", "e", "-.") or stripped.endswith(("e", "e-", "e+"))
            return (QValidator.State.Intermediate if ok else QValidator.State.Invalid), text, pos
        inside = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if inside else QValidator.State.Intermediate, text, pos)

    def stepBy(self, steps: int) -> None:  # noqa: N802
        value = self.value() or self.minimum() or 1e-4
        factor = (2.0 if steps > 0 else 0.5) ** abs(steps)
        self.setValue(min(self.maximum(), max(self.minimum(), value * factor)))


def int_box(low: int, high: int, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setToolTip(tip)
    return box


def float_box(low: float, high: float, decimals: int, step: float, tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setToolTip(tip)
    return box


def choice_box(items, context: str) -> QComboBox:
    combo = QComboBox()
    for key, label in items:
        combo.addItem(QCoreApplication.translate(context, label), key)
    return combo
