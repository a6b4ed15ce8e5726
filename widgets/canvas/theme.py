"""Colours and fonts of the canvas, derived from the widget palette (light or dark).

Only the category hues are fixed; every neutral colour (background, node body, text,
edges, selection) is mixed from the ``QPalette`` so the canvas follows the app's theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette

from widgets.canvas.lod import ScaledFonts
from widgets.icons import CATEGORY_COLORS, category_color

#: Header hue of each registry category: one source with the palette's icons.
CATEGORY_COLOURS = CATEGORY_COLORS
_PROBLEM = "#d64545"
#: The ice blue of frozen blocks (weights not trained), light and dark themes.
_FROZEN = ("#2aa3c7", "#6cc8e0")


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """The colour a fraction ``t`` of the way from ``a`` to ``b`` (alpha included)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        a.alphaF() + (b.alphaF() - a.alphaF()) * t,
    )


def with_alpha(colour: QColor, alpha: float) -> QColor:
    out = QColor(colour)
    out.setAlphaF(alpha)
    return out


@dataclass
class CanvasTheme:
    """Everything the canvas items paint with."""

    dark: bool
    background: QColor
    grid: QColor
    node_body: QColor
    node_border: QColor
    shadow: QColor
    text: QColor
    muted_text: QColor
    edge: QColor
    edge_label_bg: QColor
    selection: QColor
    problem: QColor
    waiting: QColor
    port: QColor
    port_hover: QColor
    candidate: QColor
    title_font: QFont
    detail_font: QFont
    label_font: QFont
    title_metrics: QFontMetricsF
    detail_metrics: QFontMetricsF
    label_metrics: QFontMetricsF
    scaled: ScaledFonts  # the title font at the sizes the simpler drawings need
    frozen: QColor = field(default_factory=lambda: QColor(_FROZEN[0]))  # weights frozen
    _elided: dict = field(default_factory=dict, repr=False)

    def elide(self, metrics: QFontMetricsF, text: str, width: float) -> str:
        """``text`` cut with "…" to ``width``; cached, as blocks repeat the same words."""
        key = (id(metrics), text, width)
        cached = self._elided.get(key)
        if cached is None:
            if len(self._elided) > 4096:
                self._elided.clear()
            cached = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            self._elided[key] = cached
        return cached

    def header(self, category: str) -> QColor:
        colour = category_color(category)
        return colour.darker(118) if self.dark else colour

    @classmethod
    def from_palette(cls, palette: QPalette, base_font: QFont | None = None) -> CanvasTheme:
        """Build the theme from a widget palette and (optionally) its font."""
        window = palette.color(QPalette.ColorRole.Window)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = window.lightnessF() < 0.5
        background = mix(window, QColor("black"), 0.18) if dark else mix(window, base, 0.5)
        body = mix(window, text, 0.07) if dark else QColor(base)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        return cls(
            dark=dark,
            background=background,
            grid=with_alpha(text, 0.16 if dark else 0.20),
            node_body=body,
            node_border=mix(body, text, 0.22 if dark else 0.18),
            shadow=QColor(0, 0, 0, 110 if dark else 40),
            text=QColor(text),
            muted_text=mix(text, body, 0.38),
            edge=mix(text, background, 0.45),
            edge_label_bg=mix(background, body, 0.6),
            selection=QColor(highlight).lighter(125) if dark else QColor(highlight),
            problem=QColor(_PROBLEM),
            waiting=mix(text, background, 0.55),
            port=mix(body, text, 0.45),
            port_hover=QColor(highlight).lighter(130),
            candidate=QColor("#3fbf6f"),
            frozen=QColor(_FROZEN[dark]),
            **_fonts(base_font),
        )


def _fonts(base_font: QFont | None) -> dict:
    base = QFont(base_font) if base_font is not None else QFont()
    size = base.pointSizeF() if base.pointSizeF() > 0 else 9.0
    title = QFont(base)
    title.setPointSizeF(size)
    title.setWeight(QFont.Weight.DemiBold)
    detail = QFont(base)
    detail.setPointSizeF(max(6.5, size - 1))
    label = QFont(base)
    label.setPointSizeF(max(6.0, size - 1.5))
    return {
        "title_font": title,
        "detail_font": detail,
        "label_font": label,
        # Measuring text is the costly part of an analysis update: build metrics once.
        "title_metrics": QFontMetricsF(title),
        "detail_metrics": QFontMetricsF(detail),
        "label_metrics": QFontMetricsF(label),
        "scaled": ScaledFonts(title),
    }
