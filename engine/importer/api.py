"""Import a PyTorch model as a Convas graph, with its weights (the API).

:func:`import_module` takes an ``nn.Module``, a ``torch.export`` program, a ``.py``
file (with the name of a module class or factory function in it) or a saved program
(``.pt2``). Files run code when loaded, so they are read only with ``trust=True``
(:mod:`engine.importer.sources`), which the command line and the window pass after the
user has confirmed the file is theirs.

The model is traced, each operation mapped to a block, composite blocks recognised
(:mod:`engine.importer.patterns`), the weights renamed to the compiled module's keys,
what was left out counted (:mod:`engine.importer.report`), and the result checked by
running both models on the same batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from engine.analysis import analyse
from engine.export.codegen import module_names
from engine.graph import Edge, Graph, Node
from engine.i18n import _
from engine.importer import patterns
from engine.importer.aten_front import from_program
from engine.importer.fx_front import TraceError, from_module
from engine.importer.fx_ops import line
from engine.importer.ir import IR
from engine.importer.report import Coverage, coverage, gap_lines, unused_note
from engine.importer.sources import ImportFailed, UntrustedFile, load
from engine.registry import OUTPUT_ROLE, type_with_role

__all__ = ["ImportFailed", "ImportResult", "UntrustedFile", "import_module"]

#: Heights/widths tried, in order, when no input shape is given or found.
GUESSED_SIZES = (224, 32, 28, 64, 8, 96, 128, 299, 256, 16)
#: Outputs that differ more than this (relative) are reported.
TOLERANCE = 1e-4


@dataclass
class ImportResult:
    """What an import produced.

    Attributes
    ----------
    graph
        The network, laid out; ids are the model's module paths.
    state_dict
        Its weights under the compiled module's keys (load with ``strict=True``).
    unmapped
        ``(name, reason)`` for every operation that has no Convas block.
    notes
        Other things the user should know (a guessed input shape, shared weights...).
    max_difference
        Max relative difference between the model's and the graph's outputs on one
        batch, or None when not checked (the graph has problems, or weights on "meta").
    coverage
        The model's parameters and the share the graph holds.
    """

    graph: Graph
    state_dict: dict[str, torch.Tensor]
    unmapped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    max_difference: float | None = None
    coverage: Coverage = field(default_factory=Coverage)

    @property
    def ok(self) -> bool:
        return not self.unmapped and analyse(self.graph).ok

    def gap_lines(self) -> list[str]:
        """What couldn't be mapped, grouped, with the share of parameters (empty if all)."""
        return gap_lines(self.unmapped, self.coverage) if self.unmapped else []


def import_module(
    obj_or_path: Any,
    name: str | None = None,
    example_input_shape: tuple[int, int, int] | None = None,
    *,
    trust: bool = False,
    verify: bool = True,
) -> ImportResult:
    """Import a module, a ``torch.export`` program, a ``.py`` file or a ``.pt2`` file.

    Parameters
    ----------
    obj_or_path
        The model, or a path to a ``.py`` file (with ``name``) or a ``.pt2`` program.
    name
        For a ``.py`` file: the nn.Module class (built with no arguments) or factory
        function to use; default ``build_model``, else the file's only module class.
        Otherwise the graph's name (default: the class name).
    example_input_shape
        ``(channels, height, width)`` of the input; default from the file's
        ``INPUT_SHAPE``, else guessed (with a note).
    trust
        Must be True for files: loading them runs their code.
    verify
        Run both models on one batch and report the difference.
    """
    source, graph_name, found_shape = load(obj_or_path, name, trust)
    shape = tuple(example_input_shape or found_shape or ()) or None
    notes: list[str] = []
    if isinstance(source, nn.Module):
        ir, example = _trace(source, shape, notes)
    else:
        ir, example = _program(source)
    ir.notes[:0] = notes
    merge_adds(ir)
    patterns.recognise(ir)
    graph, state = _build(ir, graph_name)
    cover = coverage(_parameters(source), ir)
    result = ImportResult(graph, state, list(ir.unmapped), list(ir.notes), coverage=cover)
    result.notes += [n for n in (unused_note(cover),) if n]
    _shared_weights(ir, result)
    if verify:
        _verify(source, example, result)
    return result


# --------------------------------------------------------------------------- tracing


def _device(module: nn.Module) -> torch.device:
    for tensor in [*module.parameters(), *module.buffers()]:
        return tensor.device
    return torch.device("cpu")


def _example(shape: tuple[int, ...], device: torch.device) -> torch.Tensor:
    gen = torch.Generator().manual_seed(0)
    return torch.randn((2, *shape), generator=gen).to(device)


def _trace(module: nn.Module, shape: tuple | None, notes: list[str]) -> tuple[IR, torch.Tensor]:
    device = _device(module)
    if shape is not None:
        example = _example(shape, device)
        try:
            return from_module(module, example), example
        except TraceError as exc:
            raise ImportFailed(str(exc)) from None
    channels = next((m.in_channels for m in module.modules() if isinstance(m, nn.Conv2d)), 3)
    first_error = None
    for size in GUESSED_SIZES:
        example = _example((channels, size, size), device)
        try:
            ir = from_module(module, example)
        except TraceError as exc:
            first_error = first_error or exc
            if not exc.ran:  # not a shape: no size will do
                break
            continue
        notes.append(
            _(
                "input shape guessed as {c}×{h}×{w}; give the real one if it differs",
                c=channels,
                h=size,
                w=size,
            )
        )
        return ir, example
    raise ImportFailed(
        _("{error} (give the input shape: channels, height, width)", error=first_error)
    )


