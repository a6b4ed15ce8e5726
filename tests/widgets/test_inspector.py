"""The inspector: generated editors, validated commits, output, formula and problems."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from widgets.inspector import Inspector


def _graph() -> Graph:
    nodes = [
        Node("in", "Input", {"channels": 3, "height": 56, "width": 56}),
        Node("conv", "Conv2d", {"out_channels": 64, "stride": 2, "padding": 1}, label="stem"),
        Node("pool", "MaxPool2d", {"kernel_size": 2, "stride": 2}),
        Node("bn", "BatchNorm2d"),
        Node("flat", "Flatten"),
        Node("fc", "Linear", {"out_features": 10}),
        Node("out", "Output"),
        Node("loose", "Linear", {"out_features": 5}),
    ]
    chain = ["in", "conv", "pool", "bn", "flat", "fc", "out"]
    edges = [Edge(a, b) for a, b in zip(chain, chain[1:])] + [Edge("conv", "loose")]
    return Graph("t", nodes, edges)


@pytest.fixture
def graph():
    return _graph()


@pytest.fixture
def inspector(qtbot):
    widget = Inspector()
    qtbot.addWidget(widget)
    widget.resize(340, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show(inspector, graph, node_id):
    analysis = analyse(graph)
    inspector.show_node(graph, node_id, analysis.nodes[node_id], analysis)
    return analysis


def type_and_finish(qtbot, editor, text):
    line = editor.lineEdit() if hasattr(editor, "lineEdit") else editor
    editor.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_generates_the_right_editor_for_each_conv2d_param(inspector, graph):
    show(inspector, graph, "conv")
    kinds = {
        name: type(inspector.editor(name))
        for name in (
            "out_channels",
            "kernel_size",
            "stride",
            "padding",
            "dilation",
            "groups",
            "bias",
        )
    }
    assert issubclass(kinds["out_channels"], QSpinBox)
    assert issubclass(kinds["groups"], QSpinBox)
    assert issubclass(kinds["bias"], QCheckBox)
    for name in ("kernel_size", "stride", "dilation"):
        assert issubclass(kinds[name], QLineEdit)
    assert issubclass(kinds["padding"], QComboBox)  # also offers "same"
    padding = inspector.editor("padding")
    assert "same" in [padding.itemText(i) for i in range(padding.count())]
    channels = inspector.editor("out_channels")
    assert (channels.minimum(), channels.maximum()) == (1, 65536)
    assert "filters" in channels.toolTip()
    assert inspector.editor("kernel_size").text() == "3"  # the default, shown
    assert inspector.editor("padding").text() == "1"


def test_float_params_get_a_double_spin_box(inspector, graph):
    show(inspector, graph, "bn")
    eps = inspector.editor("eps")
    assert isinstance(eps, QDoubleSpinBox)
    assert eps.text() == "1e-05"


def test_editing_out_channels_emits_the_explicit_params_with_that_key(inspector, graph, qtbot):
    show(inspector, graph, "conv")
    with qtbot.waitSignal(inspector.paramsEdited) as signal:
        type_and_finish(qtbot, inspector.editor("out_channels"), "32")
    assert signal.args == ["conv", {"out_channels": 32, "stride": 2, "padding": 1}]


def test_pair_and_padding_editors_emit_valid_values(inspector, graph, qtbot):
    show(inspector, graph, "conv")
    edits = []
    inspector.paramsEdited.connect(lambda nid, params: edits.append(params))
    type_and_finish(qtbot, inspector.editor("kernel_size"), "3, 5")
    assert edits[-1]["kernel_size"] == [3, 5]
    assert inspector.editor("kernel_size").text() == "3, 5"
    padding = inspector.editor("padding")
    padding.setCurrentText("same")
    padding.textActivated.emit("same")  # as choosing it from the list does
    assert edits[-1]["padding"] == "same"
    inspector.editor("bias").click()
    assert edits[-1]["bias"] is False
    assert len(edits) == 3


def test_an_invalid_pair_is_refused_with_the_reason_and_nothing_is_emitted(inspector, graph, qtbot):
    show(inspector, graph, "conv")
    edits = []
    inspector.paramsEdited.connect(lambda *args: edits.append(args))
    type_and_finish(qtbot, inspector.editor("kernel_size"), "3, x")
    form = inspector._forms["Conv2d"]
    assert edits == []
    assert form.error_text("kernel_size") == "“x” is not an integer"
    type_and_finish(qtbot, inspector.editor("stride"), "0")
    assert edits == []
    assert form.error_text("stride") == "0 is below the minimum 1"
    type_and_finish(qtbot, inspector.editor("kernel_size"), "5")  # fixed: error goes
    assert edits and edits[-1][1]["kernel_size"] == 5
    assert form.error_text("kernel_size") == ""


def test_an_out_of_range_number_is_refused_not_clamped(inspector, graph, qtbot):
    show(inspector, graph, "conv")
    edits = []
    inspector.paramsEdited.connect(lambda *args: edits.append(args))
    channels = inspector.editor("out_channels")
    type_and_finish(qtbot, channels, "99999")
    assert edits == []
    assert inspector._forms["Conv2d"].error_text("out_channels") == (
        "99999 is above the maximum 65536"
    )
    assert channels.value() == 64  # back to the node's value


def test_nullable_pool_stride_can_be_emptied_to_auto(inspector, graph, qtbot):
    show(inspector, graph, "pool")
    stride = inspector.editor("stride")
    assert stride.text() == "2" and stride.placeholderText() == "auto"
    with qtbot.waitSignal(inspector.paramsEdited) as signal:
        type_and_finish(qtbot, stride, "")
    assert signal.args == ["pool", {"kernel_size": 2, "stride": None}]


def test_show_node_updates_values_without_emitting_and_reuses_editors(inspector, graph, qtbot):
    emitted = []
    inspector.paramsEdited.connect(lambda *args: emitted.append(args))
    inspector.labelEdited.connect(lambda *args: emitted.append(args))
    show(inspector, graph, "conv")
    editor = inspector.editor("out_channels")
    graph.set_params("conv", {"out_channels": 16})
    show(inspector, graph, "conv")
    assert inspector.editor("out_channels") is editor and editor.value() == 16
    assert inspector.editor("padding").text() == "0"
    other = Graph("g", [Node("c2", "Conv2d", {"out_channels": 7})])
    inspector.show_node(other, "c2", None)
    assert inspector.editor("out_channels") is editor and editor.value() == 7
    assert emitted == []
    assert inspector.node_id() == "c2"


def test_label_edit_emits_label_edited(inspector, graph, qtbot):
    show(inspector, graph, "conv")
    assert inspector.label_edit.text() == "stem"
    with qtbot.waitSignal(inspector.labelEdited) as signal:
        type_and_finish(qtbot, inspector.label_edit, "first conv")
    assert signal.args == ["conv", "first conv"]


def test_header_output_and_formula_for_conv2d(inspector, graph):
    show(inspector, graph, "conv")
    assert inspector.header.title.text() == "Convolution"
    assert "Conv2d" in inspector.header.subtitle.text()
    assert "conv" in inspector.header.subtitle.text()
    assert inspector.out_values["Shape"].text() == "64×28×28"
    assert inspector.out_values["Parameters"].text() == "1,792  (1.79 k)"
    assert inspector.out_values["MACs"].text() == "1,354,752  (1.35 M)"
    assert not inspector.formula_section.isHidden()
    text = inspector.formula_text.text()
    assert text.startswith("input 3×56×56")
    assert "H_out = ⌊(56 + 2·1 − 1·(3−1) − 1) / 2⌋ + 1\n" in text
    assert text.count("= 28") == 2
    assert inspector.problems_section.isHidden()


def test_formula_for_pooling_and_none_for_other_blocks(inspector, graph):
    show(inspector, graph, "pool")
    assert "H_out = ⌊(28 + 2·0 − 1·(2−1) − 1) / 2⌋ + 1" in inspector.formula_text.text()
    assert "dilation 1" in inspector.formula_rule.text()
    show(inspector, graph, "bn")
    assert inspector.formula_section.isHidden()


def test_formula_without_analysis_asks_for_an_input(inspector, graph):
    inspector.show_node(graph, "conv", None)
    assert inspector.formula_text.text() == "Connect an input to see the numbers."
    assert inspector.out_values["Shape"].text() == "—"


def test_problems_are_listed(inspector, graph):
    show(inspector, graph, "loose")
    assert not inspector.problems_section.isHidden()
    text = inspector.problems_text.text()
    assert "Linear needs a flat input" in text
    assert "not on the path from Input to Output" in text


def test_a_missing_required_param_is_shown_not_crashed_on(inspector, qtbot):
    graph = Graph("g", [Node("c", "Conv2d", {})])
    inspector.show_node(graph, "c", analyse(graph).nodes["c"])
    assert inspector._forms["Conv2d"].error_text("out_channels") == "needs a value"
    with qtbot.waitSignal(inspector.paramsEdited) as signal:
        type_and_finish(qtbot, inspector.editor("out_channels"), "8")
    assert signal.args == ["c", {"out_channels": 8}]


def test_help_text_can_be_hidden(inspector, graph):
    show(inspector, graph, "conv")
    form = inspector._forms["Conv2d"]
    assert all(not label.isHidden() for label in form.helps)
    inspector.help_button.click()
    assert all(label.isHidden() for label in form.helps)
    assert inspector.help_button.text() == "Show help"


def test_clear_and_unknown_node(inspector, graph):
    show(inspector, graph, "conv")
    inspector.clear()
    assert inspector.node_id() is None and not inspector.empty.isHidden()
    inspector.show_node(graph, "no such node", None)
    assert inspector.node_id() is None


def _wheel(widget):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        widget.mapToGlobal(centre),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_scrolling_over_an_unfocused_editor_changes_nothing(inspector, graph, qtbot):
    show(inspector, graph, "conv")
    edits = []
    inspector.paramsEdited.connect(lambda *args: edits.append(args))
    inspector.label_edit.setFocus()
    _wheel(inspector.editor("out_channels"))
    _wheel(inspector.editor("padding"))
    assert edits == []
    assert inspector.editor("out_channels").value() == 64
    assert inspector.editor("padding").text() == "1"


def test_output_shows_the_receptive_field_size_and_stride(inspector, graph):
    from engine.teaching.receptive import receptive_fields

    analysis = analyse(graph)
    fields = receptive_fields(graph, analysis)
    inspector.show_node(graph, "conv", analysis.nodes["conv"], analysis, fields)
    assert inspector.out_values["Receptive field"].text() == "3×3, stride 2"
    inspector.show_node(graph, "pool", analysis.nodes["pool"], analysis, fields)
    assert inspector.out_values["Receptive field"].text() == "5×5, stride 4"
    inspector.show_node(graph, "pool", analysis.nodes["pool"], analysis)  # old signature
    assert inspector.out_values["Receptive field"].text() == "—"
