"""Try It is found when it matters and fits its dock: every panel is in View › Panels,
a finished run offers "Try It on an Image…", the Try It view says the network is ready,
and its toolbar and captions fit the dock's usual width in English and Korean."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QMenu, QTabBar

from app.docks import DOCKS
from engine.training.config import TrainConfig
from tests.app.test_translations import korean, qm_folder  # noqa: F401 (fixtures)
from tests.graphs import tiny_chain
from widgets.try_it import TryItView

RUN_MS = 60_000
#: What the Try It panel gets at the right docks' default width (560), less the margins.
DOCK_ROOM = 540


def test_view_panels_lists_every_panel(window):
    panels = window.findChild(QMenu, "menu-panels")
    view = window.findChild(QMenu, "menu-view")
    assert panels.menuAction() in view.actions()
    toggles = [a for a in panels.actions() if not a.isSeparator()]
    assert toggles == [
        window.docks[s.name].toggleViewAction() for s in DOCKS if s.menu == "view"
    ] + [window.docks[s.name].toggleViewAction() for s in DOCKS if s.menu == "run"]
    titles = {a.text() for a in toggles}
    assert {"Try It", "Training", "Feature Maps", "Training Curves", "Data", "Runs"} <= titles
    run = window.findChild(QMenu, "menu-run")  # the training panels stay in Run too
    assert window.docks["try-it"].toggleViewAction() in run.actions()


def test_a_finished_run_offers_try_it_and_try_it_is_ready(qtbot, window):
    window.add_panels()
    t, tryit = window.training, window.tryit.view
    assert "Train a network" in tryit.message.text()
    assert not t.panel.try_button.isVisibleTo(t.panel)
    window.document.replace(tiny_chain())
    t.ask_fit_fix = lambda parent, issues: pytest.fail(f"unexpected fit issues: {issues}")
    t.panel.set_config(TrainConfig(dataset="digits", epochs=1, batch_size=64, warmup_epochs=0.0))
    with qtbot.waitSignal(t.runFinished, timeout=RUN_MS):
        t.train()
    try:
        assert "Train a network" not in tryit.message.text()
        assert "trained" in tryit.message.text() and tryit.message.isVisibleTo(tryit)
        assert tryit.target.count() == 11  # the classes are there to choose from
        assert t.panel.try_button.isVisibleTo(t.panel)
        window.docks.show("training")
        qtbot.waitUntil(lambda: _in_front(window, "training"))
        assert not _in_front(window, "try-it")  # a tab behind the training panel
        t.panel.try_button.click()
        qtbot.waitUntil(lambda: _in_front(window, "try-it"))
        t.panel.set_state("training")  # the next run replaces the model it offers
        assert not t.panel.try_button.isVisibleTo(t.panel)
    finally:
        t.shutdown()


def _in_front(window, name: str) -> bool:
    """Whether dock ``name``'s tab is the current one of its tab bar."""
    title = window.docks[name].windowTitle()
    for bar in window.findChildren(QTabBar):
        for index in range(bar.count()):
            if bar.tabText(index) == title and bar.isVisible():
                return bar.currentIndex() == index
    return False


def _answered_view(qtbot) -> TryItView:
    view = TryItView()
    qtbot.addWidget(view)
    view.set_classes([f"class {i}" for i in range(10)] + ["a rather long class name indeed"])
    picture = np.zeros((8, 8), np.uint8)
    heat = np.ones((8, 8), np.float32)
    caption = view.tr("Grad-CAM for {cls} at block {block}").format(
        cls="7", block="pool_after_the_second_convolution"
    )
    view.show_result(picture[..., None], [(7, "7", 0.9)], heat, "seven.png: 7 (90.0%)", caption)
    view.resize(DOCK_ROOM, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _fits(qtbot, view: TryItView) -> None:
    assert view.minimumSizeHint().width() <= DOCK_ROOM
    for widget in (view.target, view.map_kind, view.clear_button, view.heat.title):
        right = widget.mapTo(view, widget.rect().topRight()).x()
        assert right < view.width(), widget
    assert view.heat.title.wordWrap() and "pool_after" in view.heat.title.toolTip()


def test_the_toolbar_and_captions_fit_the_dock(qtbot):
    _fits(qtbot, _answered_view(qtbot))


def test_the_korean_toolbar_and_captions_fit_the_dock(qtbot, korean):  # noqa: F811
    view = _answered_view(qtbot)
    assert view.open_button.text() != "Open Image…"  # translated
    _fits(qtbot, view)
