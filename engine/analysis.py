"""Shape analysis: every node's output shape, parameters, MACs and problems.

An analytic pass in topological order (no forward pass, no torch), fast enough to run
on every edit. Its result is a derived cache beside the graph, never saved into the
file. Each problem is attached to the node it concerns (or to no node, for a missing
Input or Output).

**One root cause, one problem.** A problem is reported where the user must act, not
on everything it affects:

- a node whose input has no shape (an upstream problem, or a node after a cycle) is
  *waiting* (:attr:`NodeInfo.waiting`): shape unknown, no problem of its own;
- nodes cut off from the Input are explained by the open input or the stray Input
  upstream of them, so they get no "not on the path" problem of their own;
- a branch that doesn't reach the Output is reported once, on its last block, and not
  at all while some block has an open input it could feed (deleting a block in the
  middle of a chain leaves one problem: the block after the gap needs an input).

The pass is split in two so that :mod:`engine.incremental` can redo only what an edit
changes: :func:`structure` (ports, order, cycles, paths: it changes only when nodes or
edges come or go) and :func:`infer_node` (one node's shape from its inputs' shapes).
"""

from __future__ import annotations

import itertools
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import cached_property

from engine.graph import Graph
from engine.i18n import _
from engine.registry import MANY, SOURCE, Shape, ShapeProblem, get_spec

_serials = itertools.count(1)

#: Codes of the problems that leave an input port open (a block could be connected there).
OPEN_INPUT = frozenset({"missing_input", "port_gap", "too_few_inputs"})


@dataclass(frozen=True)
class Problem:
    """Something that stops the graph compiling, attached to a node id (or None).

    ``code`` is the stable kind of problem (``missing_input``, ``shape_mismatch``…, the
    same in every language); ``message`` is human text in the user's language.
    """

    node: str | None
    code: str
    message: str


@dataclass
class NodeInfo:
    """What analysis derived for one node.

    ``waiting``: the node's shape is unknown because an input's shape is (a problem
    upstream); it has no problem of its own for that. ``problems`` are messages,
    ``codes`` their stable kinds, in the same order.
    """

    shape: Shape | None = None
    params: int = 0
    macs: int = 0
    problems: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    waiting: bool = False

    @property
    def status(self) -> str:
        """``"problem"`` (the user must act here), ``"waiting"`` or ``"ok"``."""
        if self.problems:
            return "problem"
        return "waiting" if self.waiting else "ok"


class Analysis:
    """The result of analysing a graph.

    ``nodes`` is in the graph's node order; ``problems`` lists the general problems
    (no node) first, then each node's in that order. An analysis made by updating
    another (:mod:`engine.incremental`) says which nodes it changed: see
    :meth:`changed_since`.
    """

    def __init__(
        self,
        nodes: dict[str, NodeInfo],
        general: list[Problem],
        order: list[str],
        input_id: str | None,
        output_id: str | None,
    ):
        self.nodes = nodes
        self.general = general
        self.order = order  # topological order of the acyclic part
        self.input_id = input_id
        self.output_id = output_id
        self.serial = next(_serials)
        #: Set by an incremental update: the analysis it updated, the ids whose info
        #: differs from it (added and removed ids included), whether ``order`` moved and
        #: whether nodes or edges changed at all.
        self.base_serial: int | None = None
        self.changed: frozenset[str] = frozenset()
        self.order_changed = True
        self.structure_changed = True  # nodes or edges came or went
        #: Nodes whose shape rule ran again (a superset of the changed ones).
        self.touched: frozenset[str] = frozenset()

    def changed_since(self, previous: Analysis | None) -> frozenset[str] | None:
        """Ids whose info differs from ``previous``; None when unknown (redraw all)."""
        if previous is None or self.base_serial != previous.serial:
            return None
        return self.changed

    @cached_property
    def problems(self) -> list[Problem]:
        out = list(self.general)
        for nid, info in self.nodes.items():
            out.extend(Problem(nid, c, m) for c, m in zip(info.codes, info.problems))
        return out

    @property
    def ok(self) -> bool:
        return not self.problems

    @cached_property
    def total_params(self) -> int:
        return sum(info.params for info in self.nodes.values())

    @cached_property
    def total_macs(self) -> int:
        return sum(info.macs for info in self.nodes.values())

    @property
    def output_shape(self) -> Shape | None:
        return self.nodes[self.output_id].shape if self.output_id else None

    def edge_shape(self, source: str) -> Shape | None:
        info = self.nodes.get(source)
        return info.shape if info else None

    def waiting_count(self) -> int:
        return sum(1 for info in self.nodes.values() if info.waiting and not info.problems)

    @cached_property
    def position(self) -> dict[str, int]:
        """Node id → index in :attr:`order`."""
        return {nid: i for i, nid in enumerate(self.order)}

    # An incremental update hands over what it already knows (no pass over every node).
    def set_totals(self, params: int, macs: int) -> None:
        self.__dict__["total_params"], self.__dict__["total_macs"] = params, macs

    def share_position(self, other: Analysis) -> None:
        """``other`` has the same order: reuse its index, if it was made."""
        if "position" in other.__dict__:
            self.__dict__["position"] = other.__dict__["position"]

    def share_problems(self, other: Analysis) -> None:
        """``other`` has the same problems: reuse its list, if it was made."""
        if "problems" in other.__dict__:
            self.__dict__["problems"] = other.__dict__["problems"]


