"""Edge shapes: a smooth S-curve, or a detour down a free vertical lane (or, when data
flows right, the same turned on its side).

A connection between neighbouring layers is a cubic Bézier. One that spans several
layers (a skip connection, the short branch of an Inception module) would cut through
the blocks in between, so :func:`route` runs it down a vertical lane clear of them:
bend out of the source, straight down the lane, bend into the target. The lane is the
free x nearest to the straight route. Pure geometry: the obstacles are block rectangles.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QTransform

BEND = 44.0  # height of the bend into and out of a lane
_MARGIN = 40.0  # clearance between a lane and a block: room for the shape label
_SAMPLES = 24


def edge_path(start: QPointF, end: QPointF) -> QPainterPath:
    """A smooth cubic from an output port (``start``) down to an input port (``end``)."""
    c1, c2 = _controls(start, end)
    path = QPainterPath(start)
    path.cubicTo(c1, c2, end)
    return path


def _controls(start: QPointF, end: QPointF) -> tuple[QPointF, QPointF]:
    dy = end.y() - start.y()
    bend = max(36.0, abs(dy) * 0.5, abs(end.x() - start.x()) * 0.25 if dy < 0 else 0.0)
    return QPointF(start.x(), start.y() + bend), QPointF(end.x(), end.y() - bend)


def route(
    start: QPointF, end: QPointF, obstacles: list[QRectF], across: bool = False
) -> QPainterPath:
    """The edge from ``start`` down to ``end`` avoiding ``obstacles`` where it can.

    ``across``: data flows right, not down. The route is planned with x and y swapped
    (the same algorithm) and swapped back.
    """
    if across:
        path = _route_down(_swap(start), _swap(end), [_SWAP.mapRect(r) for r in obstacles])
        return _SWAP.map(path)
    return _route_down(start, end, obstacles)


_SWAP = QTransform(0, 1, 1, 0, 0, 0)  # (x, y) → (y, x), its own inverse


def _swap(point: QPointF) -> QPointF:
    return QPointF(point.y(), point.x())


def _route_down(start: QPointF, end: QPointF, obstacles: list[QRectF]) -> QPainterPath:
    if end.y() < start.y() and obstacles:  # back up, to the top of the next column
        lane = _free_lane(start, end, obstacles, end.y() - BEND, start.y() + BEND)
        return back_path(start, end, lane) if lane is not None else edge_path(start, end)
    if end.y() - start.y() <= 2 * BEND or not obstacles:
        return edge_path(start, end)
    if not _curve_hits(start, end, obstacles):
        return edge_path(start, end)
    lane = _free_lane(start, end, obstacles, start.y() + BEND / 2, end.y() - BEND / 2)
    return lane_path(start, end, lane) if lane is not None else edge_path(start, end)


def lane_path(start: QPointF, end: QPointF, lane: float) -> QPainterPath:
    """Bend from ``start`` into the vertical line x = ``lane``, run down, bend into ``end``."""
    top, bottom = start.y() + BEND, end.y() - BEND
    path = QPainterPath(start)
    if abs(lane - start.x()) < 0.5:
        path.lineTo(lane, top)
    else:
        mid = start.y() + BEND / 2
        path.cubicTo(QPointF(start.x(), mid), QPointF(lane, mid), QPointF(lane, top))
    path.lineTo(lane, bottom)
    if abs(lane - end.x()) < 0.5:
        path.lineTo(end)
    else:
        mid = end.y() - BEND / 2
        path.cubicTo(QPointF(lane, mid), QPointF(end.x(), mid), end)
    return path


def back_path(start: QPointF, end: QPointF, lane: float) -> QPainterPath:
    """From an output down a little, across to the lane x = ``lane``, up it, across
    above ``end`` and down into it: a connection to the top of the next column."""
    drop, rise = start.y() + BEND * 0.6, end.y() - BEND * 0.6
    corners = [QPointF(start.x(), drop), QPointF(lane, drop), QPointF(lane, rise)]
    corners.append(QPointF(end.x(), rise))
    return _rounded([start, *corners, end], 14.0)


def _rounded(points: list[QPointF], radius: float) -> QPainterPath:
    """A polyline through ``points`` with its corners rounded."""
    path = QPainterPath(points[0])
    for before, corner, after in zip(points, points[1:], points[2:]):
        r = min(radius, _length(corner - before) / 2, _length(after - corner) / 2)
        path.lineTo(corner + _unit(before - corner) * r)
        path.quadTo(corner, corner + _unit(after - corner) * r)
    path.lineTo(points[-1])
    return path


def _length(v: QPointF) -> float:
    return (v.x() ** 2 + v.y() ** 2) ** 0.5


def _unit(v: QPointF) -> QPointF:
    length = _length(v)
    return v / length if length else QPointF()


def _curve_hits(start: QPointF, end: QPointF, obstacles: list[QRectF]) -> bool:
    """Whether the plain S-curve passes through an obstacle (sampled, no Qt calls)."""
    (x0, y0), (x3, y3) = (start.x(), start.y()), (end.x(), end.y())
    c1, c2 = _controls(start, end)
    x1, y1, x2, y2 = c1.x(), c1.y(), c2.x(), c2.y()
    boxes = [(r.left(), r.top(), r.right(), r.bottom()) for r in obstacles]
    for i in range(1, _SAMPLES):
        t = i / _SAMPLES
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        x = a * x0 + b * x1 + c * x2 + d * x3
        y = a * y0 + b * y1 + c * y2 + d * y3
        if any(left <= x <= right and top <= y <= bottom for left, top, right, bottom in boxes):
            return True
    return False


def _free_lane(
    start: QPointF, end: QPointF, obstacles: list[QRectF], top: float, bottom: float
) -> float | None:
    """The x of a vertical lane from ``top`` to ``bottom`` that no obstacle touches,
    nearest to the straight route."""
    blocked = sorted(
        (r.left() - _MARGIN, r.right() + _MARGIN)
        for r in obstacles
        if r.bottom() > top and r.top() < bottom
    )
    merged: list[list[float]] = []
    for left, right in blocked:
        if merged and left <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], right)
        else:
            merged.append([left, right])
    low, high = sorted((start.x(), end.x()))
    candidates = [start.x(), end.x()] + [x for span in merged for x in span]
    free = [x for x in candidates if not any(a < x < b for a, b in merged)]
    if not free:
        return None

    def detour(x: float) -> float:
        return max(low - x, 0.0, x - high)

    return min(free, key=lambda x: (detour(x), abs(x - start.x())))
