"""A composite block's receptive field, followed through the layers it expands into.

A composite is expanded (:mod:`engine.expand`; a traced block's squeeze-and-excitation
as its layers too, a hand-laid block's stays a block and is followed in turn) onto a
scratch graph fed by an input of the block's input shape, and the receptive-field pass
runs over its real layers from a field of one pixel. Every rule of the pass is affine in the
incoming field: a block turns a field of size ``n``, jump ``j`` and start ``s`` into size
``n + (N − 1)·j``, jump ``j·J`` and start ``s + S·j``, where ``(N, J, S)`` is the field it
gives one pixel. So that field, its *effect*, is all a block needs. A new composite
needs nothing here.

Expanding most composites traces their module on torch's "meta" device (shapes, no
arithmetic): 20–40 ms, and torch must be imported. Only a caller that says so traces
(``trace=True``: the app's background worker, :mod:`app.fields`, tests, the command
line); otherwise an effect that isn't cached raises :class:`Waiting`, which names what
to trace, and the field pass leaves that block's field, and those after it, waiting.

The cache is keyed loosely where that is honest. No rule of the field pass reads a
channel count, and the parameters in :data:`NEUTRAL` only set widths or add layers
whose field lies inside the main path's (a 1×1 projection shortcut, a
squeeze-and-excitation gate, batch norm, dropout); tests/engine/test_receptive_keys.py
checks every composite type with other values and input sizes. The spatial size enters
only through the rules that see a whole map (global pooling, Flatten): an effect whose
field pass used one of them on the way to the output (:attr:`Fields.sized`) is keyed by
the exact parameters and input shape, as is a block that could not be expanded; every
other effect holds for every channel count and input size, and is keyed without them.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from engine.analysis import analyse
from engine.expand import expand_node, traces
from engine.graph import Edge, Graph, Node
from engine.registry import INPUT_ROLE, OUTPUT_ROLE, get_spec, type_with_role

if TYPE_CHECKING:
    from engine.teaching.receptive import RF

log = logging.getLogger(__name__)

#: Parameters that change channel widths, or add layers that leave the field as it is:
#: left out of the cache's loose key (see above).
NEUTRAL = frozenset(
    {
        # channel counts
        "out_channels", "width", "se_channels", "growth_rate", "bn_size", "ch1x1",
        "ch3x3red", "ch3x3", "ch5x5red", "ch5x5", "pool_proj", "pool_features",
        "channels_7x7", "squeeze_channels", "expand_ratio", "expanded_channels",
        "se_ratio", "squeeze", "expand1x1", "expand3x3",
        # no sliding window of their own
        "se", "activation", "gate", "batch_norm", "bn_eps", "bn_momentum",
        "stochastic_depth", "drop_rate", "layer_scale",
    }
)  # fmt: skip


class Waiting(Exception):
    """The block's effect isn't cached and needs a trace, which this caller doesn't do.

    ``key`` and ``request`` (type, params, input shape) say what to trace: pass the
    request to :func:`effect` with ``trace=True`` (on a thread besides the GUI's)."""

    def __init__(self, key: tuple, request: tuple):
        super().__init__(request[0])
        self.key, self.request = key, request


@dataclass(frozen=True)
class Found:
    """A cached effect: None when the block can't be expanded; ``sized`` when it depends
    on the exact spatial size of the input."""

    effect: RF | None
    sized: bool = False


def through(rf: RF, effect: RF) -> RF:
    """The field after a block whose effect (the field it gives one pixel) is ``effect``."""
    return replace(
        rf,
        size_h=rf.size_h + (effect.size_h - 1) * rf.stride_h,
        size_w=rf.size_w + (effect.size_w - 1) * rf.stride_w,
        stride_h=rf.stride_h * effect.stride_h,
        stride_w=rf.stride_w * effect.stride_w,
        start_h=rf.start_h + effect.start_h * rf.stride_h,
        start_w=rf.start_w + effect.start_w * rf.stride_w,
    )


def effect(type_name: str, params: dict[str, Any], shape, trace: bool = False) -> RF | None:
    """The field a composite's output unit has on its input, one pixel in: None when the
    block can't be expanded for ``shape``. Raises :class:`Waiting` when it isn't cached
    and needs a trace, unless ``trace`` (which imports torch if need be)."""
    return lookup(type_name, params, shape, trace).effect


def lookup(type_name: str, params: dict[str, Any], shape, trace: bool = False) -> Found:
    """:func:`effect`, with whether it depends on the exact spatial size."""
    if shape is None or len(shape) != 3:
        return Found(None)
    shape = tuple(shape)
    loose, exact = _keys(type_name, params, shape)
    found = _EFFECTS.get(loose) or _EFFECTS.get(exact)
    if found is None:
        found = _effect(type_name, params, shape, trace, exact)
        with _CACHE_LOCK:
            while len(_EFFECTS) >= _EFFECTS_KEPT:
                _EFFECTS.pop(next(iter(_EFFECTS)), None)
            _EFFECTS[exact] = found
            if found.effect is not None and not found.sized:
                _EFFECTS[loose] = found
    return found


def cached(key: tuple) -> bool:
    """Whether the effect that :class:`Waiting` named by ``key`` is known by now."""
    return key in _EFFECTS


def warm_up() -> None:
    """Trace one small block, so that the first one the user meets is traced at once
    (the tracer's imports and first run take a while). For a thread besides the GUI's."""
    spec = get_spec("InvertedResidual")  # with squeeze-and-excitation: global pooling too
    params = spec.resolve({"out_channels": 8, "stride": 2, "se": True})
    effect(spec.type, params, (8, 8, 8), trace=True)


#: loose or exact key (see above) → effect; the oldest are dropped past the limit.
_EFFECTS: dict[tuple, Found] = {}
_EFFECTS_KEPT = 1024
#: Held while storing (the background worker stores, the GUI thread reads).
_CACHE_LOCK = threading.Lock()
#: Held while tracing: one trace at a time (the warm-up traces on the loader's thread).
_TRACING = threading.Lock()


def _keys(type_name: str, params: dict, shape: tuple) -> tuple[tuple, tuple]:
    """(loose key, exact key): without and with the channel counts and the input size."""
    kept = {k: v for k, v in params.items() if k not in NEUTRAL}
    loose = ("loose", type_name, json.dumps(kept, sort_keys=True, default=repr))
    exact = ("exact", type_name, json.dumps(params, sort_keys=True, default=repr), shape)
    return loose, exact


def _effect(type_name: str, params: dict, shape: tuple, trace: bool, key: tuple) -> Found:
    from engine.teaching.receptive import field_pass

    try:
        graph = _expanded(type_name, params, shape, trace, key)
    except Waiting:
        raise
    except Exception as exc:  # noqa: BLE001  (no field rather than a broken selection)
        log.warning("could not expand %s for its receptive field: %s", type_name, exc)
        return Found(None)
    fields = field_pass(graph, analyse(graph), trace)
    if not fields.complete:  # a block inside waits: trace this one as a whole
        raise Waiting(key, (type_name, dict(params), shape))
    output = fields.get("output")
    if output is None:
        return Found(None)
    # the scratch input's size is no part of the effect (``through`` keeps the caller's)
    return Found(replace(output, input_h=0, input_w=0), "output" in fields.sized)


def _expanded(type_name: str, params: dict, shape: tuple, trace: bool, key: tuple) -> Graph:
    """``Input → block → Output`` with the block expanded (the composites a hand-laid
    block holds stay blocks: the field pass takes their effect in turn)."""
    c, h, w = shape
    graph = Graph(
        "inside",
        [
            Node("input", type_with_role(INPUT_ROLE), {"channels": c, "height": h, "width": w}),
            Node("block", type_name, dict(params)),
            Node("output", type_with_role(OUTPUT_ROLE)),
        ],
        [Edge("input", "block"), Edge("block", "output")],
    )
    if not traces(type_name):
        nodes, edges = expand_node(graph, "block", structure_only=True)
    elif not trace:
        raise Waiting(key, (type_name, dict(params), shape))
    else:
        with _TRACING:
            nodes, edges = expand_node(graph, "block", structure_only=True)
    graph.remove_node("block")
    for node in nodes:
        graph.add_node(node)
    for edge in edges:
        graph.add_edge(edge)
    return graph
