"""From an ``nn.Module`` to the import's intermediate graph, with torch.fx.

The model is traced symbolically with torch.nn layers as leaves (and Convas's own
``Add``/``Concat``), shapes come from one forward pass of an example batch, and each
operation becomes a block or an entry in the unmapped list. Module scopes are kept so
that composite blocks can be recognised afterwards.
"""

from __future__ import annotations

import operator
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx, nn
from torch.fx.passes.shape_prop import ShapeProp, TensorMetadata

from engine import modules as convas_modules
from engine.importer import layers
from engine.importer.ir import IR, PNode

ADD = {operator.add, operator.iadd, torch.add}
CAT = {torch.cat, torch.concat, torch.concatenate}
ACTIVATIONS = {
    F.relu: "ReLU",
    torch.relu: "ReLU",
    torch.relu_: "ReLU",
    F.relu_: "ReLU",
    torch.tanh: "Tanh",
    torch.sigmoid: "Sigmoid",
    F.silu: "SiLU",
}
METHOD_ACTIVATIONS = {"relu": "ReLU", "relu_": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}
ALIAS_METHODS = {"contiguous", "clone", "detach"}
RESHAPES = {"view", "reshape", "flatten"}


class TraceError(Exception):
    """The model can't be traced symbolically (data-dependent control flow, ...)."""


class _Tracer(fx.Tracer):
    def is_leaf_module(self, m: nn.Module, qualname: str) -> bool:
        if isinstance(m, (convas_modules.Add, convas_modules.Concat)):
            return True
        return super().is_leaf_module(m, qualname)


class _Dead:
    """A value that has no block (the reason is already in the unmapped list)."""


DEAD = _Dead()


def from_module(module: nn.Module, example: torch.Tensor) -> IR:
    """Trace ``module`` (in eval mode) and convert it; raises :class:`TraceError`."""
    was_training = module.training
    module.eval()
    try:
        tracer = _Tracer()
        try:
            graph = tracer.trace(module)
        except Exception as exc:
            raise TraceError(f"torch.fx can't trace it: {_line(exc)}") from None
        gm = fx.GraphModule(tracer.root, graph)
        try:
            with torch.no_grad():
                ShapeProp(gm).propagate(example)
        except Exception as exc:
            raise TraceError(
                f"a forward pass of a {tuple(example.shape)} batch fails: {_line(exc)}"
            ) from None
        return _Converter(gm).run()
    finally:
        module.train(was_training)


def _line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:300]


def _shape(node: fx.Node) -> tuple[int, ...] | None:
    meta = node.meta.get("tensor_meta")
    return tuple(meta.shape[1:]) if isinstance(meta, TensorMetadata) else None


def _arg(node: fx.Node, index: int, name: str, default: Any = None) -> Any:
    if name in node.kwargs:
        return node.kwargs[name]
    return node.args[index] if len(node.args) > index else default


