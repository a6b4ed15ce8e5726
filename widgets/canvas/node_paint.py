"""How a block is drawn at each level of detail (see :mod:`widgets.canvas.lod`).

``paint_full``: shadow, coloured header with the title, the parameter and shape lines,
the problem badge and the outline. ``paint_simple``: a card in the header colour with
the title in a font sized for the screen (and the shape under it when there is room).
``paint_box``: a plain box in that colour. Problems are red and waiting blocks grey at
every level. A frozen block (weights not trained) is tinted ice blue at every level, its
header frosted (white stripes) and marked with a snowflake badge where there is room
for one (full and simple detail); far out, an ice band runs along its top.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen

from widgets.canvas import lod
from widgets.canvas.sizes import HEADER_HEIGHT, RADIUS
from widgets.canvas.text import card_titles
from widgets.canvas.theme import mix

if TYPE_CHECKING:
    from widgets.canvas.items import NodeItem

#: From this scale a frozen block's card has room for the snowflake beside its title.
SNOWFLAKE_SCALE = 0.45
STACK = 4.0  # offset of the second outline that marks a composite block
PAD = 10.0
_WHITE = QColor(255, 255, 255)
#: Frost: white diagonal stripes over a frozen block's header, whatever its colour.
_FROST = QBrush(QColor(255, 255, 255, 90), Qt.BrushStyle.BDiagPattern)


def header_colour(item: NodeItem) -> QColor:
    header = item.theme.header(item.category)
    if item.problem:
        return mix(header, item.theme.problem, 0.85)
    if item.waiting:
        return mix(header, item.theme.waiting, 0.75)
    return mix(header, item.theme.frozen, 0.45) if item.frozen else header


def body_colour(item: NodeItem) -> QColor:
    body = item.theme.node_body
    return mix(body, item.theme.frozen, 0.14) if item.frozen else body


def border_colour(item: NodeItem) -> QColor:
    if item.problem:
        return item.theme.problem
    return item.theme.frozen if item.frozen else item.theme.node_border


# --------------------------------------------------------------------------- full


def paint_full(item: NodeItem, painter: QPainter) -> None:
    theme = item.theme
    body = item.body_rect()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.shadow)
    painter.drawRoundedRect(body.translated(0, 2.5), RADIUS + 1, RADIUS + 1)
    border = border_colour(item)
    if item.composite:  # a second card behind: "several layers in one block"
        painter.setPen(QPen(border, 1.2))
        painter.setBrush(mix(theme.node_body, theme.background, 0.35))
        painter.drawRoundedRect(body.translated(STACK, STACK), RADIUS, RADIUS)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(body_colour(item))
    painter.drawRoundedRect(body, RADIUS, RADIUS)
    _paint_header(item, painter, body)
    _paint_text(item, painter, body)
    paint_outline(item, painter, body, border)


def _paint_header(item: NodeItem, painter: QPainter, body: QRectF) -> None:
    header = QRectF(body.left(), body.top(), body.width(), HEADER_HEIGHT)
    path = QPainterPath()
    path.addRoundedRect(header, RADIUS, RADIUS)
    square = QPainterPath()
    square.addRect(header.adjusted(0, RADIUS, 0, 0))  # square off the bottom corners
    painter.setBrush(header_colour(item))
    painter.drawPath(path.united(square))
    if item.frozen:
        painter.setBrush(_FROST)
        painter.drawPath(path.united(square))
    if item.problem:
        centre = QPointF(header.right() - PAD - 5, header.center().y())
        painter.setBrush(_WHITE)
        painter.drawEllipse(centre, 6.5, 6.5)
        painter.setPen(QPen(item.theme.problem, 1))
        painter.setFont(item.theme.title_font)
        box = QRectF(centre.x() - 6.5, centre.y() - 6.5, 13, 13)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "!")
    if item.frozen:
        right = header.right() - PAD - 5 - (16 if item.problem else 0)
        paint_snowflake(painter, QPointF(right, header.center().y()), 6.5, item.theme.frozen)


def _paint_text(item: NodeItem, painter: QPainter, body: QRectF) -> None:
    theme = item.theme
    left = body.left() + PAD
    width = body.width() - 2 * PAD
    align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
    painter.setFont(theme.title_font)
    painter.setPen(_WHITE)
    painter.drawText(QRectF(left, body.top(), width, HEADER_HEIGHT), align, item.title_text)
    summary, stats = item.summary_text, item.stats_text
    lines = [(summary, theme.text)] if summary else []
    if stats and stats != summary:
        lines.append((stats, theme.problem if item.alert else theme.muted_text))
    if not lines:
        return
    area = QRectF(left, body.top() + HEADER_HEIGHT + 2, width, body.height() - HEADER_HEIGHT - 6)
    line = area.height() / 2
    top = area.top() + (line / 2 if len(lines) == 1 else 0)
    painter.setFont(theme.detail_font)
    for i, (text, colour) in enumerate(lines):
        painter.setPen(colour)
        painter.drawText(QRectF(left, top + i * line, width, line), align, text)


def paint_outline(item: NodeItem, painter: QPainter, body: QRectF, border: QColor) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pen = QPen(border, 1.6 if item.problem else 1.0)
    if item.waiting:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawRoundedRect(body.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
    outline = None
    if item.drop_state is not None:
        outline = item.theme.candidate if item.drop_state == "ok" else item.theme.problem
    elif item.isSelected():
        outline = item.theme.selection
    if outline is not None:
        pen = QPen(outline, 2.2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawRoundedRect(body.adjusted(-2.5, -2.5, 2.5, 2.5), RADIUS + 2, RADIUS + 2)


# --------------------------------------------------------------------------- simpler


def paint_simple(item: NodeItem, painter: QPainter, scale: float) -> None:
    """A card in the header colour with a title readable on screen at ``scale``."""
    body = item.body_rect()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(header_colour(item))
    painter.drawRoundedRect(body, RADIUS, RADIUS)
    if item.frozen:
        painter.setBrush(_FROST)
        painter.drawRoundedRect(body, RADIUS, RADIUS)
    room = body.adjusted(PAD / 2, 3, -PAD / 2, -3)
    if item.frozen and scale >= SNOWFLAKE_SCALE:  # the badge, 13 px on screen, beside the text
        radius = 6.5 / scale
        centre = QPointF(body.right() - radius - 3 / scale, body.center().y())
        paint_snowflake(painter, centre, radius, item.theme.frozen)
        room.setRight(centre.x() - radius - 2 / scale)
    lines = [(item.title, _WHITE)]
    if scale >= 0.3 and item.brief:
        lines.append((item.brief, mix(_WHITE, header_colour(item), 0.3)))
    size = min(lod.TITLE_PX / scale, room.height() * (0.8 if len(lines) == 1 else 0.45))
    height = room.height() / len(lines)
    for i, (text, colour) in enumerate(lines):
        wanted = size if i == 0 else size * 0.85
        forms = card_titles(text) if i == 0 else [text]
        font, shown = card_text(item.theme, forms, wanted, room.width(), scale)
        painter.setFont(font)
        painter.setPen(colour)
        box = QRectF(room.left(), room.top() + i * height, room.width(), height)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, shown)
    outline = border_colour(item) if item.problem or item.frozen else header_colour(item)
    paint_outline(item, painter, body, outline)


def card_text(theme, forms: list[str], size: float, width: float, scale: float):
    """The font and text a card shows: the first of ``forms`` (a title, then shorter
    forms of it) that fits ``width`` in a readable font, else the last one elided."""
    for text in forms:
        font, metrics = fitting_font(theme, text, size, width, scale)
        if metrics.horizontalAdvance(text) <= width:
            break
    return font, metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def fitting_font(theme, text: str, size: float, width: float, scale: float):
    """The font of ``size`` scene units, smaller (not below 9 px on screen) if ``text``
    would not fit ``width``; the rest is elided."""
    font, metrics = theme.scaled.at(size)
    wide = metrics.horizontalAdvance(text)
    if wide > width:
        font, metrics = theme.scaled.at(max(size * width / wide, lod.SMALLEST_PX / scale))
    return font, metrics


def paint_box(item: NodeItem, painter: QPainter) -> None:
    """A plain box in the header colour (far out, text would be a smudge)."""
    body = item.body_rect()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(header_colour(item))
    painter.drawRect(body)
    if item.frozen:  # an ice band along the top: frozen blocks stand out on the map
        painter.setBrush(item.theme.frozen)
        painter.drawRect(QRectF(body.left(), body.top(), body.width(), body.height() / 4))
    if item.isSelected() or item.problem:
        pen = QPen(item.theme.selection if item.isSelected() else item.theme.problem, 2.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(body)


def paint_snowflake(painter: QPainter, centre: QPointF, radius: float, colour: QColor) -> None:
    """A white disc with a six-armed snowflake in ``colour``: "frozen" without a font."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_WHITE)
    painter.drawEllipse(centre, radius, radius)
    pen = QPen(colour, max(0.17 * radius, 0.8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    arm, twig = 0.72 * radius, 0.26 * radius
    lines = []
    for i in range(6):
        angle = math.pi / 3 * i
        tip = centre + QPointF(arm * math.cos(angle), arm * math.sin(angle))
        lines.append(QLineF(centre, tip))
        fork = centre + QPointF(0.55 * arm * math.cos(angle), 0.55 * arm * math.sin(angle))
        for side in (-1, 1):
            bent = angle + side * math.pi / 4
            lines.append(QLineF(fork, fork + QPointF(twig * math.cos(bent), twig * math.sin(bent))))
    painter.drawLines(lines)
