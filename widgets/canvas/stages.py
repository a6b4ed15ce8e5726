"""Stage frames: a labelled box around each stage's blocks, folded into one card on demand.

Stages come from :func:`engine.stages.find_stages` (``layer1``…``layer4`` of a ResNet,
``inception4``, an expanded ``denseblock3``…). A frame is drawn behind its blocks with
the stage's name in a font that stays readable when zoomed out; a stage spread over
several columns (a wrapped layout) gets one box per column. The ▾ in the corner (or a
double-click on the name) folds the stage: its blocks hide, one card stands in for them
(name, block count, output shape, parameters) and the edges into and out of the stage
attach to the card. Which stages are folded is a view setting, never part of the graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from engine.stages import Stage, find_stages
from widgets.canvas import lod
from widgets.canvas.items import NodeItem
from widgets.canvas.node_paint import fitting_font
from widgets.canvas.sizes import DOWN, NODE_HEIGHT, NODE_WIDTH, RADIUS, Z_FRAME
from widgets.canvas.theme import mix, with_alpha
from widgets.format import human_count, shape_text

if TYPE_CHECKING:
    from widgets.canvas.scene import CanvasScene

PAD = 18.0  # frame margin around the blocks
HEADER = 30.0  # room above the blocks for the name
_LABEL_PX = 13.0  # the name's height on screen
_TOGGLE = 22.0  # the fold toggle's square (scene units at 100 %)


class StageFrame(QGraphicsItem):
    """The frame (or, folded, the card) of one stage."""

    def __init__(self, stage: Stage, members: list[NodeItem]):
        super().__init__()
        self.stage = stage
        self.members = members
        self.folded = False
        self.flow = DOWN
        self.summary: tuple[str, ...] = ()  # the folded card's lines
        self._boxes: list[QRectF] = []
        self._card = QRectF()
        self.setZValue(Z_FRAME)
        self.setAcceptHoverEvents(False)
        self.refresh_geometry()

    @property
    def name(self) -> str:
        return self.stage.name

    # ----------------------------------------------------------------- geometry
    def refresh_geometry(self) -> None:
        """Recompute the boxes after blocks moved (or the frame was folded)."""
        self.prepareGeometryChange()
        rects = [m.mapRectToScene(m.body_rect()) for m in self.members]
        self._boxes = [
            box.adjusted(-PAD, -PAD - HEADER, PAD, PAD) for box in _columns(rects, self.flow)
        ]
        first = self._boxes[0] if self._boxes else QRectF()
        centre = QPointF(first.center().x(), first.top() + HEADER + PAD + NODE_HEIGHT / 2)
        if self.flow != DOWN:
            centre = QPointF(first.left() + PAD + NODE_WIDTH / 2, first.center().y())
        self._card = QRectF(centre.x() - NODE_WIDTH / 2, centre.y() - NODE_HEIGHT / 2,
                            NODE_WIDTH, NODE_HEIGHT)  # fmt: skip

    def rects(self) -> list[QRectF]:
        """What the frame covers on the canvas (the card alone when folded)."""
        return [self._card.adjusted(-PAD, -PAD - HEADER, PAD, PAD)] if self.folded else self._boxes

    def boundingRect(self) -> QRectF:
        out = QRectF()
        for rect in self.rects():
            out = out.united(rect)
        return out.adjusted(-2, -2, 2, 2)

    def toggle_rect(self) -> QRectF:
        first = self.rects()[0] if self.rects() else QRectF()
        return QRectF(first.right() - _TOGGLE - 6, first.top() + 4, _TOGGLE, _TOGGLE)

    def header_rect(self) -> QRectF:
        first = self.rects()[0] if self.rects() else QRectF()
        return QRectF(first.left(), first.top(), first.width(), HEADER + 4)

    def input_pos(self) -> QPointF:
        card = self._card
        return (
            QPointF(card.center().x(), card.top())
            if self.flow == DOWN
            else QPointF(card.left(), card.center().y())
        )

    def output_pos(self) -> QPointF:
        card = self._card
        return (
            QPointF(card.center().x(), card.bottom())
            if self.flow == DOWN
            else QPointF(card.right(), card.center().y())
        )

    # ----------------------------------------------------------------- painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        theme = self.members[0].theme if self.members else None
        if theme is None:
            return
        scale = max(lod.painter_scale(painter, option), 1e-3)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        border = mix(theme.text, theme.background, 0.55)
        pen = QPen(border, 1.2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(with_alpha(mix(theme.background, theme.text, 0.08), 0.7))
        for rect in self.rects():
            painter.drawRoundedRect(rect, RADIUS * 2, RADIUS * 2)
        if self.folded:
            self._paint_card(painter, theme, scale)
        if lod.level_of(scale) == lod.FULL:  # further out the scene draws them on top
            self._paint_name(painter, theme)
        if scale >= lod.SIMPLE_SCALE:
            self._paint_toggle(painter, theme)

    def _paint_name(self, painter: QPainter, theme) -> None:
        """The name on the left of the header, the block count on the right (an edge
        comes in through the middle)."""
        header = self.header_rect().adjusted(12, 0, -_TOGGLE - 14, 0)
        count = self.count_text()
        half = header.width() / 2 - 14
        with_count = theme.detail_metrics.horizontalAdvance(count) <= half
        bold = QFont(theme.title_font)
        room = half if with_count else header.width()
        name = QFontMetricsF(bold).elidedText(self.name, Qt.TextElideMode.ElideRight, room)
        align = Qt.AlignmentFlag.AlignVCenter
        painter.setFont(bold)
        painter.setPen(theme.text)
        painter.drawText(header, align | Qt.AlignmentFlag.AlignLeft, name)
        if with_count:
            painter.setFont(theme.detail_font)
            painter.setPen(theme.muted_text)
            painter.drawText(header, align | Qt.AlignmentFlag.AlignRight, count)

    def count_text(self) -> str:
        return QCoreApplication.translate("Canvas", "{count} blocks").format(
            count=len(self.members)
        )

    def label_area(self) -> QRectF:
        """Where the name goes when zoomed out: above the boxes that start the stage."""
        rects = self.rects()
        if not rects:
            return QRectF()
        top = rects[0].top()
        area = QRectF()
        for rect in rects:
            if abs(rect.top() - top) <= HEADER:
                area = area.united(rect)
        return area

    def _paint_toggle(self, painter: QPainter, theme) -> None:
        box = self.toggle_rect()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(with_alpha(theme.text, 0.12))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(theme.text)
        painter.setFont(theme.title_font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "▸" if self.folded else "▾")

    def _paint_card(self, painter: QPainter, theme, scale: float) -> None:
        """A stack of blocks showing what the stage gives: its output shape and its
        parameters (the name is in the header above, once)."""
        card = self._card
        painter.setPen(QPen(theme.node_border, 1.0))
        painter.setBrush(theme.node_body)
        painter.drawRoundedRect(card.translated(4, 4), RADIUS, RADIUS)  # a stack of blocks
        painter.drawRoundedRect(card, RADIUS, RADIUS)
        lines = self.card_lines(scale)
        inner = card.adjusted(8, 4, -8, -4)
        step = inner.height() / max(1, len(lines))
        for i, (shown, font) in enumerate(lines):
            painter.setFont(font)
            painter.setPen(theme.text if i == 0 else theme.muted_text)
            box = QRectF(inner.left(), inner.top() + i * step, inner.width(), step)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, shown)

    def card_lines(self, scale: float) -> list[tuple[str, QFont]]:
        """The folded card's lines as drawn at ``scale`` (text, font): as large as is
        readable on screen, smaller where a line would not fit, cut only below 9 px."""
        theme = self.members[0].theme
        inner = self._card.adjusted(8, 4, -8, -4)
        lines = [line for line in self.summary if line][: 2 if scale >= lod.SIMPLE_SCALE else 1]
        size = max(theme.title_font.pixelSize(), 12.0 / scale)
        size = min(size, inner.height() * (0.7 if len(lines) == 1 else 0.42))
        out = []
        for i, line in enumerate(lines):
            wanted = size if i == 0 else size * 0.85
            font, metrics = fitting_font(theme, line, wanted, inner.width(), scale)
            out.append((metrics.elidedText(line, Qt.TextElideMode.ElideRight, inner.width()), font))
        return out

    def card_rect(self) -> QRectF:
        """Where the folded card is (it stands in for the members' ports)."""
        return QRectF(self._card)


def _columns(rects: list[QRectF], flow: str) -> list[QRectF]:
    """Merge block rectangles into one box per column (per row when data flows right)."""
    key = (lambda r: (r.left(), r.right())) if flow == DOWN else (lambda r: (r.top(), r.bottom()))
    boxes: list[tuple[float, float, QRectF]] = []
    for rect in sorted(rects, key=key):
        low, high = key(rect)
        if boxes and low <= boxes[-1][1] + NODE_WIDTH * 0.25:
            start, end, box = boxes[-1]
            boxes[-1] = (start, max(end, high), box.united(rect))
        else:
            boxes.append((low, high, rect))
    return [box for _, _, box in boxes]


class StageFrames:
    """The frames of a scene: made from the graph, folded from the view options."""

    def __init__(self, scene: CanvasScene):
        self.scene = scene
        self.frames: dict[str, StageFrame] = {}
        self.folded: set[str] = set()
        self._of_node: dict[str, StageFrame] = {}
        #: False on a canvas showing one block's inside: its layers are no stages.
        self.enabled = True

    def rebuild(self) -> None:
        """Find the stages afresh and make their frames (after structural edits)."""
        scene = self.scene
        for frame in self.frames.values():
            self._set_fold(frame, False)
            if frame.scene() is scene:
                scene.removeItem(frame)
        self.frames, self._of_node = {}, {}
        for stage in find_stages(scene.graph) if self.enabled else []:
            members = [scene.node_items[m] for m in stage.members if m in scene.node_items]
            frame = StageFrame(stage, members)
            frame.flow = scene.flow
            frame.refresh_geometry()
            scene.addItem(frame)
            self.frames[stage.name] = frame
            for nid in stage.members:
                self._of_node[nid] = frame
        for name in self.folded & self.frames.keys():
            self._set_fold(self.frames[name], True)
        self.refresh_summaries(None)

    def moved(self, node_ids) -> None:
        for frame in {self._of_node[n] for n in node_ids if n in self._of_node}:
            self._refresh(frame)

    def relayout(self) -> None:
        for frame in self.frames.values():
            frame.flow = self.scene.flow
            self._refresh(frame)

    def _refresh(self, frame: StageFrame) -> None:
        """New boxes for a frame whose blocks moved; a folded one's card moves with
        them, and the connections ending at the card follow it."""
        card = frame.card_rect()
        frame.refresh_geometry()
        if frame.folded and frame.card_rect() != card:
            for item in frame.members:
                item.adjust_edges()

    def set_folded(self, names) -> None:
        """Fold exactly the stages ``names`` (unknown names are kept for later)."""
        names = set(names)
        for name, frame in self.frames.items():
            if (name in names) != frame.folded:
                self._set_fold(frame, name in names)
        self.folded = names

    def frame_at(self, pos: QPointF) -> StageFrame | None:
        for item in self.scene.items(pos):
            if isinstance(item, StageFrame) and item.header_rect().contains(pos):
                return item
            if isinstance(item, StageFrame) and item.folded and item._card.contains(pos):
                return item
        return None

    def refresh_summaries(self, changed) -> None:
        """Output shape and parameters of the stages holding ``changed`` (None: all)."""
        analysis = self.scene.analysis
        frames = (
            self.frames.values()
            if changed is None
            else {self._of_node[n] for n in changed if n in self._of_node}
        )
        for frame in frames:
            frame.summary = _summary(frame.stage, analysis)
            if frame.folded:
                frame.update()

    def paint_labels(self, painter: QPainter, exposed: QRectF) -> None:
        """The stages' names at a constant size on screen, above their frames (drawn
        over the scene when zoomed out below full detail)."""
        transform = painter.worldTransform()
        scale = lod.scale_of(transform)
        if lod.level_of(scale) == lod.FULL or not self.frames:
            return  # the frames draw their names themselves
        theme = self.scene.theme
        font = QFont(theme.title_font)
        font.setPixelSize(13)
        metrics = QFontMetricsF(font)
        painter.save()
        painter.resetTransform()
        painter.setFont(font)
        for frame in self.frames.values():
            area = frame.label_area()
            if area.isEmpty() or not area.adjusted(0, -400 / scale, 0, 0).intersects(exposed):
                continue
            screen = transform.mapRect(area)
            room = max(screen.width() + 20, 40.0)
            text = f"{frame.name} · {frame.count_text()}"
            if metrics.horizontalAdvance(text) > room:
                text = metrics.elidedText(frame.name, Qt.TextElideMode.ElideRight, room)
            size = QSizeF(metrics.horizontalAdvance(text) + 10, metrics.height() + 4)
            box = self._label_box(frame, screen, size, transform)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(with_alpha(theme.background, 0.85))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(theme.text)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def _label_box(self, frame: StageFrame, screen: QRectF, size: QSizeF, transform) -> QRectF:
        """Where a zoomed-out name goes (screen coordinates): above the frame, else
        inside its top, wherever it covers the least of the blocks (none, mostly)."""
        above = QRectF(QPointF(screen.left(), screen.top() - size.height() - 2), size)
        inside = QRectF(QPointF(screen.left() + 6, screen.top() + 4), size)
        inverse, _ok = transform.inverted()
        covered = [self._covered(inverse.mapRect(box), frame) for box in (above, inside)]
        return above if covered[0] <= covered[1] else inside

    def _covered(self, rect: QRectF, frame: StageFrame) -> float:
        """How much of the drawn blocks (and other folded cards) ``rect`` covers."""
        total = 0.0
        for item in self.scene.items(rect):
            if isinstance(item, StageFrame) and item is not frame and item.folded:
                hit = rect.intersected(item.card_rect())
            elif isinstance(item, NodeItem) and item.isVisible():
                hit = rect.intersected(item.drawn_rect())
            else:
                continue
            total += hit.width() * hit.height()
        return total

    # ----------------------------------------------------------------- folding
    def _set_fold(self, frame: StageFrame, folded: bool) -> None:
        """Hide the members behind the card (``folded``) or show them again."""
        frame.prepareGeometryChange()  # before: its outline depends on the fold (the
        frame.folded = folded  # scene index must learn it, or it keeps a stale entry)
        for item in frame.members:
            item.proxy = frame if folded else None
            item.setVisible(not folded)
        frame.update()
        for item in frame.members:
            item.adjust_edges()
        self.scene.reroute(frame.rects() if folded else frame.rects() + [frame.card_rect()])


def _summary(stage: Stage, analysis) -> tuple[str, ...]:
    """The folded card's lines: the stage's output shape, and its parameters."""
    if analysis is None:
        return ()
    infos = [analysis.nodes.get(m) for m in stage.members]
    last = next((i for i in reversed(infos) if i is not None and i.shape is not None), None)
    params = sum(i.params for i in infos if i is not None)
    shape = shape_text(last.shape) if last is not None else "?"
    if not params:
        return (shape,)
    count = QCoreApplication.translate("Canvas", "{count} params")
    return shape, count.format(count=human_count(params))