class _Converter:
    def __init__(self, gm: fx.GraphModule):
        self.gm = gm
        self.ir = IR()
        self.values: dict[fx.Node, Any] = {}
        self.inputs = 0

    def run(self) -> IR:
        for node in self.gm.graph.nodes:
            self.values[node] = self._visit(node)
        return self.ir

    # ------------------------------------------------------------------ nodes
    def _visit(self, node: fx.Node) -> Any:
        if node.op == "placeholder":
            self.inputs += 1
            if self.inputs > 1:
                self.ir.unmap(node.name, "a second input: Convas networks take one image batch")
                return DEAD
            return self.ir.add(PNode("input", "Input", shape=_shape(node), origin="input"))
        if node.op == "get_attr":
            return ("const", node.target)
        if node.op == "output":
            self._output(node)
            return None
        if _shape(node) is None:
            return ("value", node)  # sizes, shapes: only reshapes read them
        try:
            return self._operation(node)
        except _Unmapped as exc:
            self.ir.unmap(exc.name, exc.reason)
            return DEAD

    def _output(self, node: fx.Node) -> None:
        result = node.args[0]
        if isinstance(result, (tuple, list)):
            if len(result) > 1:
                self.ir.notes.append(
                    f"the model returns {len(result)} values; only the first is imported"
                )
            result = result[0] if result else None
        value = self.values.get(result) if isinstance(result, fx.Node) else None
        if isinstance(value, str):
            self.ir.output = value
        else:
            self.ir.unmap("output", "the model's output isn't a tensor Convas can compute")

    def _operation(self, node: fx.Node) -> Any:
        if node.op == "call_module":
            return self._module(node)
        if node.op == "call_method":
            return self._method(node)
        return self._function(node)

    # ------------------------------------------------------------------ helpers
    def _tensor(self, node: fx.Node, arg: Any) -> str | None:
        """The key of a tensor argument; None if it has no block (its edge is left out)."""
        if not isinstance(arg, fx.Node):
            raise _Unmapped(
                self._name(node), "an operation on a constant, not on a tensor Convas computes"
            )
        value = self.values.get(arg)
        if isinstance(value, str):
            return value
        if isinstance(value, tuple) and value[0] == "const":
            raise _Unmapped(
                self._name(node),
                f"uses the stored tensor {value[1]!r} (Convas blocks take only their inputs)",
            )
        return None

    def _block(self, node: fx.Node, block, sources: list[Any], tensors=None) -> Any:
        if block is None:  # a pass-through
            return self.values.get(sources[0]) if isinstance(sources[0], fx.Node) else DEAD
        if isinstance(block, str):
            raise _Unmapped(self._name(node), block)
        type_name, params = block
        keys = [self._tensor(node, s) for s in sources]
        stack = node.meta.get("nn_module_stack") or {}
        scope = [path for path, _ in stack.values()]
        for path, cls in stack.values():
            self.ir.scope_types.setdefault(path, getattr(cls, "__name__", str(cls)))
        if node.op == "call_module" and scope and scope[-1] == node.target:
            scope = scope[:-1]
        base = node.target if node.op == "call_module" else node.name
        return self.ir.add(
            PNode(
                str(base),
                type_name,
                params,
                [k for k in keys if k is not None],
                dict(tensors or {}),
                tuple(scope),
                _shape(node),
                self._name(node),
            )
        )

    def _name(self, node: fx.Node) -> str:
        if node.op == "call_module":
            return str(node.target)
        target = (
            node.target
            if isinstance(node.target, str)
            else getattr(node.target, "__name__", str(node.target))
        )
        return f"{node.name} ({target})"

    # ------------------------------------------------------------------ kinds
    def _module(self, node: fx.Node) -> Any:
        m = self.gm.get_submodule(str(node.target))
        if isinstance(m, convas_modules.Add):
            return self._block(node, ("Add", {}), list(node.args))
        if isinstance(m, convas_modules.Concat):
            return self._block(node, ("Concat", {}), list(node.args))
        block = layers.from_module(m)
        tensors = {k: v.detach() for k, v in m.state_dict().items()} if block else {}
        return self._block(node, block, [node.args[0]], tensors)

    def _function(self, node: fx.Node) -> Any:
        f = node.target
        x = node.args[0] if node.args else None
        if f in ADD:
            return self._add(node, list(node.args[:2]), node.kwargs.get("alpha", 1))
        if f in CAT:
            return self._cat(node, _arg(node, 0, "tensors"), _arg(node, 1, "dim", 0))
        if f in ACTIVATIONS:
            return self._block(node, (ACTIVATIONS[f], {}), [x])
        if f is torch.flatten:
            return self._reshape(node, x)
        return self._block(node, self._functional(node), [x])

    def _functional(self, node: fx.Node):
        f = node.target
        if f is F.leaky_relu:
            return layers.leaky_relu(_arg(node, 1, "negative_slope", 0.01))
        if f is F.gelu:
            return layers.gelu(_arg(node, 1, "approximate", "none"))
        if f is F.dropout:
            return layers.dropout(_arg(node, 1, "p", 0.5))
        if f is F.max_pool2d:
            if _arg(node, 6, "return_indices", False):
                return "max pooling that returns indices"
            return layers.pool(
                "MaxPool2d",
                _arg(node, 1, "kernel_size"),
                _arg(node, 2, "stride"),
                _arg(node, 3, "padding", 0),
                _arg(node, 5, "ceil_mode", False),
                _arg(node, 4, "dilation", 1),
            )
        if f is F.avg_pool2d:
            return layers.pool(
                "AvgPool2d",
                _arg(node, 1, "kernel_size"),
                _arg(node, 2, "stride"),
                _arg(node, 3, "padding", 0),
                _arg(node, 4, "ceil_mode", False),
                1,
                _arg(node, 5, "count_include_pad", True),
                _arg(node, 6, "divisor_override"),
            )
        if f is F.adaptive_avg_pool2d:
            return layers.adaptive_avg(_arg(node, 1, "output_size"))
        name = getattr(f, "__name__", str(f))
        return f"{name} has no Convas block"

    def _method(self, node: fx.Node) -> Any:
        name, x = node.target, node.args[0]
        if name in ("add", "add_", "__add__", "__iadd__"):
            return self._add(node, list(node.args[:2]), node.kwargs.get("alpha", 1))
        if name in METHOD_ACTIVATIONS:
            return self._block(node, (METHOD_ACTIVATIONS[name], {}), [x])
        if name in ALIAS_METHODS:
            return self._block(node, None, [x])
        if name in RESHAPES:
            return self._reshape(node, x)
        return self._block(node, f"the tensor method .{name}() has no Convas block", [x])

    def _add(self, node: fx.Node, operands: list[Any], alpha: Any) -> Any:
        if alpha != 1 or not all(isinstance(a, fx.Node) and _shape(a) for a in operands):
            return self._block(
                node, "adds a constant or a scaled tensor: Convas's Add sums tensors", operands[:1]
            )
        return self._block(node, ("Add", {}), operands)

    def _cat(self, node: fx.Node, tensors: Any, dim: int) -> Any:
        tensors = list(tensors or [])
        shape = _shape(node)
        rank = len(shape) + 1 if shape is not None else 0
        if rank not in (2, 4) or dim % rank != 1:
            return self._block(
                node,
                f"concatenation on dimension {dim}: Convas joins "
                "channels or features (dimension 1)",
                tensors[:1],
            )
        if len(tensors) == 1:
            return self._block(node, None, tensors)
        return self._block(node, ("Concat", {}), tensors)

    def _reshape(self, node: fx.Node, x: Any) -> Any:
        if not isinstance(x, fx.Node):
            return self._block(node, "a reshape of a constant", [x])
        in_shape, out_shape = _shape(x), _shape(node)
        if in_shape == out_shape:
            return self._block(node, None, [x])
        if layers.is_flatten(in_shape, out_shape):
            return self._block(node, ("Flatten", {}), [x])
        return self._block(
            node,
            f"reshape to {list(out_shape or ())}: Convas only flattens [C, H, W] to [C*H*W]",
            [x],
        )


class _Unmapped(Exception):
    def __init__(self, name: str, reason: str):
        super().__init__(reason)
        self.name, self.reason = name, reason
