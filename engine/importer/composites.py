"""Recognising a composite block by tracing its own module and comparing.

For a module scope of the imported model, each composite type's guesser reads a few
numbers off the scope's layers (channels, kernel, stride, the batch norms' eps...) and
proposes params. The block's own module is then built with them on the "meta" device
(no memory, no arithmetic), traced by the same front end and compared with the scope,
layer by layer and edge by edge. If they are the same network, the scope becomes that
block and each tensor takes the name it has in the block's module (a linear layer's
weight reshaped where the block holds it as a 1×1 convolution). So a new composite
needs a guesser here and nothing else: the comparison is its own module's structure.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import torch

from engine.importer.compare import STARTING_VALUES, canonical
from engine.importer.ir import IR, PNode, conv_geometry, explicit
from engine.nets.sizes import make_divisible
from engine.registry import ShapeProblem, get_spec

COMMUTATIVE = {"Add", "Mul"}


#: The composites other composites hold.
NESTED = ("SqueezeExcitation",)
#: Templates are traced at most this high and wide: the structure doesn't depend on it.
TEMPLATE_SIZE = 12
#: A block of this many layers or fewer (a fused MBConv without expansion or shortcut is
#: a convolution, batch norm and SiLU) is recognised only in a module of its name.
PLAIN = 3


def match_template(sub, types=None) -> tuple | None:
    """The composite block ``sub`` (a :class:`~engine.importer.patterns._Sub`) is, or None;
    ``types`` limits the block types tried."""
    view = _View(sub)
    for type_name, guess in GUESSERS.items():
        if types is not None and type_name not in types:
            continue
        for params in guess(view):
            found = _compare(sub, type_name, params)
            if found is not None:
                return found
    return None


# --------------------------------------------------------------------------- templates


def _template(type_name: str, params: dict, shape: tuple[int, ...]) -> tuple | None:
    spec = get_spec(type_name)
    frozen = tuple(sorted(params.items()))
    if any(spec.param(k).check(v) for k, v in frozen):
        return None
    try:
        spec.infer([shape], spec.resolve(params))
    except ShapeProblem:
        return None
    c, h, w = shape
    small = (c, min(h, TEMPLATE_SIZE), min(w, TEMPLATE_SIZE))
    return _cached_template(type_name, frozen, small)


@lru_cache(maxsize=256)
def _cached_template(type_name: str, frozen: tuple, shape: tuple) -> tuple | None:
    """The block's module traced into an IR (nested composites recognised) and its
    state-dict shapes; None when the params don't make a valid block for ``shape``."""
    from engine.importer import patterns
    from engine.importer.api import merge_adds
    from engine.importer.fx_front import TraceError, from_module

    spec = get_spec(type_name)
    params = spec.resolve(dict(frozen))
    try:
        spec.infer([shape], params)
    except ShapeProblem:
        return None
    with torch.device("meta"):
        module = spec.build([shape], params)
        example = torch.empty((1, *shape))
    try:
        ir = from_module(module, example)
    except TraceError:
        return None
    merge_adds(ir)
    patterns.recognise(ir, nested=True)
    shapes = {k: tuple(v.shape) for k, v in module.state_dict().items()}
    return ir, shapes


def module_ir(
    type_name: str, params: dict, shape: tuple[int, ...], structure_only: bool = False
) -> IR:
    """A composite's module traced into primitive blocks (and the squeeze-and-excitation
    blocks it holds), built on the CPU so starting values such as a layer scale's are
    read back. ``structure_only``: the layers and their wiring are all that is wanted,
    those of a squeeze-and-excitation included; built and run on the "meta" device (no
    values, no arithmetic). ValueError when the params don't make a valid block for
    ``shape``."""
    from engine.importer import patterns
    from engine.importer.api import merge_adds
    from engine.importer.fx_front import from_module

    spec = get_spec(type_name)
    resolved = spec.resolve(params)
    try:
        spec.infer([shape], resolved)
    except ShapeProblem as exc:
        raise ValueError(str(exc)) from None
    c, h, w = shape
    small = (c, min(h, TEMPLATE_SIZE), min(w, TEMPLATE_SIZE))
    if structure_only:
        with torch.device("meta"):
            module = spec.build([small], resolved)
        ir = from_module(module, torch.empty((1, *small), device="meta"))
        merge_adds(ir)
        return ir
    with torch.random.fork_rng(devices=[]):
        module = spec.build([small], resolved)
    ir = from_module(module, torch.zeros((1, *small)))
    merge_adds(ir)
    patterns.recognise(ir, nested=True)
    return ir


# --------------------------------------------------------------------------- comparing


