"""Receptive fields: which part of the input image each unit of a layer can see.

The standard recurrence over the layers of a path (Araujo, Norris and Sim, "Computing
Receptive Fields of Convolutional Neural Networks", Distill, 2019), per axis, for a
layer with kernel ``k``, stride ``s``, padding ``p`` and dilation ``d``::

    size_out  = size_in + (k − 1)·d·jump_in
    jump_out  = jump_in·s
    start_out = start_in − p·jump_in

``size`` is how many input pixels one unit sees, ``jump`` (the stride into the input)
how far apart two neighbouring units' fields are, and ``start`` where the field of
unit (0, 0) begins, in input pixels (negative when padding puts part of it outside
the image). Composite blocks are followed through the layers they expand into
(:mod:`.receptive_inside`); where paths merge (Add, Concat, the branches of Inception, a
dense block's concatenation) the field is the union of the paths' fields. Global
pooling, Flatten and Linear see the whole input. A [C, 1, 1] gate multiplied onto a
map (squeeze-and-excitation) rescales whole channels by a summary of the map: the field
shown is the spatial one, of the map it scales, not the whole image the gate summarises.
Sizes are not clipped to the image: a ResNet-18 unit's field is larger than a 224×224
image, which only means that it sees all of it (:func:`unit_box` clips).

No torch of its own: this runs on every selection, like shape analysis, and it never
traces unless asked to (``trace=True``, never on the GUI thread). A composite whose
layers are known only by tracing its module, and whose effect isn't cached yet, waits:
the fields from it on are left out, the result says so (:attr:`Fields.complete`,
:attr:`Fields.waiting`) and lists what to trace (:attr:`Fields.pending`; the app traces
it in the background, :mod:`app.fields`, and asks again).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace

from engine.analysis import Analysis
from engine.graph import Graph
from engine.incremental import downstream
from engine.registry import INPUT_ROLE, get_spec, pair, role_of
from engine.teaching import receptive_inside


@dataclass(frozen=True)
class RF:
    """The receptive field of the units of one node's output, on the network's input.

    ``start_h``/``start_w`` is the top-left input pixel of unit (0, 0)'s field;
    unit (y, x) covers rows ``start_h + y·stride_h`` … ``+ size_h − 1`` (likewise for
    columns). ``input_h``/``input_w`` is the size of the network's input (for clipping).
    """

    size_h: int
    size_w: int
    stride_h: int
    stride_w: int
    start_h: int
    start_w: int
    input_h: int = 0
    input_w: int = 0

    @property
    def size(self) -> tuple[int, int]:
        return self.size_h, self.size_w

    @property
    def stride(self) -> tuple[int, int]:
        return self.stride_h, self.stride_w


class Fields(dict):
    """Node id → :class:`RF`.

    ``complete`` is False while some composite's effect waits to be traced; then
    ``waiting`` holds the nodes whose field waits for it (the block and those after it)
    and ``pending`` the blocks to trace: key → (type, params, input shape), for
    :func:`engine.teaching.receptive_inside.effect` with ``trace=True``. ``sized``: the
    nodes whose field depends on the exact spatial size of some map (global pooling,
    Flatten), which :mod:`.receptive_inside` keys its cache by.
    """

    complete = True
    trace = False

    def __init__(self, *args):
        super().__init__(*args)
        self.waiting: set[str] = set()
        self.pending: dict[tuple, tuple] = {}
        self.sized: set[str] = set()


def receptive_fields(graph: Graph, analysis: Analysis, trace: bool = False) -> Fields:
    """The receptive field of every node whose shape analysis succeeded.

    Nodes downstream of a problem (no shape) are left out. When ``analysis`` is an
    incremental update (:mod:`engine.incremental`) of the one this was last called with
    for ``graph`` after a parameter edit, only the fields it can change are recomputed
    (a field depends on every edge into a node, the analysis only on the first per port).
    ``trace``: trace the composites whose effect isn't cached (importing torch if need
    be: never on the GUI thread); without it they wait (:class:`Fields`).
    """
    last = _LAST.get(graph)
    if (
        last is not None
        and last[0] == analysis.base_serial
        and last[1].complete
        and not analysis.structure_changed
    ):
        fields = _update(graph, analysis, _fields(last[1], trace))
    else:
        fields = field_pass(graph, analysis, trace)
    _LAST[graph] = (analysis.serial, fields)
    return fields


def field_pass(graph: Graph, analysis: Analysis, trace: bool = False) -> Fields:
    """Every node's field, computed afresh in the analysis's order."""
    fields = _fields({}, trace)
    for nid in analysis.order:
        _set_field(graph, analysis, fields, nid)
    return fields


def _fields(last: dict, trace: bool) -> Fields:
    fields = Fields(last)
    fields.trace = trace
    fields.sized = set(getattr(last, "sized", ()))
    return fields


#: graph → (serial of the analysis, its fields), for incremental updates.
_LAST: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _update(graph: Graph, analysis: Analysis, fields: Fields) -> Fields:
    """Recompute from the nodes the analysis reran, onwards while a field changes."""

    def rerun(nid: str) -> bool:
        before = fields.get(nid)
        return _set_field(graph, analysis, fields, nid) != before

    seeds = [nid for nid in analysis.touched if nid in analysis.position]
    downstream(graph, seeds, analysis.position, rerun)
    return fields


def _set_field(graph: Graph, analysis: Analysis, fields: Fields, nid: str) -> RF | None:
    """Compute node ``nid``'s field from its sources' into ``fields``; return it."""
    fields.pop(nid, None)
    fields.waiting.discard(nid)
    fields.sized.discard(nid)
    node = graph.nodes[nid]
    info = analysis.nodes.get(nid)
    spec = get_spec(node.type)
    if info is None or info.shape is None or spec is None:
        return None
    if role_of(node.type) == INPUT_ROLE:
        fields[nid] = _input_field(info.shape)
        return fields[nid]
    sources = [e.source for e in graph.inputs_of(nid)]
    inputs = [fields.get(s) for s in sources]
    shapes = [analysis.nodes[s].shape for s in sources]
    # A block's effect doesn't depend on the field coming in: ask for it even while that
    # waits, so that every block to trace is named at once (not one per round).
    found = _effect(fields, nid, node.type, spec, node.params, shapes[0]) if shapes else None
    if not inputs or any(f is None for f in inputs):
        if any(s in fields.waiting for s in sources):
            fields.waiting.add(nid)
        return None
    sized = node.type in _SIZED
    if spec.composite:
        field = None if found is None else receptive_inside.through(inputs[0], found.effect)
        sized = found is not None and found.sized
    else:
        field = _RULES.get(node.type, _pass_through)(inputs, shapes, spec.resolve(node.params))
    used = _contributing(node.type, sources, shapes)
    if field is not None:
        fields[nid] = field
        if sized or any(s in fields.sized for s in used):
            fields.sized.add(nid)
    return field


def _effect(fields: Fields, nid: str, type_name: str, spec, params, shape):
    """A composite's effect (:mod:`.receptive_inside`): None for any other block, for a
    block that can't be expanded, and while it waits to be traced (``fields`` says so)."""
    if not spec.composite:
        return None
    try:
        found = receptive_inside.lookup(type_name, spec.resolve(params), shape, fields.trace)
    except receptive_inside.Waiting as waiting:
        fields.complete = False
        fields.waiting.add(nid)
        fields.pending[waiting.key] = waiting.request
        return None
    return None if found.effect is None else found


