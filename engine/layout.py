"""Automatic placement of a graph's nodes: a layered, top-to-bottom (Sugiyama) layout.

The steps are the classic ones: break cycles by reversing DFS back edges, assign layers
by longest path from the sources, split edges that span several layers with virtual
nodes (so a skip connection gets its own lane instead of running through blocks), order
each layer by barycentric sweeps that keep the ordering with the fewest crossings, then
give x coordinates: centred first, then pulled towards the neighbours' mean so chains
run straight down. Pure Python, deterministic: the same graph gives the same layout.

Positions are node centres, as on the canvas.
"""

from __future__ import annotations

from collections import defaultdict, deque

from engine.graph import Graph

#: Width of a virtual node (a lane for a long edge), as a fraction of a block's width.
_VIRTUAL_WIDTH = 0.45
_SWEEPS = 4
_STRAIGHTEN_PASSES = 6


def layered_layout(
    graph: Graph, x_gap: float = 220.0, y_gap: float = 110.0
) -> dict[str, tuple[float, float]]:
    """Place every node of ``graph`` in layers flowing from top to bottom.

    Parameters
    ----------
    graph
        The graph; edges to unknown nodes and self-loops are ignored, cycles are broken.
    x_gap
        Distance between the centres of two neighbouring blocks in a layer.
    y_gap
        Distance between the centres of two consecutive layers.

    Returns
    -------
    dict
        Node id → (x, y) of the node's centre; the first layer is at y = 0 and the
        blocks' bounding box is centred on x = 0.
    """
    layer, xs, _edges = layers_and_offsets(graph, x_gap)
    return {v: (xs[v], layer[v] * y_gap) for v in layer}


def layers_and_offsets(
    graph: Graph, x_gap: float
) -> tuple[dict[str, int], dict[str, float], list[tuple[str, str]]]:
    """Each node's layer and x offset (``x_gap`` apart in a layer), and the edges used
    (cycles broken, duplicates and self-loops dropped). The blocks are centred on x = 0."""
    ids = list(graph.nodes)
    if not ids:
        return {}, {}, []
    edges = _acyclic_edges(ids, graph)
    layer = _longest_path_layers(ids, edges)
    layers, up, down, width = _split_long_edges(ids, edges, layer)
    _reduce_crossings(layers, up, down)
    real = set(ids)
    xs = _x_positions(layers, up, down, width, x_gap, real)
    return {v: layer[v] for v in ids}, {v: xs[v] for v in ids}, edges


# --------------------------------------------------------------------------- layering


def _acyclic_edges(ids: list[str], graph: Graph) -> list[tuple[str, str]]:
    """The graph's edges as (u, v) pairs with DFS back edges reversed (no cycles left)."""
    known = set(ids)
    succ: dict[str, list[str]] = defaultdict(list)
    pairs: dict[tuple[str, str], None] = {}  # ordered and without duplicates
    for e in graph.edges:
        pair = (e.source, e.target)
        if e.source in known and e.target in known and e.source != e.target and pair not in pairs:
            pairs[pair] = None
            succ[e.source].append(e.target)
    back = _back_edges(ids, succ)
    return [(v, u) if (u, v) in back else (u, v) for u, v in pairs]


def _back_edges(ids: list[str], succ: dict[str, list[str]]) -> set[tuple[str, str]]:
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = finished
    back: set[tuple[str, str]] = set()
    for root in ids:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(succ[child])))
    return back


