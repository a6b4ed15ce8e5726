"""The inspector: the selected node's label and parameters, its output and its problems.

The parameter form is generated from the block's schema in the registry (one editor
per :class:`engine.registry.Param`) and cached per block type, so :meth:`show_node`,
called after every edit, only refreshes values. Editors refuse what
:meth:`Param.check` rejects, say why under the field, and never emit it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.analysis import Analysis, NodeInfo
from engine.graph import Graph
from engine.registry import BlockSpec, get_spec
from engine.teaching.receptive import RF
from widgets.format import (
    FORMULA_TYPES,
    GENERAL_FORMULA,
    formula_lines,
    human_count,
    shape_text,
    thousands,
)
from widgets.icons import category_icon
from widgets.inspector_parts import Section, TrainSwitch, WaitingNote, dim, small, wrapped
from widgets.language import block_help, block_title
from widgets.param_editors import ParamForm, error_color

translate = QCoreApplication.translate


class _Header(QWidget):
    """Icon, title, and "type · id" of the shown node."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.icon = QLabel()
        self.icon.setFixedSize(36, 36)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.subtitle = dim(QLabel())
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)

    def show_spec(self, spec: BlockSpec, node_id: str) -> None:
        self.icon.setPixmap(category_icon(spec.category).pixmap(36, 36))
        self.title.setText(block_title(spec))
        self.subtitle.setText(self.tr("{type}  ·  id {id}").format(type=spec.type, id=node_id))
        self.setToolTip(block_help(spec))


