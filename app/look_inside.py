"""Look inside a composite block without changing the network.

Double-clicking a composite block (or Edit → Look Inside) swaps the canvas for a
:class:`widgets.inner_view.InnerView` of the block's layers: the same layers
:mod:`engine.expand` would put in the network, fed by an Input of the block's input
shape, with their shapes and parameters, laid out afresh. Back, the breadcrumb or Esc
return to the network; "Expand into Primitives" there is the separate, undoable edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget

from engine.analysis import Analysis, analyse
from engine.expand import expand_node
from engine.graph import Edge, Graph, Node
from engine.layout import layered_layout
from engine.registry import get_spec
from engine.teaching.receptive import RF, receptive_fields
from widgets.inner_view import InnerView
from widgets.language import block_title

INPUT_ID, OUTPUT_ID = "input", "output"


@dataclass
class Inside:
    """What Look Inside shows: the inside of composite ``node_id`` (named ``block``),
    its analysis, and its layers' receptive fields on the network's input."""

    node_id: str
    block: str
    graph: Graph
    analysis: Analysis
    receptive: dict[str, RF] = field(default_factory=dict)


def inner_graph(graph: Graph, node_id: str) -> Graph:
    """The layers of composite ``node_id`` as a graph of their own, from an Input of the
    block's input shape to an Output. ``ValueError`` when the block can't be expanded."""
    nodes, edges = expand_node(graph, node_id)
    inner = {n.id for n in nodes}
    shape = _input_shape(graph, node_id)
    params = dict(zip(("channels", "height", "width"), shape)) if len(shape) == 3 else {}
    wiring: list[Edge] = []
    for edge in edges:
        if edge.source not in inner:
            wiring.append(Edge(INPUT_ID, edge.target, edge.port))
        elif edge.target not in inner:
            if not any(e.target == OUTPUT_ID for e in wiring):
                wiring.append(Edge(edge.source, OUTPUT_ID, 0))
        else:
            wiring.append(edge)
    if not any(e.target == OUTPUT_ID for e in wiring):
        feeding = {e.source for e in wiring}
        last = [n.id for n in nodes if n.id not in feeding][-1]
        wiring.append(Edge(last, OUTPUT_ID, 0))
    all_nodes = [Node(INPUT_ID, "Input", params), *nodes, Node(OUTPUT_ID, "Output")]
    result = Graph(graph.nodes[node_id].label or node_id, [n.copy() for n in all_nodes], wiring)
    for nid, position in layered_layout(result).items():
        result.nodes[nid].position = position
    return result


def inner_receptive(graph: Graph, node_id: str) -> dict[str, RF]:
    """The receptive fields of the layers of composite ``node_id`` on the network's input
    (those of the network with that one block expanded); {} when it can't be expanded."""
    try:
        nodes, edges = expand_node(graph, node_id)
    except ValueError:
        return {}
    expanded = graph.copy()
    expanded.remove_node(node_id)
    for node in nodes:
        expanded.add_node(node.copy())
    for edge in edges:
        expanded.add_edge(edge)
    fields = receptive_fields(expanded, analyse(expanded))
    return {n.id: fields[n.id] for n in nodes if n.id in fields}


def _input_shape(graph: Graph, node_id: str) -> tuple:
    incoming = [e for e in graph.inputs_of(node_id) if e.port == 0]
    if not incoming:
        return ()
    return tuple(analyse(graph).edge_shape(incoming[0].source) or ())


class LookInside(QObject):
    """The window's central area: the network's canvas, or one block's inside."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.view = InnerView()
        self.inside: Inside | None = None  # what is shown while open
        self.central = QStackedWidget()
        self.central.addWidget(window.canvas)
        self.central.addWidget(self.view)
        self.view.backRequested.connect(self.leave)
        self.view.expandRequested.connect(self._expand)
        self.view.canvas.selectionChanged.connect(self._on_inner_selection)
        window.document.analysisChanged.connect(self._follow)

    def is_open(self) -> bool:
        return self.central.currentWidget() is self.view

    def open(self, node_id: str) -> bool:
        """Show the inside of composite block ``node_id``; False (and why, in the status
        bar) when it has none or can't be shown yet."""
        graph = self.window.document.graph
        node = graph.nodes.get(node_id)
        spec = get_spec(node.type) if node is not None else None
        if spec is None or not spec.composite:
            return False
        try:
            inside = inner_graph(graph, node_id)
        except ValueError as exc:
            self.window.show_message(
                self.tr("Can't show inside {block}: {reason}.").format(block=node_id, reason=exc)
            )
            return False
        name = self.window.document.display_name()
        crumb = f"{node.label or node_id} · {block_title(spec)}"
        kept = self.selected() if self.inside and self.inside.node_id == node_id else None
        self.inside = Inside(
            node_id, node.label or node_id, inside, analyse(inside), inner_receptive(graph, node_id)
        )
        self.central.setCurrentWidget(self.view)  # first: the view fits what it can see
        self.view.show_inside(node_id, inside, self.inside.analysis, name, crumb)
        if kept and kept in inside.nodes:  # the network changed: the same layer stays shown
            self.view.canvas.select_ids([kept])
        self.view.canvas.setFocus()
        self._on_inner_selection()
        return True

    def leave(self) -> None:
        """Back to the whole network (the inspector and explainer follow its selection)."""
        if self.is_open():
            self.central.setCurrentWidget(self.window.canvas)
            self.inside = None
            self._on_inner_selection()
            self.window.canvas.setFocus()

    def selected(self) -> str | None:
        """The one layer selected inside, or None (also when not looking inside)."""
        if not self.is_open():
            return None
        ids = self.view.canvas.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def show_in_inspector(self) -> bool:
        """Show the layer selected inside in the window's inspector, read-only; False
        (nothing shown) when no layer inside is selected."""
        node_id, inside = self.selected(), self.inside
        if node_id is None or inside is None or node_id not in inside.graph.nodes:
            return False
        self.window.inspector.show_node(
            inside.graph,
            node_id,
            inside.analysis.nodes.get(node_id),
            inside.analysis,
            inside.receptive,
            inside=inside.block,
        )
        return True

    def _on_inner_selection(self, *_args) -> None:
        self.window.refresh_inspector()
        insight = getattr(self.window, "insight", None)
        if insight is not None:
            layer = self.selected()
            if layer is not None:
                insight.set_inside(self.inside, [layer])
            else:
                insight.set_inside(None, self.window.canvas.selected_ids())

    def _follow(self, _analysis) -> None:
        """The network changed while looking inside: show the block as it is now."""
        if not self.is_open():
            return
        node_id = self.view.node_id
        if node_id not in self.window.document.graph.nodes or not self.open(node_id):
            self.leave()

    def _expand(self, node_id: str) -> None:
        self.leave()
        self.window.editor.expand(node_id)
