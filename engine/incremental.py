"""Shape analysis kept up to date edit by edit, redoing only what an edit can change.

:class:`LiveAnalysis` follows a graph's change events. A parameter edit reruns the
edited node's shape rule, then its successors' in topological order, stopping wherever
an output shape comes out unchanged (an edit of one convolution's channels reruns
that convolution and the one after it, whatever the size of the network). Adding or
removing nodes and edges also redoes :func:`engine.analysis.structure` (ports, order,
cycles, paths: linear in the graph), then reruns the rules of the nodes whose inputs
changed. Moves change nothing.

The result equals :func:`engine.analysis.analyse` of the same graph (a property test
checks it over random edit sequences), and says what changed: unchanged nodes keep
their very :class:`~engine.analysis.NodeInfo` objects, and
:meth:`Analysis.changed_since` lists the ones that differ, so views redraw only those.
"""

from __future__ import annotations

import heapq

from engine import graph as g
from engine.analysis import (
    Analysis,
    Structure,
    analyse_parts,
    compose,
    infer_node,
    not_inferred,
    structure,
)
from engine.graph import Graph, GraphEvent

_STRUCTURAL = {g.NODE_ADDED, g.NODE_REMOVED, g.EDGE_ADDED, g.EDGE_REMOVED}


class LiveAnalysis:
    """The analysis of one graph, updated from its events (call :meth:`note` for each)."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self._edited: set[str] = set()
        self._structural = False
        self._reset = False
        self._full()

    @property
    def pending(self) -> bool:
        """Whether an event since the last :meth:`update` may change the analysis."""
        return bool(self._edited) or self._structural or self._reset

    def note(self, event: GraphEvent) -> None:
        """Record what ``event`` may have changed (work is deferred to :meth:`update`)."""
        if event.kind == g.NODE_CHANGED:
            self._edited.add(event.payload)
        elif event.kind in _STRUCTURAL:
            self._structural = True
        elif event.kind == g.RESET:
            self._reset = True

    def update(self) -> Analysis:
        """The analysis of the graph as it is now (the same object when nothing changed)."""
        if self._reset:
            self._full()
        elif self._structural or self._edited:
            self._incremental()
        self._edited.clear()
        self._structural = self._reset = False
        return self.analysis

    # ----------------------------------------------------------------- passes
    def _full(self) -> None:
        self._s, self._inferred, self.analysis = analyse_parts(self.graph)

    def _incremental(self) -> None:
        old, graph = self.analysis, self.graph
        old_s = self._s
        s = structure(graph) if self._structural else old_s
        seeds = {nid for nid in self._edited if nid in graph.nodes}
        if s is not old_s:
            seeds |= _structure_seeds(graph, old_s, s, self._inferred)
            for gone in set(self._inferred) - set(graph.nodes):
                del self._inferred[gone]
        touched = self._rerun(seeds, s)
        self._s = s
        self.analysis = self._compose(old, s, old_s, touched)

    def _rerun(self, seeds: set[str], s: Structure) -> set[str]:
        """Rerun the rules from ``seeds`` in topological order; return the nodes rerun."""
        inferred, graph = self._inferred, self.graph

        def rerun(nid: str) -> bool:
            before = inferred.get(nid)
            if nid in s.position:
                inferred[nid] = infer_node(graph, nid, s, inferred)
            else:
                inferred[nid] = not_inferred(nid, s)
            return before is None or before.shape != inferred[nid].shape

        return downstream(graph, seeds, s.position, rerun)

    def _compose(self, old: Analysis, s: Structure, old_s: Structure, touched: set[str]):
        graph = self.graph
        if s is old_s:
            candidates: set[str] | list[str] = touched
            nodes = dict(old.nodes)
        else:
            candidates = [nid for nid in graph.nodes if _structure_differs(nid, old_s, s)]
            candidates = set(candidates) | touched
            nodes = {nid: old.nodes.get(nid) for nid in graph.nodes}
        changed = {nid for nid in old.nodes if nid not in graph.nodes}
        for nid in candidates:
            info = compose(nid, s, self._inferred[nid])
            if info != nodes.get(nid):
                nodes[nid] = info
                changed.add(nid)
        result = Analysis(nodes, list(s.general), s.order, s.input_id, s.output_id)
        result.base_serial = old.serial
        result.changed = frozenset(changed)
        result.order_changed = s.order != old.order
        result.structure_changed = s is not old_s
        result.touched = frozenset(touched)
        _carry_over(old, result, changed, s is old_s)
        return result


def downstream(graph: Graph, seeds, position: dict[str, int], rerun) -> set[str]:
    """Call ``rerun(node)`` on ``seeds`` and, where it returns True (the result changed),
    on their successors, each once, in topological order (``position``: node → index;
    nodes without one come first). Returns the nodes it ran on."""
    heap = [(position.get(nid, -1), nid) for nid in seeds]
    heapq.heapify(heap)
    done: set[str] = set()
    while heap:
        _, nid = heapq.heappop(heap)
        if nid in done:
            continue
        done.add(nid)
        if rerun(nid):
            for edge in graph.outputs_of(nid):
                if edge.target not in done:
                    heapq.heappush(heap, (position.get(edge.target, -1), edge.target))
    return done


def _structure_seeds(graph: Graph, old: Structure, new: Structure, inferred) -> set[str]:
    """Nodes whose rule must rerun after a structural edit: new ones, and those whose
    sources, or whose place in the order, changed."""
    return {
        nid
        for nid in graph.nodes
        if nid not in inferred
        or old.ports.get(nid) != new.ports.get(nid)
        or (nid in old.position) != (nid in new.position)
        or (nid in old.in_cycle) != (nid in new.in_cycle)
    }


def _structure_differs(nid: str, old: Structure, new: Structure) -> bool:
    return old.before.get(nid) != new.before.get(nid) or old.after.get(nid) != new.after.get(nid)


def _carry_over(old: Analysis, new: Analysis, changed: set[str], same_structure: bool) -> None:
    """Give ``new`` what it shares with ``old``: totals, problems, order index."""
    if not same_structure:
        return  # the order and node set moved: let them be recomputed on demand
    gone = [old.nodes[nid] for nid in changed]
    came = [new.nodes[nid] for nid in changed]
    new.set_totals(
        old.total_params - sum(i.params for i in gone) + sum(i.params for i in came),
        old.total_macs - sum(i.macs for i in gone) + sum(i.macs for i in came),
    )
    new.share_position(old)
    if all(a.problems == b.problems and a.codes == b.codes for a, b in zip(gone, came)):
        new.share_problems(old)
