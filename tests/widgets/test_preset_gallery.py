"""The preset gallery: lists presets with their numbers and returns the one chosen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

import engine.presets
from engine.graph import Edge, Graph, Node
from widgets.preset_gallery import PresetGallery


@dataclass(frozen=True)
class FakeInfo:
    name: str
    title: str
    description: str
    path: Path = Path("nowhere")


FAKES = [
    FakeInfo("tiny", "Tiny net", "One convolution on 8×8 digits."),
    FakeInfo("wide", "Wide net", "A 64-filter convolution on 32×32 colour images."),
    FakeInfo("broken", "Broken", "A file that no longer loads."),
]


def fake_load(name: str) -> Graph:
    if name == "broken":
        raise ValueError("line 3: not a Convas file")
    if name not in ("tiny", "wide"):
        raise KeyError(name)
    size, channels, filters = (8, 1, 4) if name == "tiny" else (32, 3, 64)
    nodes = [
        Node("in", "Input", {"channels": channels, "height": size, "width": size}),
        Node("conv", "Conv2d", {"out_channels": filters, "padding": 1}),
        Node("out", "Output"),
    ]
    return Graph(name, nodes, [Edge("in", "conv"), Edge("conv", "out")])


@pytest.fixture
def fake_presets(monkeypatch):
    """engine.presets with three made-up presets, one of them unreadable."""
    monkeypatch.setattr(engine.presets, "list_presets", lambda: list(FAKES))
    monkeypatch.setattr(engine.presets, "load_preset", fake_load)


@pytest.fixture
def gallery(qtbot, fake_presets):
    dialog = PresetGallery()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_lists_every_preset_and_shows_the_first(gallery):
    assert gallery.names() == ["tiny", "wide", "broken"]
    assert gallery.current_name() == "tiny"
    assert gallery.title.text() == "Tiny net"
    assert gallery.facts["Input"].text() == "1×8×8"
    assert gallery.facts["Parameters"].text() == "40  (40)"
    assert gallery.facts["Blocks"].text() == "3"


def test_details_follow_the_selection(gallery):
    gallery.select("wide")
    assert gallery.title.text() == "Wide net"
    assert gallery.description.text().startswith("A 64-filter convolution")
    assert gallery.facts["Input"].text() == "3×32×32"
    assert gallery.facts["Output"].text() == "64×32×32"
    assert gallery.facts["Parameters"].text() == "1,792  (1.79 k)"
    assert gallery.facts["MACs"].text() == "1,769,472  (1.77 M)"
    assert gallery.strip.categories == ("Input / Output", "Convolution", "Input / Output")


def test_a_preset_that_fails_to_load_is_shown_not_raised(gallery):
    gallery.select("broken")
    assert "Can't read this preset" in gallery.description.text()
    assert gallery.facts["Parameters"].text() == "—"


def test_open_returns_the_chosen_preset(gallery):
    gallery.select("wide")
    gallery.buttons.button(QDialogButtonBox.StandardButton.Open).click()
    assert gallery.result() == PresetGallery.DialogCode.Accepted
    assert gallery.chosen_name() == "wide"


def test_cancel_chooses_nothing(gallery):
    gallery.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert gallery.result() == PresetGallery.DialogCode.Rejected
    assert gallery.chosen_name() is None


def test_double_click_opens(gallery, qtbot):
    view = gallery.list
    rect = view.visualItemRect(view.item(1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert gallery.chosen_name() == "wide"
    assert gallery.result() == PresetGallery.DialogCode.Accepted


def test_search_filters_and_disables_open_without_a_match(gallery, qtbot):
    qtbot.keyClicks(gallery.search, "colour")
    assert gallery.names() == ["wide"]
    assert gallery.current_name() == "wide"
    gallery.search.setText("resnet")
    assert gallery.names() == []
    assert not gallery.buttons.button(QDialogButtonBox.StandardButton.Open).isEnabled()


def test_summaries_are_computed_lazily_and_cached(qtbot, fake_presets):
    loads = []

    def counting_load(name):
        loads.append(name)
        return fake_load(name)

    dialog = PresetGallery(presets=list(FAKES), loader=counting_load)
    qtbot.addWidget(dialog)
    assert loads == ["tiny"]  # only the one shown; the rest come one per event-loop turn
    qtbot.waitUntil(lambda: len(set(loads)) == 3)
    dialog.select("wide")
    dialog.select("tiny")
    assert sorted(loads) == ["broken", "tiny", "wide"]


def test_the_shipped_presets_are_listed(qtbot):
    names = [info.name for info in engine.presets.list_presets()]
    if not names:
        pytest.skip("no presets shipped yet")
    dialog = PresetGallery()
    qtbot.addWidget(dialog)
    assert dialog.names() == names
    summary = dialog.summary(names[0])
    assert summary is not None and summary.params > 0 and summary.problems == 0


def test_deleting_the_gallery_while_it_summarises_is_safe(qtbot, fake_presets):
    dialog = PresetGallery()  # summaries still pending on the event loop
    dialog.deleteLater()
    qtbot.wait(50)  # an exception in a pending callback would fail the test


def test_presets_named_after_the_search_come_first(qtbot):
    names = [info.name for info in engine.presets.list_presets()]
    if "densenet121" not in names or "resnet18" not in names:
        pytest.skip("the ResNet and DenseNet presets are not shipped")
    dialog = PresetGallery()
    qtbot.addWidget(dialog)
    dialog.search.setText("resnet")
    found = dialog.names()
    named = [n for n in found if "resnet" in n]
    assert found[: len(named)] == named and "densenet121" in found[len(named) :]
    assert dialog.current_name() == named[0]
    dialog.search.setText("mobilenetv2")  # the name, however it is spelled, comes first
    assert dialog.current_name() == "mobilenet_v2"
    dialog.search.setText("MobileNet V3")
    assert dialog.names()[:2] == ["mobilenet_v3_large", "mobilenet_v3_small"]
    dialog.search.setText("")
    assert dialog.names() == names  # the gallery order again
