"""How each operation of a traced model becomes blocks (the torch.fx front end's table).

Besides plain tensors (a block's key), a value may be channels-last (:class:`NHWC`, after
``permute(0, 2, 3, 1)``: layer norm, linear layers and activations then work on the
channels, as in ConvNeXt), channels split into groups (:class:`Grouped`, the reshape
and transpose of a channel shuffle), or the parts of a channel split (:class:`Chunks`).
Those are read back as blocks when the pattern completes (``permute(0, 3, 1, 2)``, the
reshape back, indexing a part); anything else done to them is reported as unmapped.
"""

from __future__ import annotations

import operator
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx

from engine.i18n import _
from engine.importer import layers
from engine.importer.fx_stored import StoredOps
from engine.importer.fx_values import DEAD, NHWC, Chunks, Dead, Grouped, Unmapped, arg, dims, line
from engine.importer.ir import IR, PNode
from engine.nets import basic

__all__ = ["DEAD", "NHWC", "Ops", "Unmapped", "line"]

ADD = {operator.add, operator.iadd, torch.add}
CAT = {torch.cat, torch.concat, torch.concatenate}
MUL = {operator.mul, operator.imul, torch.mul}
ACTIVATIONS = {
    F.relu: "ReLU",
    torch.relu: "ReLU",
    torch.relu_: "ReLU",
    F.relu_: "ReLU",
    torch.tanh: "Tanh",
    F.tanh: "Tanh",
    torch.sigmoid: "Sigmoid",
    F.sigmoid: "Sigmoid",
    F.silu: "SiLU",
    F.relu6: "ReLU6",
    F.hardswish: "Hardswish",
    F.hardsigmoid: "Hardsigmoid",
}
METHOD_ACTIVATIONS = {
    "relu": "ReLU",
    "relu_": "ReLU",
    "tanh": "Tanh",
    "sigmoid": "Sigmoid",
    "sigmoid_": "Sigmoid",
}
ALIAS_METHODS = {"contiguous", "clone", "detach"}
RESHAPE_METHODS = {"view", "reshape", "flatten", "unflatten"}
RESHAPE_FUNCTIONS = {torch.flatten, torch.reshape, torch.unflatten}


