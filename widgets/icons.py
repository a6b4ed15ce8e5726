"""Category icons drawn with QPainter: a coloured rounded tile with a white glyph.

One glyph per block category (a kernel grid for convolution, the ReLU hinge for
activations, ...), drawn at several sizes into one cached :class:`QIcon` so it is
crisp in the palette, the inspector header and drag pixmaps alike.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from engine.registry import get_spec

#: One colour per category, shared with the canvas's node headers
#: (``widgets/canvas/theme.py``), so a block looks alike in the palette and on the canvas.
CATEGORY_COLORS = {
    "Input / Output": "#5c6f82",
    "Convolution": "#3b7dd8",
    "Pooling": "#1f9e8f",
    "Normalization": "#8a62cf",
    "Activation": "#d9822b",
    "Regularization": "#8f7a5a",
    "Dense": "#3e9b4f",
    "Merge": "#c44f8a",
    "Composite": "#b8902a",
}
_FALLBACK = "#6b7280"
_SIZES = (16, 20, 24, 32, 48, 64)
_icons: dict[str, QIcon] = {}


def category_color(category: str) -> QColor:
    """The colour of a block category (grey for an unknown one)."""
    return QColor(CATEGORY_COLORS.get(category, _FALLBACK))


def category_icon(category: str) -> QIcon:
    """The cached icon of a block category."""
    icon = _icons.get(category)
    if icon is None:
        icon = QIcon()
        for size in _SIZES:
            icon.addPixmap(category_pixmap(category, size))
        _icons[category] = icon
    return icon


def block_icon(block_type: str) -> QIcon:
    """The icon of a block type: its category's."""
    spec = get_spec(block_type)
    return category_icon(spec.category if spec else "")


