"""Past training runs: a table, their curves overlaid, reopen and delete.

The panel reads a run store (``list_runs()``, ``epochs(id)``, ``delete(id)``, as
:class:`engine.runs.RunStore` offers) and leaves reopening to the app through
:attr:`RunsPanel.reopenRequested`, since that touches the open document.
"""

from __future__ import annotations

import datetime as dt
import logging

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.common import signals_blocked

log = logging.getLogger(__name__)

#: (epoch-dict key, label, factor) of the curves the overlay can show.
METRICS = (
    ("val_accuracy", QT_TRANSLATE_NOOP("RunsPanel", "Validation accuracy (%)"), 100.0),
    ("val_loss", QT_TRANSLATE_NOOP("RunsPanel", "Validation loss"), 1.0),
    ("train_loss", QT_TRANSLATE_NOOP("RunsPanel", "Training loss"), 1.0),
    ("train_accuracy", QT_TRANSLATE_NOOP("RunsPanel", "Training accuracy (%)"), 100.0),
)
#: One colour per overlaid run, cycling.
RUN_COLOURS = ("#3b82f6", "#f97316", "#10b981", "#e11d48", "#8b5cf6", "#0891b2", "#ca8a04")
COLUMNS = (
    "#",
    QT_TRANSLATE_NOOP("RunsPanel", "Name"),
    QT_TRANSLATE_NOOP("RunsPanel", "Started"),
    QT_TRANSLATE_NOOP("RunsPanel", "Status"),
    QT_TRANSLATE_NOOP("RunsPanel", "Best val acc"),
    QT_TRANSLATE_NOOP("RunsPanel", "Epochs"),
)
#: How the run history's statuses read in the table.
STATUSES = {
    "running": QT_TRANSLATE_NOOP("RunsPanel", "running"),
    "completed": QT_TRANSLATE_NOOP("RunsPanel", "completed"),
    "stopped": QT_TRANSLATE_NOOP("RunsPanel", "stopped"),
    "diverged": QT_TRANSLATE_NOOP("RunsPanel", "diverged"),
    "failed": QT_TRANSLATE_NOOP("RunsPanel", "failed"),
    "interrupted": QT_TRANSLATE_NOOP("RunsPanel", "interrupted"),  # its process died
}


def created_text(value) -> str:
    """A run's creation time (a timestamp or an ISO string) as ``2024-05-01 14:03``."""
    try:
        if isinstance(value, (int, float)):
            moment = dt.datetime.fromtimestamp(value)
        else:
            moment = dt.datetime.fromisoformat(str(value))
            if moment.tzinfo is not None:
                moment = moment.astimezone()
        return moment.strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, OSError):
        return str(value)


