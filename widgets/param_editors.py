"""Editors generated from a block's parameter schema, for the inspector.

One editor per :class:`engine.registry.Param` kind: a spin box for INT (an empty
"auto" value when nullable), a spin box for FLOAT, a check box for BOOL, a text field
for INT_OR_PAIR ("3" or "3, 5"), an editable list for PADDING that also offers
"same", and a list of the allowed words for CHOICE. Every editor emits
``committed(value)`` only for a value that :meth:`Param.check` accepts and that differs
from the one shown; otherwise it emits ``refused(reason)`` and the form shows the reason
under the field.
"""

from __future__ import annotations

import math
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from engine.registry import BOOL, CHOICE, FLOAT, INT, PADDING, BlockSpec, Param
from widgets.common import signals_blocked
from widgets.format import auto_word, pair_text, parse_pair, value_text
from widgets.language import block_help, param_label

MISSING = object()  # a required param with no value yet
_INT_LIMIT = 2**31 - 1
_FLOAT_LIMIT = 1e12
_PARTIAL_FLOAT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d*)?([eE][+-]?\d*)?$")
_State = QValidator.State
translate = QCoreApplication.translate


def error_color(palette: QPalette) -> str:
    """A red that reads on the palette's window colour (light or dark)."""
    return "#c62828" if palette.color(QPalette.ColorRole.Window).lightness() > 128 else "#ff7b72"


def _mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Tint the field's background red while it holds a refused value."""
    # A Python attribute, not a Qt property: QObject.property() of an unset name
    # returns None with a missing reference in PySide6 6.12 (crashes Python 3.11).
    if getattr(widget, "_invalid", False) == invalid:
        return
    widget._invalid = invalid
    if not invalid:
        widget.setPalette(QPalette())
        return
    palette = QPalette(widget.palette())
    base = palette.color(QPalette.ColorRole.Base)
    red = QColor(error_color(palette))
    tint = QColor(
        (base.red() * 3 + red.red()) // 4,
        (base.green() * 3 + red.green()) // 4,
        (base.blue() * 3 + red.blue()) // 4,
    )
    palette.setColor(QPalette.ColorRole.Base, tint)
    widget.setPalette(palette)


def _tooltip(param: Param) -> str:
    bits = [block_help(param)]
    limits = []
    if param.minimum is not None:
        limits.append(
            translate("ParamEditors", "min {value}").format(value=value_text(param.minimum))
        )
    if param.maximum is not None:
        limits.append(
            translate("ParamEditors", "max {value}").format(value=value_text(param.maximum))
        )
    default = (
        translate("ParamEditors", "required")
        if param.required
        else translate("ParamEditors", "default {value}").format(value=value_text(param.default))
    )
    bits.append(" · ".join([default, *limits]))
    return "\n".join(b for b in bits if b)


class _Editing:
    """What every editor shares: the value last shown, commit and refusal."""

    param: Param
    committed: Signal
    refused: Signal

    def _init_editing(self, param: Param) -> None:
        self.param = param
        self._last: Any = MISSING
        self._error: str | None = None

    def is_typing(self) -> bool:
        """True while the user's keyboard focus is in this editor."""
        return self.hasFocus()

    def set_value(self, value: Any, force: bool = True) -> None:
        """Show ``value`` (MISSING for a required param not set) without emitting."""
        if not force and self.is_typing() and value == self._last:
            return  # the user is typing here: leave their text alone
        self._last, self._error = value, None
        with signals_blocked(self):
            self._show(value)
        _mark_invalid(self, False)

    def _offer(self, value: Any, error: str | None) -> None:
        if error is not None:
            _mark_invalid(self, True)
            self.refused.emit(error)
            return
        _mark_invalid(self, False)
        if value is not MISSING and (self._last is MISSING or value != self._last):
            self._last = value
            self.committed.emit(value)


class _SpinMixin(_Editing):
    """Spin boxes: refuse out-of-range text with a reason instead of silently clamping."""

    def _setup_spin(self) -> None:
        self.setKeyboardTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccelerated(True)
        self.editingFinished.connect(self._finish)

    def _parse(self, text: str) -> tuple[Any, str | None]:
        raise NotImplementedError

    def _auto(self, text: str) -> bool:
        return self.param.nullable and text.strip().lower() in ("", "auto", auto_word().lower())

    def validate(self, text: str, pos: int):
        stripped = text.strip()
        words = ("auto", auto_word().lower())
        if self.param.nullable and any(w.startswith(stripped.lower()) for w in words):
            return (_State.Acceptable if self._auto(text) else _State.Intermediate, text, pos)
        value, error = self._parse(stripped)
        if error is None:
            return (_State.Acceptable, text, pos)
        partial = stripped in ("", "+", "-") or value is not MISSING or self._partial(stripped)
        return (_State.Intermediate if partial else _State.Invalid, text, pos)

    def _partial(self, text: str) -> bool:
        return False

    def fixup(self, text: str) -> str:
        # Qt calls this for text that is not acceptable, then restores the last value.
        self._error = self._parse(text.strip())[1]
        return text

    def stepBy(self, steps: int) -> None:
        super().stepBy(steps)
        self._finish()

    def wheelEvent(self, event) -> None:
        if self.hasFocus():  # don't change values while the inspector scrolls
            super().wheelEvent(event)
        else:
            event.ignore()

    def _finish(self) -> None:
        error, self._error = self._error, None
        self._offer(self._current(), error)

    def _current(self) -> Any:
        raise NotImplementedError


