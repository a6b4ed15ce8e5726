"""Recognising composite blocks in an imported graph.

A submodule whose layers and dataflow are exactly those of a composite block
(torchvision's classes, Convas's own, or any module built the same way) becomes that one
block, with its tensors renamed to the composite's submodule names. ``DenseBlock``,
``Transition`` and ``InceptionBlock`` are matched here by hand; every other composite
by tracing its own module and comparing (:mod:`engine.importer.composites`). Scopes are
tried innermost first; a scope that doesn't match exactly is left as the primitive
blocks it is made of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.importer.ir import IR, PNode, conv_geometry, explicit
from engine.registry import get_spec

BN_KEYS = ("weight", "bias", "running_mean", "running_var", "num_batches_tracked")


@dataclass
class _Sub:
    """The nodes called inside one module scope."""

    nodes: dict[str, PNode]
    ext: str  # the one value flowing in
    ext_shape: tuple[int, ...]  # its shape, [C, H, W]
    out: str  # the one value flowing out
    consumers: dict[str, list[str]]
    kind: str = ""  # the module's class name

    def get(self, key: str | None) -> PNode | None:
        return self.nodes.get(key) if key is not None else None

    def single_use(self, key: str) -> bool:
        return len(self.consumers.get(key, [])) == 1


#: type, params, and role → node (its tensors become "role.name"), or tensor name in
#: the composite → (tensor, path in the model).
Match = tuple[str, dict[str, Any], dict[str, Any]]
CONTAINERS = {"Sequential", "ModuleList", "ModuleDict"}


def recognise(ir: IR, nested: bool = False) -> None:
    """Collapse every scope that is exactly a composite block into that block.

    ``nested``: ``ir`` is a composite's own module, whose parts can only be the blocks
    composites hold (squeeze-and-excitation).
    """
    # Innermost first: a block wrapped in a one-block Sequential keeps its own name.
    scopes = sorted({s for n in ir.nodes.values() for s in n.scope}, key=lambda s: -s.count("."))
    for scope in scopes:
        if _adopt(ir, scope):
            continue
        sub = _subgraph(ir, scope)
        if sub is None:
            continue
        for matcher in [_nested] if nested else MATCHERS:
            found = matcher(sub)
            if found is not None:
                _collapse(ir, scope, sub, found)
                break


def _adopt(ir: IR, scope: str) -> bool:
    """A block found in a container (``features.2.conv``) takes the name of the module
    that holds nothing else (``features.2``); True when it did."""
    inside = [n for n in ir.nodes.values() if scope in n.scope]
    if len(inside) != 1 or ir.scope_types.get(scope) in CONTAINERS:
        return False
    node = inside[0]
    if not node.key.startswith(scope + ".") or ir.scope_types.get(node.key) not in CONTAINERS:
        return False
    if not get_spec(node.type).composite or scope in ir.nodes:
        return False
    _rename(ir, node.key, scope)
    node.scope = node.scope[: node.scope.index(scope)]
    return True


def _rename(ir: IR, old: str, new: str) -> None:
    nodes = {}
    for key, node in ir.nodes.items():
        node.inputs = [new if s == old else s for s in node.inputs]
        if key == old:
            node.key = key = new
        nodes[key] = node
    ir.nodes = nodes
    if ir.output == old:
        ir.output = new


def _subgraph(ir: IR, scope: str) -> _Sub | None:
    keys = [k for k, n in ir.nodes.items() if scope in n.scope]
    inside = set(keys)
    consumers = ir.consumers()
    external = {s for k in keys for s in ir.nodes[k].inputs if s not in inside}
    leaving = [k for k in keys if any(c not in inside for c in consumers[k])]
    if len(external) != 1 or len(leaving) != 1 or len(keys) < 2:
        return None
    ext = external.pop()
    shape = ir.nodes[ext].shape
    if shape is None or len(shape) != 3:
        return None
    kind = ir.scope_types.get(scope, "")
    return _Sub({k: ir.nodes[k] for k in keys}, ext, tuple(shape), leaving[0], consumers, kind)


def _collapse(ir: IR, scope: str, sub: _Sub, found: Match) -> None:
    type_name, params, roles = found
    tensors, paths = {}, {}
    for role, node in roles.items():
        if not isinstance(node, PNode):  # already named by the composite's module
            tensors[role], paths[role] = node
            continue
        for name, value in node.tensors.items():
            tensors[f"{role}.{name}"] = value
            paths[f"{role}.{name}"] = node.paths.get(name, "")
    out = sub.nodes[sub.out]
    outer = out.scope[: out.scope.index(scope)]
    block = PNode(
        scope,
        type_name,
        explicit(type_name, params),
        [sub.ext],
        tensors,
        outer,
        out.shape,
        f"{scope} ({ir.scope_types.get(scope, 'module')})",
        paths,
    )
    nodes: dict[str, PNode] = {}
    for key, node in ir.nodes.items():
        if key in sub.nodes:
            if key == sub.out:
                block.key = _free_key(ir, scope, sub)
                nodes[block.key] = block
            continue
        node.inputs = [block.key if s == sub.out else s for s in node.inputs]
        nodes[key] = node
    ir.nodes = nodes
    if ir.output == sub.out:
        ir.output = block.key


def _free_key(ir: IR, scope: str, sub: _Sub) -> str:
    key, n = scope, 1
    while (key in ir.nodes and key not in sub.nodes) or key == "output":
        n += 1
        key = f"{scope}_{n}"
    return key


# --------------------------------------------------------------------------- walking


def _back(sub: _Sub, key: str, types: list[str]) -> tuple[list[PNode], str] | None:
    """Walk back from ``key`` through nodes of ``types`` (listed last to first), each
    with one input and (but for ``key``) one consumer; returns them first to last and
    the key feeding the first."""
    chain = []
    for i, type_name in enumerate(types):
        node = sub.get(key)
        if node is None or node.type != type_name or len(node.inputs) != 1:
            return None
        if i > 0 and not sub.single_use(key):
            return None
        chain.append(node)
        key = node.inputs[0]
    return chain[::-1], key


def _bn_ok(node: PNode, eps: float = 1e-5) -> bool:
    p = node.resolved()
    return abs(p["eps"] - eps) <= 1e-12 and abs(p["momentum"] - 0.1) <= 1e-12


def _conv_ok(
    node: PNode, kernel: int, stride: int = 1, bias: bool = False, padding: int | None = None
) -> bool:
    g = conv_geometry(node)
    if g is None:
        return False
    pad = kernel // 2 if padding is None else padding
    same = g["padding"] == "same" and stride == 1 and kernel % 2 == 1 and pad == kernel // 2
    return (
        g["kernel"] == (kernel, kernel)
        and g["stride"] == (stride, stride)
        and (g["padding"] == (pad, pad) or same)
        and g["dilation"] == (1, 1)
        and g["groups"] == 1
        and g["bias"] == bias
    )


def _uses_all(sub: _Sub, roles: dict[str, PNode], extra: list[PNode]) -> bool:
    used = {n.key for n in roles.values()} | {n.key for n in extra}
    return used == set(sub.nodes)


# --------------------------------------------------------------------------- dense


def match_dense(sub: _Sub) -> Match | None:
    out = sub.get(sub.out)
    if out is None or out.type != "Concat" or out.inputs[0] != sub.ext or len(out.inputs) < 2:
        return None
    news = out.inputs[1:]
    roles: dict[str, PNode] = {}
    extra: list[PNode] = [out]
    growth = mid = drop = None
    for i, new in enumerate(news, 1):
        layer = _dense_layer(sub, new)
        if layer is None:
            return None
        nodes, feed, p = layer
        concat = sub.get(feed)
        if i == 1 and feed != sub.ext:
            return None
        if i > 1 and (
            concat is None or concat.type != "Concat" or concat.inputs != [sub.ext, *news[: i - 1]]
        ):
            return None
        if i > 1:
            extra.append(concat)
        g, m = conv_geometry(nodes["conv2"])["out"], conv_geometry(nodes["conv1"])["out"]
        if (growth, mid, drop) != (None, None, None) and (g, m, p) != (growth, mid, drop):
            return None
        growth, mid, drop = g, m, p
        extra += nodes.pop("extra")
        roles.update({f"denselayer{i}.{r}": n for r, n in nodes.items()})
    if mid % growth or not _uses_all(sub, roles, extra):
        return None
    params = {
        "num_layers": len(news),
        "growth_rate": growth,
        "bn_size": mid // growth,
        "drop_rate": drop,
    }
    return "DenseBlock", params, roles


def _dense_layer(sub: _Sub, key: str) -> tuple[dict, str, float] | None:
    extra, drop = [], 0.0
    node = sub.get(key)
    if node is not None and node.type == "Dropout":
        drop = float(node.resolved()["p"])
        extra.append(node)
        if not sub.single_use(node.inputs[0]):
            return None
        key = node.inputs[0]
    found = _back(sub, key, ["Conv2d", "ReLU", "BatchNorm2d", "Conv1x1", "ReLU", "BatchNorm2d"])
    if found is None:
        return None
    (norm1, relu1, conv1, norm2, relu2, conv2), feed = found
    if not (
        _conv_ok(conv1, 1) and _conv_ok(conv2, 3, padding=1) and _bn_ok(norm1) and _bn_ok(norm2)
    ):
        return None
    nodes = {
        "norm1": norm1,
        "conv1": conv1,
        "norm2": norm2,
        "conv2": conv2,
        "extra": extra + [relu1, relu2],
    }
    return nodes, feed, drop


# --------------------------------------------------------------------------- transition


def match_transition(sub: _Sub) -> Match | None:
    found = _back(sub, sub.out, ["AvgPool2d", "Conv1x1", "ReLU", "BatchNorm2d"])
    if found is None or found[1] != sub.ext or len(sub.nodes) != 4:
        return None
    norm, _, conv, pool = found[0]
    p = pool.resolved()
    pooled = (
        p["kernel_size"] in (2, [2, 2])
        and p["stride"] in (None, 2, [2, 2])
        and p["padding"] in (0, [0, 0])
        and not p["ceil_mode"]
    )
    if not (pooled and _conv_ok(conv, 1) and _bn_ok(norm)):
        return None
    return "Transition", {"out_channels": conv_geometry(conv)["out"]}, {"norm": norm, "conv": conv}


# --------------------------------------------------------------------------- inception


def match_inception(sub: _Sub) -> Match | None:
    out = sub.get(sub.out)
    if out is None or out.type != "Concat" or len(out.inputs) != 4:
        return None
    units, pool = {}, None
    for name, key, count in zip(
        ("branch1", "branch2", "branch3", "branch4"), out.inputs, (1, 2, 2, 1)
    ):
        chain = _units(sub, key, count)
        if chain is None:
            return None
        units[name], feed = chain
        if name == "branch4":
            pool = sub.get(feed)
            if (
                pool is None
                or pool.type != "MaxPool2d"
                or not _inception_pool(pool)
                or pool.inputs != [sub.ext]
                or not sub.single_use(pool.key)
            ):
                return None
        elif feed != sub.ext:
            return None
    k = units["branch3"][1][3]
    kernels = [u[3] for us in units.values() for u in us]
    bn_flags = {u[1] is not None for us in units.values() for u in us}
    if len(bn_flags) != 1 or kernels != [1, 1, 3, 1, k, 1] or k % 2 == 0:
        return None
    roles, extra = {}, [out, pool]
    for name, us in units.items():
        for i, (conv, bn, relu, _) in enumerate(us):
            prefix = name if name == "branch1" else f"{name}.{i + (name == 'branch4')}"
            roles[f"{prefix}.conv"] = conv
            if bn is not None:
                roles[f"{prefix}.bn"] = bn
            extra.append(relu)
    if not _uses_all(sub, roles, extra):
        return None
    out_of = {name: [conv_geometry(u[0])["out"] for u in us] for name, us in units.items()}
    params = {
        "ch1x1": out_of["branch1"][0],
        "ch3x3red": out_of["branch2"][0],
        "ch3x3": out_of["branch2"][1],
        "ch5x5red": out_of["branch3"][0],
        "ch5x5": out_of["branch3"][1],
        "pool_proj": out_of["branch4"][0],
        "kernel_5x5": k,
        "batch_norm": bn_flags.pop(),
    }
    return "InceptionBlock", params, roles


def _units(sub: _Sub, key: str, count: int):
    """``count`` conv(+BN)+ReLU units ending at ``key``: [(conv, bn, relu, k)], feed."""
    units = []
    for _ in range(count):
        relu = sub.get(key)
        if relu is None or relu.type != "ReLU" or len(relu.inputs) != 1 or not sub.single_use(key):
            return None
        prev = sub.get(relu.inputs[0])
        bn = prev if prev is not None and prev.type == "BatchNorm2d" else None
        if bn is not None and (
            not _bn_ok(bn, eps=1e-3) or not sub.single_use(bn.key) or len(bn.inputs) != 1
        ):
            return None
        conv = sub.get(bn.inputs[0] if bn is not None else relu.inputs[0])
        g = conv_geometry(conv) if conv is not None else None
        if g is None or not sub.single_use(conv.key) or len(conv.inputs) != 1:
            return None
        k = g["kernel"][0]
        if not _conv_ok(conv, k, bias=bn is None):
            return None
        units.append((conv, bn, relu, k))
        key = conv.inputs[0]
    return units[::-1], key


def _inception_pool(pool: PNode) -> bool:
    p = pool.resolved()
    return (
        p["kernel_size"] in (3, [3, 3])
        and p["stride"] in (1, [1, 1])
        and p["padding"] in (1, [1, 1])
    )


def _by_template(sub: _Sub) -> Match | None:
    from engine.importer.composites import match_template

    return match_template(sub)


def _nested(sub: _Sub) -> Match | None:
    from engine.importer.composites import NESTED, match_template

    return match_template(sub, NESTED)


MATCHERS: list[Callable[[_Sub], Match | None]] = [
    match_dense,
    match_transition,
    match_inception,
    _by_template,
]
