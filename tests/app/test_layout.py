"""The window's layout: the same docks and tabs after every restart, Reset Layout, the
language switch, the default sizes; the settings table and its migration."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QSplitter

from app import i18n, layout, settings
from app.docks import DOCKS

#: The offscreen screen is small: a window that fits it keeps its geometry exactly.
SIZE = (780, 560)


def open_window(qtbot, panels: bool = True):
    from app.window import MainWindow

    window = MainWindow(autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if panels:
        window.add_panels()
    QApplication.processEvents()
    return window


def close(window) -> None:
    window.document.undo_stack.setClean()
    assert window.close()
    for controller in (window.training, window.insight, window.exports):
        if controller is not None:
            controller.shutdown()


def snapshot(window) -> dict:
    """What a user sees of the docks: each one's place, its tab group, the tabs in front."""
    docks = {}
    for dock in window.docks:
        group = frozenset(d.objectName() for d in window.tabifiedDockWidgets(dock))
        area = window.dockWidgetArea(dock)
        docks[dock.objectName()] = (dock.toggleViewAction().isChecked(), area, group)
    fronts = sorted(d.objectName() for d in window.docks if not d.visibleRegion().isEmpty())
    return {"docks": docks, "fronts": fronts}


def sizes(window) -> dict:
    return {d.objectName(): d.size().toTuple() for d in window.docks if d.isVisible()}


def test_a_window_restarted_twice_has_the_same_docks_and_tabs(qtbot):
    first = open_window(qtbot)
    first.resize(*SIZE)
    default = snapshot(first)
    assert all(checked for checked, _area, _group in default["docks"].values())
    assert {"dock-inspector", "dock-summary"} <= set(default["fronts"])
    first.docks["kernels"].raise_()  # the user brings Kernels to the front…
    first.docks["code"].hide()  # …closes the Code dock…
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.docks["runs"])  # …moves Runs
    QApplication.processEvents()
    before = snapshot(first)
    assert "dock-kernels" in before["fronts"] and "dock-inspector" not in before["fronts"]
    close(first)
    second = open_window(qtbot)
    assert snapshot(second) == before
    kept = sizes(second)
    close(second)
    third = open_window(qtbot)
    assert snapshot(third) == before
    assert sizes(third) == kept
    assert not third.docks["code"].toggleViewAction().isChecked()
    close(third)


def test_docks_are_placed_before_their_panels_load(qtbot):
    """The saved layout is restored once every dock exists: a panel installed later
    fills its dock where it already is."""
    first = open_window(qtbot)
    first.docks["evaluation"].raise_()
    close(first)
    second = open_window(qtbot, panels=False)
    assert second.docks["evaluation"].widget().property("convas-placeholder")
    placed = snapshot(second)
    second.add_panels()
    QApplication.processEvents()
    assert snapshot(second) == placed
    assert second.docks["evaluation"].widget() is second.insight.evaluation
    close(second)


def test_reset_layout_brings_every_dock_back(qtbot):
    window = open_window(qtbot)
    default = snapshot(window)
    window.docks["explain"].setFloating(True)
    window.docks["summary"].hide()
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.docks["inspector"])
    assert snapshot(window) != default
    window.acts.reset_layout.trigger()
    QApplication.processEvents()
    assert snapshot(window) == default
    close(window)


def test_the_language_switch_keeps_the_layout(qtbot, monkeypatch):
    from PySide6.QtCore import QProcess

    started = []
    monkeypatch.setattr(QProcess, "startDetached", lambda *a: started.append(a) or True)
    window = open_window(qtbot)
    window.docks["kernels"].raise_()
    window.docks["plots"].raise_()
    QApplication.processEvents()
    before = snapshot(window)
    assert i18n.choose_language(window, i18n.KOREAN, ask=lambda *_a: True)
    assert started and not window.isVisible()  # closed (layout saved) and restarted
    for controller in (window.training, window.insight, window.exports):
        controller.shutdown()
    again = open_window(qtbot)
    assert snapshot(again)["docks"] == before["docks"]
    assert snapshot(again)["fronts"] == before["fronts"]
    close(again)


