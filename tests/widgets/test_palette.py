"""The block palette: generated from the registry, searchable, draggable, keyboard-driven."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from engine.registry import CATEGORIES, all_specs
from widgets.common import BLOCK_MIME
from widgets.icons import CATEGORY_COLORS, block_icon, category_icon
from widgets.palette import BlockPalette, drag_pixmap


@pytest.fixture
def palette(qtbot):
    widget = BlockPalette()
    qtbot.addWidget(widget)
    widget.resize(260, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_lists_every_block_grouped_in_category_order(palette):
    assert sorted(palette.block_types()) == sorted(s.type for s in all_specs())
    assert palette.visible_categories() == [
        c for c in CATEGORIES if any(s.category == c for s in all_specs())
    ]


def test_search_filters_by_title_type_and_help_ignoring_case(palette):
    palette.set_filter("POOL")
    shown = palette.visible_block_types()
    assert {"MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"} <= set(shown)
    assert "Conv2d" not in shown and "ReLU" not in shown
    assert "Activation" not in palette.visible_categories()  # no match: category hidden
    palette.set_filter("conv1x1")  # the type key
    assert palette.visible_block_types() == ["Conv1x1"]
    palette.set_filter("lateral inhibition")  # words of the help text
    assert palette.visible_block_types() == ["LocalResponseNorm"]
    assert palette.visible_categories() == ["Normalization"]
    palette.set_filter("no such block")
    assert palette.visible_block_types() == [] and palette.visible_categories() == []


def test_typing_in_the_search_box_filters_and_escape_clears(palette, qtbot):
    palette.search.setFocus()
    qtbot.keyClicks(palette.search, "leaky")
    assert palette.visible_block_types() == ["LeakyReLU"]
    qtbot.keyClick(palette.search, Qt.Key.Key_Escape)
    assert palette.search.text() == ""
    assert len(palette.visible_block_types()) == len(all_specs())


def test_enter_in_the_search_box_activates_the_first_match(palette, qtbot):
    qtbot.keyClicks(palette.search, "max")
    with qtbot.waitSignal(palette.blockActivated) as signal:
        qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert signal.args == ["MaxPool2d"]


def test_arrow_keys_and_enter_in_the_list(palette, qtbot):
    qtbot.keyClicks(palette.search, "norm")
    qtbot.keyClick(palette.search, Qt.Key.Key_Down)  # into the list, on the first match
    assert palette.tree.hasFocus()
    qtbot.keyClick(palette.tree, Qt.Key.Key_Down)
    with qtbot.waitSignal(palette.blockActivated) as signal:
        qtbot.keyClick(palette.tree, Qt.Key.Key_Return)
    assert signal.args == [palette.visible_block_types()[1]]


def _double_click(qtbot, tree, item):
    pos = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)  # a real one
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)  # starts so


def test_double_click_on_a_block_activates_it_but_not_on_a_category(palette, qtbot):
    received = []
    palette.blockActivated.connect(received.append)
    tree = palette.tree
    head = tree.topLevelItem(0)
    _double_click(qtbot, tree, head)
    assert received == []
    head.setExpanded(True)
    _double_click(qtbot, tree, head.child(0))
    assert received == ["Input"]


def test_drag_payload_is_the_registry_key(palette):
    mime = palette.mime_data("Conv2d")
    assert mime.formats() == [BLOCK_MIME]
    assert bytes(mime.data(BLOCK_MIME)).decode("utf-8") == "Conv2d"
    item = palette.tree.topLevelItem(1).child(0)  # what the tree itself builds for a drag
    assert bytes(palette.tree.mimeData([item]).data(BLOCK_MIME)) == b"Conv2d"


def test_drag_pixmap_is_small_and_not_empty(palette):
    spec = next(s for s in all_specs() if s.type == "InceptionBlock")
    pixmap = drag_pixmap(spec)
    assert not pixmap.isNull()
    assert 60 < pixmap.width() < 320 and pixmap.height() < 60


def test_entries_have_icon_and_help_tooltip(palette):
    for spec in all_specs():
        item = palette._blocks[spec.type]
        assert not item.icon(0).isNull()
        assert spec.help.split(".")[0] in item.toolTip(0).replace("&#x27;", "'")


def test_category_icons_are_drawn_once_and_cached(qapp):
    for category in CATEGORY_COLORS:
        icon = category_icon(category)
        assert not icon.isNull()
        assert icon.cacheKey() == category_icon(category).cacheKey()
        image = icon.pixmap(24, 24).toImage()
        assert image.pixelColor(12, 2).alpha() > 0  # a tile, not a blank square
    assert block_icon("Conv2d").cacheKey() == category_icon("Convolution").cacheKey()
