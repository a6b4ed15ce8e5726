"""Stages of a network: groups of consecutive blocks that belong together.

A stage is what torchvision calls ``layer1``…``layer4`` in a ResNet, ``denseblock2`` in a
DenseNet or ``inception4`` (``inception4a``…``inception4e``) in GoogLeNet. They are
found from the blocks' ids (or labels, when set) in that style: the name up to its
first number, when a separator (``layer1.0``, ``layer1_0_conv1``) or a single letter
(``inception4a``) follows. Only groups that make sense as one box are stages:

- two or more blocks;
- convex: no path leaves the group and comes back into it (``conv1_1``, ``conv1_2`` of
  a VGG, with ``relu1_1`` between them, are no stage).

A stage need not be connected: deleting a block in its middle leaves the stage (and its
frame) in place while the gap is mended.

Stages are derived, never saved: which ones the canvas shows folded is the app's own
business (the file's ``meta``). Pure Python, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.graph import Graph

_PREFIX = re.compile(r"^([A-Za-z]+[0-9]+)(?:[._]|[a-z](?:[._]|$))")


@dataclass(frozen=True)
class Stage:
    """A named group of nodes (ids in graph order)."""

    name: str
    members: tuple[str, ...]


def stage_key(text: str) -> str | None:
    """``layer1.0`` → ``layer1``; ``inception4a`` → ``inception4``; ``conv1`` → None."""
    match = _PREFIX.match(text)
    return match.group(1) if match else None


def find_stages(graph: Graph) -> list[Stage]:
    """The stages of ``graph``, in the order of their first block."""
    groups: dict[str, list[str]] = {}
    for nid, node in graph.nodes.items():
        key = (stage_key(node.label) if node.label else None) or stage_key(nid)
        if key is not None:
            groups.setdefault(key, []).append(nid)
    stages = []
    for name, members in groups.items():
        if len(members) >= 2 and _convex(graph, members):
            stages.append(Stage(name, tuple(members)))
    return stages


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