def unit_box(rf: RF, y: int, x: int) -> tuple[int, int, int, int]:
    """The input pixels unit (y, x) sees: (top, left, bottom, right), bottom/right exclusive.

    Clipped to the input image (when the field knows the input's size).
    """
    top = rf.start_h + y * rf.stride_h
    left = rf.start_w + x * rf.stride_w
    bottom, right = top + rf.size_h, left + rf.size_w
    if rf.input_h and rf.input_w:
        top, bottom = max(0, top), min(rf.input_h, bottom)
        left, right = max(0, left), min(rf.input_w, right)
    return top, left, bottom, right


# --------------------------------------------------------------------------- layer rules


def _input_field(shape) -> RF:
    h, w = (shape[1], shape[2]) if len(shape) == 3 else (1, 1)
    return RF(1, 1, 1, 1, 0, 0, h, w)


def layer(rf: RF, kernel, stride=1, padding=0, dilation=1) -> RF:
    """The field after one sliding-window layer (convolution or pooling)."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = (pair(v) for v in (kernel, stride, padding, dilation))
    return replace(
        rf,
        size_h=rf.size_h + (kh - 1) * dh * rf.stride_h,
        size_w=rf.size_w + (kw - 1) * dw * rf.stride_w,
        stride_h=rf.stride_h * sh,
        stride_w=rf.stride_w * sw,
        start_h=rf.start_h - ph * rf.stride_h,
        start_w=rf.start_w - pw * rf.stride_w,
    )


def union(fields: list[RF]) -> RF:
    """Where paths merge, a unit sees what any of its paths sees."""
    first = fields[0]
    top = min(f.start_h for f in fields)
    left = min(f.start_w for f in fields)
    bottom = max(f.start_h + f.size_h for f in fields)
    right = max(f.start_w + f.size_w for f in fields)
    return replace(
        first,
        size_h=bottom - top,
        size_w=right - left,
        stride_h=max(f.stride_h for f in fields),
        stride_w=max(f.stride_w for f in fields),
        start_h=top,
        start_w=left,
    )


def whole(rf: RF, shape) -> RF:
    """A unit that sees every unit of a [C, H, W] input map (global pooling, Flatten)."""
    if len(shape) != 3:
        return rf
    _, h, w = shape
    size_h = rf.size_h + (h - 1) * rf.stride_h
    size_w = rf.size_w + (w - 1) * rf.stride_w
    return replace(
        rf, size_h=size_h, size_w=size_w, stride_h=rf.stride_h * h, stride_w=rf.stride_w * w
    )


def _same_padding(kernel, dilation) -> tuple[int, int]:
    """PyTorch's "same": total d·(k−1) per axis, the smaller half before."""
    (kh, kw), (dh, dw) = pair(kernel), pair(dilation)
    return dh * (kh - 1) // 2, dw * (kw - 1) // 2


