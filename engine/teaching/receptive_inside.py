"""A composite block's receptive field, followed through the layers it expands into.

A composite is expanded (:mod:`engine.expand`; a traced block's squeeze-and-excitation
as its layers too, a hand-laid block's stays a block and is followed in turn) onto a
scratch graph fed by an input of the block's input shape, and the receptive-field pass
runs over its real layers from a field of one pixel. Every rule of the pass is affine in the
incoming field: a block turns a field of size ``n``, jump ``j`` and start ``s`` into size
``n + (N − 1)·j``, jump ``j·J`` and start ``s + S·j``, where ``(N, J, S)`` is the field it
gives one pixel. So that field, its *effect*, is all a block needs, and it is computed
once per (type, params, input shape), tracing on torch's "meta" device (shapes, no
arithmetic). A new composite needs nothing here.

Expanding most composites traces their module, which needs torch; the editor never
loads torch for this (it loads in the background, :mod:`app.torch_loader`, and then
traces one block to warm up, :func:`warm_up`): until then such a block's effect is
unknown (:class:`WaitingForTorch`), and the GUI asks again later.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from engine.analysis import analyse
from engine.expand import expand_node, traces
from engine.graph import Edge, Graph, Node
from engine.registry import INPUT_ROLE, OUTPUT_ROLE, get_spec, type_with_role

if TYPE_CHECKING:
    from engine.teaching.receptive import RF

log = logging.getLogger(__name__)


class WaitingForTorch(Exception):
    """The block's layers can be known only by tracing its module, and torch isn't loaded."""


def torch_loaded() -> bool:
    """Whether torch is imported (not still being imported by another thread)."""
    module = sys.modules.get("torch")
    spec = getattr(module, "__spec__", None)
    return module is not None and not getattr(spec, "_initializing", False)


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


def effect(type_name: str, params: dict[str, Any], shape, load_torch: bool = False) -> RF | None:
    """The field a composite's output unit has on its input, one pixel in: None when the
    block can't be expanded for ``shape``. Raises :class:`WaitingForTorch` when its
    layers need torch, which is not loaded (and ``load_torch`` is False)."""
    if shape is None or len(shape) != 3:
        return None
    frozen = json.dumps(params, sort_keys=True, default=repr)
    key = (type_name, frozen, tuple(shape))
    if key not in _EFFECTS:
        found = _effect(type_name, params, tuple(shape), load_torch)
        if len(_EFFECTS) >= _EFFECTS_KEPT:
            _EFFECTS.pop(next(iter(_EFFECTS)), None)
        _EFFECTS[key] = found
    return _EFFECTS[key]


def warm_up() -> None:
    """Trace one small block, so that the first one the user meets is traced at once
    (the tracer's imports and first run take a while). For a thread besides the GUI's."""
    spec = get_spec("InvertedResidual")  # with squeeze-and-excitation: global pooling too
    params = spec.resolve({"out_channels": 8, "stride": 2, "se": True})
    effect(spec.type, params, (8, 8, 8), load_torch=True)


#: (type, params as JSON, input shape) → effect; the oldest are dropped past the limit.
_EFFECTS: dict[tuple, RF | None] = {}
_EFFECTS_KEPT = 1024
#: Held while tracing: one trace at a time (the warm-up traces on the loader's thread).
_TRACING = threading.Lock()


def _effect(type_name: str, params: dict, shape: tuple, load_torch: bool) -> RF | None:
    from engine.teaching.receptive import field_pass

    try:
        graph = _expanded(type_name, params, shape, load_torch)
    except WaitingForTorch:
        raise
    except Exception as exc:  # noqa: BLE001  (no field rather than a broken selection)
        log.warning("could not expand %s for its receptive field: %s", type_name, exc)
        return None
    fields = field_pass(graph, analyse(graph), load_torch)
    if not fields.complete:
        raise WaitingForTorch(type_name)
    return fields.get("output")


def _expanded(type_name: str, params: dict, shape: tuple, load_torch: bool) -> Graph:
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
    elif not (load_torch or torch_loaded()) or not _TRACING.acquire(blocking=load_torch):
        raise WaitingForTorch(type_name)  # no torch yet, or the warm-up is tracing
    else:
        try:
            nodes, edges = expand_node(graph, "block", structure_only=True)
        finally:
            _TRACING.release()
    graph.remove_node("block")
    for node in nodes:
        graph.add_node(node)
    for edge in edges:
        graph.add_edge(edge)
    return graph
