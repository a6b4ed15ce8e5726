"""Look inside a composite block without changing the network.

Double-clicking a composite block (or Edit → Look Inside) swaps the canvas for a
:class:`widgets.inner_view.InnerView` of the block's layers: the same layers
:mod:`engine.expand` would put in the network, fed by an Input of the block's input
shape, with their shapes and parameters, laid out afresh. Back, the breadcrumb or Esc
return to the network; "Expand into Primitives" there is the separate, undoable edit.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget

from engine.analysis import analyse
from engine.expand import expand_node
from engine.graph import Edge, Graph, Node
from engine.layout import layered_layout
from engine.registry import get_spec
from widgets.inner_view import InnerView
from widgets.language import block_title

INPUT_ID, OUTPUT_ID = "input", "output"


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
        self.central = QStackedWidget()
        self.central.addWidget(window.canvas)
        self.central.addWidget(self.view)
        self.view.backRequested.connect(self.leave)
        self.view.expandRequested.connect(self._expand)
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
        self.central.setCurrentWidget(self.view)  # first: the view fits what it can see
        self.view.show_inside(node_id, inside, analyse(inside), name, crumb)
        self.view.canvas.setFocus()
        return True

    def leave(self) -> None:
        """Back to the whole network."""
        if self.is_open():
            self.central.setCurrentWidget(self.window.canvas)
            self.window.canvas.setFocus()

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
