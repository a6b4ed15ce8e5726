"""Readable PyTorch source for a graph: the ``model.py`` of an export.

:func:`generate_code` is a pure, torch-free function: it returns the text and a node →
line map (for a code preview beside the canvas) and writes nothing. The code defines
one ``nn.Module`` class with a submodule per node, named exactly as
:func:`engine.compiler.compile_model` names them, so both have the same state-dict keys
and weights move freely between the app, ``model.py`` and the exported files.

Safety: node ids, labels and the network's name can hold any text. In the code they
appear only as identifiers made by :class:`engine.naming.Namespace` and inside comments
and docstrings after :func:`plain_text` has removed line breaks, quotes, backslashes
and every other non-printable character. Parameter values are emitted only as numeric,
boolean or ``"same"`` literals. Nothing from the graph can become executable code.

The text is emitted already formatted as ``ruff format`` leaves it (line length 88).
"""

from __future__ import annotations

import builtins
import keyword
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from engine.analysis import Analysis, Problem, analyse
from engine.export import templates
from engine.graph import Graph
from engine.naming import Namespace
from engine.registry import get_spec, pair

LINE_LENGTH = 88
_TAB = "    "
#: Longest local variable name in ``forward`` (keeps statements on one line).
_LOCAL_MAX = 16


class ExportError(Exception):
    """The graph can't be exported; ``problems`` lists the graph's problems, if any."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


@dataclass(frozen=True)
class GeneratedCode:
    """The text of ``model.py`` and where each node appears in it.

    Attributes
    ----------
    model_py
        The source text.
    line_map
        Node id → 1-based line: the submodule's definition in ``__init__``, or for
        nodes without a submodule (Input, Output, Add, Concat) their line in ``forward``.
    forward_line_map
        Node id → 1-based line of the node's statement in ``forward``.
    class_name
        Name of the network class.
    module_names
        Node id → attribute name (the same names the compiled module uses).
    """

    model_py: str
    line_map: dict[str, int]
    forward_line_map: dict[str, int]
    class_name: str
    module_names: dict[str, str]


def generate_code(graph: Graph, analysis: Analysis | None = None) -> GeneratedCode:
    """The ``model.py`` source for ``graph``; raises :class:`ExportError` if it has problems."""
    analysis = analysis or analyse(graph)
    if not analysis.ok:
        first = analysis.problems[0]
        where = f"node {first.node!r}: " if first.node else ""
        raise ExportError(f"the graph has problems: {where}{first.message}", analysis.problems)
    return _Writer(graph, analysis).write()


def module_names(graph: Graph, analysis: Analysis) -> dict[str, str]:
    """Node id → submodule name, allocated exactly as the compiler allocates them."""
    names = Namespace()
    return {
        nid: names.create_name(nid)
        for nid in analysis.order
        if graph.nodes[nid].type not in ("Input", "Output")
    }


def class_name(name: str) -> str:
    """A CamelCase class name from a network's display name ("ResNet-18" → ResNet18)."""
    text = re.sub(r"\([^)]*\)", " ", name or "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", text)
    result = "".join(w[0].upper() + w[1:] for w in words)[:40] or "Network"
    if result[0].isdigit():
        result = "Net" + result
    if keyword.iskeyword(result) or result in templates.GLOBAL_NAMES or hasattr(builtins, result):
        result += "Net"
    return result


def plain_text(text: str, limit: int) -> str:
    """``text`` made safe for a comment or docstring: one line, at most ``limit`` chars.

    Non-printable characters (line breaks of every kind, control and format characters)
    become spaces; quotes, backslashes and ``#`` are replaced, so the text can neither
    end a docstring nor look like a pragma.
    """
    chars = []
    for ch in text or "":
        if not ch.isprintable() or ch == "#":
            ch = " "
        elif ch == "\\":
            ch = "/"
        elif ch == '"':
            ch = "'"
        chars.append(ch)
    result = " ".join("".join(chars).split())
    if len(result) > limit:
        result = result[: max(0, limit - 3)].rstrip() + "..."
    return result


# --------------------------------------------------------------------------- literals


