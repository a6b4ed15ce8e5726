"""Scene geometry: the scrollable area, what lies between two layers, rerouting, the
bounding box of the blocks, the index, the dotted background and the theme.

A mixin of :class:`~widgets.canvas.scene.CanvasScene`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene

from widgets.canvas.items import EdgeItem, NodeItem
from widgets.canvas.stages import StageFrame
from widgets.canvas.theme import CanvasTheme

GRID = 24.0
MARGIN = 1200.0  # room to pan around the blocks


class SceneGeometry:
    """Geometry helpers of the canvas scene (needs ``node_items`` and ``edge_items``)."""

    def _size_index(self) -> None:
        """Fit the BSP index to the number of items.

        Qt picks the tree's depth once, from the items it first indexes (the two blocks
        of a new document), and keeps it: with thousands of blocks its leaves then hold
        hundreds of items, and every repaint tests them all.
        """
        items = len(self.node_items) * 3 + len(self.graph.edges)
        self.setBspTreeDepth(min(18, max(6, math.ceil(math.log2(max(items, 2))) + 2)))

    def set_theme(self, theme: CanvasTheme) -> None:
        self.theme = theme
        for item in self.node_items.values():
            item.set_theme(theme)
        for items in self.edge_items.values():
            for item in items:
                item.adjust()
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)
        self.update()

    def touch(self) -> None:
        """Blocks came, went or moved: forget the cached extent, tell the minimap."""
        self._extent = None
        self.contentChanged.emit()

    def grow_scene_rect(self, items) -> None:
        """Enlarge the scrollable area to keep a margin around ``items`` (just placed)."""
        self.touch()
        rect = QRectF()
        for item in items:
            rect = rect.united(item.sceneBoundingRect())
        rect.adjust(-MARGIN, -MARGIN, MARGIN, MARGIN)
        if not self.sceneRect().contains(rect):
            self.setSceneRect(self.sceneRect().united(rect))

    def blocks_between(
        self, low: float, high: float, exclude=(), across=False, side=None
    ) -> list[QRectF]:
        """Rectangles of what is drawn as a block (visible blocks, folded stages' cards
        with their names) reaching between heights ``low`` and ``high`` (``across``:
        between x positions ``low`` and ``high``), but for ``exclude`` (blocks) and the
        stages standing in for them. ``side``: only those between these x positions (y
        when ``across``), the neighbourhood of the edge asking."""
        extent = self.sceneRect()
        first, last = side if side is not None else (None, None)
        if across:
            top, bottom = (extent.top(), extent.bottom()) if side is None else (first, last)
            band = QRectF(low, top, high - low, bottom - top)
        else:
            left, right = (extent.left(), extent.right()) if side is None else (first, last)
            band = QRectF(left, low, right - left, high - low)
        index = getattr(self, "_block_index", None)
        if index is not None:
            return _indexed_blocks(index, band, exclude)
        proxies = {id(n.proxy) for n in exclude if n.proxy is not None}
        found = []
        for item in self.items(band, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, NodeItem) and item.isVisible() and item not in exclude:
                found.append(item.mapRectToScene(item.body_rect()))
            elif isinstance(item, StageFrame) and item.folded and id(item) not in proxies:
                found.extend(item.rects())
        return found

    def index_blocks_for_rebuild(self) -> None:
        """While a whole scene is built (blocks placed, no stage frames yet), answer
        :meth:`blocks_between` from one list of the blocks' rectangles instead of asking
        Qt's index for every edge (3,000 edges: a third of opening a big file)."""
        self._block_index = [
            (item.sceneBoundingRect().getCoords(), item)
            for item in self.node_items.values()
            if item.isVisible()
        ]

    def reroute(self, areas) -> None:
        """Re-plan the long edges that pass through ``areas`` (where blocks came or went)."""
        seen = set()
        for area in areas:
            for item in self.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
                if isinstance(item, EdgeItem) and id(item) not in seen:
                    seen.add(id(item))
                    item.adjust()

    def blocks_rect(self) -> QRectF:
        """Bounding rectangle of every block, edge and frame, without the panning margin."""
        extent = getattr(self, "_extent", None)
        if extent is None:
            extent = QRectF()
            for item in self.node_items.values():
                extent = extent.united(item.sceneBoundingRect())
            for items in self.edge_items.values():
                for item in items:
                    extent = extent.united(item.sceneBoundingRect())
            for frame in self.frame_items():
                extent = extent.united(frame.sceneBoundingRect())
            self._extent = extent
        return QRectF(extent)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        self.stages.paint_labels(painter, rect)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, self.theme.background)
        if not self.show_grid:
            return
        scale = painter.worldTransform().m11()
        step = GRID
        while step * scale < 12:  # keep dots at least 12 px apart when zoomed out
            step *= 4
        pen = QPen(self.theme.grid, 1.6 if step == GRID else 1.2)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        left, top = math.floor(rect.left() / step) * step, math.floor(rect.top() / step) * step
        xs = [left + i * step for i in range(int((rect.right() - left) / step) + 1)]
        ys = [top + i * step for i in range(int((rect.bottom() - top) / step) + 1)]
        painter.drawPoints([QPointF(x, y) for y in ys for x in xs])


def _indexed_blocks(index, band: QRectF, exclude) -> list[QRectF]:
    """:meth:`blocks_between` over the rebuild's list: the blocks whose bounding
    rectangle meets ``band``, as their drawn bodies."""
    left, top, right, bottom = band.getCoords()
    return [
        item.mapRectToScene(item.body_rect())
        for (x1, y1, x2, y2), item in index
        if x1 <= right and x2 >= left and y1 <= bottom and y2 >= top and item not in exclude
    ]
