"""Installing File → Export/Import and the Code dock into the main window.

:func:`install_export` creates the :class:`app.export_actions.ExportController`, adds an
Export submenu (PyTorch code Ctrl+E, weights, ONNX, ``torch.export`` program) and
"Import PyTorch Model…" (Ctrl+I) to the File menu after "Save As", and fills the "Code"
dock (created by :mod:`app.docks`) with a :class:`widgets.code_preview.CodePreview`
that shows the network's ``model.py`` as it is edited.
"""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu

from app import settings
from app.actions import make_action, menu_named
from app.export_actions import ExportController
from widgets.code_preview import CodePreview

translate = QCoreApplication.translate


def install_export(window, training=None) -> ExportController:
    """Add the Export submenu, Import, the Code dock and their shortcuts to ``window``;
    ``training`` (the training controller) gives the weights to export and takes imported
    ones."""
    ctl = ExportController(window, training)
    ctl.actions = _actions(window, ctl)
    _add_to_file_menu(window, ctl.actions)
    ctl.preview, ctl.dock = _code_dock(window)
    window.installEventFilter(ctl)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(ctl.shutdown)
    return ctl


def _actions(window, ctl) -> SimpleNamespace:
    action = partial(make_action, window)

    return SimpleNamespace(
        export_code=action(
            translate("ExportActions", "&PyTorch Code…"),
            ctl.export_code,
            "Ctrl+E",
            translate("ExportActions", "model.py, weights, train.py, README"),
        ),
        export_weights=action(
            translate("ExportActions", "&Weights…"),
            ctl.export_weights,
            None,
            translate("ExportActions", "A .pt or .safetensors file"),
        ),
        export_onnx=action(
            translate("ExportActions", "&ONNX…"),
            ctl.export_onnx,
            None,
            translate("ExportActions", "An ONNX model"),
        ),
        export_program=action(
            translate("ExportActions", "&torch.export Program…"),
            ctl.export_program,
            None,
            translate("ExportActions", "A .pt2 program"),
        ),
        import_model=action(
            translate("ExportActions", "&Import PyTorch Model…"),
            ctl.import_model,
            "Ctrl+I",
            translate("ExportActions", "Open a PyTorch model as a network"),
        ),
    )


def _add_to_file_menu(window, a: SimpleNamespace) -> None:
    file_menu = menu_named(window, "file")
    if file_menu is None:
        file_menu = window.menuBar().addMenu(translate("Actions", "&File"))
    export = QMenu(translate("ExportActions", "&Export"), window)
    export.addActions([a.export_code, a.export_weights, a.export_onnx, a.export_program])
    actions = file_menu.actions()
    save_as = window.acts.save_as
    index = actions.index(save_as) + 1 if save_as in actions else len(actions)
    before = actions[index] if index < len(actions) else None
    separator = QAction(window)
    separator.setSeparator(True)
    file_menu.insertAction(before, separator)
    file_menu.insertMenu(before, export)
    file_menu.insertAction(before, a.import_model)
    a.menu = export


def _code_dock(window) -> tuple[CodePreview, QDockWidget]:
    preview = CodePreview(window)
    preview.start_folder = settings.last_folder()
    dock = window.docks.fill("code", preview)
    preview.set_graph(window.document.graph)
    canvas = window.canvas
    canvas.selectionChanged.connect(preview.select_nodes)
    preview.nodeActivated.connect(lambda node: _show_node(canvas, node))
    preview.message.connect(window.show_message)
    return preview, dock


def _show_node(canvas, node_id: str) -> None:
    canvas.select_ids([node_id])
    canvas.center_on(node_id)
