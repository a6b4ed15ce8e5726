"""From an ``nn.Module`` to the import's intermediate graph, with torch.fx.

The model is traced symbolically with torch.nn layers as leaves (and Convas's own
``Add``/``Concat``/``Mul``, and stochastic depth whatever its origin), shapes come from
one forward pass of an example batch (:func:`propagate`: a failure is one line with the
cause, never a traceback), and each operation becomes a block or an entry in the
unmapped list (:mod:`engine.importer.fx_ops` maps them). Module scopes are kept so that
composite blocks can be recognised afterwards, and every tensor keeps its path in the
model so weights can be renamed.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import fx, nn

from engine.i18n import _
from engine.importer import layers
from engine.importer.fx_ops import DEAD, NHWC, Ops, Unmapped, line
from engine.importer.ir import IR, PNode
from engine.nets import basic


class TraceError(Exception):
    """The model can't be traced (data-dependent control flow, ...: ``ran`` False) or
    its forward pass fails on the example batch (``ran`` True: another size may do)."""

    def __init__(self, message: str, ran: bool):
        super().__init__(message)
        self.ran = ran


class _Tracer(fx.Tracer):
    def is_leaf_module(self, m: nn.Module, qualname: str) -> bool:
        if isinstance(m, (basic.Add, basic.Concat, basic.Mul)):
            return True
        if type(m).__name__ in layers.FOREIGN_LEAVES:
            return True
        return super().is_leaf_module(m, qualname)


def from_module(module: nn.Module, example: torch.Tensor) -> IR:
    """Trace ``module`` (in eval mode) and convert it; raises :class:`TraceError`."""
    was_training = module.training
    module.eval()
    try:
        tracer = _Tracer()
        try:
            graph = tracer.trace(module)
        except Exception as exc:
            message = _("torch.fx can't trace it: {error}", error=line(exc))
            raise TraceError(message, ran=False) from None
        gm = fx.GraphModule(tracer.root, graph)
        propagate(gm, example)
        return _Converter(gm).run()
    finally:
        module.train(was_training)


class _Shapes(fx.Interpreter):
    """Runs the traced graph once, recording each value's shape in ``meta["convas"]``."""

    def run_node(self, n: fx.Node) -> Any:
        try:
            result = super().run_node(n)
        except Exception as exc:
            where = n.target if n.op == "call_module" else n.name
            raise TraceError(
                _(
                    "a forward pass of a {shape} batch fails at {where}: {error}",
                    shape=tuple(self.args_example),
                    where=where,
                    error=line(exc),
                ),
                ran=True,
            ) from None
        n.meta["convas"] = _shapes(result)
        return result


def _shapes(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return tuple(value.shape)
    if (
        isinstance(value, (tuple, list))
        and value
        and all(isinstance(v, torch.Tensor) for v in value)
    ):
        return [tuple(v.shape) for v in value]
    return None


def propagate(gm: fx.GraphModule, example: torch.Tensor) -> None:
    """Record every value's shape for ``example``; :class:`TraceError` names the cause."""
    shapes = _Shapes(gm)
    shapes.extra_traceback = False  # the cause in one line, not the graph's listing
    shapes.args_example = example.shape
    with torch.no_grad():
        shapes.run(example)


class _Converter(Ops):
    """Visits the traced graph in order, turning each operation into blocks."""

    def __init__(self, gm: fx.GraphModule):
        super().__init__(gm, IR())
        self.inputs = 0

    def run(self) -> IR:
        for node in self.gm.graph.nodes:
            self.values[node] = self._visit(node)
        self.ir.touched |= self.touched
        return self.ir

    def _visit(self, node: fx.Node) -> Any:
        if node.op == "placeholder":
            return self._placeholder(node)
        if node.op == "get_attr":
            self.touched.add(node.target)
            return ("const", node.target)
        if node.op == "output":
            self._output(node)
            return None
        try:
            return self.operation(node)
        except Unmapped as exc:
            self.ir.unmap(exc.name, exc.reason)
            return DEAD

    def _placeholder(self, node: fx.Node) -> Any:
        self.inputs += 1
        if self.inputs > 1:
            self.ir.unmap(node.name, _("a second input: Convas networks take one image batch"))
            return DEAD
        shape = node.meta.get("convas")
        return self.ir.add(PNode("input", "Input", shape=shape[1:] if shape else None))

    def _output(self, node: fx.Node) -> None:
        result = node.args[0]
        if isinstance(result, (tuple, list)):
            if len(result) > 1:
                self.ir.notes.append(
                    _(
                        "the model returns {n} values; only the first is imported",
                        n=len(result),
                    )
                )
            result = result[0] if result else None
        value = self.values.get(result) if isinstance(result, fx.Node) else None
        if isinstance(value, NHWC):
            value = None
        if isinstance(value, str):
            self.ir.output = value
        else:
            self.ir.unmap("output", _("the model's output isn't a tensor Convas can compute"))
