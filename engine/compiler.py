"""Compile a graph into a ``torch.nn.Module`` with torch.fx.

The compiled module is an ``fx.GraphModule`` whose generated ``forward`` calls one
submodule per node, named from the node's id through :class:`engine.naming.Namespace`.
Its parameters and output shapes equal what :func:`engine.analysis.analyse` reports.
The compiler is a pure function: it validates first and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import fx, nn

from engine.analysis import Analysis, Problem, analyse
from engine.graph import Graph
from engine.naming import Namespace, identifier
from engine.registry import INPUT_ROLE, OUTPUT_ROLE, get_spec


class CompileError(Exception):
    """The graph has problems; ``problems`` lists them, each with its node."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0]
        where = f"node {first.node!r}: " if first.node else ""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{where}{first.message}{more}")


@dataclass(frozen=True)
class CompiledModel:
    """A compiled network and how its nodes map to submodules."""

    module: fx.GraphModule
    #: node id → submodule name (every node but Input and Output)
    module_names: dict[str, str]
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]


def compile_graph(graph: Graph, analysis: Analysis | None = None) -> fx.GraphModule:
    """The graph as an ``nn.Module`` taking a batch ``[N, C, H, W]``; raises CompileError."""
    return compile_model(graph, analysis).module


def compile_model(graph: Graph, analysis: Analysis | None = None) -> CompiledModel:
    """Compile and also return the node → submodule map (for hooks and viewers)."""
    analysis = analysis or analyse(graph)
    if not analysis.ok:
        raise CompileError(analysis.problems)
    names = Namespace()
    root = nn.Module()
    fx_graph = fx.Graph()
    values: dict[str, fx.Node] = {}
    module_names: dict[str, str] = {}
    for nid in analysis.order:
        node = graph.nodes[nid]
        spec = get_spec(node.type)
        sources = [e.source for e in graph.inputs_of(nid)]
        if spec.role == INPUT_ROLE:
            values[nid] = fx_graph.placeholder("x")
            continue
        if spec.role == OUTPUT_ROLE:
            fx_graph.output(values[sources[0]])
            continue
        name = names.create_name(nid)
        shapes = [analysis.nodes[s].shape for s in sources]
        root.add_module(name, spec.build(shapes, spec.resolve(node.params)))
        values[nid] = fx_graph.call_module(name, tuple(values[s] for s in sources))
        module_names[nid] = name
    class_name = "".join(w.capitalize() for w in identifier(graph.name or "network").split("_"))
    module = fx.GraphModule(root, fx_graph, class_name=class_name or "Network")
    return CompiledModel(
        module, module_names, analysis.nodes[analysis.input_id].shape, analysis.output_shape
    )


def count_parameters(module: nn.Module) -> int:
    """Learnable parameters, counted as the spec does: ``sum(p.numel())``."""
    return sum(p.numel() for p in module.parameters())


def example_input(shape: tuple[int, ...], batch: int = 2, seed: int = 0) -> torch.Tensor:
    """A reproducible random batch for an Input shape."""
    gen = torch.Generator().manual_seed(seed)
    return torch.randn((batch, *shape), generator=gen)