def literal(value: Any) -> str:
    """A Python literal for a parameter value; only numbers, booleans, pairs, "same"."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"parameter value {value} is not a finite number")
        return repr(float(value))
    if value == "same":
        return '"same"'
    if isinstance(value, (list, tuple)) and len(value) == 2:
        a, b = (_int(v) for v in value)
        return str(a) if a == b else f"({a}, {b})"
    raise ExportError(f"unexpected parameter value of type {type(value).__name__}")


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExportError(f"expected an integer, got {type(value).__name__}")
    return int(value)


def _float(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExportError(f"expected a number, got {type(value).__name__}")
    return literal(float(value))


def constructor(
    node_type: str, p: dict[str, Any], in_shape: tuple[int, ...]
) -> tuple[str, list[str]]:
    """(callee, arguments) building the module of one node, as code text."""
    cin = in_shape[0] if in_shape else 0
    if node_type == "Conv2d":
        args = [str(cin), literal(p["out_channels"]), f"kernel_size={literal(p['kernel_size'])}"]
        for key, default in (("stride", 1), ("padding", 0), ("dilation", 1)):
            if p[key] != "same" and pair(p[key]) == (default, default):
                continue
            args.append(f"{key}={literal(p[key])}")
        if p["groups"] != 1:
            args.append(f"groups={literal(p['groups'])}")
        if not p["bias"]:
            args.append("bias=False")
        return "nn.Conv2d", args
    if node_type == "Conv1x1":
        args = [str(cin), literal(p["out_channels"]), "kernel_size=1"]
        if pair(p["stride"]) != (1, 1):
            args.append(f"stride={literal(p['stride'])}")
        if not p["bias"]:
            args.append("bias=False")
        return "nn.Conv2d", args
    if node_type in ("MaxPool2d", "AvgPool2d"):
        args = [f"kernel_size={literal(p['kernel_size'])}"]
        stride = p["stride"]
        if stride is not None and pair(stride) != pair(p["kernel_size"]):
            args.append(f"stride={literal(stride)}")
        if pair(p["padding"]) != (0, 0):
            args.append(f"padding={literal(p['padding'])}")
        if p["ceil_mode"]:
            args.append("ceil_mode=True")
        return f"nn.{node_type}", args
    if node_type == "AdaptiveAvgPool2d":
        return "nn.AdaptiveAvgPool2d", [literal(p["output_size"])]
    if node_type == "BatchNorm2d":
        args = [str(cin)]
        if float(p["eps"]) != 1e-5:
            args.append(f"eps={_float(p['eps'])}")
        if float(p["momentum"]) != 0.1:
            args.append(f"momentum={_float(p['momentum'])}")
        return "nn.BatchNorm2d", args
    if node_type == "LocalResponseNorm":
        return "nn.LocalResponseNorm", [
            literal(p["size"]),
            f"alpha={_float(p['alpha'])}",
            f"beta={_float(p['beta'])}",
            f"k={_float(p['k'])}",
        ]
    if node_type in ("ReLU", "Tanh", "Sigmoid", "GELU", "SiLU", "Flatten"):
        return f"nn.{node_type}", []
    if node_type == "LeakyReLU":
        slope = float(p["negative_slope"])
        return "nn.LeakyReLU", [] if slope == 0.01 else [f"negative_slope={_float(slope)}"]
    if node_type == "Dropout":
        return "nn.Dropout", [f"p={_float(p['p'])}"]
    if node_type == "Linear":
        args = [str(cin), literal(p["out_features"])]
        return "nn.Linear", args if p["bias"] else [*args, "bias=False"]
    return _composite(node_type, p, cin)


def _composite(node_type: str, p: dict[str, Any], cin: int) -> tuple[str, list[str]]:
    if node_type == "ResidualBlock":
        args = [str(cin), literal(p["out_channels"])]
        if p["stride"] != 1:
            args.append(f"stride={literal(p['stride'])}")
        if p["bottleneck"]:
            args.append("bottleneck=True")
            if p["width"] is not None:
                args.append(f"width={literal(p['width'])}")
        return "ResidualBlock", args
    if node_type == "DenseBlock":
        args = [
            str(cin),
            literal(p["num_layers"]),
            f"growth_rate={literal(p['growth_rate'])}",
            f"bn_size={literal(p['bn_size'])}",
        ]
        if float(p["drop_rate"]) > 0:
            args.append(f"drop_rate={_float(p['drop_rate'])}")
        return "DenseBlock", args
    if node_type == "Transition":
        return "Transition", [str(cin), literal(p["out_channels"])]
    if node_type == "InceptionBlock":
        keys = ("ch1x1", "ch3x3red", "ch3x3", "ch5x5red", "ch5x5", "pool_proj")
        args = [str(cin), *(literal(p[k]) for k in keys)]
        if p["kernel_5x5"] != 5:
            args.append(f"kernel_5x5={literal(p['kernel_5x5'])}")
        if p["batch_norm"]:
            args.append("batch_norm=True")
        return "InceptionBlock", args
    raise ExportError(f"block type {node_type!r} can't be exported")


# --------------------------------------------------------------------------- layout


def call_lines(indent: int, target: str, callee: str, args: list[str]) -> list[str]:
    """``target = callee(args)`` split as ruff format splits a call that is too long."""
    pad, inner = _TAB * indent, _TAB * (indent + 1)
    one = f"{pad}{target} = {callee}({', '.join(args)})"
    if len(one) <= LINE_LENGTH:
        return [one]
    body = inner + ", ".join(args)
    if len(body) <= LINE_LENGTH:
        return [f"{pad}{target} = {callee}(", body, f"{pad})"]
    return [f"{pad}{target} = {callee}(", *(f"{inner}{a}," for a in args), f"{pad})"]


def _concat_lines(target: str, args: list[str]) -> list[str]:
    pad, inner = _TAB * 2, _TAB * 3
    one = f"{pad}{target} = torch.cat([{', '.join(args)}], dim=1)"
    if len(one) <= LINE_LENGTH:
        return [one]
    items = f"{inner}[{', '.join(args)}],"
    if len(items) <= LINE_LENGTH:
        middle = [items]
    else:
        middle = [f"{inner}[", *(f"{inner}{_TAB}{a}," for a in args), f"{inner}],"]
    return [f"{pad}{target} = torch.cat(", *middle, f"{inner}dim=1,", f"{pad})"]


def _add_lines(target: str, args: list[str]) -> list[str]:
    pad = _TAB * 2
    one = f"{pad}{target} = {' + '.join(args)}"
    if len(one) <= LINE_LENGTH:
        return [one]
    # Left to right, as Python evaluates a + b + c (same rounding as the compiled Add).
    lines = [f"{pad}{target} = {args[0]} + {args[1]}"]
    lines += [f"{pad}{target} = {target} + {a}" for a in args[2:]]
    return lines


def _add_too_long(target: str, args: list[str]) -> bool:
    return len(f"{_TAB * 2}{target} = {' + '.join(args)}") > LINE_LENGTH


# --------------------------------------------------------------------------- writer


class _Writer:
    def __init__(self, graph: Graph, analysis: Analysis):
        self.graph = graph
        self.analysis = analysis
        self.names = module_names(graph, analysis)
        self.class_name = class_name(graph.name)
        self.lines: list[str] = []
        self.line_map: dict[str, int] = {}
        self.forward_map: dict[str, int] = {}

    def write(self) -> GeneratedCode:
        used = {self.graph.nodes[nid].type for nid in self.names}
        helpers = [h for t, needs in templates.NEEDS.items() if t in used for h in needs]
        self._header("DenseBlock" in used)
        for helper in helpers:
            self._emit("", "", *templates.SOURCES[helper].strip("\n").split("\n"))
        self._class()
        self._emit(
            "",
            "",
            "def build_model() -> nn.Module:",
            f'{_TAB}"""The network with freshly initialised weights."""',
            f"{_TAB}return {self.class_name}()",
        )
        for nid in self.forward_map:
            self.line_map.setdefault(nid, self.forward_map[nid])
        text = "\n".join(self.lines) + "\n"
        return GeneratedCode(
            text, self.line_map, self.forward_map, self.class_name, dict(self.names)
        )

    def _emit(self, *lines: str) -> int:
        """Append lines; returns the 1-based number of the first non-empty one."""
        first = 0
        for line in lines:
            self.lines.append(line)
            if line and not first:
                first = len(self.lines)
        return first

    def _header(self, needs_functional: bool) -> None:
        a = self.analysis
        title = plain_text(self.graph.name, 50) or "Untitled network"
        shape = a.nodes[a.input_id].shape
        out = a.output_shape
        self._emit(
            f'"""{title}: a convolutional network exported from Convas.',
            "",
            f"Input: a batch of shape {_shape(shape)}. Output: {_shape(out)}.",
            f"Parameters: {a.total_params:,}.",
            "",
            "Usage::",
            "",
            "    import torch",
            "    from model import build_model",
            "",
            "    model = build_model()",
            '    model.load_state_dict(torch.load("weights.pt", weights_only=True))',
            "    model.eval()",
            f"    logits = model(torch.randn(1, {', '.join(map(str, shape))}))",
            '"""',
            "",
            "import torch",
        )
        if needs_functional:
            self._emit("import torch.nn.functional as F")
        self._emit("from torch import nn", "", f"INPUT_SHAPE = ({', '.join(map(str, shape))})")

    def _class(self) -> None:
        title = plain_text(self.graph.name, 50) or "Untitled network"
        self._emit(
            "",
            "",
            f"class {self.class_name}(nn.Module):",
            f'{_TAB}"""{title} (generated by Convas)."""',
            "",
            f"{_TAB}def __init__(self):",
            f"{_TAB * 2}super().__init__()",
        )
        for nid, name in self.names.items():
            node = self.graph.nodes[nid]
            if node.type in ("Add", "Concat"):
                continue
            comment = self._comment(nid, name)
            if comment:
                self._emit(comment)
            spec = get_spec(node.type)
            params = spec.resolve(node.params)
            sources = [e.source for e in self.graph.inputs_of(nid)]
            in_shape = self.analysis.nodes[sources[0]].shape if sources else ()
            callee, args = constructor(node.type, params, in_shape)
            self.line_map[nid] = self._emit(*call_lines(2, f"self.{name}", callee, args))
        self._emit("", f"{_TAB}def forward(self, x: torch.Tensor) -> torch.Tensor:")
        self._forward()

    def _comment(self, nid: str, name: str) -> str:
        node = self.graph.nodes[nid]
        room = LINE_LENGTH - len(_TAB * 2) - len("# node ")
        if node.label:
            ident = plain_text(nid, 30)
            return f"{_TAB * 2}# node {plain_text(f'{ident}: {node.label}', room)}"
        if nid != name:
            return f"{_TAB * 2}# node {plain_text(nid, room)}"
        return ""

    def _forward(self) -> None:
        graph, input_id = self.graph, self.analysis.input_id
        consumers = {nid: 0 for nid in graph.nodes}
        for edge in graph.edges:
            consumers[edge.source] += 1
        remaining = dict(consumers)
        local = Namespace()
        var = {input_id: "x"}
        holder = input_id  # whose value the variable ``x`` holds
        self.forward_map[input_id] = len(self.lines)
        for nid in _emission_order(graph, input_id):
            node = graph.nodes[nid]
            args = [var[e.source] for e in graph.inputs_of(nid)]
            for e in graph.inputs_of(nid):
                remaining[e.source] -= 1
            if node.type == "Output":
                self.forward_map[nid] = self._emit(f"{_TAB * 2}return {args[0]}")
                continue
            name = self.names[nid]
            own = local.create_name(name[:_LOCAL_MAX].rstrip("_") or name)
            x_free = holder is None or remaining[holder] == 0
            target = "x" if x_free and consumers[nid] == 1 else own
            if node.type == "Add" and target == "x" and _add_too_long("x", args):
                target = own  # the long form reassigns its target while reading args
            if target == "x":
                holder = nid
            var[nid] = target
            if node.type in ("Add", "Concat") and self._comment(nid, name):
                self._emit(self._comment(nid, name))
            self.forward_map[nid] = self._emit(*self._statement(node.type, target, name, args))

    def _statement(self, node_type: str, target: str, name: str, args: list[str]) -> list[str]:
        if node_type == "Add":
            return _add_lines(target, args)
        if node_type == "Concat":
            return _concat_lines(target, args)
        return call_lines(2, target, f"self.{name}", args)


def _emission_order(graph: Graph, input_id: str) -> list[str]:
    """A topological order that follows each chain to its end before the next branch."""
    indegree = {nid: 0 for nid in graph.nodes}
    for edge in graph.edges:
        indegree[edge.target] += 1
    order, stack = [], [input_id]
    while stack:
        nid = stack.pop()
        order.append(nid)
        ready = []
        for edge in graph.outputs_of(nid):
            indegree[edge.target] -= 1
            if indegree[edge.target] == 0:
                ready.append(edge.target)
        stack.extend(reversed(ready))
    return order[1:]


def _shape(shape: tuple[int, ...] | None) -> str:
    return "[" + ", ".join(["N", *map(str, shape or ())]) + "]"