class RunsPanel(QWidget):
    """The run history.

    Signals
    -------
    reopenRequested(int)
        The user asked to open a run's network (and weights) again.
    """

    reopenRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = None
        self.table = QTreeWidget()
        self.table.setHeaderLabels([self.tr(column) for column in COLUMNS])
        for column, title in enumerate(COLUMNS):
            self.table.headerItem().setToolTip(column, self.tr(title))
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.header().setStretchLastSection(True)  # columns whole, the rest at the end
        self.table.itemSelectionChanged.connect(self._curves_changed)
        self.table.itemDoubleClicked.connect(lambda *_: self._reopen())
        self.metric_box = QComboBox()
        for key, label, _factor in METRICS:
            self.metric_box.addItem(self.tr(label), key)
        self.metric_box.currentIndexChanged.connect(self._curves_changed)
        self._stale = False  # the curves wait for the panel to be shown
        self.reopen_button = QPushButton(self.tr("Reopen"))
        self.reopen_button.setToolTip(
            self.tr("Open this run's network and load its trained weights")
        )
        self.reopen_button.clicked.connect(self._reopen)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self._delete)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self.plot.setLabel("bottom", self.tr("epoch"))
        self.empty = QLabel(self.tr("No runs yet: train a network and it appears here."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QHBoxLayout()
        buttons.addWidget(self.metric_box, 1)
        for button in (self.reopen_button, self.delete_button, refresh):
            buttons.addWidget(button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.empty)
        top_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.plot)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        self._apply_theme()
        self._update_buttons()

    # ----------------------------------------------------------------- API
    def set_store(self, store) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        """Re-read the run list, keeping the selection."""
        selected = set(self.selected_ids())
        with signals_blocked(self.table):
            runs = self._fill(selected)
        self.empty.setVisible(not runs)
        self.table.setVisible(bool(runs))
        self._fit_table()
        self._curves_changed()

    def _fill(self, selected: set) -> list:
        """Put the run list in the table (signals blocked by the caller); return it."""
        self.table.clear()
        runs = self._list_runs()
        for run in runs:
            item = QTreeWidgetItem(
                [
                    str(run.id),
                    run.name or "—",
                    created_text(run.created),
                    self.tr(STATUSES[run.status]) if run.status in STATUSES else run.status,
                    "—"
                    if run.best_val_accuracy is None
                    else f"{100 * run.best_val_accuracy:.1f} %",
                    str(run.epochs),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, run.id)
            item.setToolTip(1, item.text(1))  # a long name is elided in its column
            for column in (0, 4, 5):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            self.table.addTopLevelItem(item)
            item.setSelected(run.id in selected)
        return runs

    def selected_ids(self) -> list[int]:
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in self.table.selectedItems()]

    def select(self, run_ids: list[int]) -> None:
        with signals_blocked(self.table):  # one redraw, not one per item
            for i in range(self.table.topLevelItemCount()):
                item = self.table.topLevelItem(i)
                item.setSelected(item.data(0, Qt.ItemDataRole.UserRole) in run_ids)
        self._curves_changed()

    def curve_count(self) -> int:
        """How many curves the plot shows (drawing any that wait for the panel)."""
        if self._stale:
            self._draw_curves()
        return len(self.plot.getPlotItem().listDataItems())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._draw_if_stale()
        self._fit_table()  # runs added while the panel was behind another tab

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        # A tab behind another dock gets no show event when it comes to the front: its
        # first paint says it can be seen. Draw just after this paint, not inside it.
        super().paintEvent(event)
        if self._stale:
            QTimer.singleShot(0, self._draw_if_stale)

    def _draw_if_stale(self) -> None:
        if self._stale:
            self._draw_curves()

    # ----------------------------------------------------------------- internals
    def _list_runs(self) -> list:
        if self.store is None:
            return []
        try:
            return self.store.list_runs()
        except Exception:  # a broken history file must not take the window down
            log.exception("could not read the run history")
            return []

    def _curves_changed(self) -> None:
        """Redraw now if the panel shows; else when it is shown. (Building pyqtgraph
        curves with a legend takes tens of milliseconds: the window would stall at the
        end of every run for a panel that is usually a hidden tab.)"""
        self._update_buttons()
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self._draw_curves()
        else:  # hidden, or a tab behind another
            self._stale = True

    def _draw_curves(self) -> None:
        self._stale = False
        self._update_buttons()
        plot = self.plot.getPlotItem()
        plot.clear()
        if self.store is None:
            return
        key, label, factor = METRICS[max(0, self.metric_box.currentIndex())]
        text = self.palette().color(QPalette.ColorRole.Text).name()
        plot.setTitle(self.tr(label), color=text, size="9pt")
        names = {
            item.data(0, Qt.ItemDataRole.UserRole): item.text(1)
            for item in self.table.selectedItems()
        }
        for i, run_id in enumerate(sorted(names)):
            points = [
                (e["epoch"], e[key]) for e in self.store.epochs(run_id) if e.get(key) is not None
            ]
            if not points:
                continue
            colour = RUN_COLOURS[i % len(RUN_COLOURS)]
            xs, ys = zip(*points)
            plot.plot(
                xs,
                [factor * y for y in ys],
                pen=pg.mkPen(colour, width=2),
                symbol="o",
                symbolSize=5,
                symbolBrush=colour,
                symbolPen=None,
                name=f"#{run_id} {names[run_id]}",
            )

    def _update_buttons(self) -> None:
        count = len(self.table.selectedItems())
        self.reopen_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count > 0)

    def _reopen(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.reopenRequested.emit(ids[0])

    def _delete(self) -> None:
        ids = self.selected_ids()
        if not ids or self.store is None or not self.confirm_delete(ids):
            return
        for run_id in ids:
            self.store.delete(run_id)
        self.refresh()

    def confirm_delete(self, ids: list[int]) -> bool:
        """Ask before deleting runs (their curves and checkpoints go too)."""
        text = (
            self.tr("Delete run #{run} with its curves and saved weights?").format(run=ids[0])
            if len(ids) == 1
            else self.tr("Delete {count} runs with their curves and saved weights?").format(
                count=len(ids)
            )
        )
        answer = QMessageBox.question(
            self,
            self.tr("Delete runs"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _apply_theme(self) -> None:
        palette = self.palette()
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        plot = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            plot.getAxis(name).setTextPen(pg.mkPen(text))
        if plot.legend is not None:
            plot.legend.setLabelTextColor(text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        self.empty.setStyleSheet(f"color: {muted};")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        wide = self.width() > 1.5 * self.height()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:  # list beside the curves when wide
            self.splitter.setOrientation(orientation)
        super().resizeEvent(event)
        self._fit_table()

    def table_width(self) -> int:
        """The width that shows every column whole (names as long as they are)."""
        table, header = self.table, self.table.header()
        last = table.columnCount() - 1  # sized to their contents, but the last (stretched)
        columns = sum(header.sectionSize(i) for i in range(last))
        columns += max(
            header.sectionSizeHint(last), table.sizeHintForColumn(last), header.defaultSectionSize()
        )
        scroll = table.verticalScrollBar().sizeHint().width()
        return columns + 2 * table.frameWidth() + scroll + 12

    def _fit_table(self) -> None:
        """Beside the curves, the list gets the width its columns need (up to 60 %)."""
        if self.splitter.orientation() != Qt.Orientation.Horizontal:
            return
        total = sum(self.splitter.sizes()) or self.splitter.width()
        sizes = self.splitter.sizes()
        wanted = min(self.table_width(), int(0.6 * total))
        if total > 0 and sizes and sizes[0] < wanted:
            self.splitter.setSizes([wanted, total - wanted])

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_theme()
        super().changeEvent(event)