class IntEdit(_SpinMixin, QSpinBox):
    """INT: a spin box with the param's range; a nullable one shows "auto" below it."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, param: Param, parent: QWidget | None = None):
        QSpinBox.__init__(self, parent)
        self._init_editing(param)
        low = int(param.minimum) if param.minimum is not None else -_INT_LIMIT + 1
        high = int(param.maximum) if param.maximum is not None else _INT_LIMIT
        self._auto_value = low - 1 if param.nullable else None
        self.setRange(low - 1 if param.nullable else low, high)
        if param.nullable:
            self.setSpecialValueText(auto_word())
        self._setup_spin()

    def _parse(self, text: str) -> tuple[Any, str | None]:
        if text == "":
            return MISSING, translate("Format", "needs a value")
        try:
            value = int(text)
        except ValueError:
            return MISSING, translate("Format", "“{token}” is not an integer").format(token=text)
        return value, self.param.check(value)

    def valueFromText(self, text: str) -> int:
        if self._auto(text):
            return self._auto_value
        value, error = self._parse(text.strip())
        return self.value() if error else value

    def _show(self, value: Any) -> None:
        if value is None and self.param.nullable:
            self.setValue(self._auto_value)
        else:
            self.setValue(self.minimum() if value is MISSING or value is None else int(value))

    def _current(self) -> Any:
        value = self.value()
        return None if value == self._auto_value else value


class FloatEdit(_SpinMixin, QDoubleSpinBox):
    """FLOAT: a spin box that writes numbers compactly (1e-05, 0.75) and steps sensibly."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, param: Param, parent: QWidget | None = None):
        QDoubleSpinBox.__init__(self, parent)
        self._init_editing(param)
        self.setDecimals(12)
        low = param.minimum if param.minimum is not None else -_FLOAT_LIMIT
        high = param.maximum if param.maximum is not None else _FLOAT_LIMIT
        self.setRange(low, high)
        default = param.default if isinstance(param.default, (int, float)) else 0
        step = 10 ** math.floor(math.log10(abs(default))) if default else 0.1
        self.setSingleStep(min(step, 0.1) if param.maximum == 1.0 else step)
        self._setup_spin()

    def _parse(self, text: str) -> tuple[Any, str | None]:
        if text == "":
            return MISSING, translate("Format", "needs a value")
        try:
            value = float(text)
        except ValueError:
            return MISSING, translate("ParamEditors", "“{text}” is not a number").format(text=text)
        return value, self.param.check(value)

    def _partial(self, text: str) -> bool:
        return bool(_PARTIAL_FLOAT.match(text))

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        value, error = self._parse(text.strip())
        return self.value() if error else value

    def _show(self, value: Any) -> None:
        self.setValue(self.minimum() if value is MISSING or value is None else float(value))

    def _current(self) -> Any:
        return float(self.textFromValue(self.value()))


class BoolEdit(_Editing, QCheckBox):
    """BOOL: a check box; commits when toggled."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, param: Param, parent: QWidget | None = None):
        QCheckBox.__init__(self, parent)
        self._init_editing(param)
        self.toggled.connect(lambda checked: self._offer(bool(checked), None))

    def _show(self, value: Any) -> None:
        self.setChecked(bool(value) if value is not MISSING else False)


class PairEdit(_Editing, QLineEdit):
    """INT_OR_PAIR: one integer, or height and width ("3" or "3, 5"); empty is "auto"."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, param: Param, parent: QWidget | None = None):
        QLineEdit.__init__(self, parent)
        self._init_editing(param)
        self.setPlaceholderText(
            auto_word() if param.nullable else translate("ParamEditors", "n  or  h, w")
        )
        self.editingFinished.connect(self.commit_text)

    def commit_text(self) -> None:
        """Commit what is typed, or refuse it with the reason."""
        value, error = parse_pair(self.text(), self.param)
        self._offer(MISSING if error else value, error)
        if error is None:
            self.setText(pair_text(value))

    def _show(self, value: Any) -> None:
        self.setText("" if value is MISSING else pair_text(value))