def _pass_through(inputs, shapes, p) -> RF:
    return union(inputs)


def _conv2d(inputs, shapes, p) -> RF:
    padding = p["padding"]
    if padding == "same":
        padding = _same_padding(p["kernel_size"], p["dilation"])
    return layer(inputs[0], p["kernel_size"], p["stride"], padding, p["dilation"])


def _conv1x1(inputs, shapes, p) -> RF:
    return layer(inputs[0], 1, p["stride"])


def _pool(inputs, shapes, p) -> RF:
    stride = p["kernel_size"] if p["stride"] is None else p["stride"]
    return layer(inputs[0], p["kernel_size"], stride, p["padding"])


def _adaptive(inputs, shapes, p) -> RF:
    """Exact when the output divides the input (a plain pooling); else the whole map."""
    shape = shapes[0]
    if len(shape) != 3:
        return inputs[0]
    (oh, ow), (h, w) = pair(p["output_size"]), shape[1:]
    if h % oh or w % ow:
        return whole(inputs[0], shape)
    kernel = (h // oh, w // ow)
    return layer(inputs[0], kernel, kernel)


def _flatten(inputs, shapes, p) -> RF:
    return whole(inputs[0], shapes[0])


def _mul(inputs, shapes, p) -> RF:
    """A [C, 1, 1] gate scales the map's channels: the field is the map's (see above)."""
    maps = [f for f, s in zip(inputs, shapes, strict=True) if not _is_gate(s)]
    return union(maps or inputs)


def _is_gate(shape) -> bool:
    return len(shape) == 3 and shape[1:] == (1, 1)


def _contributing(type_name: str, sources: list[str], shapes) -> list[str]:
    """The sources whose field a node's field is made of (a gate's is not: see _mul)."""
    if type_name != "Mul":
        return sources
    maps = [s for s, shape in zip(sources, shapes, strict=True) if not _is_gate(shape)]
    return maps or sources


_RULES = {
    "Conv2d": _conv2d,
    "Conv1x1": _conv1x1,
    "MaxPool2d": _pool,
    "AvgPool2d": _pool,
    "AdaptiveAvgPool2d": _adaptive,
    "Flatten": _flatten,
    "Mul": _mul,
}
#: Rules that read the exact spatial size of their input (whole map, or divisibility).
_SIZED = {"AdaptiveAvgPool2d", "Flatten"}
