"""Replacing a network's head for a new dataset (no torch): plain graph edits.

:func:`plan_head` finds the Linear that sets the network's output size and describes
its replacement: a new Linear (a new id, so no starting weights fit it and it starts
fresh) with one output per class of the new dataset, wired where the old one was.
:func:`replace_head` applies it with :class:`~engine.graph.Graph` methods; the window
wraps the same edits (remove the old node, add the new one, add its edges) in one undo
step.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.i18n import _
from engine.training.fit import last_linear


class HeadError(ValueError):
    """The network has no head that can be replaced; the message says why."""


@dataclass(frozen=True)
class HeadReplacement:
    """The edits that replace ``old`` with ``new``; ``index`` is the old node's place."""

    old: Node
    new: Node
    index: int
    inputs: tuple[Edge, ...]
    outputs: tuple[Edge, ...]

    @property
    def new_edges(self) -> tuple[Edge, ...]:
        return tuple(Edge(e.source, self.new.id, e.port) for e in self.inputs) + tuple(
            Edge(self.new.id, e.target, e.port) for e in self.outputs
        )


def plan_head(graph: Graph, classes: int) -> HeadReplacement:
    """The replacement of ``graph``'s last Linear by a fresh one with ``classes`` outputs."""
    if classes < 1:
        raise HeadError(_("a head needs at least one class, not {count}", count=classes))
    analysis = analyse(graph)
    head = None if analysis.output_id is None else last_linear(graph, analysis.output_id)
    if head is None:
        raise HeadError(
            _("the network has no Linear block before its Output whose size sets the classes")
        )
    old = graph.nodes[head]
    params = {**old.params, "out_features": int(classes)}
    new = Node(graph.new_id(old.id), old.type, params, old.label, old.position, True)
    return HeadReplacement(
        old.copy(),
        new,
        list(graph.nodes).index(head),
        tuple(graph.inputs_of(head)),
        tuple(graph.outputs_of(head)),
    )


def replace_head(graph: Graph, classes: int) -> HeadReplacement:
    """Apply :func:`plan_head` to ``graph``; returns what was done (for undo)."""
    plan = plan_head(graph, classes)
    graph.remove_node(plan.old.id)
    graph.add_node(plan.new.copy(), plan.index)
    for edge in plan.new_edges:
        graph.add_edge(edge)
    return plan
