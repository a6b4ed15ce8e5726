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
boolean literals or single words (``"same"``, a choice such as ``"ReLU6"``) that the
registry validated. Nothing from the graph can become executable code.

Each block's code comes from its declaration (``code=`` in :mod:`engine.blocks`): the
constructor call of its module, or an inline statement for merges; the classes of
composite blocks are copied from :mod:`engine.nets`, the modules the compiler builds.

The text is emitted already formatted as ``ruff format`` leaves it (line length 88).
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from engine.analysis import Analysis, analyse
from engine.blocks.code import (
    TAB,
    ExportError,
    Inline,
    call_lines,
    definitions,
    literal,
    sources,
)
from engine.graph import Graph
from engine.i18n import _
from engine.naming import Namespace
from engine.registry import get_spec

__all__ = ["ExportError", "GeneratedCode", "call_lines", "constructor", "generate_code", "literal"]

LINE_LENGTH = 88
_TAB = TAB
#: Longest local variable name in ``forward`` (keeps statements on one line).
_LOCAL_MAX = 16
#: Module-level names of exported code besides the network class.
BASE_NAMES = frozenset({"torch", "nn", "F", "build_model", "INPUT_SHAPE"})


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
        problem = (
            _("node {node}: {message}", node=repr(first.node), message=first.message)
            if first.node
            else first.message
        )
        raise ExportError(
            _("the graph has problems: {problems}", problems=problem), analysis.problems
        )
    return _Writer(graph, analysis).write()


def constructor(
    node_type: str, p: dict[str, Any], in_shape: tuple[int, ...]
) -> tuple[str, list[str]]:
    """(callee, arguments) building the module of one block, as code text (from its
    declaration's ``code``; an inline block's module, such as ``Add()``)."""
    code = get_spec(node_type).code
    if code is None:
        raise ExportError(_("block type {type} can't be exported", type=repr(node_type)))
    module = code.module if isinstance(code, Inline) else code
    return module.call([tuple(in_shape)], p)


def module_names(graph: Graph, analysis: Analysis) -> dict[str, str]:
    """Node id → submodule name, allocated exactly as the compiler allocates them."""
    names = Namespace()
    return {
        nid: names.create_name(nid)
        for nid in analysis.order
        if get_spec(graph.nodes[nid].type).role is None
    }


def class_name(name: str) -> str:
    """A CamelCase class name from a network's display name ("ResNet-18" → ResNet18)."""
    text = re.sub(r"\([^)]*\)", " ", name or "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", text)
    result = "".join(w[0].upper() + w[1:] for w in words)[:40] or "Network"
    if result[0].isdigit():
        result = "Net" + result
    taken = BASE_NAMES | set(definitions())
    if keyword.iskeyword(result) or result in taken or hasattr(builtins, result):
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
        needs = [n for nid in self.names for n in self._code(nid).needs]
        helpers = sources(list(dict.fromkeys(needs)))
        self._header(any("F" in d.uses for d in helpers))
        for helper in helpers:
            self._emit("", "", *helper.source.split("\n"))
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
            code = self._code(nid)
            if isinstance(code, Inline):
                continue
            comment = self._comment(nid, name)
            if comment:
                self._emit(comment)
            callee, args = code.call(self._input_shapes(nid), self._params(nid))
            self.line_map[nid] = self._emit(*call_lines(2, f"self.{name}", callee, args))
        self._emit("", f"{_TAB}def forward(self, x: torch.Tensor) -> torch.Tensor:")
        self._forward()

    def _code(self, nid: str):
        code = get_spec(self.graph.nodes[nid].type).code
        if code is None:
            kind = repr(self.graph.nodes[nid].type)
            raise ExportError(_("block type {type} can't be exported", type=kind))
        return code

    def _params(self, nid: str) -> dict:
        node = self.graph.nodes[nid]
        return get_spec(node.type).resolve(node.params)

    def _input_shapes(self, nid: str) -> list[tuple[int, ...]]:
        return [self.analysis.nodes[e.source].shape for e in self.graph.inputs_of(nid)]

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
            args = [var[e.source] for e in graph.inputs_of(nid)]
            for e in graph.inputs_of(nid):
                remaining[e.source] -= 1
            if nid not in self.names:  # the Output
                self.forward_map[nid] = self._emit(f"{_TAB * 2}return {args[0]}")
                continue
            name, code = self.names[nid], self._code(nid)
            inline = isinstance(code, Inline)
            own = local.create_name(name[:_LOCAL_MAX].rstrip("_") or name)
            x_free = holder is None or remaining[holder] == 0
            target = "x" if x_free and consumers[nid] == 1 else own
            if inline and target == "x" and code.too_long and code.too_long("x", args):
                target = own  # the long form reassigns its target while reading args
            if target == "x":
                holder = nid
            var[nid] = target
            if inline and self._comment(nid, name):
                self._emit(self._comment(nid, name))
            if inline:
                lines = code.lines(target, args, self._params(nid))
            else:
                lines = call_lines(2, target, f"self.{name}", args)
            self.forward_map[nid] = self._emit(*lines)


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