def analyse(graph: Graph) -> Analysis:
    """Analyse ``graph``; never raises for a bad graph, it reports problems."""
    return analyse_parts(graph)[2]


def analyse_parts(graph: Graph) -> tuple[Structure, dict[str, Inferred], Analysis]:
    """The structure, each node's rule result, and the analysis they make."""
    s = structure(graph)
    inferred: dict[str, Inferred] = {}
    for nid in s.order:
        inferred[nid] = infer_node(graph, nid, s, inferred)
    for nid in graph.nodes:
        if nid not in inferred:
            inferred[nid] = not_inferred(nid, s)
    nodes = {nid: compose(nid, s, inferred[nid]) for nid in graph.nodes}
    return s, inferred, Analysis(nodes, list(s.general), s.order, s.input_id, s.output_id)


# --------------------------------------------------------------------------- inference


@dataclass(frozen=True)
class Inferred:
    """One node's result from its shape rule."""

    shape: Shape | None = None
    params: int = 0
    macs: int = 0
    problem: tuple[str, str] | None = None  # (code, message)
    waiting: bool = False


_WAITING = Inferred(waiting=True)
_NOTHING = Inferred()


def not_inferred(nid: str, s: Structure) -> Inferred:
    """A node outside the topological order: on a cycle, or waiting after one."""
    return _NOTHING if nid in s.in_cycle else _WAITING


def infer_node(graph: Graph, nid: str, s: Structure, inferred) -> Inferred:
    """Run ``nid``'s shape rule on its sources' results (``inferred``: id → Inferred)."""
    spec = get_spec(graph.nodes[nid].type)
    params = spec.resolve(graph.nodes[nid].params)
    missing = [p.name for p in spec.params if p.required and p.name not in params]
    if missing:
        message = _("parameter {name} needs a value", name=missing[0])
        return Inferred(problem=("missing_parameter", message))
    shapes: list[Shape] = []
    if spec.arity != SOURCE:
        sources = s.ports.get(nid)
        if sources is None or (spec.arity == MANY and len(sources) < 2):
            return _NOTHING  # a problem with its ports explains it
        shapes = [inferred[src].shape for src in sources]
        if any(shape is None for shape in shapes):
            return _WAITING
    try:
        result = spec.infer(shapes, params)
    except ShapeProblem as exc:
        return Inferred(problem=(exc.code, str(exc)))
    shape = tuple(result.shape)
    if any(d < 1 for d in shape):
        message = _("output shape {shape} is empty", shape=list(shape))
        return Inferred(None, result.params, result.macs, ("empty_output", message))
    return Inferred(shape, result.params, result.macs)


def compose(nid: str, s: Structure, result: Inferred) -> NodeInfo:
    """A node's info: structural problems, then its rule's, then the path's."""
    issues = s.before.get(nid, []) + ([result.problem] if result.problem else [])
    issues += s.after.get(nid, [])
    return NodeInfo(
        result.shape,
        result.params,
        result.macs,
        [m for _c, m in issues],
        [c for c, _m in issues],
        result.waiting,
    )


# --------------------------------------------------------------------------- structure