def _compare(sub, type_name: str, params: dict) -> tuple | None:
    made = _template(type_name, explicit(type_name, params), sub.ext_shape)
    if made is None:
        return None
    template, shapes = made
    ext = next(k for k, n in template.nodes.items() if n.type == "Input")
    inner = {k: n for k, n in template.nodes.items() if k != ext}
    if len(inner) != len(sub.nodes) or template.output is None:
        return None
    if len(inner) <= PLAIN and sub.kind != type_name:
        return None  # a plain conv-BN-activation is that block only when named so
    ours, theirs = _signatures(sub.nodes, sub.ext), _signatures(inner, ext)
    if ours.get(sub.out) != theirs.get(template.output):
        return None
    pairs: dict[str, str] = {}
    if not _pair(sub, template, sub.out, template.output, ours, theirs, pairs):
        return None
    roles = {}
    for key, other in pairs.items():
        mine, model = sub.nodes[key], template.nodes[other]
        for name, tensor in mine.tensors.items():
            path = model.paths.get(name)
            if path not in shapes or tensor.numel() != math.prod(shapes[path]):
                return None
            roles[path] = (tensor.reshape(shapes[path]), mine.paths.get(name, ""))
    if set(roles) != set(shapes):
        return None
    return type_name, params, roles


def _signatures(nodes: dict[str, PNode], ext: str) -> dict[str, str]:
    """Each node's hash of its canonical block and, recursively, its inputs."""
    memo: dict[str, str] = {ext: "EXT"}
    for key, node in nodes.items():  # topological: a front end adds nodes in order
        inputs = [memo.get(s, "?") for s in node.inputs]
        if node.type in COMMUTATIVE:
            inputs.sort()
        type_name, params = canonical(node.type, node.params)
        for name in STARTING_VALUES.get(type_name, ()):
            params.pop(name, None)
        text = f"{type_name}|{sorted(params.items())!r}|{inputs!r}"
        memo[key] = hashlib.sha1(text.encode()).hexdigest()
    return memo


def _pair(sub, template: IR, a: str, b: str, ours, theirs, pairs: dict[str, str]) -> bool:
    """Pair the sub's node ``a`` with the template's ``b``, and their inputs, recursively."""
    if a == sub.ext:
        return template.nodes[b].type == "Input"
    if a in pairs:
        return pairs[a] == b
    if b in pairs.values():
        return False
    pairs[a] = b
    left, right = sub.nodes[a].inputs, template.nodes[b].inputs
    if sub.nodes[a].type in COMMUTATIVE:
        left = sorted(left, key=lambda k: ours[k])
        right = sorted(right, key=lambda k: theirs[k])
    return len(left) == len(right) and all(
        _pair(sub, template, x, y, ours, theirs, pairs) for x, y in zip(left, right)
    )


# --------------------------------------------------------------------------- guessing


class _View:
    """What guessers read of a scope: its layers by type, in the order they run."""

    def __init__(self, sub):
        self.sub = sub
        self.cin = sub.ext_shape[0]
        self.nodes = list(sub.nodes.values())
        self.convs = [n for n in self.nodes if n.type in ("Conv2d", "Conv1x1")]
        self.out = sub.nodes[sub.out].shape

    def of(self, *types: str) -> list[PNode]:
        return [n for n in self.nodes if n.type in types]

    def after(self, node: PNode) -> PNode | None:
        """The one node that reads ``node``."""
        readers = [n for n in self.nodes if node.key in n.inputs]
        return readers[0] if len(readers) == 1 else None

    def bn(self) -> dict[str, float]:
        bns = self.of("BatchNorm2d")
        if not bns:
            return {}
        p = bns[0].resolved()
        return {"bn_eps": p["eps"], "bn_momentum": p["momentum"]}

    def drop(self) -> float:
        found = self.of("StochasticDepth")
        return float(found[0].resolved()["p"]) if found else 0.0


def _geometry(node: PNode) -> dict[str, Any]:
    return conv_geometry(node)


def _act_after(v: _View, node: PNode) -> str | None:
    """The activation after ``node`` (after its batch norm, if any)."""
    nxt = v.after(node)
    if nxt is not None and nxt.type == "BatchNorm2d":
        nxt = v.after(nxt)
    return nxt.type if nxt is not None else None


def _se(v: _View) -> list[dict]:
    fc = v.of("Conv1x1")
    if len(v.nodes) > 8 or len(fc) != 2 or not v.of("Mul"):
        return []
    activation, gate = _act_after(v, fc[0]), _act_after(v, fc[1])
    return [{"squeeze_channels": _geometry(fc[0])["out"], "activation": activation, "gate": gate}]


def _depthwise(v: _View) -> PNode | None:
    """The depthwise convolution of an inverted residual: [expansion,] it, projection."""
    if not 2 <= len(v.convs) <= 3 or v.out is None:
        return None
    dw = v.convs[-2]
    g = _geometry(dw)
    return dw if g["groups"] == g["out"] and g["kernel"][0] == g["kernel"][1] else None


