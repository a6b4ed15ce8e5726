"""Constants and small helpers shared by the widgets (and the app that wires them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

#: MIME type of a palette drag; the payload is the block type's registry key (UTF-8).
BLOCK_MIME = "application/x-convas-block"


def ask(box, answers: dict):
    """Show ``box`` (a QMessageBox) modally and return the answer mapped to the button
    the user pressed; None for any other way out (Cancel, Escape, closing it). The box
    is deleted afterwards, so asking again and again leaks nothing."""
    try:
        box.exec()
        return answers.get(box.clickedButton())
    finally:
        box.deleteLater()


@contextmanager
def signals_blocked(*objects) -> Iterator[None]:
    """Silence the signals of ``objects`` (QObjects) inside the ``with`` block.

    Each object gets back the state it had before, so blocks nest: an object that was
    already blocked stays blocked afterwards.
    """
    previous = [obj.blockSignals(True) for obj in objects]
    try:
        yield
    finally:
        for obj, was in zip(objects, previous):
            obj.blockSignals(was)


def fitted_font(base, widest: str, width: float, largest: int):
    """``base`` (a QFont) at the largest pixel size, at most ``largest``, at which
    ``widest`` fits in ``width`` pixels (5 px at the least): a number drawn in a cell
    never spills into the next one."""
    from PySide6.QtGui import QFont, QFontMetrics

    font = QFont(base)
    for size in range(max(5, largest), 4, -1):
        font.setPixelSize(size)
        if QFontMetrics(font).horizontalAdvance(widest) <= width:
            break
    return font
