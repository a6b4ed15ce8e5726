"""Where a block brought into view may lie: clear of what floats over the canvas.

The minimap covers the view's bottom-right corner and the first-run card its bottom;
a block scrolled into view (one just added, one selected) must not end up under
either. :func:`clear_areas` gives the parts of the viewport that nothing covers, and
:func:`shift_into` the smallest move that puts a rectangle inside one of them.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

#: Room kept between a revealed block and the viewport's edges or the minimap (pixels).
MARGIN = 24.0


def clear_areas(fit_area: QRectF, covered: QRectF | None, margin: float = MARGIN) -> list[QRectF]:
    """The viewport's uncovered parts (``fit_area``: the viewport less the first-run
    card) less ``margin``: all of it, or, with ``covered`` (the minimap's corner), the
    part above it and the part left of it."""
    area = fit_area.adjusted(margin, margin, -margin, -margin)
    if covered is None or covered.isEmpty():
        return [area]
    above = QRectF(area)
    above.setBottom(min(area.bottom(), covered.top() - margin))
    left = QRectF(area)
    left.setRight(min(area.right(), covered.left() - margin))
    return [a for a in (above, left) if a.width() > 0 and a.height() > 0] or [area]


def shift_into(target: QRectF, areas: list[QRectF]) -> QPointF:
    """The smallest move (viewport pixels) that puts ``target`` inside one of ``areas``
    (its top-left inside, when it is larger than the area); (0, 0) when it is in one."""
    moves = [
        QPointF(
            _shift(target.left(), target.right(), a.left(), a.right()),
            _shift(target.top(), target.bottom(), a.top(), a.bottom()),
        )
        for a in areas
    ]
    return min(moves, key=lambda m: abs(m.x()) + abs(m.y()))


def _shift(low: float, high: float, least: float, most: float) -> float:
    if high - low > most - least or low < least:
        return least - low
    return min(0.0, most - high)