@dataclass
class Structure:
    """What depends only on the nodes' types and the edges (not on parameters).

    ``before``/``after``: node id → (code, message) problems found before and after
    inference (ports, cycles / paths); ``ports``: node id → source ids in port order,
    for each node whose inputs can be inferred; ``position``: index in ``order``.
    """

    input_id: str | None = None
    output_id: str | None = None
    general: list[Problem] = field(default_factory=list)
    before: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    after: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    ports: dict[str, list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    in_cycle: set[str] = field(default_factory=set)

    def add(self, node: str | None, code: str, message: str, after: bool = False) -> None:
        if node is None:
            self.general.append(Problem(None, code, message))
        else:
            (self.after if after else self.before).setdefault(node, []).append((code, message))


def structure(graph: Graph) -> Structure:
    """Ports, single Input and Output, topological order, cycles and paths of ``graph``."""
    s = Structure()
    s.input_id = _single(graph, s, "Input")
    s.output_id = _single(graph, s, "Output")
    s.general.sort(key=lambda p: p.code != "no_input")  # "no Input" first, then "no Output"
    _check_ports(graph, s)
    s.order, s.in_cycle = _topological(graph)
    s.position = {nid: i for i, nid in enumerate(s.order)}
    for nid in graph.nodes:
        if nid in s.in_cycle:
            s.add(nid, "cycle", _("part of a cycle: data can't flow in a loop"))
    _check_path(graph, s)
    return s


def _single(graph: Graph, s: Structure, type_name: str) -> str | None:
    ids = [nid for nid, n in graph.nodes.items() if n.type == type_name]
    if not ids:
        s.add(None, f"no_{type_name.lower()}", _("the graph has no {type} block", type=type_name))
        return None
    for nid in ids[1:]:
        s.add(
            nid,
            f"extra_{type_name.lower()}",
            _("a second {type}: a graph has exactly one", type=type_name),
        )
    return ids[0]


def _check_ports(graph: Graph, s: Structure) -> None:
    """Check each node's inputs against its arity; fill ``s.ports``."""
    by_target: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for edge in graph.edges:
        by_target[edge.target][edge.port].append(edge.source)
    for nid, node in graph.nodes.items():
        used = by_target.get(nid, {})
        for port, sources in sorted(used.items()):
            if len(sources) > 1:
                message = _(
                    "input port {port} has {n} edges; a port takes one", port=port, n=len(sources)
                )
                s.add(nid, "port_taken", message)
        arity = get_spec(node.type).arity
        if arity == SOURCE:
            if used:
                s.add(nid, "unexpected_input", _("{type} takes no input", type=node.type))
        elif arity == MANY:
            _check_merge(nid, node.type, used, s)
        else:
            _check_single(nid, node.type, used, s)


def _check_merge(nid: str, type_name: str, used: dict[int, list[str]], s: Structure) -> None:
    n = max(used) + 1 if used else 0
    gaps = [p for p in range(n) if p not in used]
    if gaps:  # filling the gap is the fix, whatever the count
        message = _(
            "input port {port} has no edge (ports must be 0..{last})", port=gaps[0], last=n - 1
        )
        s.add(nid, "port_gap", message)
    elif len(used) < 2:
        message = _("{type} needs two or more inputs, has {n}", type=type_name, n=len(used))
        s.add(nid, "too_few_inputs", message)
    s.ports[nid] = [used[p][0] for p in sorted(used)]


def _check_single(nid: str, type_name: str, used: dict[int, list[str]], s: Structure) -> None:
    if not used:
        s.add(nid, "missing_input", _("missing input: connect something to it"))
        return
    extra = sorted(p for p in used if p != 0)
    if extra:
        message = _(
            "{type} takes one input on port 0, not port {port}", type=type_name, port=extra[0]
        )
        s.add(nid, "wrong_port", message)
    if 0 in used:
        s.ports[nid] = [used[0][0]]


def _topological(graph: Graph) -> tuple[list[str], set[str]]:
    """The acyclic part in topological order, and the nodes that lie on a cycle.

    Nodes after a cycle are in neither (they wait for it to be broken).
    """
    indegree = {nid: 0 for nid in graph.nodes}
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        indegree[edge.target] += 1
        succ[edge.source].append(edge.target)
        pred[edge.target].append(edge.source)
    queue = deque(nid for nid, d in indegree.items() if d == 0)
    order = []
    while queue:
        nid = queue.popleft()
        order.append(nid)
        for t in succ[nid]:
            indegree[t] -= 1
            if indegree[t] == 0:
                queue.append(t)
    rest = set(graph.nodes) - set(order)
    return order, _on_cycles(rest, succ, pred)


def _on_cycles(rest: set[str], succ, pred) -> set[str]:
    """Of the nodes Kahn's pass left, those on a cycle (peel off the ones after it)."""
    outdegree = {nid: sum(1 for t in succ[nid] if t in rest) for nid in rest}
    queue = deque(nid for nid, d in outdegree.items() if d == 0)
    after = set()
    while queue:
        nid = queue.popleft()
        after.add(nid)
        for p in pred[nid]:
            if p in rest and p not in after:
                outdegree[p] -= 1
                if outdegree[p] == 0:
                    queue.append(p)
    return rest - after


def _check_path(graph: Graph, s: Structure) -> None:
    """Nodes not on a path from Input to Output, reported where the path breaks."""
    if s.input_id is None or s.output_id is None:
        return
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for e in graph.edges:
        succ[e.source].append(e.target)
        pred[e.target].append(e.source)
    from_input = _reach(s.input_id, succ)
    to_output = _reach(s.output_id, pred)
    open_inputs = [
        nid for nid, issues in s.before.items() if any(c in OPEN_INPUT for c, _m in issues)
    ]
    # A node cut off from the Input always has, upstream, an open input, a second Input
    # or a cycle, which is reported there; only dead ends are reported here.
    for nid in graph.nodes:
        if nid in s.before or nid not in from_input or nid in to_output or succ[nid]:
            continue
        if not _could_feed(nid, open_inputs, pred):
            message = _("not on the path from Input to Output: its output goes nowhere")
            s.add(nid, "off_path", message, after=True)


def _could_feed(sink: str, open_inputs: list[str], pred) -> bool:
    """Whether a dead end could be joined to an open input (the other side of a gap)."""
    if not open_inputs:
        return False
    upstream = _reach(sink, pred)
    return any(t not in upstream for t in open_inputs)


def _reach(start: str, adjacency: dict[str, list[str]]) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for nxt in adjacency[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen
