"""From a saved ``torch.export`` program to the import's intermediate graph.

The program's aten operations are mapped one by one (``aten.conv2d`` → Conv2d, ...),
with the weights read from its state, and each operation keeps the module scopes
recorded in ``nn_module_stack`` so composite blocks can be recognised as for a module.
Layers that decompose into several operations (local response norm) are read as a
group.
"""

from __future__ import annotations

import operator
from typing import Any

import torch
from torch import fx

from engine.i18n import _
from engine.importer import layers
from engine.importer.ir import IR, PNode

aten = torch.ops.aten

ALIASES = {aten.clone.default, aten.contiguous.default, aten.detach.default, aten.alias.default}
ACTIVATIONS = {
    aten.relu.default: "ReLU",
    aten.relu_.default: "ReLU",
    aten.tanh.default: "Tanh",
    aten.sigmoid.default: "Sigmoid",
    aten.silu.default: "SiLU",
    aten.silu_.default: "SiLU",
    aten.hardswish.default: "Hardswish",
    aten.hardswish_.default: "Hardswish",
    aten.hardsigmoid.default: "Hardsigmoid",
    aten.hardsigmoid_.default: "Hardsigmoid",
    aten.relu6.default: "ReLU6",
}
RESHAPES = {
    aten.flatten.using_ints,
    aten.view.default,
    aten.reshape.default,
    aten._unsafe_view.default,
}
IGNORED_PREFIXES = ("_guards", "_assert", "sym_", "_check")
LRN_TYPE = "torch.nn.modules.normalization.LocalResponseNorm"


def from_program(program: Any) -> IR:
    """Convert an ``ExportedProgram`` (eval mode) into the intermediate graph."""
    gm = program.module()
    return _Converter(gm).run()


def _shape(node: Any) -> tuple[int, ...] | None:
    val = node.meta.get("val") if isinstance(node, fx.Node) else None
    if not isinstance(val, torch.Tensor):
        return None
    try:
        return tuple(int(d) for d in val.shape[1:])
    except (TypeError, ValueError):
        return None


def _arg(node: fx.Node, index: int, name: str, default: Any = None) -> Any:
    if name in node.kwargs:
        return node.kwargs[name]
    return node.args[index] if len(node.args) > index else default


def _stack(node: fx.Node) -> list[tuple[str, str]]:
    stack = node.meta.get("nn_module_stack") or {}
    return [(str(p), str(t)) for p, t in stack.values() if not str(p).startswith("_empty")]


def _is_leaf(type_name: str) -> bool:
    return type_name.startswith("torch.nn.modules.") and ".container." not in type_name