class Ops(StoredOps):
    """The mapping of operations, shared state: the graph module, the IR, the values."""

    def __init__(self, gm: fx.GraphModule, ir: IR):
        self.gm, self.ir = gm, ir
        self.values: dict[fx.Node, Any] = {}
        self.touched: set[str] = set()
        self._table = self._functions()

    # ------------------------------------------------------------------ dispatch
    def operation(self, node: fx.Node) -> Any:
        meta = node.meta.get("convas")
        if meta is None:
            return ("value", node)  # sizes, shapes: only reshapes read them
        if node.op == "call_module":
            return self._module(node)
        if node.op == "call_method":
            return self._method(node)
        return self._function(node)

    def _module(self, node: fx.Node) -> Any:
        m = self.gm.get_submodule(str(node.target))
        self.touched |= {f"{node.target}.{k}" for k, _v in m.named_parameters()}
        for merge, type_name in ((basic.Add, "Add"), (basic.Concat, "Concat")):
            if isinstance(m, merge):
                return self.emit(node, (type_name, {}), list(node.args))
        if isinstance(m, basic.Mul):
            return self._mul(node, list(node.args))
        x = node.args[0]
        if isinstance(self.values.get(x), NHWC):
            block, tensors = layers.channels_last(m, self._shape(x)[-1])
        else:
            block = layers.from_module(m)
            tensors = {k: v.detach() for k, v in m.state_dict().items()}
        paths = {k: f"{node.target}.{k}" for k in tensors}
        return self.emit(node, block, [x], tensors if block else {}, paths)

    def _function(self, node: fx.Node) -> Any:
        f, args = node.target, node.args
        x = args[0] if args else None
        handler = self._table.get(f)
        if handler is not None:
            return handler(node)
        if f in ACTIVATIONS:
            return self.emit(node, (ACTIVATIONS[f], {}), [x])
        if f in RESHAPE_FUNCTIONS:
            return self._reshape(node, x)
        if getattr(f, "__name__", "") == "stochastic_depth":  # torchvision.ops
            return self.emit(node, layers.stochastic_depth(args[1], arg(node, 2, "mode")), [x])
        return self.emit(node, self._functional(node), [x])

    def _functions(self) -> dict:
        table = {f: lambda n: self._add(n, list(n.args[:2]), n.kwargs.get("alpha", 1)) for f in ADD}
        table |= {f: lambda n: self._cat(n, arg(n, 0, "tensors"), arg(n, 1, "dim", 0)) for f in CAT}
        table |= {f: lambda n: self._mul(n, list(n.args[:2])) for f in MUL}
        table[operator.getitem] = self._getitem
        table[torch.permute] = lambda n: self._permute(n, n.args[0], dims(n))
        table[torch.transpose] = lambda n: self._transpose(n, n.args[0], n.args[1:3])
        table[torch.chunk] = lambda n: self._chunk(n, n.args[0], n.args[1], arg(n, 2, "dim", 0))
        table[torch.split] = lambda n: self._split(n, n.args[0], arg(n, 2, "dim", 0))
        table[torch.mean] = lambda n: self._mean(n, n.args[0])
        table[F.batch_norm] = self._batch_norm
        table[F.layer_norm] = self._layer_norm
        table[F.linear] = self._linear
        return table

    def _method(self, node: fx.Node) -> Any:
        name, x = node.target, node.args[0]
        if name in ("add", "add_", "__add__", "__iadd__"):
            return self._add(node, list(node.args[:2]), node.kwargs.get("alpha", 1))
        if name in ("mul", "mul_", "__mul__", "__imul__"):
            return self._mul(node, list(node.args[:2]))
        if name in METHOD_ACTIVATIONS:
            return self.emit(node, (METHOD_ACTIVATIONS[name], {}), [x])
        if name in ALIAS_METHODS:
            value = self.values.get(x) if isinstance(x, fx.Node) else None
            if isinstance(value, (NHWC, Grouped, Chunks)):
                return value
            return self.emit(node, None, [x])
        if name in RESHAPE_METHODS:
            return self._reshape(node, x)
        if name == "permute":
            return self._permute(node, x, dims(node))
        if name == "transpose":
            return self._transpose(node, x, node.args[1:3])
        if name == "chunk":
            return self._chunk(node, x, node.args[1], arg(node, 2, "dim", 0))
        if name == "split":
            return self._split(node, x, arg(node, 2, "dim", 0))
        if name == "mean":
            return self._mean(node, x)
        reason = _("the tensor method .{name}() has no Convas block", name=name)
        raise Unmapped(self.name(node), reason)

    # ------------------------------------------------------------------ emitting
    def emit(self, node, block, sources, tensors=None, paths=None, *, key=None, shape=None):
        """The block for ``node`` fed by ``sources``; None passes the first through."""
        values = [self._input(node, s) for s in sources]
        if block is None:
            return values[0] if values else DEAD
        if isinstance(block, str):
            raise Unmapped(self.name(node), block)
        nhwc = any(isinstance(v, NHWC) for v in values)
        if nhwc and len(values) != 1:
            raise Unmapped(self.name(node), _("combines channels-last tensors"))
        keys = [v.key if isinstance(v, NHWC) else v for v in values]
        type_name, params = block
        out = shape if shape is not None else self._shape(node)
        if nhwc and out is not None:
            out = (out[-1], *out[:-1])
        new = self.ir.add(
            PNode(
                key or self._key(node),
                type_name,
                params,
                [k for k in keys if isinstance(k, str)],
                dict(tensors or {}),
                self._scope(node),
                out,
                self.name(node),
                dict(paths or {}),
            )
        )
        return NHWC(new) if nhwc else new

    def _input(self, node: fx.Node, source: Any) -> Any:
        """The value of a tensor argument (an fx node, or a block's key): a key, NHWC, or
        DEAD (the edge is left out)."""
        if isinstance(source, str):
            return source
        if not isinstance(source, fx.Node):
            raise Unmapped(
                self.name(node), _("an operation on a constant, not on a tensor Convas computes")
            )
        value = self.values.get(source)
        if isinstance(value, tuple) and value and value[0] == "const":
            raise Unmapped(
                self.name(node),
                _(
                    "uses the stored tensor {name} (Convas blocks take only their inputs)",
                    name=value[1],
                ),
            )
        if isinstance(value, (str, NHWC)):
            return value
        if isinstance(value, (Grouped, Chunks)):
            raise Unmapped(self.name(node), _("uses channels split by a reshape"))
        return DEAD

    def _scope(self, node: fx.Node) -> tuple[str, ...]:
        stack = node.meta.get("nn_module_stack") or {}
        scope = [path for path, _cls in stack.values()]
        for path, cls in stack.values():
            self.ir.scope_types.setdefault(path, getattr(cls, "__name__", str(cls)))
        if node.op == "call_module" and scope and scope[-1] == node.target:
            scope = scope[:-1]
        return tuple(scope)

    def _key(self, node: fx.Node) -> str:
        """The module's path; an operation's name inside the module that calls it."""
        if node.op == "call_module":
            return str(node.target)
        scope = self._scope(node)
        return f"{scope[-1]}.{node.name}" if scope else node.name

    def name(self, node: fx.Node) -> str:
        if node.op == "call_module":
            return str(node.target)
        target = getattr(node.target, "__name__", node.target)
        return f"{node.name} ({target})"

    def _shape(self, node: Any) -> tuple[int, ...] | None:
        meta = node.meta.get("convas") if isinstance(node, fx.Node) else None
        return tuple(meta[1:]) if isinstance(meta, tuple) else None

    # ------------------------------------------------------------------ operations
    def _functional(self, node: fx.Node):
        f = node.target
        if f is F.leaky_relu:
            return layers.leaky_relu(arg(node, 1, "negative_slope", 0.01))
        if f is F.hardtanh:
            return layers.hardtanh(arg(node, 1, "min_val", -1.0), arg(node, 2, "max_val", 1.0))
        if f is F.gelu:
            return layers.gelu(arg(node, 1, "approximate", "none"))
        if f is F.dropout:
            return layers.dropout(arg(node, 1, "p", 0.5))
        if f is F.max_pool2d:
            if arg(node, 6, "return_indices", False):
                return _("max pooling that returns indices")
            return layers.pool(
                "MaxPool2d",
                arg(node, 1, "kernel_size"),
                arg(node, 2, "stride"),
                arg(node, 3, "padding", 0),
                arg(node, 5, "ceil_mode", False),
                arg(node, 4, "dilation", 1),
            )
        if f is F.avg_pool2d:
            return layers.pool(
                "AvgPool2d",
                arg(node, 1, "kernel_size"),
                arg(node, 2, "stride"),
                arg(node, 3, "padding", 0),
                arg(node, 4, "ceil_mode", False),
                1,
                arg(node, 5, "count_include_pad", True),
                arg(node, 6, "divisor_override"),
            )
        if f is F.adaptive_avg_pool2d:
            return layers.adaptive_avg(arg(node, 1, "output_size"))
        return _("{name} has no Convas block", name=getattr(f, "__name__", str(f)))

    def _add(self, node: fx.Node, operands: list[Any], alpha: Any) -> Any:
        if alpha != 1 or not all(isinstance(a, fx.Node) and self._shape(a) for a in operands):
            reason = _("adds a constant or a scaled tensor: Convas's Add sums tensors")
            return self.emit(node, reason, operands[:1])
        return self.emit(node, ("Add", {}), operands)

    def _mul(self, node: fx.Node, operands: list[Any]) -> Any:
        values = [self.values.get(a) if isinstance(a, fx.Node) else None for a in operands]
        stored = [isinstance(v, tuple) and v and v[0] == "const" for v in values]
        if len(operands) == 2 and any(stored) and not all(stored):
            return self._layer_scale(
                node, operands[stored.index(False)], values[stored.index(True)]
            )
        if not all(isinstance(a, fx.Node) and self._shape(a) for a in operands):
            reason = _("multiplies by a constant: Convas's Mul multiplies tensors")
            return self.emit(node, reason, [a for a in operands if isinstance(a, fx.Node)][:1])
        shapes = [self._shape(a) for a in operands]
        out = self._shape(node)
        for shape in shapes:
            gate = len(shape) == 3 == len(out) and shape[0] == out[0] and shape[1:] == (1, 1)
            if shape != out and not gate:
                reason = _(
                    "a product that broadcasts {shape}: Mul scales whole channels only",
                    shape=list(shape),
                )
                return self.emit(node, reason, operands[:1])
        return self.emit(node, ("Mul", {}), operands)

    def _cat(self, node: fx.Node, tensors: Any, dim: int) -> Any:
        tensors = list(tensors or [])
        shape = self._shape(node)
        rank = len(shape) + 1 if shape is not None else 0
        if rank not in (2, 4) or dim % rank != 1:
            reason = _(
                "concatenation on dimension {dim}: Convas joins channels or features (dimension 1)",
                dim=dim,
            )
            return self.emit(node, reason, tensors[:1])
        if len(tensors) == 1:
            return self.emit(node, None, tensors)
        return self.emit(node, ("Concat", {}), tensors)

    def _reshape(self, node: fx.Node, x: Any) -> Any:
        value = self.values.get(x) if isinstance(x, fx.Node) else None
        out = self._shape(node)
        if isinstance(value, Grouped):
            if out == self.ir.nodes[value.key].shape:
                block = ("ChannelShuffle", {"groups": value.groups}) if value.swapped else None
                return self.emit(node, block, [value.key], shape=out) if block else value.key
            raise Unmapped(self.name(node), _("a reshape of channels split into groups"))
        if not isinstance(value, (str, Dead)):
            return self.emit(node, _("a reshape of a constant"), [x])
        source = self._shape(x)
        if source == out:
            return self.emit(node, None, [x])
        if layers.is_flatten(source, out):
            return self.emit(node, ("Flatten", {}), [x])
        if len(source) == 3 and len(out) == 4 and out[0] * out[1] == source[0]:
            if out[2:] == source[1:]:
                return Grouped(value, out[0], False)
        reason = _(
            "reshape to {shape}: Convas only flattens [C, H, W] to [C*H*W]",
            shape=list(out or ()),
        )
        return self.emit(node, reason, [x])

    def _permute(self, node: fx.Node, x: Any, dims: list[int]) -> Any:
        value = self.values.get(x) if isinstance(x, fx.Node) else None
        rank = len(dims)
        dims = tuple(d % rank for d in dims)
        if isinstance(value, str) and dims == (0, 2, 3, 1):
            return NHWC(value)
        if isinstance(value, NHWC) and dims == (0, 3, 1, 2):
            return value.key
        if isinstance(value, Grouped) and dims == (0, 2, 1, 3, 4):
            return value._replace(swapped=not value.swapped)
        if isinstance(value, str) and dims == tuple(range(rank)):
            return value
        reason = _("permute{dims}: Convas moves channels last and back only", dims=dims)
        raise Unmapped(self.name(node), reason)

    def _transpose(self, node: fx.Node, x: Any, dims: Any) -> Any:
        value = self.values.get(x) if isinstance(x, fx.Node) else None
        if isinstance(value, Grouped) and sorted(d % 5 for d in dims) == [1, 2]:
            return value._replace(swapped=not value.swapped)
        raise Unmapped(self.name(node), _("a transpose: Convas transposes only in a shuffle"))

    def _chunk(self, node: fx.Node, x: Any, chunks: int, dim: int) -> Any:
        value = self.values.get(x) if isinstance(x, fx.Node) else None
        if isinstance(value, str) and len(self._shape(x) or ()) == 3 and dim % 4 == 1:
            return Chunks(value, int(chunks))
        raise Unmapped(self.name(node), _("a split that isn't on the channels"))

    def _split(self, node: fx.Node, x: Any, dim: int) -> Any:
        parts = node.meta.get("convas") or []
        found = self._chunk(node, x, len(parts), dim)
        size = -(-self._shape(x)[0] // len(parts))
        expected = [min(size, self._shape(x)[0] - i * size) for i in range(len(parts))]
        if [p[1] for p in parts] != expected:
            raise Unmapped(self.name(node), _("a split into unequal parts"))
        return found

    def _getitem(self, node: fx.Node) -> Any:
        source, index = node.args
        value = self.values.get(source)
        if isinstance(value, Chunks) and isinstance(index, int):
            params = {"chunks": value.chunks, "index": index % value.chunks}
            return self.emit(node, ("ChannelChunk", params), [value.key], shape=self._shape(node))
        raise Unmapped(self.name(node), _("indexes a tensor"))

    def _mean(self, node: fx.Node, x: Any) -> Any:
        dims = arg(node, 1, "dim", None)
        dims = [dims] if isinstance(dims, int) else list(dims or [])
        keep = arg(node, 2, "keepdim", False)
        if len(self._shape(x) or ()) != 3 or sorted(d % 4 for d in dims) != [2, 3]:
            return self.emit(node, _("a mean over other dimensions than height and width"), [x])
        c = self._shape(x)[0]
        pooled = self.emit(node, ("AdaptiveAvgPool2d", {}), [x], shape=(c, 1, 1))
        if keep:
            return pooled
        return self._flatten_after(node, pooled, c)

    def _flatten_after(self, node: fx.Node, key: str, channels: int) -> str:
        flat = PNode(f"{self._key(node)}_flatten", "Flatten", {}, [key], {}, self._scope(node))
        flat.shape, flat.origin = (channels,), self.name(node)
        return self.ir.add(flat)