def _program(program: Any) -> tuple[IR, torch.Tensor | None]:
    ir = from_program(program)
    if not ir.nodes or ir.nodes[next(iter(ir.nodes))].shape is None:
        raise ImportFailed(_("the program's input is not an image batch [N, C, H, W]"))
    shape = ir.nodes[next(iter(ir.nodes))].shape
    return ir, _example(shape, torch.device("cpu"))


def _parameters(source: Any) -> dict[str, int]:
    """Parameter path → size (a parameter shared under two names counted once)."""
    if isinstance(source, nn.Module):
        return {k: v.numel() for k, v in source.named_parameters()}
    return {k: v.numel() for k, v in source.named_parameters()}


def merge_adds(ir: IR) -> None:
    """``(a + b) + c`` → one Add of three inputs (same order, same rounding)."""
    changed = True
    while changed:
        changed = False
        consumers = ir.consumers()
        for node in ir.nodes.values():
            inner = ir.nodes.get(node.inputs[0]) if node.type == "Add" and node.inputs else None
            if (
                inner is not None
                and inner.type == "Add"
                and inner.scope == node.scope
                and consumers[inner.key] == [node.key]
            ):
                node.inputs = inner.inputs + node.inputs[1:]
                del ir.nodes[inner.key]
                changed = True
                break


# --------------------------------------------------------------------------- building


def _build(ir: IR, name: str) -> tuple[Graph, dict[str, torch.Tensor]]:
    nodes, edges = [], []
    for key, p in ir.nodes.items():
        params = dict(p.params)
        if p.type == "Input":
            c, h, w = p.shape
            params = {"channels": c, "height": h, "width": w}
        nodes.append(Node(key, p.type, params))
        edges += [Edge(src, key, port) for port, src in enumerate(p.inputs)]
    nodes.append(Node("output", type_with_role(OUTPUT_ROLE), {}))
    if ir.output is not None:
        edges.append(Edge(ir.output, "output", 0))
    graph = Graph(name, nodes, edges)
    _lay_out(graph)
    names = module_names(graph, analyse(graph))
    state = {}
    for key, p in ir.nodes.items():
        for tensor_name, tensor in p.tensors.items():
            if key in names:
                state[f"{names[key]}.{tensor_name}"] = tensor
    return graph, state


def _lay_out(graph: Graph) -> None:
    from engine.layout import layered_layout

    for nid, pos in layered_layout(graph).items():
        graph.nodes[nid].position = (round(pos[0], 1), round(pos[1], 1))


def _shared_weights(ir: IR, result: ImportResult) -> None:
    owners: dict[int, list[str]] = {}
    for key, p in ir.nodes.items():
        weight = p.tensors.get("weight")
        if isinstance(weight, torch.Tensor) and weight.device.type != "meta":
            owners.setdefault(id(weight), []).append(key)
    for keys in owners.values():
        if len(keys) > 1:
            result.notes.append(
                _(
                    "{names} share one layer's weights; Convas gives each its own copy",
                    names=", ".join(keys),
                )
            )


def _verify(source: Any, example: torch.Tensor | None, result: ImportResult) -> None:
    """Run the model and the imported graph on ``example``; record the difference."""
    from engine.compiler import compile_model

    if example is None or example.device.type == "meta" or not analyse(result.graph).ok:
        return
    try:
        compiled = compile_model(result.graph).module.eval()
        compiled.load_state_dict(result.state_dict, strict=True)
    except Exception as exc:
        result.notes.append(_("the imported weights don't load: {error}", error=line(exc)))
        return
    try:
        expected = _run_source(source, example)
        with torch.no_grad():
            got = compiled(example.cpu())
    except Exception as exc:
        result.notes.append(_("couldn't compare outputs: {error}", error=line(exc)))
        return
    if expected.shape != got.shape:
        result.notes.append(
            _(
                "the graph's output shape {got} differs from the model's {expected}",
                got=tuple(got.shape),
                expected=tuple(expected.shape),
            )
        )
        return
    diff = float((got - expected).abs().max() / max(float(expected.abs().max()), 1e-6))
    result.max_difference = diff
    if diff > TOLERANCE:
        result.notes.append(
            _(
                "the graph computes different outputs (max relative difference {diff})",
                diff=f"{diff:.2e}",
            )
        )


def _run_source(source: Any, example: torch.Tensor) -> torch.Tensor:
    """The source's output in eval mode (a program was exported in eval mode already)."""
    if isinstance(source, nn.Module):
        was_training = source.training
        source.eval()
        try:
            with torch.no_grad():
                out = source(example)
        finally:
            source.train(was_training)
    else:
        with torch.no_grad():
            out = source.module()(example)
    if isinstance(out, (tuple, list)):
        out = out[0]
    return out.detach().float().cpu()