class _Converter:
    def __init__(self, gm: fx.GraphModule):
        self.gm = gm
        self.ir = IR()
        self.values: dict[fx.Node, Any] = {}
        self.state = dict(gm.state_dict())
        self.inputs = 0
        self.grouped: set[fx.Node] = set()

    def run(self) -> IR:
        nodes = list(self.gm.graph.nodes)
        for node in nodes:
            if node.op == "placeholder":
                self._placeholder(node)
            elif node.op == "get_attr":
                self.values[node] = ("attr", node.target)
                self.ir.touched.add(node.target)
            elif node.op == "output":
                self._output(node)
            elif node.op == "call_function":
                self._call(node, nodes)
        return self.ir

    def _placeholder(self, node: fx.Node) -> None:
        self.inputs += 1
        if self.inputs > 1:
            self.ir.unmap(node.name, _("a second input: Convas networks take one image batch"))
            return
        self.values[node] = self.ir.add(PNode("input", "Input", shape=_shape(node), origin="input"))

    def _output(self, node: fx.Node) -> None:
        result = node.args[0]
        while isinstance(result, (tuple, list)):
            if len(result) > 1:
                self.ir.notes.append(
                    _("the model returns {n} values; only the first is imported", n=len(result))
                )
            result = result[0] if result else None
        value = self.values.get(result)
        if isinstance(value, str):
            self.ir.output = value
        else:
            self.ir.unmap("output", _("the model's output isn't a tensor Convas can compute"))

    # ------------------------------------------------------------------ operations
    def _call(self, node: fx.Node, nodes: list[fx.Node]) -> None:
        f = node.target
        name = getattr(f, "__name__", str(f))
        if f is operator.getitem:
            src, index = node.args
            self.values[node] = self.values.get(src) if index == 0 else None
            return
        if _shape(node) is None or name.startswith(IGNORED_PREFIXES):
            return  # sizes, guards and other non-tensor values
        stack = _stack(node)
        for path, type_name in stack:
            self.ir.scope_types.setdefault(path, type_name.rsplit(".", 1)[-1])
        if stack and stack[-1][1] == LRN_TYPE:
            self._lrn(node, stack, nodes)
            return
        try:
            block, sources, tensors = self._map(node)
        except _Unmapped as exc:
            self.ir.unmap(self._where(node, stack), exc.reason)
            self.values[node] = None
            return
        if block is None:
            self.values[node] = self.values.get(sources[0])
            return
        self.values[node] = self._add(node, stack, block, sources, tensors)

    def _add(self, node, stack, block, sources, tensors) -> str:
        leaf = stack[-1][0] if stack and _is_leaf(stack[-1][1]) else None
        scope = tuple(p for p, t in stack if not _is_leaf(t))
        keys = [self.values.get(s) for s in sources]
        type_name, params = block
        paths = {k: self._path(v) for k, v in tensors.items()}
        return self.ir.add(
            PNode(
                leaf or node.name,
                type_name,
                params,
                [k for k in keys if isinstance(k, str)],
                tensors,
                scope,
                _shape(node),
                self._where(node, stack),
                {k: v for k, v in paths.items() if v},
            )
        )

    def _path(self, tensor: torch.Tensor) -> str:
        """The state-dict key of a stored tensor ("" if it isn't one)."""
        if not hasattr(self, "_by_storage"):
            self._by_storage = {
                (v.data_ptr(), tuple(v.shape)): k
                for k, v in self.state.items()
                if v.device.type != "meta"
            }
        if tensor.device.type == "meta":
            return ""
        return self._by_storage.get((tensor.data_ptr(), tuple(tensor.shape)), "")

    def _where(self, node: fx.Node, stack) -> str:
        if stack and _is_leaf(stack[-1][1]):
            return f"{stack[-1][0]} ({stack[-1][1].rsplit('.', 1)[-1]})"
        return f"{node.name} ({getattr(node.target, '__name__', node.target)})"

    def _tensor(self, arg: Any) -> torch.Tensor | None:
        value = self.values.get(arg) if isinstance(arg, fx.Node) else None
        if isinstance(value, tuple) and value[0] == "attr":
            return self.state.get(value[1])
        if arg is None:
            return None
        raise _Unmapped(_("its weights are computed, not stored"))

    def _map(self, node: fx.Node):
        f, x = node.target, node.args[0]
        if f in ACTIVATIONS:
            return (ACTIVATIONS[f], {}), [x], {}
        if f in ALIASES:
            return None, [x], {}
        if f in (aten.add.Tensor, aten.add_.Tensor):
            if _arg(node, 2, "alpha", 1) != 1 or not all(_shape(a) for a in node.args[:2]):
                raise _Unmapped(_("adds a constant or a scaled tensor: Convas's Add sums tensors"))
            return ("Add", {}), list(node.args[:2]), {}
        if f is aten.cat.default:
            return self._cat(node)
        if f in RESHAPES:
            in_shape, out_shape = _shape(x), _shape(node)
            if in_shape == out_shape:
                return None, [x], {}
            if layers.is_flatten(in_shape, out_shape):
                return ("Flatten", {}), [x], {}
            raise _Unmapped(
                _(
                    "reshape to {shape}: Convas only flattens [C, H, W] to [C*H*W]",
                    shape=list(out_shape or ()),
                )
            )
        return self._layer(node, f, x)

    def _cat(self, node: fx.Node):
        tensors, dim = list(node.args[0]), _arg(node, 1, "dim", 0)
        rank = len(_shape(node) or ()) + 1
        if rank not in (2, 4) or dim % rank != 1:
            raise _Unmapped(
                _(
                    "concatenation on dimension {dim}: Convas joins channels or features "
                    "(dimension 1)",
                    dim=dim,
                )
            )
        if len(tensors) == 1:
            return None, tensors, {}
        return ("Concat", {}), tensors, {}

    def _layer(self, node: fx.Node, f, x):
        if f in (aten.conv2d.default, aten.conv2d.padding):
            w, b = self._tensor(node.args[1]), self._tensor(_arg(node, 2, "bias"))
            block = layers.conv(
                w.shape[0],
                tuple(w.shape[2:]),
                _arg(node, 3, "stride", 1),
                _arg(node, 4, "padding", 0),
                _arg(node, 5, "dilation", 1),
                _arg(node, 6, "groups", 1),
                b is not None,
            )
            return _ok(block), [x], _named(weight=w, bias=b)
        if f is aten.linear.default:
            w, b = self._tensor(node.args[1]), self._tensor(_arg(node, 2, "bias"))
            return layers.linear(w.shape[0], b is not None), [x], _named(weight=w, bias=b)
        if f in (aten.batch_norm.default, aten._native_batch_norm_legit_no_training.default):
            return self._batch_norm(node, f, x)
        if f in (aten.max_pool2d.default, aten.max_pool2d_with_indices.default):
            block = layers.pool(
                "MaxPool2d",
                node.args[1],
                _arg(node, 2, "stride"),
                _arg(node, 3, "padding", 0),
                _arg(node, 5, "ceil_mode", False),
                _arg(node, 4, "dilation", 1),
            )
            return _ok(block), [x], {}
        if f is aten.avg_pool2d.default:
            block = layers.pool(
                "AvgPool2d",
                node.args[1],
                _arg(node, 2, "stride"),
                _arg(node, 3, "padding", 0),
                _arg(node, 4, "ceil_mode", False),
                1,
                _arg(node, 5, "count_include_pad", True),
                _arg(node, 6, "divisor_override"),
            )
            return _ok(block), [x], {}
        if f is aten.adaptive_avg_pool2d.default:
            return _ok(layers.adaptive_avg(node.args[1])), [x], {}
        if (
            f is aten.mean.dim
            and sorted(d % 4 for d in node.args[1]) == [2, 3]
            and _arg(node, 2, "keepdim", False)
        ):
            return ("AdaptiveAvgPool2d", {}), [x], {}
        if f in (aten.hardtanh.default, aten.hardtanh_.default):
            low, high = _arg(node, 1, "min_val", -1.0), _arg(node, 2, "max_val", 1.0)
            return _ok(layers.hardtanh(low, high)), [x], {}
        if f is aten.dropout.default:
            return layers.dropout(_arg(node, 1, "p", 0.5)), [x], {}
        if f is aten.leaky_relu.default:
            return layers.leaky_relu(_arg(node, 1, "negative_slope", 0.01)), [x], {}
        if f is aten.gelu.default:
            return _ok(layers.gelu(_arg(node, 1, "approximate", "none"))), [x], {}
        raise _Unmapped(_("{name} has no Convas block", name=getattr(f, "__name__", f)))

    def _batch_norm(self, node: fx.Node, f, x):
        w, b, mean, var = (self._tensor(node.args[i]) for i in range(1, 5))
        if f is aten.batch_norm.default:
            momentum, eps = _arg(node, 6, "momentum", 0.1), _arg(node, 7, "eps", 1e-5)
        else:
            momentum, eps = _arg(node, 5, "momentum", 0.1), _arg(node, 6, "eps", 1e-5)
        block = _ok(layers.batch_norm(eps, momentum, w is not None, mean is not None))
        prefix = self.values[node.args[3]][1].rsplit(".", 1)[0]
        tracked = self.state.get(f"{prefix}.num_batches_tracked", torch.tensor(0))
        return (
            block,
            [x],
            _named(
                weight=w, bias=b, running_mean=mean, running_var=var, num_batches_tracked=tracked
            ),
        )

    def _lrn(self, node: fx.Node, stack, nodes: list[fx.Node]) -> None:
        """A local response norm decomposes into ~12 operations: read them as one."""
        if node in self.grouped:
            return
        group = []
        for n in nodes[nodes.index(node) :]:
            if _shape(n) is None:
                continue
            if _stack(n)[-1:] != stack[-1:]:
                break
            group.append(n)
        self.grouped.update(group)
        params = {}
        for n in group:
            if n.target is aten.avg_pool3d.default:
                params["size"] = n.args[1][0]
            elif n.target is aten.mul.Tensor and not isinstance(n.args[1], fx.Node):
                params["alpha"] = n.args[1]
            elif n.target is aten.add.Tensor and not isinstance(n.args[1], fx.Node):
                params["k"] = n.args[1]
            elif n.target is aten.pow.Tensor_Scalar:
                params["beta"] = n.args[1]
        source = next((a for a in group[0].args if isinstance(a, fx.Node)), None)
        if len(params) != 4 or source is None:
            self.ir.unmap(self._where(node, stack), _("local response norm in an unknown form"))
            return
        key = self._add(group[-1], stack, layers.lrn(**params), [source], {})
        self.values[group[-1]] = key


def _named(**tensors) -> dict[str, torch.Tensor]:
    return {k: v.detach() for k, v in tensors.items() if v is not None}


def _ok(block):
    if isinstance(block, str):
        raise _Unmapped(block)
    return block


class _Unmapped(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