def test_the_bottom_docks_take_a_fifth_of_the_window_at_most(qtbot):
    window = open_window(qtbot)
    window.resize(1000, 800)
    QApplication.processEvents()
    bottom = [d for d in window.docks if window.dockWidgetArea(d).name == "BottomDockWidgetArea"]
    height = max(d.height() for d in bottom if not d.visibleRegion().isEmpty())
    assert height <= window.height() / 4
    close(window)


def test_every_dock_is_declared_once_with_a_menu():
    names = [spec.name for spec in DOCKS]
    assert len(names) == len(set(names))
    assert all(spec.menu in ("view", "run") for spec in DOCKS)
    anchors = {spec.tab_with or spec.below for spec in DOCKS} - {""}
    assert anchors <= set(names)


def test_splitters_inside_docks_come_back(qtbot):
    window = open_window(qtbot)
    found = layout.splitters(window)
    assert found  # the runs panel, kernels and evaluation views hold splitters
    key, splitter = next(iter(found.items()))
    splitter.setSizes([30, 300])
    wanted = splitter.sizes()
    close(window)
    again = open_window(qtbot)
    restored = layout.splitters(again)[key]
    assert isinstance(restored, QSplitter) and restored.sizes() == wanted
    close(again)


# --------------------------------------------------------------------------- settings


def test_settings_come_from_one_table_with_defaults():
    assert settings.get("theme") == "system"
    settings.put("theme", "dark")
    assert settings.get("theme") == "dark"
    store = settings.settings()
    store.setValue(settings.TABLE["theme"].key, "purple")  # a hand-edited file
    store.sync()
    assert settings.get("theme") == "system"
    try:
        settings.put("theme", "purple")
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown theme was stored")
    assert settings.get("recent_files") == [] and settings.get("splitters") == {}


def test_an_old_settings_file_is_migrated(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    old = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    old.setValue("window/geometry", b"geometry-bytes")
    old.setValue("window/state", b"a layout saved before every dock existed")
    old.setValue("view/theme", "dark")
    old.sync()
    store = settings.settings()
    assert store.value(settings.VERSION_KEY) in (settings.VERSION, str(settings.VERSION))
    assert store.value("window/state") is None and store.value("window/geometry") is None
    assert settings.get("window_geometry") == b"geometry-bytes"
    assert settings.get("window_state") == b"" and settings.get("theme") == "dark"
    assert settings.migrate(store) == settings.VERSION  # once only


def shown_sizes(window) -> dict:
    """The sizes of the docks in front (a tab behind another keeps a stale size)."""
    return {
        d.objectName(): d.size().toTuple() for d in window.docks if not d.visibleRegion().isEmpty()
    }


def _grow_panels(window) -> None:
    """What panels do during a session: a wider page (Explain Convolution's 1×1
    bottleneck), a taller one (a prediction in Try It)."""
    window.docks["explain"].widget().setMinimumWidth(900)
    window.docks["try-it"].widget().setMinimumHeight(700)
    QApplication.processEvents()


def test_what_a_panel_shows_never_moves_the_other_docks_or_grows_the_window(qtbot):
    window = open_window(qtbot)
    window.resize(*SIZE)
    window.docks["explain"].raise_()
    QApplication.processEvents()
    before, size = shown_sizes(window), window.size()
    _grow_panels(window)
    assert window.size() == size
    assert shown_sizes(window) == before
    close(window)


def test_restarting_again_and_again_keeps_the_geometry(qtbot):
    window = open_window(qtbot)
    window.resize(*SIZE)
    QApplication.processEvents()
    seen = []
    for _ in range(4):
        window.docks["explain"].raise_()
        _grow_panels(window)
        seen.append((window.size().toTuple(), shown_sizes(window)))
        close(window)
        window = open_window(qtbot)
    assert seen == [seen[0]] * len(seen)
    close(window)


def test_reset_layout_brings_back_the_default_geometry(qtbot):
    window = open_window(qtbot)
    window.resize(*SIZE)
    QApplication.processEvents()
    layout.reset(window)
    QApplication.processEvents()
    default = window.size().toTuple()
    window.resize(500, 400)
    _grow_panels(window)
    window.acts.reset_layout.trigger()
    QApplication.processEvents()
    assert window.size().toTuple() == default
    screen = window.screen().availableGeometry()
    assert default == (min(layout.DEFAULT_SIZE[0], screen.width()),
                       min(layout.DEFAULT_SIZE[1], screen.height()))  # fmt: skip
    close(window)
