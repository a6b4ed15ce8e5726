"""Arranging a network so that it reads at any size.

:func:`arrange` builds on the layered layout (:mod:`engine.layout`) and adds what a big
network needs:

- **direction**: data flows down (inputs on top) or right (inputs on the left);
- **stages apart**: extra room before and after each stage (:mod:`engine.stages`) for
  the frame the canvas draws around it;
- **wrapping**: a network too long to read at the size of the canvas is cut into
  columns side by side (rows, when flowing right), like text into lines. Cuts go only
  between layers where everything crossing comes from one block (so one connection
  runs back to the top of the next column), preferably where a stage begins. The
  column length is chosen so the whole fits the canvas's proportions, and never
  shorter than what the canvas shows at a readable zoom.

Positions are block centres, as on the canvas. Pure Python, deterministic.
"""

from __future__ import annotations

import math
from collections import defaultdict

from engine.graph import Graph
from engine.layout import layers_and_offsets
from engine.stages import find_stages

DOWN, RIGHT = "down", "right"
BLOCK = {DOWN: (184.0, 64.0), RIGHT: (64.0, 184.0)}  # (across, along) the flow
ACROSS_GAP = {DOWN: 220.0, RIGHT: 100.0}  # centre to centre, within a layer
ALONG_GAP = {DOWN: 110.0, RIGHT: 270.0}  # centre to centre, layer to layer
STAGE_GAP = 70.0  # extra room before and after a stage (its frame and name)
COLUMN_GAP = 230.0  # between wrapped columns: the connection back up runs there
READABLE_ZOOM = 0.6  # the zoom at which blocks show all their text


def arrange(
    graph: Graph, flow: str = DOWN, view: tuple[float, float] = (1200.0, 800.0)
) -> dict[str, tuple[float, float]]:
    """Positions (block centres) for every node of ``graph``.

    Parameters
    ----------
    flow
        ``"down"`` or ``"right"``.
    view
        Width and height of the canvas in pixels: a long network is wrapped to fit
        these proportions (and no column is shorter than the canvas at a readable zoom).
    """
    across_gap, along_gap = ACROSS_GAP[flow], ALONG_GAP[flow]
    layer, across, edges = layers_and_offsets(graph, across_gap)
    if not layer:
        return {}
    depth = max(layer.values()) + 1
    starts, ends = _stage_bounds(graph, layer)
    along = _layer_offsets(depth, along_gap, starts, ends)
    length_px, width_px = (view[1], view[0]) if flow == DOWN else view
    room = _column_room(layer, across, along, flow, length_px, width_px)
    cuts = _cuts(layer, edges, depth)
    columns = _columns(along, cuts, starts, ends, room, BLOCK[flow][1])
    return _place(layer, across, along, columns, flow)


def _stage_bounds(graph: Graph, layer: dict[str, int]) -> tuple[set[int], set[int]]:
    """First and last layers of the stages."""
    starts, ends = set(), set()
    for stage in find_stages(graph):
        layers = [layer[m] for m in stage.members]
        starts.add(min(layers))
        ends.add(max(layers))
    return starts, ends


def _layer_offsets(depth: int, gap: float, starts: set[int], ends: set[int]) -> list[float]:
    offsets = [0.0]
    for i in range(1, depth):
        extra = STAGE_GAP if (i in starts or i - 1 in ends) else 0.0
        offsets.append(offsets[-1] + gap + extra)
    return offsets


def _column_room(layer, across, along, flow, length_px, width_px) -> float:
    """How long a column may be (scene units): it fits the view's proportions, and the
    view at a readable zoom."""
    block_across, block_along = BLOCK[flow]
    total = along[-1] + block_along
    per_layer: dict[int, list[float]] = defaultdict(list)
    for v, i in layer.items():
        per_layer[i].append(across[v])
    widths = [max(xs) - min(xs) for xs in per_layer.values()]
    column = max(widths) * 0.5 + sum(widths) / len(widths) * 0.5 + block_across + COLUMN_GAP
    balanced = math.sqrt(total * column * length_px / max(1.0, width_px))
    return max(length_px / READABLE_ZOOM, balanced)


def _cuts(layer: dict[str, int], edges, depth: int) -> set[int]:
    """Boundaries b (between layers b and b + 1) that everything crossing leaves from one
    block."""
    sources: list[set[str]] = [set() for _ in range(max(0, depth - 1))]
    for u, v in edges:
        for b in range(layer[u], layer[v]):
            sources[b].add(u)
    return {b for b, found in enumerate(sources) if len(found) <= 1}


