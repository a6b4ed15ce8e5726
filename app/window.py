"""The main window: palette, canvas, inspector and summary around one document."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabBar,
    QToolButton,
    QWidget,
)

from app import canvas_actions, settings
from app.actions import build_menus, create_actions
from app.autosave import Autosaver, RecoveryDialog, ask_recovery, find_recoveries, load_recovery
from app.document import Document
from app.editing import Editor
from app.files import FileController, starter_graph
from app.theme import theme_manager
from engine.analysis import Analysis
from engine.registry import get_spec
from engine.teaching.receptive import RF, receptive_fields
from widgets.canvas import CanvasView
from widgets.format import human_count, shape_text
from widgets.inspector import Inspector
from widgets.palette import BlockPalette
from widgets.summary import SummaryTable

log = logging.getLogger(__name__)

APP_NAME = "Convas"
MESSAGE_MS = 5000
#: Below this zoom block text is unreadable: show the top of the network instead.
READABLE_ZOOM = 0.7


class MainWindow(QMainWindow):
    """One document in one window: palette (left), canvas, inspector (right), summary."""

    def __init__(self, parent: QWidget | None = None, autosave_ms: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.theme = theme_manager(QApplication.instance())
        self.document = Document(starter_graph(), self)
        self.canvas = CanvasView(self)
        self.canvas.set_graph(self.document.graph)
        self.setCentralWidget(self.canvas)
        self.palette = BlockPalette(self)
        self.inspector = Inspector(self)
        self.summary = SummaryTable(self)
        #: node id → receptive field, computed once per analysis (see _on_analysis)
        self.receptive: dict[str, RF] = {}
        self.receptive_analysis: Analysis | None = None
        self.docks = [
            self._dock(
                self.tr("Blocks"), "palette", self.palette, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            self._dock(
                self.tr("Inspector"),
                "inspector",
                self.inspector,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
            self._dock(
                self.tr("Summary"), "summary", self.summary, Qt.DockWidgetArea.BottomDockWidgetArea
            ),
        ]
        self.editor = Editor(self.document, self.canvas, self)
        self.files = FileController(self, self.document)
        kwargs = {} if autosave_ms is None else {"interval_ms": autosave_ms}
        self.autosaver = Autosaver(self.document, parent=self, **kwargs)
        self.acts = create_actions(self)
        build_menus(self, self.acts)
        self.canvas_acts = canvas_actions.install(self)  # flow, stages, minimap
        self._build_status_bar()
        self._connect()
        self._restore_layout()
        self._update_title()
        self._on_analysis(self.document.analysis)
        self._update_edit_actions()

    # ----------------------------------------------------------------- building
    def _dock(self, title: str, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # Docks sharing a place show as tabs; Qt cuts their titles short ("Insp…", "Ke…")
    # when they don't fit. Whole titles and scroll arrows read better.
    def addDockWidget(self, area, dock, *args) -> None:  # noqa: N802 (Qt's name)
        super().addDockWidget(area, dock, *args)
        dock.dockLocationChanged.connect(self._readable_tabs_later)
        self._readable_tabs_later()

    def restoreDockWidget(self, dock) -> bool:  # noqa: N802 (Qt's name)
        restored = super().restoreDockWidget(dock)
        if restored:
            dock.dockLocationChanged.connect(self._readable_tabs_later)
            self._readable_tabs_later()
        return restored

    def tabifyDockWidget(self, first, second) -> None:  # noqa: N802 (Qt's name)
        super().tabifyDockWidget(first, second)
        self._readable_tabs_later()

    def _readable_tabs_later(self, *_args) -> None:
        QTimer.singleShot(0, self.readable_tabs)  # Qt makes the tab bars once it lays out

    def readable_tabs(self) -> None:
        """Show every dock tab's whole title, with scroll arrows when they don't all fit."""
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.params_label = QLabel()
        self.macs_label = QLabel()
        self.output_label = QLabel()
        self.problems_button = QToolButton()
        self.problems_button.setAutoRaise(True)
        self.problems_button.setToolTip(self.tr("Show the summary table with every problem"))
        self.problems_button.clicked.connect(self._show_summary)
        for widget in (self.params_label, self.macs_label, self.output_label, self.problems_button):
            widget.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(widget)

    def _connect(self) -> None:
        c, e, d = self.canvas, self.editor, self.document
        c.blockDropped.connect(e.add_block)
        c.connectRequested.connect(e.connect_nodes)
        c.nodesMoved.connect(e.move_nodes)
        c.deleteRequested.connect(e.delete)
        c.selectionChanged.connect(self._on_selection)
        c.nodeDoubleClicked.connect(self._on_double_click)
        c.message.connect(self.show_message)
        e.message.connect(self.show_message)
        self.palette.blockActivated.connect(e.add_block)
        self.inspector.paramsEdited.connect(e.set_params)
        self.inspector.labelEdited.connect(e.set_label)
        self.summary.nodeActivated.connect(self._on_summary_activated)
        # Bound methods, not lambdas: Qt drops them when the window goes, whereas a
        # lambda would still run while the undo stack is destroyed with the window.
        d.aboutToReplace.connect(self._on_about_to_replace)
        d.replaced.connect(self.show_network_start)
        d.analysisChanged.connect(self._on_analysis)
        d.modifiedChanged.connect(self._update_title)
        d.pathChanged.connect(self._update_title)
        d.undo_stack.indexChanged.connect(self._update_title)
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
        self._refresh_inspector(analysis)
        self._update_status(analysis)
        self._update_edit_actions()

    def _refresh_inspector(self, analysis: Analysis | None = None) -> None:
        analysis = analysis or self.document.analysis
        ids = [i for i in self.canvas.selected_ids() if i in self.document.graph.nodes]
        if len(ids) == 1:
            receptive = self.receptive_for(analysis)
            self.inspector.show_node(
                self.document.graph, ids[0], analysis.nodes.get(ids[0]), analysis, receptive
            )
        else:
            self.inspector.clear()

    def receptive_for(self, analysis: Analysis) -> dict[str, RF]:
        """Every node's receptive field for ``analysis`` (computed once per analysis)."""
        if analysis is not self.receptive_analysis:
            self.receptive = receptive_fields(self.document.graph, analysis)
            self.receptive_analysis = analysis
        return self.receptive

    def _update_status(self, analysis: Analysis) -> None:
        params, macs = analysis.total_params, analysis.total_macs
        self.params_label.setText(self.tr("Params: {count}").format(count=human_count(params)))
        self.params_label.setToolTip(
            self.tr("{count} learnable parameters").format(count=f"{params:,}")
        )
        self.macs_label.setText(self.tr("MACs: {count}").format(count=human_count(macs)))
        self.macs_label.setToolTip(
            self.tr("{count} multiply-accumulates per sample").format(count=f"{macs:,}")
        )
        self.output_label.setText(
            self.tr("Output: {shape}").format(shape=shape_text(analysis.output_shape))
        )
        count = len(analysis.problems)
        if count:
            text = self.tr("⚠ {count} problems") if count > 1 else self.tr("⚠ {count} problem")
            self.problems_button.setText(text.format(count=count))
            first = analysis.problems[0]
            where = f"{first.node}: " if first.node else ""
            self.problems_button.setToolTip(
                f"{where}{first.message}\n" + self.tr("(click for all)")
            )
            self.problems_button.setStyleSheet("color: #d64545; font-weight: 600;")
        else:
            self.problems_button.setText(self.tr("✓ No problems"))
            self.problems_button.setToolTip(self.tr("The network compiles"))
            self.problems_button.setStyleSheet("")

    def _on_about_to_replace(self) -> None:
        self.canvas.select_ids([])
        # QGraphicsScene forgets deselected items lazily, in selectedItems(); without
        # this, clearing the scene for the new content would report a selection change
        # while the canvas still lists the items being deleted.
        self.canvas.scene().selectedItems()

    def show_network_start(self) -> None:
        """Fit the network in view, or if that makes it unreadable, show its top."""
        canvas = self.canvas
        canvas.fit_to_view()
        if canvas.zoom() >= READABLE_ZOOM:
            return
        rect = canvas.canvas_scene.blocks_rect()
        canvas.zoom_by(READABLE_ZOOM / canvas.zoom())
        half_height = canvas.viewport().height() / 2 / canvas.zoom()
        canvas.centerOn(QPointF(rect.center().x(), rect.top() - 30 + half_height))

    def _on_saved(self, path) -> None:
        self.show_message(self.tr("Saved {path}.").format(path=path))

    def _on_selection(self, _ids: list) -> None:
        self._refresh_inspector()
        self._update_edit_actions()

    def _update_edit_actions(self) -> None:
        ids = self.canvas.selected_ids()
        has_selection = bool(ids)
        for action in (self.acts.cut, self.acts.copy, self.acts.duplicate):
            action.setEnabled(has_selection)
        # Delete stays enabled: selecting only an edge does not signal a selection change.
        self.acts.expand.setEnabled(len(ids) == 1 and self._is_composite(ids[0]))

    def _is_composite(self, node_id: str) -> bool:
        node = self.document.graph.nodes.get(node_id)
        spec = get_spec(node.type) if node else None
        return bool(spec and spec.composite)

    def _on_double_click(self, node_id: str) -> None:
        if self._is_composite(node_id):
            self.editor.expand(node_id)

    def _on_summary_activated(self, node_id: str) -> None:
        if node_id in self.document.graph.nodes:
            self.canvas.select_ids([node_id])
            self.canvas.center_on(node_id)

    def _show_summary(self) -> None:
        self.docks[2].show()
        self.docks[2].raise_()

    def _on_theme_changed(self, _dark: bool) -> None:
        for action in self.acts.themes.actions():
            action.setChecked(action.data() == self.theme.mode)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About {app}").format(app=APP_NAME),
            f"<b>{APP_NAME}</b><p>"
            + self.tr(
                "Build convolutional networks by drawing them: every "
                "block shows its output shape, parameters and multiply-accumulates as you "
                "edit. Compile to PyTorch, train, and export."
            )
            + "</p>",
        )

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

    # ----------------------------------------------------------------- closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self._save_layout()
        self.autosaver.stop()
        event.accept()

    def _restore_layout(self) -> None:
        store = settings.settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
            self.resizeDocks([self.docks[0], self.docks[1]], [220, 300], Qt.Orientation.Horizontal)
            self.resizeDocks([self.docks[2]], [180], Qt.Orientation.Vertical)
        state = store.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
            self._readable_tabs_later()

    def _save_layout(self) -> None:
        store = settings.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.sync()
