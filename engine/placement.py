"""Where a new block goes: the free spot nearest to where the user wants it.

Pure geometry on block centres, no Qt: a spot is free when no block's centre is nearer
than :data:`CLEARANCE` (a block's size plus a small margin) across and along at once;
when the wanted spot is taken, the search moves in steps of :data:`STEP` (the distance
the layout keeps between neighbours). The app uses it for every block it adds (palette
drop, quick add, paste, duplicate, import, expand), so a new block never lands on top of
another.

- :func:`free_spot`: the free position nearest to a wanted one.
- :func:`free_offset`: how far to shift a group of new blocks (a paste) so that all of
  them are on free space, as near as possible to the shift wanted.
- :func:`flow_of`: which way the network flows on the canvas (down or right).
- :func:`after`: the spot one step after a block along that flow.
- :func:`make_room`: the moves that push blocks downstream one step further along, to
  open a gap for a block inserted into an edge (empty when they would collide).
- :func:`spread`: positions for blocks that overlap or have none (an imported graph).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

Point = tuple[float, float]

#: Centre-to-centre distance of neighbouring blocks in the layout (x across, y along the
#: flow of a top-to-bottom layout): a block is 184×64, the layout leaves lanes between.
STEP: Point = (220.0, 110.0)
#: The least centre-to-centre distance of two blocks, across or along: 184×64 and a margin.
CLEARANCE: Point = (200.0, 80.0)
#: The least centre-to-centre distance, across or along, at which two blocks' cards
#: (184×64 with their port knobs) do not overlap: a drop may land this close.
TOUCH: Point = (193.0, 73.0)
DOWN: Point = (0.0, 1.0)
RIGHT: Point = (1.0, 0.0)
_EPSILON = 1e-6
#: How far (in steps) the search for a free spot goes before giving up and going
#: past everything instead.
_MAX_RINGS = 60


class Occupancy:
    """The centres of placed blocks, hashed on a grid so lookups stay fast."""

    def __init__(self, points: Iterable[Point] = (), clearance: Point = CLEARANCE):
        self.clearance = clearance
        self._cells: dict[tuple[int, int], list[Point]] = defaultdict(list)
        self.count = 0
        for point in points:
            self.add(point)

    def _cell(self, point: Point) -> tuple[int, int]:
        return (math.floor(point[0] / self.clearance[0]), math.floor(point[1] / self.clearance[1]))

    def add(self, point: Point) -> None:
        self._cells[self._cell(point)].append((float(point[0]), float(point[1])))
        self.count += 1

    def is_free(self, point: Point) -> bool:
        """No placed block is nearer to ``point`` than the clearance, across and along."""
        fw, fh = self.clearance
        cx, cy = self._cell(point)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for ox, oy in self._cells.get((cx + dx, cy + dy), ()):
                    if abs(point[0] - ox) < fw - _EPSILON and abs(point[1] - oy) < fh - _EPSILON:
                        return False
        return True

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(left, top, right, bottom) of the placed centres, or None when empty."""
        points = [p for cell in self._cells.values() for p in cell]
        if not points:
            return None
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)


def _rings(want: Point, step: Point, flow: Point):
    """Candidate spots around ``want`` on a grid of ``step``, ring after ring, nearest first
    within a ring (ties: along the flow, then to the right)."""
    yield want
    for ring in range(1, _MAX_RINGS + 1):
        cells = [
            (i, j)
            for i in range(-ring, ring + 1)
            for j in range(-ring, ring + 1)
            if max(abs(i), abs(j)) == ring
        ]
        cells.sort(
            key=lambda c: (
                math.hypot(c[0] * step[0], c[1] * step[1]),
                -(c[0] * flow[0] + c[1] * flow[1]),
                -c[0],
                c[1],
            )
        )
        for i, j in cells:
            yield (want[0] + i * step[0], want[1] + j * step[1])


def free_spot(
    occupied: Occupancy | Iterable[Point], want: Point, flow: Point = DOWN, step: Point = STEP
) -> Point:
    """The free position nearest to ``want`` (``want`` itself when it is free)."""
    occupancy = _occupancy(occupied)
    for spot in _rings(want, step, flow):
        if occupancy.is_free(spot):
            return spot
    return _past_everything(occupancy, want, flow, step)


def free_offset(
    occupied: Occupancy | Iterable[Point],
    group: Iterable[Point],
    want: Point = (0.0, 0.0),
    flow: Point = DOWN,
    step: Point = STEP,
) -> Point:
    """The shift nearest to ``want`` that puts every point of ``group`` on free space."""
    occupancy = _occupancy(occupied)
    points = list(group)
    for shift in _rings(want, step, flow):
        if all(occupancy.is_free((x + shift[0], y + shift[1])) for x, y in points):
            return shift
    bounds = occupancy.bounds() or (0.0, 0.0, 0.0, 0.0)
    highest = min((y for _x, y in points), default=0.0)
    return (want[0], bounds[3] + step[1] - highest)


def _past_everything(occupancy: Occupancy, want: Point, flow: Point, step: Point) -> Point:
    left, top, right, bottom = occupancy.bounds() or (*want, *want)
    if flow == RIGHT:
        return (right + step[0], want[1])
    return (want[0], bottom + step[1])


def _occupancy(occupied) -> Occupancy:
    return occupied if isinstance(occupied, Occupancy) else Occupancy(occupied)


def flow_of(positions: Mapping[str, Point | None], edges: Iterable[tuple[str, str]]) -> Point:
    """:data:`DOWN` or :data:`RIGHT`: the way most edges run on the canvas (down when
    there are none)."""
    across = along = 0.0
    for source, target in edges:
        a, b = positions.get(source), positions.get(target)
        if a is not None and b is not None:
            across += abs(b[0] - a[0])
            along += abs(b[1] - a[1])
    return RIGHT if across > along else DOWN


def after(anchor: Point, flow: Point = DOWN, step: Point = STEP) -> Point:
    """The spot one step after ``anchor`` along ``flow``."""
    return (anchor[0] + flow[0] * step[0], anchor[1] + flow[1] * step[1])


def make_room(
    positions: Mapping[str, Point],
    downstream: Iterable[str],
    spot: Point,
    flow: Point = DOWN,
    step: Point = STEP,
) -> dict[str, Point] | None:
    """Moves opening ``spot`` for a new block by pushing ``downstream`` one step along.

    ``{}`` when ``spot`` is free already; None when pushing would not free it or would
    put a pushed block onto one that stays (then place the new block elsewhere).
    """
    if Occupancy(positions.values()).is_free(spot):
        return {}
    pushed = set(downstream) & set(positions)
    dx, dy = flow[0] * step[0], flow[1] * step[1]
    moves = {i: (positions[i][0] + dx, positions[i][1] + dy) for i in pushed}
    staying = Occupancy(p for i, p in positions.items() if i not in pushed)
    if not staying.is_free(spot) or not all(staying.is_free(p) for p in moves.values()):
        return None
    return moves if Occupancy(moves.values()).is_free(spot) else None


def spread(positions: Mapping[str, Point | None], flow: Point = DOWN) -> dict[str, Point]:
    """New positions for the blocks that overlap an earlier one or have none, in order;
    the others keep theirs (they are not in the result)."""
    occupancy = Occupancy()
    moved: dict[str, Point] = {}
    last: Point = (0.0, -STEP[1])
    for node_id, point in positions.items():
        want = point if point is not None else after(last, flow)
        spot = want if occupancy.is_free(want) else free_spot(occupancy, want, flow)
        if spot != point:
            moved[node_id] = spot
        occupancy.add(spot)
        last = spot
    return moved
