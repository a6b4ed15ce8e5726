"""The summary table: one row per node with its output shape, parameters, MACs and
receptive field.

A :class:`QAbstractTableModel` rebuilt from each analysis (a model reset, cheap even
for a few hundred rows) that sorts itself in Python with the totals row kept last (a
sort proxy would call back into Python for every comparison), and a view that
reports double-clicks as :attr:`SummaryTable.nodeActivated` and copies itself as
tab-separated text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine.analysis import Analysis
from engine.graph import Graph
from engine.registry import get_spec
from engine.teaching.receptive import RF
from widgets.format import human_count, shape_text, thousands
from widgets.icons import block_icon
from widgets.language import block_summary

COLUMNS = (
    "#",
    QT_TRANSLATE_NOOP("Summary", "Node"),
    QT_TRANSLATE_NOOP("Summary", "Type"),
    QT_TRANSLATE_NOOP("Summary", "Output"),
    QT_TRANSLATE_NOOP("Summary", "Params"),
    QT_TRANSLATE_NOOP("Summary", "MACs"),
    QT_TRANSLATE_NOOP("Summary", "Receptive field"),
    QT_TRANSLATE_NOOP("Summary", "Problems"),
)
translate = QCoreApplication.translate
_NUMERIC = {0, 4, 5}
_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY, _ALIGN = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole
_BACKGROUND, _DECORATION = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole
_FONT, _TOOLTIP = Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class SummaryRow:
    """One line of the table (the totals row has ``node_id`` None)."""

    node_id: str | None
    index: int
    name: str
    block_type: str
    details: str
    shape: tuple[int, ...] | None
    params: int | None
    macs: int | None
    problems: tuple[str, ...]
    receptive: RF | None = None
    waiting: bool = False  # shape unknown until a problem upstream is fixed
    receptive_waiting: bool = False  # the field waits for a block to be traced

    def texts(self) -> tuple[str, ...]:
        """The cells as plain text, numbers exact (for copying)."""
        shape = shape_text(self.shape) if self.node_id or self.shape else ""
        return (
            str(self.index) if self.node_id else "",
            self.name,
            self.block_type,
            shape,
            "" if self.params is None else str(self.params),
            "" if self.macs is None else str(self.macs),
            _receptive_text(self) if self.node_id else "",
            "; ".join(self.problems),
        )


def summary_rows(
    graph: Graph, analysis: Analysis, receptive: dict[str, RF] | None = None
) -> list[SummaryRow]:
    """Rows in topological order (nodes in a cycle last), then the totals row.

    ``receptive`` maps node ids to receptive fields (:mod:`engine.teaching.receptive`).
    """
    receptive = receptive or {}
    placed = set(analysis.order)
    ids = list(analysis.order) + [nid for nid in graph.nodes if nid not in placed]
    rows = [summary_row(graph, analysis, receptive, nid, i) for i, nid in enumerate(ids, 1)]
    rows.append(totals_row(analysis, len(ids)))
    return rows


def summary_row(
    graph: Graph, analysis: Analysis, receptive: dict[str, RF], nid: str, index: int
) -> SummaryRow:
    """The row of node ``nid``, numbered ``index``."""
    node, info = graph.nodes[nid], analysis.nodes.get(nid)
    shape = info.shape if info else None
    return SummaryRow(
        nid,
        index,
        node.label or nid,
        node.type,
        _details(get_spec(node.type), node.params),
        shape,
        info.params if info and shape is not None else None,
        info.macs if info and shape is not None else None,
        tuple(info.problems) if info else (),
        receptive.get(nid) if shape is not None else None,
        bool(info and info.waiting and not info.problems),
        shape is not None and nid in getattr(receptive, "waiting", ()),
    )


def totals_row(analysis: Analysis, count: int) -> SummaryRow:
    general = tuple(p.message for p in analysis.general)
    return SummaryRow(
        None,
        count + 1,
        translate("Summary", "Total ({count} blocks)").format(count=count),
        "",
        "",
        analysis.output_shape,
        analysis.total_params,
        analysis.total_macs,
        general,
    )


def _details(spec, params: dict) -> str:
    if spec is None:
        return ""
    try:
        return block_summary(spec, spec.resolve(params))
    except (KeyError, TypeError, ValueError, IndexError):
        return ""  # a required param is missing: the Problems column says so


class SummaryModel(QAbstractTableModel):
    """The rows of :func:`summary_rows` as a table; sorts itself, totals row last."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[SummaryRow] = []
        self._texts: list[tuple[str, ...]] = []  # display text per row, made once per change
        self._where: dict[str | None, int] = {}  # node id → row (None: the totals row)
        self._sort = (0, Qt.SortOrder.AscendingOrder)
        self._bold = QFont()
        self._bold.setBold(True)
        self._problem_tint = QColor(220, 38, 38, 48)  # translucent: reads on light and dark
        self._totals_tint = QColor(128, 128, 128, 36)
        self._waiting_text = QColor(128, 128, 128)

    def set_rows(self, rows: list[SummaryRow]) -> None:
        """Replace every row (kept in the current sort order).

        When the same nodes come back in the same order (an edit of params), only the
        rows that differ are reported changed, so the view repaints just those.
        """
        rows = self._sorted(rows)
        if [r.node_id for r in rows] != [r.node_id for r in self.rows]:
            self.beginResetModel()
            self.rows, self._texts = rows, [_texts(r) for r in rows]
            self._index_rows()
            self.endResetModel()
            return
        self._replace([i for i, (old, new) in enumerate(zip(self.rows, rows)) if old != new], rows)

    def update_rows(self, rows: list[SummaryRow]) -> bool:
        """Replace the rows of these nodes where they are; False (nothing done) when one
        is not shown or would move in the current sort order."""
        column = self._sort[0]
        places = []
        for row in rows:
            i = self._where.get(row.node_id)
            if i is None or _sort_key(self.rows[i], column) != _sort_key(row, column):
                return False
            places.append(i)
        new = list(self.rows)
        for i, row in zip(places, rows):
            new[i] = row
        self._replace(sorted(i for i, row in zip(places, rows) if self.rows[i] != row), new)
        return True

    def _replace(self, changed: list[int], rows: list[SummaryRow]) -> None:
        self.rows = rows
        for i in changed:
            self._texts[i] = _texts(rows[i])
        last = len(COLUMNS) - 1
        for first, end in _runs(changed):  # one signal per block of adjacent rows
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self.rows = self._sorted(self.rows)
        self._texts = [_texts(r) for r in self.rows]
        self._index_rows()
        self.layoutChanged.emit()

    def _index_rows(self) -> None:
        self._where = {row.node_id: i for i, row in enumerate(self.rows)}

    def _sorted(self, rows: list[SummaryRow]) -> list[SummaryRow]:
        column, order = self._sort
        body = [r for r in rows if r.node_id is not None]
        totals = [r for r in rows if r.node_id is None]
        body.sort(key=lambda r: _sort_key(r, column), reverse=order == Qt.SortOrder.DescendingOrder)
        return body + totals

    def row_of(self, node_id: str) -> int | None:
        return self._where.get(node_id) if node_id is not None else None

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return translate("Summary", COLUMNS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMERIC:
                return _RIGHT
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each repaint: keep it short.
        if role == _DISPLAY:
            return self._texts[index.row()][index.column()]
        row = self.rows[index.row()]
        column = index.column()
        if role == _ALIGN:
            return _RIGHT if column in _NUMERIC else None
        if role == _BACKGROUND:
            if row.node_id is None:
                return self._totals_tint
            return self._problem_tint if row.problems else None
        if role == _DECORATION:
            return block_icon(row.block_type) if column == 1 and row.node_id else None
        if role == _FONT:
            return self._bold if row.node_id is None else None
        if role == _FOREGROUND:
            return self._waiting_text if row.waiting else None
        if role == _ID_ROLE:
            return row.node_id
        if role == _TOOLTIP:
            return _tooltip(row, column)
        return None


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """``[2, 3, 4, 9]`` -> ``[(2, 4), (9, 9)]``."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _texts(row: SummaryRow) -> tuple[str, ...]:
    return tuple(_display(row, column) for column in range(len(COLUMNS)))


def _display(row: SummaryRow, column: int) -> str:
    if column == 0:
        return str(row.index) if row.node_id else ""
    if column == 1:
        return row.name
    if column == 2:
        return f"{row.block_type}  {row.details}" if row.details else row.block_type
    if column == 3:
        return shape_text(row.shape) if row.node_id or row.shape else ""
    if column in (4, 5):
        return thousands(row.params if column == 4 else row.macs)
    if column == 6:
        return _receptive_text(row) if row.node_id else ""
    if row.waiting:
        return translate("Summary", "waiting for an input shape")
    first = row.problems[0] if row.problems else ""
    return f"{first} (+{len(row.problems) - 1})" if len(row.problems) > 1 else first


def _sort_key(row: SummaryRow, column: int) -> Any:
    if column == 0:
        return row.index
    if column in (4, 5):
        value = row.params if column == 4 else row.macs
        return -1 if value is None else value
    if column == 3:
        return (len(row.shape), row.shape) if row.shape else (0, ())
    if column == 6:
        rf = row.receptive
        return (-1, ()) if rf is None else (rf.size_h * rf.size_w, (*rf.size, *rf.stride))
    return _display(row, column).casefold()


def _tooltip(row: SummaryRow, column: int) -> str | None:
    if row.problems and (column == 7 or row.node_id):
        return "\n".join(f"• {p}" for p in row.problems)
    if column == 1 and row.node_id and row.name != row.node_id:
        return translate("Summary", "id: {id}").format(id=row.node_id)
    if column in (4, 5):
        value = row.params if column == 4 else row.macs
        return None if value is None else human_count(value)
    if column == 6 and row.receptive_waiting:
        return translate("Summary", "Working out the field through the block's layers…")
    if column == 6 and row.receptive is not None:
        return translate(
            "Summary", "Each output unit sees {h}×{w} input pixels; neighbours are {stride} apart"
        ).format(h=row.receptive.size_h, w=row.receptive.size_w, stride=_stride_text(row.receptive))
    return None


def _stride_text(rf: RF) -> str:
    return str(rf.stride_h) if rf.stride_h == rf.stride_w else f"{rf.stride_h}×{rf.stride_w}"


def _receptive_text(row: SummaryRow) -> str:
    """``11×11 /4``: the field's size and its stride (jump) in input pixels; ``…`` while
    it waits for a block to be traced, ``—`` if none."""
    rf = row.receptive
    if rf is None:
        return "…" if row.receptive_waiting else "—"
    return f"{rf.size_h}×{rf.size_w} /{_stride_text(rf)}"


class SummaryTable(QWidget):
    """Per-node table of the analysed graph, with a totals row.

    Signals
    -------
    nodeActivated(str)
        The id of a node whose row was double-clicked (or Enter pressed on).
    """

    nodeActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = SummaryModel(self)
        self._shown: tuple[Analysis | None, dict] = (None, {})  # what the rows show
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self._setup_view()
        # No shortcut of its own: the window's Copy (Ctrl+C) copies the table when it has
        # the focus, so the key is never ambiguous.
        self.copy_action = QAction(self.tr("Copy as text"), self)
        self.copy_action.setToolTip(self.tr("Copy the table as tab-separated text"))
        self.copy_action.triggered.connect(self.copy_as_text)
        self.view.addAction(self.copy_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _setup_view(self) -> None:
        view = self.view
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().hide()
        rows = view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        char = view.fontMetrics().averageCharWidth()
        for column, chars in enumerate((4, 18, 22, 15, 12, 14, 17)):
            view.setColumnWidth(column, chars * char + 16)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.activated.connect(self._on_activated)  # double-click or Enter

    def set_analysis(
        self, graph: Graph, analysis: Analysis, receptive: dict[str, RF] | None = None
    ) -> None:
        """Show ``analysis`` of ``graph`` (called after every edit; keeps the selection).

        ``receptive`` (node id → :class:`engine.teaching.receptive.RF`) fills the receptive field
        column; without it that column shows "—".
        """
        receptive = {} if receptive is None else receptive
        selected = self.selected_node()
        if not self._update_changed(graph, analysis, receptive):
            self.model.set_rows(summary_rows(graph, analysis, receptive))
        self._shown = (analysis, receptive)
        if selected is not None and self.selected_node() != selected:
            self.select_node(selected)

    def _update_changed(self, graph: Graph, analysis: Analysis, receptive: dict) -> bool:
        """Rebuild only the rows an incremental analysis touched (or whose receptive
        field changed); False when the whole table must be rebuilt."""
        shown, fields = self._shown
        changed = analysis.changed_since(shown)
        if changed is None or analysis.order_changed:
            return False
        if len(self.model.rows) != len(graph.nodes) + 1:
            return False
        ids = set(changed) | analysis.touched
        ids.update(nid for nid, rf in receptive.items() if fields.get(nid) is not rf)
        ids.update(nid for nid in fields if nid not in receptive)
        ids.update(getattr(fields, "waiting", set()) ^ getattr(receptive, "waiting", set()))
        if not ids <= graph.nodes.keys():
            return False
        rows = [
            summary_row(graph, analysis, receptive, nid, self.model.rows[i].index)
            for nid in ids
            if (i := self.model.row_of(nid)) is not None
        ]
        rows.append(totals_row(analysis, len(graph.nodes)))
        return len(rows) == len(ids) + 1 and self.model.update_rows(rows)

    def selected_node(self) -> str | None:
        """The id of the node whose row is selected, or None."""
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(_ID_ROLE) if rows else None

    def select_node(self, node_id: str) -> None:
        """Select (and scroll to) the row of ``node_id``, without emitting nodeActivated."""
        row = self.model.row_of(node_id)
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def table_text(self) -> str:
        """The table as tab-separated text in the current sort order, header first."""
        header = [translate("Summary", column) for column in COLUMNS]
        lines = ["\t".join(header)] + ["\t".join(row.texts()) for row in self.model.rows]
        return "\n".join(lines) + "\n"

    def copy_as_text(self) -> None:
        """Put :meth:`table_text` on the clipboard."""
        QGuiApplication.clipboard().setText(self.table_text())

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _on_activated(self, index: QModelIndex) -> None:
        node_id = index.data(_ID_ROLE)
        if node_id is not None:
            self.nodeActivated.emit(node_id)