def _longest_path_layers(ids: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Layer of each node: the length of the longest path reaching it from a source."""
    preds: dict[str, list[str]] = defaultdict(list)
    indegree = dict.fromkeys(ids, 0)
    succ: dict[str, list[str]] = defaultdict(list)
    for u, v in edges:
        preds[v].append(u)
        succ[u].append(v)
        indegree[v] += 1
    ready = deque(v for v in ids if indegree[v] == 0)
    layer: dict[str, int] = {}
    while ready:
        v = ready.popleft()
        layer[v] = max((layer[p] + 1 for p in preds[v]), default=0)
        for w in succ[v]:
            indegree[w] -= 1
            if indegree[w] == 0:
                ready.append(w)
    return layer


def _split_long_edges(ids, edges, layer):
    """Layers as lists (graph order), with virtual nodes on edges spanning many layers."""
    rows: list[list[str]] = [[] for _ in range(max(layer.values()) + 1)]
    for v in ids:
        rows[layer[v]].append(v)
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    width = dict.fromkeys(ids, 1.0)
    for n, (u, v) in enumerate(edges):
        chain = [u]
        for k in range(layer[u] + 1, layer[v]):
            dummy = f"\0{n}:{k}"  # NUL never appears in a node id chosen by a user
            rows[k].append(dummy)
            width[dummy] = _VIRTUAL_WIDTH
            chain.append(dummy)
        chain.append(v)
        for a, b in zip(chain, chain[1:]):
            down[a].append(b)
            up[b].append(a)
    return rows, up, down, width


# --------------------------------------------------------------------------- ordering


def _reduce_crossings(rows: list[list[str]], up, down) -> None:
    """Reorder each layer in place by barycentric sweeps, keeping the best order seen."""
    best = [list(r) for r in rows]
    best_crossings = _total_crossings(rows, down)
    for sweep in range(_SWEEPS):
        if best_crossings == 0:
            break
        if sweep % 2 == 0:
            for i in range(1, len(rows)):
                rows[i] = _by_barycentre(rows[i], rows[i - 1], up)
        else:
            for i in range(len(rows) - 2, -1, -1):
                rows[i] = _by_barycentre(rows[i], rows[i + 1], down)
        crossings = _total_crossings(rows, down)
        if crossings < best_crossings:
            best, best_crossings = [list(r) for r in rows], crossings
    rows[:] = best


def _by_barycentre(row: list[str], fixed: list[str], neighbours) -> list[str]:
    index = {v: i for i, v in enumerate(fixed)}

    def key(item):
        i, v = item
        near = [index[n] for n in neighbours[v] if n in index]
        return (sum(near) / len(near) if near else i, i)

    return [v for _, v in sorted(enumerate(row), key=key)]


def _total_crossings(rows: list[list[str]], down) -> int:
    total = 0
    for top, bottom in zip(rows, rows[1:]):
        pos = {v: i for i, v in enumerate(bottom)}
        segs = [(i, pos[w]) for i, v in enumerate(top) for w in down[v] if w in pos]
        total += sum(
            1
            for a in range(len(segs))
            for b in range(a + 1, len(segs))
            if (segs[a][0] - segs[b][0]) * (segs[a][1] - segs[b][1]) < 0
        )
    return total


# --------------------------------------------------------------------------- x positions


def _x_positions(rows, up, down, width, x_gap, real) -> dict[str, float]:
    """Centred layers, then nodes pulled towards their neighbours' mean x in turn."""
    x: dict[str, float] = {}
    for row in rows:
        seps = _separations(row, width, x_gap)
        start = -sum(seps) / 2
        for v, offset in zip(row, [0.0, *_running_sum(seps)]):
            x[v] = start + offset
    for n in range(_STRAIGHTEN_PASSES):
        order = range(1, len(rows)) if n % 2 == 0 else range(len(rows) - 2, -1, -1)
        neighbours = up if n % 2 == 0 else down
        for i in order:
            _pull_row(rows[i], x, neighbours, width, x_gap)
    placed = [x[v] for v in real]
    shift = (min(placed) + max(placed)) / 2  # centre the blocks' bounding box on x = 0
    return {v: round(x[v] - shift, 1) + 0.0 for v in x}


def _pull_row(row, x, neighbours, width, x_gap) -> None:
    wanted = []
    for v in row:
        near = [x[n] for n in neighbours[v]]
        wanted.append(sum(near) / len(near) if near else x[v])
    seps = _separations(row, width, x_gap)
    left = list(wanted)
    for i in range(1, len(row)):
        left[i] = max(left[i], left[i - 1] + seps[i - 1])
    right = list(wanted)
    for i in range(len(row) - 2, -1, -1):
        right[i] = min(right[i], right[i + 1] - seps[i])
    for v, a, b in zip(row, left, right):
        x[v] = (a + b) / 2  # the mean of two feasible placements keeps every gap


def _separations(row, width, x_gap) -> list[float]:
    return [(width[a] + width[b]) / 2 * x_gap for a, b in zip(row, row[1:])]


def _running_sum(values: list[float]) -> list[float]:
    out, total = [], 0.0
    for v in values:
        total += v
        out.append(total)
    return out
