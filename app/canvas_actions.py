"""View-menu actions for big networks: flow direction, arranging, stages, the minimap.

:func:`install` adds them to a main window's View menu (one call from the window). The
flow direction is kept with the document (``meta["canvas"]``) and changing it is one
undo step that also re-arranges the blocks; folding stages is a view setting kept in
the same place but not an edit; the minimap is a setting of the app.
"""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QActionGroup

from app import commands, settings
from app.actions import make_action, menu_named
from engine.arrange import DOWN, RIGHT, arrange, arranged_if_unreadable
from widgets.canvas import lod
from widgets.canvas.scene import view_options

translate = QCoreApplication.translate


def arranged(graph, canvas, flow: str | None = None) -> dict[str, tuple[float, float]]:
    """Positions for every block of ``graph`` that read well in ``canvas``'s view."""
    return arrange(graph, flow or canvas.canvas_scene.flow, view_size(canvas))


def view_size(canvas) -> tuple[float, float]:
    """The canvas's size in pixels (a sensible one before the window is laid out)."""
    size = canvas.viewport().size()
    return (float(max(size.width(), 400)), float(max(size.height(), 300)))


def arrange_if_unreadable(graph, canvas) -> bool:
    """Arrange ``graph`` (not shown yet, or as one undoable step by the caller) when
    some block has no position or it would only fit the canvas too far out to read
    (one long column): as presets are. True when it was."""
    flow = view_options(graph)["flow"]
    positions = arranged_if_unreadable(graph, view_size(canvas), lod.SIMPLE_SCALE, flow)
    if positions is not None:
        _place(graph, positions)
    return positions is not None


def install(window) -> SimpleNamespace:
    """Create the actions, put them in the View menu, wire the canvas to the document."""
    canvas, document = window.canvas, window.document
    a = SimpleNamespace()
    a.flows = QActionGroup(window)
    a.flows.setExclusive(True)
    a.flow_down = _flow_action(window, translate("Actions", "Data Flows &Down"), DOWN, a.flows)
    a.flow_right = _flow_action(window, translate("Actions", "Data Flows &Right"), RIGHT, a.flows)
    a.fold_all = make_action(
        window,
        translate("Actions", "&Fold All Stages"),
        lambda: _fold_all(window, True),
        tip=translate("Actions", "Show each stage (layer1, layer2…) as one block"),
    )
    a.unfold_all = make_action(
        window, translate("Actions", "&Unfold All Stages"), lambda: _fold_all(window, False)
    )
    a.minimap = make_action(
        window,
        translate("Actions", "&Minimap"),
        tip=translate("Actions", "An overview of the whole network in a corner of the canvas"),
    )
    a.minimap.setCheckable(True)
    a.minimap.setChecked(settings.get("minimap"))
    a.minimap.toggled.connect(lambda on: _set_minimap(window, on))
    _set_minimap(window, a.minimap.isChecked())
    view = menu_named(window, "view")
    if view is not None:
        anchor = next((x for x in view.actions() if x is window.acts.auto_layout), None)
        extra = [a.flow_down, a.flow_right, a.fold_all, a.unfold_all, a.minimap]
        view.insertActions(_after(view, anchor), extra)
        view.insertSeparator(_after(view, a.minimap))
    canvas.viewOptionsChanged.connect(document.set_canvas_options)
    document.prepare_preset = lambda graph: _place(graph, arranged(graph, canvas, DOWN))
    document.prepare = lambda graph: arrange_if_unreadable(graph, canvas)
    canvas.canvas_scene.contentChanged.connect(lambda: _sync_flow(window, a))
    _sync_flow(window, a)
    return a


def _place(graph, positions: dict[str, tuple[float, float]]) -> None:
    """Give a graph not shown yet its positions (no events: nothing listens to it)."""
    for node_id, position in positions.items():
        graph.nodes[node_id].position = position


def _after(menu, action):
    """The action following ``action`` in ``menu`` (None: the end)."""
    actions = menu.actions()
    if action is None or action not in actions:
        return None
    i = actions.index(action)
    return actions[i + 1] if i + 1 < len(actions) else None


def _flow_action(window, text: str, flow: str, group: QActionGroup):
    action = make_action(window, text, lambda: change_flow(window, flow))
    action.setCheckable(True)
    action.setData(flow)
    group.addAction(action)
    return action


def change_flow(window, flow: str) -> None:
    """Make data flow ``flow``: one undo step that also re-arranges the blocks."""
    canvas, document = window.canvas, window.document
    if canvas.canvas_scene.flow == flow:
        return
    options = {**canvas.canvas_scene.view_options(), "flow": flow}
    positions = arranged(document.graph, canvas, flow)
    document.push(commands.ChangeFlow(document.graph, options, positions))
    canvas.fit_to_view()


def _sync_flow(window, a: SimpleNamespace) -> None:
    flow = window.canvas.canvas_scene.flow
    (a.flow_right if flow == RIGHT else a.flow_down).setChecked(True)


def _fold_all(window, fold: bool) -> None:
    scene = window.canvas.canvas_scene
    if not scene.stages.frames:
        window.show_message(translate("Actions", "This network has no stages to fold."))
        return
    names = set(scene.stages.frames) if fold else set()
    scene.stages.set_folded(names)
    scene.touch()
    window.document.set_canvas_options(scene.view_options())


def _set_minimap(window, on: bool) -> None:
    window.canvas.minimap.set_enabled(on)
    settings.put("minimap", on)
