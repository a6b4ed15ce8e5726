"""Shape analysis: every node's output shape, parameters, MACs and problems.

An analytic pass in topological order (no forward pass, no torch), fast enough to run
on every edit. Its result is a derived cache beside the graph, never saved into the
file. Each problem is attached to the node it concerns (or to no node, for a missing
Input or Output).
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

from engine.graph import Graph
from engine.i18n import _
from engine.registry import MANY, SOURCE, Shape, ShapeProblem, get_spec


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
    """What analysis derived for one node."""

    shape: Shape | None = None
    params: int = 0
    macs: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    """The result of analysing a graph."""

    nodes: dict[str, NodeInfo]
    problems: list[Problem]
    order: list[str]  # topological order of the acyclic part
    input_id: str | None
    output_id: str | None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total_params(self) -> int:
        return sum(info.params for info in self.nodes.values())

    @property
    def total_macs(self) -> int:
        return sum(info.macs for info in self.nodes.values())

    @property
    def output_shape(self) -> Shape | None:
        return self.nodes[self.output_id].shape if self.output_id else None

    def edge_shape(self, source: str) -> Shape | None:
        info = self.nodes.get(source)
        return info.shape if info else None


class _Collector:
    def __init__(self, graph: Graph):
        self.nodes = {nid: NodeInfo() for nid in graph.nodes}
        self.problems: list[Problem] = []

    def add(self, node: str | None, code: str, message: str) -> None:
        self.problems.append(Problem(node, code, message))
        if node is not None:
            self.nodes[node].problems.append(message)


def analyse(graph: Graph) -> Analysis:
    """Analyse ``graph``; never raises for a bad graph, it reports problems."""
    out = _Collector(graph)
    input_id = _single(graph, out, "Input")
    output_id = _single(graph, out, "Output")
    ports = _check_ports(graph, out)
    order, in_cycle = _topological(graph)
    for nid in in_cycle:
        out.add(nid, "cycle", _("part of a cycle: data can't flow in a loop"))
    _infer(graph, out, order, ports)
    _check_path(graph, out, input_id, output_id, in_cycle)
    return Analysis(out.nodes, out.problems, order, input_id, output_id)


def _single(graph: Graph, out: _Collector, type_name: str) -> str | None:
    ids = [nid for nid, n in graph.nodes.items() if n.type == type_name]
    if not ids:
        out.add(None, f"no_{type_name.lower()}", _("the graph has no {type} block", type=type_name))
        return None
    for nid in ids[1:]:
        out.add(
            nid,
            f"extra_{type_name.lower()}",
            _("a second {type}: a graph has exactly one", type=type_name),
        )
    return ids[0]


def _check_ports(graph: Graph, out: _Collector) -> dict[str, list[str]]:
    """Check each node's inputs against its arity; return node → sources in port order."""
    by_target: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for edge in graph.edges:
        by_target[edge.target][edge.port].append(edge.source)
    ports: dict[str, list[str]] = {}
    for nid, node in graph.nodes.items():
        spec = get_spec(node.type)
        used = by_target.get(nid, {})
        for port, sources in sorted(used.items()):
            if len(sources) > 1:
                out.add(
                    nid,
                    "port_taken",
                    _(
                        "input port {port} has {n} edges; a port takes one",
                        port=port,
                        n=len(sources),
                    ),
                )
        if spec.arity == SOURCE:
            if used:
                out.add(nid, "unexpected_input", _("{type} takes no input", type=node.type))
            continue
        if spec.arity == MANY:
            n = max(used) + 1 if used else 0
            gaps = [p for p in range(n) if p not in used]
            if gaps:
                out.add(
                    nid,
                    "port_gap",
                    _(
                        "input port {port} has no edge (ports must be 0..{last})",
                        port=gaps[0],
                        last=n - 1,
                    ),
                )
            if len(used) < 2:
                out.add(
                    nid,
                    "too_few_inputs",
                    _("{type} needs two or more inputs, has {n}", type=node.type, n=len(used)),
                )
            ports[nid] = [used[p][0] for p in sorted(used)]
            continue
        if not used:
            out.add(nid, "missing_input", _("missing input: connect something to it"))
            continue
        extra = sorted(p for p in used if p != 0)
        if extra:
            out.add(
                nid,
                "wrong_port",
                _(
                    "{type} takes one input on port 0, not port {port}",
                    type=node.type,
                    port=extra[0],
                ),
            )
        if 0 in used:
            ports[nid] = [used[0][0]]
    return ports


def _topological(graph: Graph) -> tuple[list[str], list[str]]:
    indegree = {nid: 0 for nid in graph.nodes}
    succ: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        indegree[edge.target] += 1
        succ[edge.source].append(edge.target)
    queue = deque(nid for nid, d in indegree.items() if d == 0)
    order = []
    while queue:
        nid = queue.popleft()
        order.append(nid)
        for t in succ[nid]:
            indegree[t] -= 1
            if indegree[t] == 0:
                queue.append(t)
    placed = set(order)
    return order, [nid for nid in graph.nodes if nid not in placed]


def _infer(graph: Graph, out: _Collector, order: list[str], ports: dict[str, list[str]]) -> None:
    for nid in order:
        node = graph.nodes[nid]
        spec = get_spec(node.type)
        params = spec.resolve(node.params)
        missing = [p.name for p in spec.params if p.required and p.name not in params]
        if missing:
            out.add(nid, "missing_parameter", _("parameter {name} needs a value", name=missing[0]))
            continue
        if spec.arity == SOURCE:
            shapes: list[Shape] = []
        else:
            sources = ports.get(nid)
            if sources is None or (spec.arity == MANY and len(sources) < 2):
                continue
            shapes = [out.nodes[s].shape for s in sources]
            if any(s is None for s in shapes):
                continue  # an upstream problem already explains it
        try:
            result = spec.infer(shapes, params)
        except ShapeProblem as exc:
            out.add(nid, exc.code, str(exc))
            continue
        info = out.nodes[nid]
        info.shape, info.params, info.macs = tuple(result.shape), result.params, result.macs
        if any(d < 1 for d in info.shape):
            out.add(nid, "empty_output", _("output shape {shape} is empty", shape=list(info.shape)))
            info.shape = None


def _check_path(graph: Graph, out: _Collector, input_id, output_id, in_cycle) -> None:
    if input_id is None or output_id is None:
        return
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for e in graph.edges:
        succ[e.source].append(e.target)
        pred[e.target].append(e.source)
    from_input = _reach(input_id, succ)
    to_output = _reach(output_id, pred)
    cycle = set(in_cycle)
    for nid in graph.nodes:
        if nid in cycle or (nid in from_input and nid in to_output):
            continue
        if graph.nodes[nid].type in ("Input", "Output") and nid not in (input_id, output_id):
            continue
        if nid not in from_input:
            message = _("not on the path from Input to Output (no route from the Input)")
        else:
            message = _("not on the path from Input to Output (no route to the Output)")
        out.add(nid, "off_path", message)


def _reach(start: str, adjacency: dict[str, list[str]]) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for nxt in adjacency[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen
