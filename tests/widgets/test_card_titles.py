"""A block's card on the zoomed-out canvas shows its name, not a name cut short:
a shorter form of a long title where the whole one does not fit ("선형 (완전 연결)" →
"선형", "ConvNeXt block" → "ConvNeXt"); the tooltip keeps the whole title."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from widgets.canvas.node_paint import PAD, card_text
from widgets.canvas.sizes import NODE_WIDTH
from widgets.canvas.text import card_titles
from widgets.canvas.theme import CanvasTheme

#: The overview scales at which a user saw titles cut: Korean (cards 57 px wide) and
#: ConvNeXt-T in English (64 px).
KO_SCALE, EN_SCALE = 0.31, 0.35


@pytest.mark.parametrize(
    ("title", "shown", "scale"),
    [
        ("선형 (완전 연결)", "선형", KO_SCALE),
        ("층 정규화 (채널)", "층 정규화", KO_SCALE),
        ("합성곱", "합성곱", KO_SCALE),
        ("ConvNeXt block", "ConvNeXt", EN_SCALE),
        ("Layer norm (channels)", "Layer norm", EN_SCALE),
        ("Linear", "Linear", EN_SCALE),
    ],
)
def test_a_card_shows_a_whole_name(qapp, title, shown, scale):
    theme = CanvasTheme.from_palette(QApplication.palette())
    width = NODE_WIDTH - PAD
    _font, text = card_text(theme, card_titles(title), 12 / scale, width, scale)
    assert text == shown and "…" not in text


def test_short_forms_come_after_the_whole_title():
    assert card_titles("Max pooling") == ["Max pooling"]
    assert card_titles("연결 (Concat)") == ["연결 (Concat)", "연결"]
    assert card_titles("Fire 모듈") == ["Fire 모듈", "Fire"]
