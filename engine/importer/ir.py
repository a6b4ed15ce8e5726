"""The intermediate form of an import: a dataflow graph of Convas blocks being built.

A front end (torch.fx for modules, the aten graph for ``torch.export`` programs) turns
every operation it understands into a :class:`PNode` carrying the Convas block type,
explicit parameters, its input keys in port order, its tensors (named as the compiled
module's submodule names them: ``weight``, ``bn1.running_mean``...), its output shape
and the module scopes it was called in. What it can't map is listed with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.registry import get_spec, pair


@dataclass
class PNode:
    """One block of the imported graph."""

    key: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)
    tensors: dict[str, Any] = field(default_factory=dict)
    scope: tuple[str, ...] = ()  # enclosing module paths, outermost first
    shape: tuple[int, ...] | None = None  # output shape without the batch dimension
    origin: str = ""  # where it came from, for messages
    paths: dict[str, str] = field(default_factory=dict)  # tensor name → path in the model

    def resolved(self) -> dict[str, Any]:
        return get_spec(self.type).resolve(self.params)


class IR:
    """The blocks found so far, in topological order, and what couldn't be mapped."""

    def __init__(self) -> None:
        self.nodes: dict[str, PNode] = {}
        self.output: str | None = None  # key of the value the model returns
        self.unmapped: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self.scope_types: dict[str, str] = {}  # module path → class name
        self.touched: set[str] = set()  # parameter paths some traced operation uses

    def fresh_key(self, base: str) -> str:
        base = (base or "node")[:60]
        key, n = base, 1
        while key in self.nodes or key == "output":  # "output" is the Output node's
            n += 1
            key = f"{base}_{n}"
        return key

    def add(self, node: PNode) -> str:
        node.key = self.fresh_key(node.key)
        self.nodes[node.key] = node
        return node.key

    def consumers(self) -> dict[str, list[str]]:
        """Key → keys of the nodes that read it (once per port), plus ``"<output>"``."""
        out: dict[str, list[str]] = {k: [] for k in self.nodes}
        for node in self.nodes.values():
            for src in node.inputs:
                out[src].append(node.key)
        if self.output is not None:
            out[self.output].append("<output>")
        return out

    def unmap(self, name: str, reason: str) -> None:
        if (name, reason) not in self.unmapped:
            self.unmapped.append((name, reason))


# --------------------------------------------------------------------------- params


def explicit(type_name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Params without the values their spec gives by default (as a person would save)."""
    spec = get_spec(type_name)
    out = {}
    for p in spec.params:
        if p.name not in params:
            continue
        value = params[p.name]
        if not p.required and _same(value, p.default):
            continue
        out[p.name] = value
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        try:
            return pair(a) == pair(b)
        except (TypeError, ValueError, IndexError):
            return False
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def int_or_pair(value: Any) -> int | list[int]:
    """``(3, 3)`` → 3, ``(3, 5)`` → [3, 5], ``3`` → 3."""
    a, b = pair(value)
    return a if a == b else [a, b]


def conv_geometry(node: PNode) -> dict[str, Any] | None:
    """Kernel, stride, padding, dilation (as pairs), groups, bias, out of a conv node."""
    if node.type not in ("Conv2d", "Conv1x1"):
        return None
    p = node.resolved()
    if node.type == "Conv1x1":
        return {
            "kernel": (1, 1),
            "stride": pair(p["stride"]),
            "padding": (0, 0),
            "dilation": (1, 1),
            "groups": 1,
            "bias": p["bias"],
            "out": p["out_channels"],
        }
    padding = p["padding"] if p["padding"] == "same" else pair(p["padding"])
    return {
        "kernel": pair(p["kernel_size"]),
        "stride": pair(p["stride"]),
        "padding": padding,
        "dilation": pair(p["dilation"]),
        "groups": p["groups"],
        "bias": p["bias"],
        "out": p["out_channels"],
    }
