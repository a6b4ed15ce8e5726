"""The main window: palette, canvas, inspector and summary around one document.

Everything the window holds is declared in :meth:`MainWindow.__init__`: the document,
the widgets, the docks (:class:`app.docks.DockRegistry`, one place for every dock), and
the controllers. The editor, files and autosave controllers are built at once; the
training, teaching and export controllers by :meth:`MainWindow.add_panels` just after
the window first shows (they load pyqtgraph and the viewers), each given what it needs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTabBar, QWidget

from app import canvas_actions, layout, settings
from app.actions import build_menus, create_actions
from app.autosave import Autosaver, RecoveryDialog, ask_recovery, find_recoveries, load_recovery
from app.context_menu import ContextMenus
from app.docks import DockRegistry
from app.document import Document
from app.editing import Editor
from app.fields import WAITING_TEXT, FieldKeeper
from app.files import FileController, starter_graph
from app.finetune import install as install_finetune
from app.first_run import FirstRunHint
from app.look_inside import LookInside
from app.shortcuts import ShortcutMap
from app.status import StatusBar
from app.theme import theme_manager
from app.wheel import install_wheel_guard
from engine.analysis import Analysis
from engine.teaching.receptive import RF
from widgets.canvas import CanvasView
from widgets.inspector import Inspector
from widgets.palette import BlockPalette
from widgets.summary import SummaryTable

if TYPE_CHECKING:
    from app.export_actions import ExportController
    from app.insight import InsightController
    from app.lessons import LessonsController
    from app.training import TrainingController

log = logging.getLogger(__name__)

APP_NAME = "Convas"
MESSAGE_MS = 5000


class MainWindow(QMainWindow):
    """One document in one window: palette (left), canvas, inspector (right), summary."""

    def __init__(self, parent: QWidget | None = None, autosave_ms: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        install_wheel_guard(QApplication.instance())
        self.theme = theme_manager(QApplication.instance())
        self.document = Document(starter_graph(), self)
        self.canvas = CanvasView(self)
        self.canvas.set_graph(self.document.graph)
        self.palette = BlockPalette(self)
        self.inspector = Inspector(self)
        self.summary = SummaryTable(self)
        #: node id → receptive field, once per analysis; traced in the background
        self.fields = FieldKeeper(self)
        self.docks = DockRegistry(self)
        self.docks.fill("palette", self.palette)
        self.docks.fill("inspector", self.inspector)
        self.docks.fill("summary", self.summary)
        # Controllers: built here, or by add_panels once the window shows.
        self.editor = Editor(self.document, self.canvas, self)
        self.files = FileController(self, self.document)
        kwargs = {} if autosave_ms is None else {"interval_ms": autosave_ms}
        self.autosaver = Autosaver(self.document, parent=self, **kwargs)
        self.training: TrainingController | None = None
        self.insight: InsightController | None = None
        self.exports: ExportController | None = None
        self.lessons: LessonsController | None = None
        self.inner = LookInside(self)
        self.setCentralWidget(self.inner.central)
        self.hint = FirstRunHint(self)
        self.shortcuts = ShortcutMap()
        self.acts = create_actions(self)
        build_menus(self, self.acts)
        self.context_menus = ContextMenus(self)
        self.finetune = install_finetune(self)  # freeze blocks, replace the head
        self.canvas_acts = canvas_actions.install(self)  # flow, stages, minimap
        self.status = StatusBar(self)
        self._connect()
        self._restore_layout()
        self._update_title()
        self._on_analysis(self.document.analysis)

    # ----------------------------------------------------------------- building
    def add_panels(self) -> None:
        """Build the training, teaching and export controllers, each with what it needs."""
        from app.panels import add_panels

        add_panels(self)

    # Docks sharing a place show as tabs; Qt cuts their titles short ("Insp…", "Ke…")
    # when they don't fit. Whole titles and scroll arrows read better.
    def addDockWidget(self, area, dock, *args) -> None:  # noqa: N802 (Qt's name)
        super().addDockWidget(area, dock, *args)
        dock.dockLocationChanged.connect(self._readable_tabs_later)
        self._readable_tabs_later()

    def tabifyDockWidget(self, first, second) -> None:  # noqa: N802 (Qt's name)
        super().tabifyDockWidget(first, second)
        self._readable_tabs_later()

    def _readable_tabs_later(self, *_args) -> None:
        QTimer.singleShot(0, self, self.readable_tabs)  # Qt makes the tab bars once it lays out

    def readable_tabs(self) -> None:
        """Show every dock tab's whole title, with scroll arrows when they don't all fit."""
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)

    def _connect(self) -> None:
        c, e, d = self.canvas, self.editor, self.document
        c.blockDropped.connect(e.drop_block)
        c.quickAddChosen.connect(e.quick_add)
        c.connectRequested.connect(e.connect_nodes)
        c.nodesMoved.connect(e.move_nodes)
        c.nudgeRequested.connect(e.nudge)
        c.deleteRequested.connect(e.delete)
        c.nodeDoubleClicked.connect(self.inner.open)
        c.selectionChanged.connect(self._on_selection)
        c.message.connect(self.show_message)
        e.message.connect(self.show_message)
        self.palette.blockActivated.connect(e.add_block_here)
        self.inspector.paramsEdited.connect(e.set_params)
        self.inspector.labelEdited.connect(e.set_label)
        self.summary.nodeActivated.connect(self._on_summary_activated)
        # Bound methods, not lambdas: Qt drops them when the window goes, whereas a
        # lambda would still run while the undo stack is destroyed with the window.
        d.aboutToReplace.connect(self._on_about_to_replace)
        d.replaced.connect(self.show_network_start)
        d.analysisChanged.connect(self._on_analysis)
        self.fields.arrived.connect(self._on_fields_arrived)
        d.modifiedChanged.connect(self._update_title)
        d.pathChanged.connect(self._update_title)
        d.undo_stack.indexChanged.connect(self._update_title)
        # An edit the analysis ignores (a label, undone from the menu) still changes
        # what the inspector shows, focused field included.
        d.undo_stack.indexChanged.connect(self._on_edit)
        self.files.saved.connect(self._on_saved)
        self.theme.themeChanged.connect(self._on_theme_changed)

    # ----------------------------------------------------------------- reactions
    def _update_title(self, *_args) -> None:
        self.setWindowTitle(f"{self.document.display_name()}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified())

    def _on_analysis(self, analysis: Analysis) -> None:
        receptive = self.receptive_for(analysis)
        self.canvas.set_analysis(analysis)
        self.summary.set_analysis(self.document.graph, analysis, receptive)
        self.refresh_inspector(analysis)
        self.status.update(analysis)
        self.hint.update()
        self.update_edit_actions()

    def _on_edit(self, *_args) -> None:
        self.refresh_inspector()

    def refresh_inspector(self, analysis: Analysis | None = None) -> None:
        """Show the selected block in the inspector (a layer selected inside a composite
        while looking inside, read-only; else the network's one selected block)."""
        if self.inner.show_in_inspector():
            return
        analysis = analysis or self.document.analysis
        ids = [i for i in self.canvas.selected_ids() if i in self.document.graph.nodes]
        if len(ids) == 1:
            receptive = self.receptive_for(analysis)
            self.inspector.show_node(
                self.document.graph, ids[0], analysis.nodes.get(ids[0]), analysis, receptive
            )
            if self.fields.waiting(ids[0]):
                self.inspector.show_receptive_waiting(WAITING_TEXT)
        else:
            self.inspector.clear()

    def receptive_for(self, analysis: Analysis) -> dict[str, RF]:
        """Every node's receptive field for ``analysis``, without tracing (see
        :mod:`app.fields`: what waits for a trace arrives later, :meth:`_on_fields_arrived`)."""
        return self.fields.fields_for(self.document.graph, analysis)

    def _on_fields_arrived(self) -> None:
        analysis = self.document.analysis
        self.summary.set_analysis(self.document.graph, analysis, self.receptive_for(analysis))
        self.refresh_inspector(analysis)

    def _on_about_to_replace(self) -> None:
        self.inner.leave()
        self.canvas.select_ids([])
        # QGraphicsScene forgets deselected items lazily, in selectedItems(); without
        # this, clearing the scene for the new content would report a selection change
        # while the canvas still lists the items being deleted.
        self.canvas.scene().selectedItems()

    def show_network_start(self) -> None:
        """Fit the network in view, or where that is too far out to read, its start
        (see :meth:`CanvasView.show_start`)."""
        self.canvas.show_start()

    def _on_saved(self, path) -> None:
        self.show_message(self.tr("Saved {path}.").format(path=path))

    def _on_selection(self, _ids: list) -> None:
        self.refresh_inspector()
        self.update_edit_actions()

    def update_edit_actions(self) -> None:
        ids = self.canvas.selected_ids()
        has_selection = bool(ids)
        for action in (self.acts.cut, self.acts.copy, self.acts.duplicate):
            action.setEnabled(has_selection)
        # Delete stays enabled: selecting only an edge does not signal a selection change.
        one = ids[0] if len(ids) == 1 else None
        self.acts.expand.setEnabled(one is not None and self.editor.is_composite(one))
        self.acts.look_inside.setEnabled(one is not None and self.editor.is_composite(one))
        self.acts.rename.setEnabled(one is not None)

    def _on_summary_activated(self, node_id: str) -> None:
        if node_id in self.document.graph.nodes:
            self.canvas.select_ids([node_id])
            self.canvas.center_on(node_id)

    def show_summary(self) -> None:
        self.docks.show("summary")

    def _on_theme_changed(self, _dark: bool) -> None:
        for action in self.acts.themes.actions():
            action.setChecked(action.data() == self.theme.mode)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def look_inside_selected(self) -> bool:
        """Edit → Look Inside: the selected composite block's layers (read-only)."""
        ids = self.canvas.selected_ids()
        return len(ids) == 1 and self.inner.open(ids[0])

    def copy_focused(self) -> None:
        """Edit → Copy: the summary table's rows when it has the focus, else the blocks."""
        if self.summary.isAncestorOf(QApplication.focusWidget()):
            self.summary.copy_as_text()
        else:
            self.editor.copy()

    def rename_selected(self) -> None:
        """Edit → Rename (F2): the inspector's label field, ready to type."""
        ids = self.canvas.selected_ids()
        if len(ids) != 1:
            return
        self.docks.show("inspector")
        self.refresh_inspector()
        self.inspector.label_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.inspector.label_edit.selectAll()

    def rebuild_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = settings.recent_files()
        for i, path in enumerate(paths, 1):
            action = QAction(f"&{i % 10} {path.name}", menu)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.files.open_path(p))
            menu.addAction(action)
        if not paths:
            menu.addAction(self.tr("No recent files")).setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction(self.tr("Clear Recent Files"))
        clear.setEnabled(bool(paths))
        clear.triggered.connect(settings.clear_recent_files)

    # ----------------------------------------------------------------- start-up
    def open_initial(self, path: str | Path | None) -> bool:
        """Open the file named on the command line (a bad one: show why, stay empty)."""
        if path is None:
            return False
        return self.files.open_path(path, ask=False)

    def offer_recovery(self) -> bool:
        """If a crash left recovery files, offer them; True when one was recovered."""
        recoveries = find_recoveries()
        while recoveries:
            action, chosen = ask_recovery(self, recoveries)
            if chosen is None or action == 0:
                return False
            if action == RecoveryDialog.DELETE:
                chosen.file.unlink(missing_ok=True)
                recoveries = [r for r in recoveries if r != chosen]
                continue
            return self.recover(chosen)
        return False

    def recover(self, recovery) -> bool:
        try:
            graph = load_recovery(recovery)
        except Exception as exc:  # noqa: BLE001  (FormatError or OSError: say it, go on)
            QMessageBox.warning(self, self.tr("Can't recover"), str(exc))
            return False
        self.document.replace(graph, path=recovery.original, modified=True)
        self.autosaver.adopt(recovery)
        self.show_message(
            self.tr("Recovered “{name}”: save it to keep the changes.").format(name=recovery.name)
        )
        return True

    # ----------------------------------------------------------------- layout and closing
    def _restore_layout(self) -> None:
        layout.restore(self)
        self._readable_tabs_later()

    def reset_layout(self) -> None:
        """View → Reset Layout."""
        layout.reset(self)

    def save_layout(self) -> None:
        layout.save(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.save_layout()
        self.autosaver.stop()
        self.fields.stop()
        event.accept()