def _columns(along, cuts, starts, ends, room: float, block: float) -> list[tuple[int, int]]:
    """Layer ranges (first, last) of the columns: greedy, cut where allowed, a stage
    started afresh when it won't fit after what the column holds."""
    depth = len(along)
    if along[-1] + block <= room * 1.1:
        return [(0, depth - 1)]

    def fits(a: int, b: int) -> bool:
        return along[b] - along[a] + block <= room

    columns, first, last_cut = [], 0, None
    for b in sorted(cuts):
        if b + 1 in starts and not fits(first, _stage_end(b + 1, ends, depth)):
            columns.append((first, b))
            first, last_cut = b + 1, None
            continue
        if fits(first, b + 1):
            last_cut = b
            continue
        if last_cut is not None and not fits(first, b):
            columns.append((first, last_cut))  # back to the last place it could break
            first = last_cut + 1
        if fits(first, b + 1):
            last_cut = b
        else:
            columns.append((first, b))
            first, last_cut = b + 1, None
    columns.append((first, depth - 1))
    return columns


def _stage_end(start: int, ends: set[int], depth: int) -> int:
    later = [e for e in ends if e >= start]
    return min(later) if later else depth - 1


def _place(layer, across, along, columns, flow) -> dict[str, tuple[float, float]]:
    column_of = {}
    for k, (first, last) in enumerate(columns):
        for i in range(first, last + 1):
            column_of[i] = k
    spans: dict[int, list[float]] = defaultdict(list)
    for v, i in layer.items():
        spans[column_of[i]].append(across[v])
    block_across = BLOCK[flow][0]
    shift, cursor = {}, 0.0
    for k in range(len(columns)):
        shift[k] = cursor - min(spans[k])
        cursor += max(spans[k]) - min(spans[k]) + block_across + COLUMN_GAP
    centre = (cursor - block_across - COLUMN_GAP) / 2
    out = {}
    for v, i in layer.items():
        k = column_of[i]
        a = round(across[v] + shift[k] - centre, 1) + 0.0
        b = round(along[i] - along[columns[k][0]], 1) + 0.0
        out[v] = (a, b) if flow == DOWN else (b, a)
    return out


def laid_out_from(
    graph: Graph, origin: tuple[float, float], flow: str = DOWN
) -> dict[str, tuple[float, float]]:
    """Positions for the blocks of ``graph`` (a block's expansion, on its own) laid out
    in layers along ``flow`` from ``origin``: its first layer there, centred across."""
    layer, across, _edges = layers_and_offsets(graph, ACROSS_GAP[flow])
    out = {}
    for v, i in layer.items():
        a, b = across[v], i * ALONG_GAP[flow]
        out[v] = (origin[0] + a, origin[1] + b) if flow == DOWN else (origin[0] + b, origin[1] + a)
    return out


def fit_zoom(positions, view: tuple[float, float], flow: str = DOWN, margin: float = 32.0) -> float:
    """The zoom at which blocks at ``positions`` (centres) fit a view of ``view`` pixels."""
    points = [p for p in positions if p is not None]
    if not points:
        return 1.0
    across, along = BLOCK[flow]
    width, height = (across, along) if flow == DOWN else (along, across)
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(
        max(1.0, view[0] - 2 * margin) / (max(xs) - min(xs) + width),
        max(1.0, view[1] - 2 * margin) / (max(ys) - min(ys) + height),
    )


def arranged_if_unreadable(
    graph: Graph, view: tuple[float, float], readable: float, flow: str = DOWN
) -> dict[str, tuple[float, float]] | None:
    """The arrangement ``graph`` should get before it is shown in a view of ``view``
    pixels, or None: a block has no position, or the network only fits the view below
    the ``readable`` zoom (one long column) while arranged it would fit half again
    larger."""
    positions = [n.position for n in graph.nodes.values()]
    if any(p is None for p in positions):
        return arrange(graph, flow, view)
    now = fit_zoom(positions, view, flow)
    if now >= readable or len(positions) < 2:
        return None
    better = arrange(graph, flow, view)
    return better if fit_zoom(better.values(), view, flow) >= now * 1.5 else None
