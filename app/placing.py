"""Where the editor puts new blocks: :mod:`engine.placement` on what the canvas shows.

:class:`Placer` reads the blocks' positions from the canvas (a block the file left
unplaced is where the canvas drew it) and answers the editor's questions: the free spot
nearest to a point, the shift that puts a pasted group on free space, and where a block
goes when it is inserted after another or into an edge (with the moves that make room).
:func:`room_for_expansion` and :func:`shift_to_free_space` place the blocks a composite
expands into (for :class:`app.commands.ExpandComposite`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine import arrange, placement
from engine.graph import Edge, Graph, Node
from engine.placement import Occupancy, Point


@dataclass
class Plan:
    """Where a new block goes: its position, the edge it is spliced into (or None), the
    node it is connected after (or None), and moves of other blocks that make room."""

    spot: Point
    edge: Edge | None = None
    after: str | None = None
    moves: dict[str, Point] = field(default_factory=dict)


class Placer:
    """Placement questions about one document's graph as ``canvas`` shows it."""

    def __init__(self, graph_of, canvas):
        self._graph_of = graph_of  # a callable: the document's graph now
        self.canvas = canvas

    @property
    def graph(self) -> Graph:
        return self._graph_of()

    def positions(self) -> dict[str, Point]:
        """Every block's centre as drawn (the graph's position when it has no item)."""
        items = self.canvas.canvas_scene.node_items
        out: dict[str, Point] = {}
        for node_id, node in self.graph.nodes.items():
            item = items.get(node_id)
            if item is not None:
                out[node_id] = (item.pos().x(), item.pos().y())
            elif node.position is not None:
                out[node_id] = node.position
        return out

    def flow(self) -> Point:
        return placement.flow_of(self.positions(), ((e.source, e.target) for e in self.graph.edges))

    def spot_near(self, want: Point) -> Point:
        """The free spot nearest to ``want``."""
        return placement.free_spot(self.positions().values(), _round(want), self.flow())

    def drop_spot(self, want: Point) -> Point:
        """Where a block released at ``want`` goes: centred there when its card would
        cover no other block's, else the free spot nearest to it."""
        want = _round(want)
        if Occupancy(self.positions().values(), placement.TOUCH).is_free(want):
            return want
        return self.spot_near(want)

    def offset_for(self, points: list[Point], want: Point) -> Point:
        """The shift nearest to ``want`` that puts every one of ``points`` on free space."""
        return placement.free_offset(self.positions().values(), points, want, self.flow())

    def into_edge(self, edge: Edge, want: Point | None = None) -> Plan:
        """A block spliced into ``edge``: at ``want`` (default: one step after the edge's
        source) when free; else pushing what follows the edge one step on; else the
        nearest free spot."""
        positions, flow = self.positions(), self.flow()
        if want is None:
            want = placement.after(positions[edge.source], flow)
        want = _round(want)
        downstream = _downstream(self.graph, edge.target)
        moves = placement.make_room(positions, downstream, want, flow)
        if moves is None:
            return Plan(placement.free_spot(positions.values(), want, flow), edge)
        return Plan(want, edge, moves=moves)

    def after_node(self, node_id: str) -> Plan:
        """A block added after ``node_id``: into its outgoing edge when it has one, else
        connected to it one step further along the flow."""
        outgoing = self.graph.outputs_of(node_id)
        if outgoing:
            return self.into_edge(outgoing[0])
        positions, flow = self.positions(), self.flow()
        want = placement.after(positions[node_id], flow)
        return Plan(placement.free_spot(positions.values(), want, flow), after=node_id)

    def occupancy(self) -> Occupancy:
        return Occupancy(self.positions().values())


def _downstream(graph: Graph, start: str) -> set[str]:
    """``start`` and every node fed by it, directly or not."""
    seen, stack = {start}, [start]
    targets: dict[str, list[str]] = {}
    for edge in graph.edges:
        targets.setdefault(edge.source, []).append(edge.target)
    while stack:
        for nxt in targets.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _round(point: Point) -> Point:
    return (round(point[0], 2), round(point[1], 2))


def spread_out(graph: Graph) -> None:
    """Put every block of ``graph`` on free space (an imported network: none on another)."""
    positions = {i: n.position for i, n in graph.nodes.items()}
    if any(p is None for p in positions.values()):
        from engine.layout import layered_layout

        layout = layered_layout(graph)
        positions = {i: p if p is not None else layout[i] for i, p in positions.items()}
    for node_id, spot in {**positions, **placement.spread(positions)}.items():
        graph.nodes[node_id].position = spot


# ------------------------------------------------------------------ expanding a block


def along_the_flow(graph: Graph, node: Node, nodes: list[Node], edges: list[Edge]) -> None:
    """Lay an expansion (``nodes``, ``edges``) out in layers along the way the network
    flows (down or right), from where its block was."""
    if node.position is None:
        return
    inner = {n.id for n in nodes}
    links = [e for e in edges if {e.source, e.target} <= inner]
    piece = Graph("", [n.copy() for n in nodes], links)
    flow = arrange.RIGHT if _flow(graph) == placement.RIGHT else arrange.DOWN
    positions = arrange.laid_out_from(piece, node.position, flow)
    for new in nodes:
        new.position = positions[new.id]


def room_for_expansion(graph: Graph, node: Node, nodes: list[Node]) -> dict[str, Point]:
    """Moves of the blocks beyond ``node`` along the flow, as far as the expansion reaches."""
    if node.position is None:
        return {}
    flow = _flow(graph)
    axis = 0 if flow == placement.RIGHT else 1
    reach = [n.position[axis] for n in nodes if n.position is not None]
    shift = max(0.0, max(reach, default=node.position[axis]) - node.position[axis])
    if not shift:
        return {}
    step = (shift * flow[0], shift * flow[1])
    return {
        i: (n.position[0] + step[0], n.position[1] + step[1])
        for i, n in graph.nodes.items()
        if i != node.id and n.position is not None and n.position[axis] > node.position[axis]
    }


def shift_to_free_space(
    graph: Graph, node_id: str, nodes: list[Node], moves: dict[str, Point]
) -> None:
    """Move the new ``nodes`` together where none covers a block that stays."""
    others = [
        moves.get(i, n.position)
        for i, n in graph.nodes.items()
        if i != node_id and n.position is not None
    ]
    group = [n.position for n in nodes if n.position is not None]
    dx, dy = placement.free_offset(others, group, flow=_flow(graph))
    for new in nodes:
        if new.position is not None and (dx or dy):
            new.position = (new.position[0] + dx, new.position[1] + dy)


def _flow(graph: Graph) -> placement.Point:
    positions = {i: n.position for i, n in graph.nodes.items()}
    return placement.flow_of(positions, ((e.source, e.target) for e in graph.edges))