class Inspector(QWidget):
    """Shows and edits one node: label, parameters, output, size formula and problems.

    Signals
    -------
    paramsEdited(str, dict)
        Node id and its new explicit params: the old explicit ones with one key changed.
    labelEdited(str, str)
        Node id and its new label ("" to remove it).
    trainableEdited(str, bool)
        Node id and whether training may change its weights (False: frozen).
    nodeRequested(str)
        Show this node (the block a waiting block waits for).
    """

    paramsEdited = Signal(str, dict)
    labelEdited = Signal(str, str)
    trainableEdited = Signal(str, bool)
    nodeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._graph: Graph | None = None
        self._node_id: str | None = None
        self._label_shown = ""  # the label the field was last given from the model
        self._spec: BlockSpec | None = None
        self._forms: dict[str, ParamForm] = {}
        self._show_help = True
        self._inside: str | None = None  # the composite a read-only inner block belongs to
        self._build()
        self.clear()

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        self.empty = dim(
            QLabel(self.tr("Select a block on the canvas to see and edit its settings."))
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(12, 10, 12, 12)
        column.setSpacing(8)
        self.header = _Header()
        self.block_help = small(dim(wrapped()))
        self.inside_note = wrapped()  # "Inside layer4_1: read-only — Expand to edit"
        self.inside_note.setFrameShape(QFrame.Shape.StyledPanel)
        self.inside_note.setMargin(6)
        self.inside_note.hide()
        column.addWidget(self.header)
        column.addWidget(self.inside_note)
        column.addWidget(self.block_help)
        column.addWidget(self._build_label_section())
        column.addWidget(self._build_params_section())
        self.train_switch = TrainSwitch()
        self.train_switch.trainableEdited.connect(self.trainableEdited)
        column.addWidget(self.train_switch)
        column.addWidget(self._build_output_section())
        self.waiting_note = WaitingNote()
        self.waiting_note.nodeRequested.connect(self.nodeRequested)
        column.addWidget(self.waiting_note)
        column.addWidget(self._build_formula_section())
        column.addWidget(self._build_problems_section())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(scroll)

    def _build_label_section(self) -> QWidget:
        section = Section(self.tr("Label"))
        self.label_edit = QLineEdit()
        self.label_edit.setClearButtonEnabled(True)
        self.label_edit.setToolTip(self.tr("A name shown on the canvas; the id stays the same."))
        self.label_edit.editingFinished.connect(self._on_label_finished)
        section.body.addWidget(self.label_edit)
        return section

    def _build_params_section(self) -> QWidget:
        self.params_section = Section(self.tr("Parameters", "a block's settings"))
        self.help_button = QToolButton()
        self.help_button.setText(self.tr("Hide help"))
        self.help_button.setCheckable(True)
        self.help_button.setChecked(True)
        self.help_button.setAutoRaise(True)
        small(self.help_button, 0.85)
        self.help_button.setToolTip(self.tr("Show or hide the explanation under each parameter"))
        self.help_button.toggled.connect(self.set_help_visible)
        self.params_section.head.addWidget(self.help_button)
        self.no_params = small(dim(QLabel(self.tr("This block has no parameters."))))
        self.params_section.body.addWidget(self.no_params)
        return self.params_section

    def _build_output_section(self) -> QWidget:
        section = Section(self.tr("Output"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(3)
        self.out_values: dict[str, QLabel] = {}
        names = (
            ("Shape", self.tr("Shape")),
            ("Parameters", self.tr("Parameters")),
            ("MACs", self.tr("MACs")),
            ("Receptive field", self.tr("Receptive field")),
        )
        for row, (name, text) in enumerate(names):
            caption = dim(QLabel(text))
            grid.addWidget(caption, row, 0)
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, 1)
            self.out_values[name] = value
            if name == "Receptive field":
                tip = self.tr(
                    "How many input pixels one output unit sees (height×width), and how "
                    "far apart in the input two neighbouring units' fields are (stride)"
                )
                caption.setToolTip(tip)
                value.setToolTip(tip)
        grid.setColumnStretch(1, 1)
        section.body.addLayout(grid)
        return section

    def _build_formula_section(self) -> QWidget:
        self.formula_section = Section(self.tr("Output size"))
        self.formula_rule = small(dim(wrapped()), 0.85)
        self.formula_text = wrapped()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.86))
        self.formula_text.setFont(mono)
        self.formula_section.body.addWidget(self.formula_rule)
        self.formula_section.body.addWidget(self.formula_text)
        return self.formula_section

    def _build_problems_section(self) -> QWidget:
        self.problems_section = Section(self.tr("Problems"))
        self.problems_text = wrapped()
        self.problems_text.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_section.body.addWidget(self.problems_text)
        self._apply_error_colour()
        return self.problems_section

    def _apply_error_colour(self) -> None:
        colour = error_color(self.palette())
        self.problems_text.setStyleSheet(f"color: {colour};")
        self.problems_section.caption.setStyleSheet(f"color: {colour};")

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._apply_error_colour()

    # ----------------------------------------------------------------- public API
    def clear(self) -> None:
        """Show nothing (no node selected)."""
        self._graph = self._node_id = self._spec = None
        self._set_inside(None)
        self.scroll.hide()
        self.empty.show()

    def node_id(self) -> str | None:
        """The id of the node shown, or None."""
        return self._node_id

    def editor(self, name: str) -> QWidget:
        """The editor of parameter ``name`` of the node shown (for tests and focus)."""
        return self._forms[self._spec.type].editors[name]

    def set_help_visible(self, visible: bool) -> None:
        """Show or hide the help text under each parameter."""
        self._show_help = visible
        self.block_help.setVisible(visible and bool(self.block_help.text()))
        for form in self._forms.values():
            form.set_help_visible(visible)
        self.help_button.setText(self.tr("Hide help") if visible else self.tr("Show help"))
        if self.help_button.isChecked() != visible:
            self.help_button.setChecked(visible)

    def show_node(
        self,
        graph: Graph,
        node_id: str,
        info: NodeInfo | None,
        analysis: Analysis | None = None,
        receptive: dict[str, RF] | None = None,
        inside: str | None = None,
    ) -> None:
        """Show node ``node_id`` of ``graph``; ``info`` is its analysis result, if any.

        ``receptive`` maps node ids to their receptive fields
        (:func:`engine.teaching.receptive.receptive_fields`); without it the row shows "—".
        ``inside`` names the composite block that ``graph`` is the inside of (Look
        Inside): the node is then shown read-only, its editors disabled, with a note.

        Cheap enough to call after every edit: the form of a block type is built once,
        then only its values change, without emitting any signal.
        """
        node = graph.nodes.get(node_id)
        spec = get_spec(node.type) if node else None
        if node is None or spec is None:
            self.clear()
            return
        same_node = node_id == self._node_id and self._spec is spec and inside == self._inside
        self._graph, self._node_id = graph, node_id
        self._set_inside(inside)
        if self._spec is not spec:
            self._switch_form(spec)
        if not same_node:
            self.header.show_spec(spec, node_id)
        form = self._forms[spec.type]
        resolved = spec.resolve(node.params)
        form.set_values(resolved, keep_errors=same_node)
        label = node.label or ""
        typing = same_node and self.label_edit.hasFocus() and label == self._label_shown
        if not typing:  # the user's unfinished text stays, unless the label changed (undo)
            self.label_edit.setText(label)
        self._label_shown = label
        self.label_edit.setPlaceholderText(self.tr("{id} (no label)").format(id=node_id))
        self._show_output(info)
        self.train_switch.show_node(node, info, spec.role is not None)
        self.waiting_note.show_node(graph, node_id, analysis)
        self._show_receptive((receptive or {}).get(node_id) if info is not None else None)
        self._show_formula(graph, node_id, spec, resolved, analysis)
        self._show_problems(info)
        if self.scroll.isHidden():
            self.empty.hide()
            self.scroll.show()

    def read_only(self) -> bool:
        """Whether the node shown is inside a composite block (nothing can be edited)."""
        return self._inside is not None

    # ----------------------------------------------------------------- parts
    def _set_inside(self, inside: str | None) -> None:
        self._inside = inside
        editable = inside is None
        self.label_edit.setEnabled(editable)
        for form in self._forms.values():
            for editor in form.editors.values():
                editor.setEnabled(editable)
        self.train_switch.check.setEnabled(editable)
        self.inside_note.setVisible(not editable)
        if not editable:
            self.inside_note.setText(
                self.tr(
                    "Inside {block}: read-only — Expand into Primitives to edit this layer."
                ).format(block=inside)
            )

    def _switch_form(self, spec: BlockSpec) -> None:
        for form in self._forms.values():
            form.hide()
        form = self._forms.get(spec.type)
        if form is None:
            form = ParamForm(spec)
            form.set_help_visible(self._show_help)
            form.edited.connect(self._on_param_edited)
            for editor in form.editors.values():
                editor.setEnabled(self._inside is None)
            self.params_section.body.addWidget(form)
            self._forms[spec.type] = form
        form.show()
        self.no_params.setVisible(not spec.params)
        self.block_help.setText(block_help(spec))
        self.block_help.setVisible(self._show_help)
        self.help_button.setVisible(bool(spec.params))
        self.formula_section.setVisible(spec.type in FORMULA_TYPES)
        self._spec = spec

    def _show_output(self, info: NodeInfo | None) -> None:
        shape = None if info is None else info.shape
        if shape is None and info is not None and info.status == "waiting":
            self.out_values["Shape"].setText(self.tr("unknown: waiting for the input's shape"))
        else:
            self.out_values["Shape"].setText(shape_text(shape) if shape is not None else "—")
        params = None if info is None or shape is None else info.params
        macs = None if info is None or shape is None else info.macs
        self.out_values["Parameters"].setText(_count(params))
        self.out_values["MACs"].setText(_count(macs))

    def show_receptive_waiting(self, text: str) -> None:
        """The receptive field is on its way (being worked out in the background)."""
        self.out_values["Receptive field"].setText(text)

    def _show_receptive(self, rf: RF | None) -> None:
        if rf is None:
            self.out_values["Receptive field"].setText("—")
            return
        stride = _pair_text(rf.stride_h, rf.stride_w)
        self.out_values["Receptive field"].setText(
            self.tr("{h}×{w}, stride {stride}").format(h=rf.size_h, w=rf.size_w, stride=stride)
        )

    def _show_formula(
        self,
        graph: Graph,
        node_id: str,
        spec: BlockSpec,
        resolved: dict[str, Any],
        analysis: Analysis | None,
    ) -> None:
        if spec.type not in FORMULA_TYPES:
            return
        input_shape = _input_shape(graph, node_id, analysis)
        lines = formula_lines(spec.type, resolved, input_shape)
        ceil = spec.type in ("MaxPool2d", "AvgPool2d") and resolved.get("ceil_mode")
        general = translate("Format", GENERAL_FORMULA)
        rule = general.replace("⌊", "⌈").replace("⌋", "⌉") if ceil else general
        if spec.type in ("MaxPool2d", "AvgPool2d"):
            rule += self.tr("  (pooling: dilation 1)")
        if resolved.get("padding") == "same":
            rule = self.tr('padding "same" keeps the size: H_out = H_in, W_out = W_in')
        self.formula_rule.setText(rule)
        if lines:
            self.formula_text.setText(
                self.tr("input {shape}").format(shape=shape_text(input_shape))
                + "\n"
                + "\n".join(_two_lines(line) for line in lines)
            )
        elif input_shape is None:
            self.formula_text.setText(self.tr("Connect an input to see the numbers."))
        else:
            self.formula_text.setText(
                self.tr("Needs a feature map [C, H, W], got {shape}.").format(
                    shape=shape_text(input_shape)
                )
            )

    def _show_problems(self, info: NodeInfo | None) -> None:
        problems = info.problems if info is not None else []
        self.problems_section.setVisible(bool(problems))
        if problems:
            self.problems_text.setText("\n".join(f"• {p}" for p in problems))

    # ----------------------------------------------------------------- edits
    def _on_param_edited(self, name: str, value: Any) -> None:
        node = self._current_node()
        if node is None:
            return
        params = dict(node.params)
        params[name] = value
        self.paramsEdited.emit(self._node_id, params)

    def _on_label_finished(self) -> None:
        node = self._current_node()
        text = self.label_edit.text().strip()
        if node is not None and text != (node.label or ""):
            self.labelEdited.emit(self._node_id, text)

    def _current_node(self):
        if self._graph is None or self._node_id is None or self._inside is not None:
            return None
        return self._graph.nodes.get(self._node_id)


def _two_lines(line: str) -> str:
    """Put the result of a formula under it, so a narrow dock need not wrap it."""
    head, sep, result = line.rpartition(" = ")
    if not sep or not result[:1].isdigit() or head.startswith("same"):
        return line
    return f"{head}\n{' ' * head.index('=')}= {result}"


def _pair_text(a: int, b: int) -> str:
    """``4`` for a square stride, ``4×2`` otherwise."""
    return str(a) if a == b else f"{a}×{b}"


def _count(n: int | None) -> str:
    if n is None:
        return "—"
    return thousands(n) if n < 1000 else f"{thousands(n)}  ({human_count(n)})"


def _input_shape(graph: Graph, node_id: str, analysis: Analysis | None):
    """The shape arriving at port 0 of ``node_id``, from the analysis of its source."""
    if analysis is None:
        return None
    for edge in graph.edges:
        if edge.target == node_id and edge.port == 0:
            return analysis.edge_shape(edge.source)
    return None
