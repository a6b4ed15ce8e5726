"""Stages of a network: groups of consecutive blocks that belong together.

A stage is what torchvision calls ``layer1``…``layer4`` in a ResNet, ``denseblock2`` in a
DenseNet or ``inception4`` (``inception4a``…``inception4e``) in GoogLeNet: a container
of numbered (or lettered) units. They are found from the blocks' ids (or labels, when
set) in that style: the stage's name is the text up to its first number, and the unit
follows a separator (``layer1.0``, ``layer1_0_conv1``: unit ``0``) or is a single letter
(``inception4a``: unit ``a``). Only real structure makes a stage:

- two or more units: ``layer3_0_conv1``…``layer3_0_add`` (one block looked inside) or
  ``conv2d``, ``conv2d_2`` (copies of a Convolution, all "unit" ``d``) are no stage;
- the name is a container, never a block: ``conv2``, ``conv2_2``, ``conv2_3`` (a block
  and its copies) are no stage;
- connected: a member is joined to the others by connections between members; a copy
  pasted beside the network (``layer1_3`` of ``layer1_0``) stays out. When a stage is
  cut in two (a block in its middle deleted) its larger part keeps the frame until the
  gap is mended;
- convex: no path leaves the group and comes back into it (``conv1_1``, ``conv1_2`` of
  a VGG, with ``relu1_1`` between them, are no stage);
- two or more blocks.

Stages are derived, never saved: which ones the canvas shows folded is the app's own
business (the file's ``meta``). Pure Python, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.graph import Graph

_PREFIX = re.compile(r"^([A-Za-z]+[0-9]+)(?:[._]([A-Za-z0-9]+)|([a-z])(?:[._]|$))")


@dataclass(frozen=True)
class Stage:
    """A named group of nodes (ids in graph order)."""

    name: str
    members: tuple[str, ...]


def stage_key(text: str) -> str | None:
    """``layer1.0`` → ``layer1``; ``inception4a`` → ``inception4``; ``conv1`` → None."""
    found = stage_unit(text)
    return found[0] if found else None


def stage_unit(text: str) -> tuple[str, str] | None:
    """The stage and the unit in it: ``layer1_0_conv1`` → (``layer1``, ``0``),
    ``inception4a`` → (``inception4``, ``a``); None when ``text`` names no stage."""
    match = _PREFIX.match(text)
    if match is None:
        return None
    return match.group(1), match.group(2) or match.group(3)


def find_stages(graph: Graph) -> list[Stage]:
    """The stages of ``graph``, in the order of their first block."""
    groups: dict[str, list[str]] = {}
    units: dict[str, set[str]] = {}
    for nid, node in graph.nodes.items():
        found = (stage_unit(node.label) if node.label else None) or stage_unit(nid)
        if found is not None:
            groups.setdefault(found[0], []).append(nid)
            units.setdefault(found[0], set()).add(found[1])
    blocks = set(graph.nodes) | {n.label for n in graph.nodes.values() if n.label}
    stages = []
    for name, members in groups.items():
        if len(units[name]) < 2 or name in blocks:
            continue
        part = _largest_connected(graph, members)
        if len(part) >= 2 and _convex(graph, part):
            stages.append(Stage(name, tuple(part)))
    return stages


def _largest_connected(graph: Graph, members: list[str]) -> list[str]:
    """The largest group of ``members`` joined by connections between members (the
    first in graph order on a tie), in graph order."""
    inside = set(members)
    part_of: dict[str, int] = {}
    parts: list[list[str]] = []
    for start in members:
        if start in part_of:
            continue
        part_of[start] = len(parts)
        stack, found = [start], []
        while stack:
            nid = stack.pop()
            found.append(nid)
            for edge in graph.edges_of(nid):
                other = edge.target if edge.source == nid else edge.source
                if other in inside and other not in part_of:
                    part_of[other] = len(parts)
                    stack.append(other)
        parts.append(found)
    best = max(range(len(parts)), key=lambda i: (len(parts[i]), -i))
    return [m for m in members if part_of[m] == best]


def _convex(graph: Graph, members: list[str]) -> bool:
    """No path from the group through an outside node back into the group."""
    inside = set(members)
    below = _reach(graph, members, inside, forward=True)
    if not below:
        return True
    above = _reach(graph, members, inside, forward=False)
    return not (below & above)


def _reach(graph: Graph, members: list[str], inside: set[str], forward: bool) -> set[str]:
    """Outside nodes reachable from the group (``forward``) or reaching it."""
    seen: set[str] = set()
    stack = list(members)
    while stack:
        nid = stack.pop()
        edges = graph.outputs_of(nid) if forward else graph.inputs_of(nid)
        for edge in edges:
            other = edge.target if forward else edge.source
            if other not in inside and other not in seen:
                seen.add(other)
                stack.append(other)
    return seen
