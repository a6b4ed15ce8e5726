"""The receptive-field cache's loose key is honest: a composite's effect is the same for
every channel count, every value of the parameters it leaves out
(:data:`engine.teaching.receptive_inside.NEUTRAL`) and every input size, for every
composite type; where it does depend on the size (global pooling on the way to the
output) it is keyed by the exact shape.

Each effect here is traced afresh (an empty cache each time), so that the cache can't
answer for it.
"""

from __future__ import annotations

import pytest

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.registry import BOOL, CHOICE, FLOAT, INT, all_specs, get_spec
from engine.teaching import receptive_inside
from engine.teaching.receptive import receptive_fields

COMPOSITES = sorted(s.type for s in all_specs() if s.composite)

#: Per type, the settings that do shape the field (each checked on its own).
SHAPING = {
    "ResidualBlock": [{"stride": 2}, {"bottleneck": True, "groups": 4, "stride": 2}],
    "DenseBlock": [{"num_layers": 2}],
    "InceptionBlock": [{"kernel_5x5": 3}],
    "InceptionV3Block": [{"variant": v} for v in "ABCDE"],
    "InvertedResidual": [{"stride": 2, "kernel_size": 5}],
    "MBConv": [{"stride": 2, "kernel_size": 5}],
    "FusedMBConv": [{"stride": 2}],
    "ShuffleUnit": [{"stride": 2}],
}
#: Input channels a block of this type accepts at any other setting (None: any).
SAME_CHANNELS = {"ConvNeXtBlock", "ShuffleUnit"}
SIZES = [(64, 64), (37, 51), (224, 224)]


def _fresh_effect(monkeypatch, type_name, params, shape):
    monkeypatch.setattr(receptive_inside, "_EFFECTS", {})
    return receptive_inside.lookup(type_name, params, shape, trace=True)


def _other_values(param, value):
    """Other values of a parameter left out of the loose key, valid for these blocks."""
    if param.kind == BOOL:
        return [not value]
    if param.kind == CHOICE:
        return [c for c in param.choices if c != value]
    if param.kind == FLOAT:
        return [0.0 if param.minimum == 0.0 else 1.0, 2.5] if param.name != "bn_momentum" else [0.3]
    if param.kind == INT:
        base = value or 16
        return [base * 2, base * 3]  # multiples: groups still divide them
    return []


def _variants(spec, params, channels):
    """(params, shape) pairs that differ from the first in what the loose key leaves out."""
    first = (params, (channels, *SIZES[0]))
    yield first
    for h, w in SIZES[1:]:
        yield params, (channels, h, w)
    if spec.type not in SAME_CHANNELS:
        yield params, (channels * 2 + 8, *SIZES[0])
    for param in spec.params:
        if param.name not in receptive_inside.NEUTRAL:
            continue
        for value in _other_values(param, params.get(param.name)):
            changed = {**params, param.name: value}
            shape = first[1]
            if spec.type in SAME_CHANNELS and param.name == "out_channels":
                shape = (value, *SIZES[0])
            yield changed, shape


def _cases():
    for type_name in COMPOSITES:
        for shaping in [{}, *SHAPING.get(type_name, [])]:
            yield pytest.param(type_name, shaping, id=f"{type_name}-{shaping}")


@pytest.mark.parametrize(("type_name", "shaping"), list(_cases()))
def test_the_effect_does_not_depend_on_channels_or_size(monkeypatch, type_name, shaping):
    spec = get_spec(type_name)
    params = spec.resolve({**spec.starting_params(), **shaping})
    channels = params.get("out_channels") or 64
    if type_name == "ShuffleUnit" and params["stride"] == 2:
        channels = 24
    first = None
    for variant, shape in _variants(spec, params, channels):
        found = _fresh_effect(monkeypatch, type_name, spec.resolve(variant), shape)
        assert found.effect is not None and not found.sized, (variant, shape)
        first = first or found.effect
        assert found.effect == first, (variant, shape)


def test_one_trace_serves_every_channel_count(monkeypatch):
    monkeypatch.setattr(receptive_inside, "_EFFECTS", {})
    spec = get_spec("MBConv")
    first = spec.resolve({"out_channels": 40, "kernel_size": 5, "stride": 2})
    receptive_inside.effect("MBConv", first, (24, 56, 56), trace=True)
    for channels, size in [(80, 28), (112, 14), (24, 224)]:
        other = spec.resolve({"out_channels": channels, "kernel_size": 5, "stride": 2})
        # cached: no trace needed (a caller that doesn't trace gets it at once)
        assert receptive_inside.effect("MBConv", other, (channels // 2, size, size)) is not None


def _pooled(size: int) -> Graph:
    """A hand-laid block whose output is a globally pooled map: its effect depends on size."""
    nodes = [
        Node("input", "Input", {"channels": 3, "height": size, "width": size}),
        Node("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3}),
        Node("pool", "AdaptiveAvgPool2d", {"output_size": 1}),
        Node("se", "SqueezeExcitation", {"squeeze_channels": 2}),
        Node("output", "Output"),
    ]
    edges = [Edge(a.id, b.id) for a, b in zip(nodes, nodes[1:], strict=False)]
    return Graph("g", nodes, edges)


def test_a_global_pool_marks_the_fields_after_it_as_sized():
    graph = _pooled(16)
    fields = receptive_fields(graph, analyse(graph), trace=True)
    assert fields.sized == {"pool", "se", "output"}
    assert fields["pool"].size == (16, 16)


def test_a_sized_effect_is_keyed_by_the_exact_input(monkeypatch):
    monkeypatch.setattr(receptive_inside, "_EFFECTS", {})
    # A squeeze-and-excitation on a 1×1 map: the gate's field is the map's own, and the
    # pass can't tell the gate from the map, so the result counts as sized.
    spec = get_spec("SqueezeExcitation")
    params = spec.resolve({"squeeze_channels": 2})
    found = receptive_inside.lookup("SqueezeExcitation", params, (8, 1, 1), trace=True)
    assert found.sized
    with pytest.raises(receptive_inside.Waiting):
        receptive_inside.lookup("SqueezeExcitation", params, (8, 5, 5))