class PaddingEdit(_Editing, QComboBox):
    """PADDING: like :class:`PairEdit`, with "same" and common values in a list."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, param: Param, parent: QWidget | None = None):
        QComboBox.__init__(self, parent)
        self._init_editing(param)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.addItems(["0", "1", "2", "3", "same"])
        self.lineEdit().setPlaceholderText(translate("ParamEditors", "n  or  h, w  or  same"))
        self.lineEdit().editingFinished.connect(self.commit_text)
        self.textActivated.connect(lambda _text: self.commit_text())

    def is_typing(self) -> bool:
        return self.lineEdit().hasFocus()

    def wheelEvent(self, event) -> None:
        if self.hasFocus():  # scrolling the inspector must not change the padding
            super().wheelEvent(event)
        else:
            event.ignore()

    def commit_text(self) -> None:
        """Commit what is typed or chosen, or refuse it with the reason."""
        value, error = parse_pair(self.currentText(), self.param)
        self._offer(MISSING if error else value, error)
        if error is None:
            self.lineEdit().setText(pair_text(value))

    def _show(self, value: Any) -> None:
        self.setEditText("" if value is MISSING else pair_text(value))

    def text(self) -> str:
        return self.currentText()


class ChoiceEdit(_Editing, QComboBox):
    """CHOICE: the words the param allows (activation names, variants); commits on pick."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, param: Param, parent: QWidget | None = None):
        QComboBox.__init__(self, parent)
        self._init_editing(param)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.addItems(list(param.choices))
        self.textActivated.connect(lambda text: self._offer(text, None))

    def wheelEvent(self, event) -> None:
        if self.hasFocus():  # scrolling the inspector must not change the choice
            super().wheelEvent(event)
        else:
            event.ignore()

    def _show(self, value: Any) -> None:
        self.setCurrentIndex(self.findText(value) if value is not MISSING else -1)


EDITORS = {
    INT: IntEdit,
    FLOAT: FloatEdit,
    BOOL: BoolEdit,
    PADDING: PaddingEdit,
    CHOICE: ChoiceEdit,
}


def make_editor(param: Param) -> QWidget:
    """The editor for one parameter."""
    return EDITORS.get(param.kind, PairEdit)(param)


class ParamForm(QWidget):
    """Name, editor, inline error and help text for every parameter of one block type.

    Signals
    -------
    edited(str, object)
        A parameter's name and the new, valid value.
    """

    edited = Signal(str, object)

    def __init__(self, spec: BlockSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.helps: list[QLabel] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        for i, param in enumerate(spec.params):
            self._add_row(grid, i * 3, param)

    def _add_row(self, grid: QGridLayout, row: int, param: Param) -> None:
        name = QLabel(param_label(param) + (" *" if param.required else ""))
        editor = make_editor(param)
        name.setBuddy(editor)
        name.setToolTip("\n".join(dict.fromkeys([param.name, _tooltip(param)])))  # id first
        editor.setToolTip(_tooltip(param))
        editor.committed.connect(lambda value, key=param.name: self._on_committed(key, value))
        editor.refused.connect(lambda reason, key=param.name: self._show_error(key, reason))
        error = _small_label()
        error.setVisible(False)
        help_label = _small_label(block_help(param))
        help_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        help_label.setContentsMargins(0, 0, 0, 6)
        grid.addWidget(name, row, 0)
        grid.addWidget(editor, row, 1)
        grid.addWidget(error, row + 1, 0, 1, 2)
        grid.addWidget(help_label, row + 2, 0, 1, 2)
        self.editors[param.name] = editor
        self.errors[param.name] = error
        self.helps.append(help_label)

    def set_values(self, resolved: dict[str, Any], keep_errors: bool = False) -> None:
        """Show a node's values (``resolved``: explicit ones over the defaults)."""
        for param in self.spec.params:
            value = resolved.get(param.name, MISSING)
            editor = self.editors[param.name]
            editor.set_value(value, force=not keep_errors)
            if value is MISSING:
                self._show_error(param.name, translate("Format", "needs a value"))
            elif not (keep_errors and editor.is_typing()):
                self.errors[param.name].setVisible(False)

    def set_help_visible(self, visible: bool) -> None:
        for label in self.helps:
            label.setVisible(visible and bool(label.text()))

    def error_text(self, name: str) -> str:
        """The reason shown under parameter ``name``, or "" when none is shown."""
        label = self.errors[name]
        return label.text().removeprefix("✕ ") if not label.isHidden() else ""

    def _on_committed(self, name: str, value: Any) -> None:
        self.errors[name].setVisible(False)
        self.edited.emit(name, value)

    def _show_error(self, name: str, reason: str) -> None:
        label = self.errors[name]
        label.setStyleSheet(f"color: {error_color(self.palette())};")
        label.setText(f"✕ {reason}")
        label.setVisible(True)


def _small_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSizeF(max(6.5, font.pointSizeF() * 0.88))
    label.setFont(font)
    return label
