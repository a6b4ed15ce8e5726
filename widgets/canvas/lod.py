"""Level of detail: what the canvas draws at each zoom, so a big network stays readable.

Three levels, by the painter's scale (1.0 = 100 %):

- ``FULL`` (from :data:`FULL_SCALE`): blocks with their header, parameter and shape
  lines, ports, and shape labels on the edges (below 70 % that text is too small to
  read on screen);
- ``SIMPLE`` (from :data:`SIMPLE_SCALE`): blocks as coloured cards with one title in a
  font sized for the screen (and the shape under it when there is room), no ports,
  edges as thin lines without labels;
- ``OVERVIEW`` (below): blocks as plain boxes in their category colour, hairline edges.

Below full detail the stage frames' names are drawn at a constant size on the screen
(:meth:`StageFrames.paint_labels`), so the map stays labelled at any zoom.

Items decide from the painter they are given (so an exported image or the minimap
draws at its own scale); only the ports' visibility follows the view's zoom, through
:meth:`CanvasScene.set_detail`.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QTransform
from PySide6.QtWidgets import QStyleOptionGraphicsItem

FULL, SIMPLE, OVERVIEW = 2, 1, 0
FULL_SCALE = 0.7
SIMPLE_SCALE = 0.3
#: Height of the title text on screen at the simpler levels, in pixels.
TITLE_PX = 12.0
#: A title that won't fit shrinks down to this many pixels on screen before it is cut.
SMALLEST_PX = 9.0


def level_of(scale: float) -> int:
    """The detail level for a painter scale."""
    if scale >= FULL_SCALE:
        return FULL
    return SIMPLE if scale >= SIMPLE_SCALE else OVERVIEW


def painter_scale(painter: QPainter, option: QStyleOptionGraphicsItem) -> float:
    return scale_of(painter.worldTransform())


def scale_of(transform: QTransform) -> float:
    """The scale a transform draws at, as items see it (what is drawn on top of the
    items decides by the same number: at exactly 70 % both agree on the level)."""
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(transform)


class ScaledFonts:
    """Fonts of a given on-screen size at any scale, in a few cached steps."""

    def __init__(self, base: QFont):
        self.base = QFont(base)
        self._cache: dict[int, tuple[QFont, QFontMetricsF]] = {}

    def at(self, scene_px: float) -> tuple[QFont, QFontMetricsF]:
        """A font ``scene_px`` scene units tall (rounded down to a step) and its metrics."""
        step = max(4, int(scene_px // 2) * 2)  # rounded down: it still fits
        cached = self._cache.get(step)
        if cached is None:
            font = QFont(self.base)
            font.setPixelSize(step)
            cached = (font, QFontMetricsF(font))
            self._cache[step] = cached
        return cached