def category_pixmap(category: str, size: int) -> QPixmap:
    """A ``size``×``size`` tile: rounded square in the category colour, white glyph."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 24.0, size / 24.0)  # glyphs are drawn on a 24-unit grid
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(category_color(category))
    painter.drawRoundedRect(QRectF(0.5, 0.5, 23, 23), 5.5, 5.5)
    pen = QPen(
        QColor("white"),
        1.8,
        Qt.PenStyle.SolidLine,
        Qt.PenCapStyle.RoundCap,
        Qt.PenJoinStyle.RoundJoin,
    )
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    _GLYPHS.get(category, _glyph_unknown)(painter)
    painter.end()
    return pixmap


def search_icon(color: QColor, size: int = 16) -> QIcon:
    """A magnifying glass for search fields, in ``color`` (not cached: palettes change)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 16.0, size / 16.0)
    painter.setPen(QPen(color, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawEllipse(QPointF(6.5, 6.5), 4.2, 4.2)
    painter.drawLine(QPointF(9.7, 9.7), QPointF(13.5, 13.5))
    painter.end()
    return QIcon(pixmap)


# --------------------------------------------------------------------------- glyphs


def _fill_white(painter: QPainter) -> None:
    painter.setBrush(QColor("white"))


def _glyph_io(p: QPainter) -> None:
    """An arrow entering a frame."""
    p.drawLine(QPointF(4.5, 12), QPointF(13.5, 12))
    p.drawPolyline([QPointF(10, 8.5), QPointF(13.5, 12), QPointF(10, 15.5)])
    p.drawPolyline([QPointF(14, 5.5), QPointF(18.5, 5.5), QPointF(18.5, 18.5), QPointF(14, 18.5)])


def _glyph_conv(p: QPainter) -> None:
    """A 3×3 grid with the kernel's window filled."""
    p.setPen(QPen(QColor("white"), 1.4))
    for i in range(4):
        c = 5 + i * 14 / 3
        p.drawLine(QPointF(c, 5), QPointF(c, 19))
        p.drawLine(QPointF(5, c), QPointF(19, c))
    _fill_white(p)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRect(QRectF(5, 5, 28 / 3, 28 / 3))


def _glyph_pool(p: QPainter) -> None:
    """Four cells funnelled into one."""
    p.setPen(QPen(QColor("white"), 1.4))
    p.drawRect(QRectF(4, 4, 9, 9))
    p.drawLine(QPointF(8.5, 4), QPointF(8.5, 13))
    p.drawLine(QPointF(4, 8.5), QPointF(13, 8.5))
    p.drawLine(QPointF(12.5, 12.5), QPointF(15, 15))
    _fill_white(p)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(14.5, 14.5, 5.5, 5.5), 1, 1)


def _glyph_norm(p: QPainter) -> None:
    """A bell curve over a baseline."""
    path = QPainterPath(QPointF(3.5, 17.5))
    path.cubicTo(QPointF(8.5, 17.5), QPointF(9, 5.5), QPointF(12, 5.5))
    path.cubicTo(QPointF(15, 5.5), QPointF(15.5, 17.5), QPointF(20.5, 17.5))
    p.drawPath(path)
    p.setPen(QPen(QColor(255, 255, 255, 150), 1.2))
    p.drawLine(QPointF(3.5, 19.5), QPointF(20.5, 19.5))


def _glyph_activation(p: QPainter) -> None:
    """The ReLU hinge."""
    p.setPen(QPen(QColor(255, 255, 255, 140), 1.0))
    p.drawLine(QPointF(4, 15), QPointF(20, 15))
    p.setPen(
        QPen(
            QColor("white"),
            2.2,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    p.drawPolyline([QPointF(4.5, 15), QPointF(12, 15), QPointF(19.5, 5.5)])


def _glyph_dropout(p: QPainter) -> None:
    """A 3×3 grid of units, some dropped (hollow)."""
    dropped = {(0, 1), (1, 2), (2, 0)}
    for row in range(3):
        for col in range(3):
            centre = QPointF(6.5 + col * 5.5, 6.5 + row * 5.5)
            p.setBrush(Qt.BrushStyle.NoBrush if (row, col) in dropped else QColor("white"))
            p.setPen(QPen(QColor("white"), 1.2))
            p.drawEllipse(centre, 1.9, 1.9)


def _glyph_dense(p: QPainter) -> None:
    """Two layers of units, fully connected."""
    left = [QPointF(6, 8), QPointF(6, 16)]
    right = [QPointF(18, 6), QPointF(18, 12), QPointF(18, 18)]
    p.setPen(QPen(QColor(255, 255, 255, 170), 1.0))
    for a in left:
        for b in right:
            p.drawLine(a, b)
    _fill_white(p)
    p.setPen(Qt.PenStyle.NoPen)
    for c in left + right:
        p.drawEllipse(c, 2.2, 2.2)


def _glyph_merge(p: QPainter) -> None:
    """Two streams joining into one, with a plus."""
    p.drawPolyline([QPointF(4, 6), QPointF(9, 12), QPointF(4, 18)])
    p.drawLine(QPointF(9, 12), QPointF(12, 12))
    p.drawLine(QPointF(16, 8), QPointF(16, 16))
    p.drawLine(QPointF(12, 12), QPointF(20, 12))


def _glyph_composite(p: QPainter) -> None:
    """Stacked layers: several blocks in one."""
    for i, alpha in enumerate((120, 190, 255)):
        y = 4.5 + i * 4.5
        p.setPen(QPen(QColor(255, 255, 255, alpha), 1.6))
        p.setBrush(QColor(255, 255, 255, alpha // 4))
        p.drawRoundedRect(QRectF(4.5 + (2 - i) * 1.5, y, 15 - (2 - i) * 3, 6), 1.5, 1.5)


def _glyph_unknown(p: QPainter) -> None:
    p.drawEllipse(QPointF(12, 12), 5, 5)


_GLYPHS: dict[str, Callable[[QPainter], None]] = {
    "Input / Output": _glyph_io,
    "Convolution": _glyph_conv,
    "Pooling": _glyph_pool,
    "Normalization": _glyph_norm,
    "Activation": _glyph_activation,
    "Regularization": _glyph_dropout,
    "Dense": _glyph_dense,
    "Merge": _glyph_merge,
    "Composite": _glyph_composite,
}
