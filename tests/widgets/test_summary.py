"""The summary table: rows in topological order, totals, problems, sorting, copy."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from widgets.summary import COLUMNS, SummaryTable


def _graph() -> Graph:
    # Nodes listed out of order: the table follows the data flow, not the file.
    nodes = [
        Node("fc", "Linear", {"out_features": 10}),
        Node("in", "Input", {"channels": 1, "height": 8, "width": 8}),
        Node("conv", "Conv2d", {"out_channels": 16, "padding": 1}, label="first conv"),
        Node("flat", "Flatten"),
        Node("out", "Output"),
        Node("loose", "Linear", {"out_features": 3}),
    ]
    edges = [
        Edge("in", "conv"),
        Edge("conv", "flat"),
        Edge("flat", "fc"),
        Edge("fc", "out"),
        Edge("conv", "loose"),
    ]
    return Graph("t", nodes, edges)


@pytest.fixture
def table(qtbot):
    widget = SummaryTable()
    qtbot.addWidget(widget)
    widget.resize(900, 300)
    widget.show()
    qtbot.waitExposed(widget)
    graph = _graph()
    widget.set_analysis(graph, analyse(graph))
    return widget


def cell(table, row, column, role=Qt.ItemDataRole.DisplayRole):
    model = table.view.model()
    return model.data(model.index(row, column), role)


def column(table, name):
    index = COLUMNS.index(name)
    return [cell(table, r, index) for r in range(table.view.model().rowCount())]


def test_rows_follow_the_data_flow_then_totals(table):
    assert column(table, "Node") == [
        "in",
        "first conv",
        "flat",
        "loose",
        "fc",
        "out",
        "Total (6 blocks)",
    ]
    assert column(table, "Output") == ["1×8×8", "16×8×8", "[1024]", "?", "[10]", "[10]", "[10]"]
    assert column(table, "Type")[1] == "Conv2d  3×3 · 16"


def test_numbers_have_thousands_separators_and_are_right_aligned(table):
    params = column(table, "Params")
    assert params[1] == "160" and params[4] == "10,250"
    assert params[-1] == "10,410"  # the totals row
    assert column(table, "MACs")[-1] == "19,456"
    assert column(table, "Params")[3] == "—"  # no shape, no count
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert cell(table, 0, COLUMNS.index("MACs"), Qt.ItemDataRole.TextAlignmentRole) == right
    assert cell(table, 4, COLUMNS.index("Params"), Qt.ItemDataRole.TextAlignmentRole) == right
    assert cell(table, 0, COLUMNS.index("Node"), Qt.ItemDataRole.TextAlignmentRole) is None


def test_problem_rows_are_tinted_with_a_tooltip(table):
    row = column(table, "Node").index("loose")
    tint = cell(table, row, 1, Qt.ItemDataRole.BackgroundRole)
    assert tint is not None and tint.red() > tint.green()
    assert "Linear needs a flat input" in cell(table, row, 2, Qt.ItemDataRole.ToolTipRole)
    assert cell(table, row, COLUMNS.index("Problems")).startswith("Linear needs a flat input")
    assert cell(table, 0, 1, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(table, 6, 1, Qt.ItemDataRole.FontRole).bold()  # totals row


def test_sorting_keeps_the_totals_row_last(table):
    view = table.view
    view.sortByColumn(COLUMNS.index("Params"), Qt.SortOrder.DescendingOrder)
    assert column(table, "Node")[0] == "fc"
    assert column(table, "Node")[-1] == "Total (6 blocks)"
    view.sortByColumn(COLUMNS.index("Params"), Qt.SortOrder.AscendingOrder)
    assert column(table, "Node")[-1] == "Total (6 blocks)"
    assert column(table, "Node")[-2] == "fc"
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # back to the data flow
    assert column(table, "Node")[0] == "in"


def test_double_click_activates_the_node(table, qtbot):
    view = table.view
    rect = view.visualRect(view.model().index(1, 1))
    with qtbot.waitSignal(table.nodeActivated) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["conv"]  # the id, though the row shows the label


def test_copy_as_text_puts_a_tab_separated_table_on_the_clipboard(table):
    table.copy_action.trigger()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert lines[2].split("\t")[:6] == ["2", "first conv", "Conv2d", "16×8×8", "160", "9216"]
    assert lines[-1].split("\t")[1:6] == ["Total (6 blocks)", "", "[10]", "10410", "19456"]
    assert len(lines) == 8


def test_new_analysis_keeps_the_selection(table):
    table.select_node("flat")
    graph = _graph()
    graph.set_params("conv", {"out_channels": 4, "padding": 1})
    table.set_analysis(graph, analyse(graph))
    assert table.selected_node() == "flat"
    assert column(table, "Params")[1] == "40"


def test_a_graph_without_input_reports_it_on_the_totals_row(qtbot):
    widget = SummaryTable()
    qtbot.addWidget(widget)
    graph = Graph("empty", [Node("r", "ReLU")])
    widget.set_analysis(graph, analyse(graph))
    assert widget.model.rows[-1].problems[0] == "the graph has no Input block"


def test_receptive_field_column_shows_size_and_stride(qtbot):
    from engine.teaching.receptive import receptive_fields

    widget = SummaryTable()
    qtbot.addWidget(widget)
    graph = _graph()
    analysis = analyse(graph)
    widget.set_analysis(graph, analysis, receptive_fields(graph, analysis))
    names = column(widget, "Node")
    fields = dict(zip(names, column(widget, "Receptive field")))
    assert fields["in"] == "1×1 /1"
    assert fields["first conv"] == "3×3 /1"
    assert fields["flat"] == "10×10 /8"  # sees the whole 8×8 conv output
    assert fields["loose"] == "—"  # no shape, no field
    assert fields[names[-1]] == ""  # totals row
    widget.set_analysis(graph, analysis)  # without fields: every cell says so
    assert set(column(widget, "Receptive field")[:-1]) == {"—"}