def _inverted(v: _View) -> list[dict]:
    dw = _depthwise(v)
    if dw is None:
        return []
    g, exp = _geometry(dw), _geometry(dw)["out"]
    params = {"out_channels": v.out[0], "kernel_size": g["kernel"][0], "stride": g["stride"][0]}
    params |= {"activation": _act_after(v, dw), "se": bool(v.of("SqueezeExcitation")), **v.bn()}
    ratio = exp / v.cin
    if round(ratio * 2) == ratio * 2 and int(round(v.cin * ratio)) == exp:
        params["expand_ratio"] = float(ratio)
    else:
        params["expanded_channels"] = exp
    return [params]


def _ratio(cin: int, exp: int) -> int | None:
    return next((r for r in range(1, 65) if make_divisible(cin * r, 8) == exp), None)


def _mbconv(v: _View) -> list[dict]:
    dw = _depthwise(v)
    if dw is None or _ratio(v.cin, _geometry(dw)["out"]) is None:
        return []
    g = _geometry(dw)
    se = v.of("SqueezeExcitation")
    squeeze = se[0].resolved()["squeeze_channels"] if se else 0
    params = {"out_channels": v.out[0], "expand_ratio": _ratio(v.cin, g["out"])}
    params |= {"kernel_size": g["kernel"][0], "stride": g["stride"][0], **v.bn()}
    params |= {"stochastic_depth": v.drop()}
    params["se_ratio"] = _se_ratio(v.cin, squeeze) if squeeze else 0.0
    return [params]


def _se_ratio(cin: int, squeeze: int) -> float:
    """A share of ``cin`` that MBConv turns into ``squeeze`` channels (0.25 if it does)."""
    for ratio in (0.25, squeeze / cin, (squeeze + 0.5) / cin):
        if max(1, int(cin * ratio)) == squeeze:
            return ratio
    return squeeze / cin


def _fused(v: _View) -> list[dict]:
    if not 1 <= len(v.convs) <= 2 or v.out is None or not v.of("SiLU"):
        return []
    g = _geometry(v.convs[0])
    exp = g["out"] if len(v.convs) == 2 else v.cin
    ratio = _ratio(v.cin, exp)
    if ratio is None:
        return []
    params = {"out_channels": v.out[0], "expand_ratio": ratio, "kernel_size": g["kernel"][0]}
    return [params | {"stride": g["stride"][0], "stochastic_depth": v.drop(), **v.bn()}]


def _shuffle(v: _View) -> list[dict]:
    threes = [c for c in v.convs if _geometry(c)["kernel"] == (3, 3)]
    if not v.of("ChannelShuffle") or not threes or v.out is None:
        return []
    return [{"out_channels": v.out[0], "stride": _geometry(threes[0])["stride"][0]}]


def _fire(v: _View) -> list[dict]:
    if len(v.convs) != 3 or not v.of("Concat"):
        return []
    outs = [_geometry(c)["out"] for c in v.convs]
    return [{"squeeze": outs[0], "expand1x1": outs[1], "expand3x3": outs[2]}]


def _convnext(v: _View) -> list[dict]:
    scale = v.of("LayerScale")
    if not scale or not v.of("LayerNorm2d"):
        return []
    init = scale[0].resolved()["init"]
    return [{"layer_scale": init, "stochastic_depth": v.drop()}]


def _residual(v: _View) -> list[dict]:
    threes = [c for c in v.convs if _geometry(c)["kernel"] == (3, 3)]
    if not 1 <= len(threes) <= 2 or v.out is None or not v.of("Add"):
        return []
    g = _geometry(threes[0])
    se = v.of("SqueezeExcitation")
    params = {"out_channels": v.out[0], "stride": g["stride"][0], "groups": g["groups"]}
    params["se_channels"] = se[0].resolved()["squeeze_channels"] if se else 0
    params["bottleneck"] = len(threes) == 1
    if params["bottleneck"]:
        width = g["out"]
        params["width"] = None if width == max(1, v.out[0] // 4) else width
    return [params]


_CONVS = {"A": 7, "B": 4, "C": 10, "D": 6, "E": 9}


def _inception_v3(v: _View) -> list[dict]:
    variants = [k for k, n in _CONVS.items() if n == len(v.convs)]
    if not variants or v.out is None:
        return []
    outs = [_geometry(c)["out"] for c in v.convs]
    return [{"variant": k, "pool_features": outs[-1], "channels_7x7": outs[1]} for k in variants]


GUESSERS: dict[str, Callable[[_View], list[dict]]] = {
    "SqueezeExcitation": _se,
    "ResidualBlock": _residual,
    "InvertedResidual": _inverted,
    "MBConv": _mbconv,
    "FusedMBConv": _fused,
    "ShuffleUnit": _shuffle,
    "Fire": _fire,
    "ConvNeXtBlock": _convnext,
    "InceptionV3Block": _inception_v3,
}
