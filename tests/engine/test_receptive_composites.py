"""Receptive fields through composite blocks, followed through the layers they expand
into: against the fully expanded network, a hand computation, and gradients.

The expanded network is an independent route: there every inner layer is a block of
the graph and the pass never meets a composite, so a block's summarised effect
(:mod:`engine.teaching.receptive_inside`) must reproduce the field layer by layer.
"""

from __future__ import annotations

import pytest
from torch import nn

from engine.analysis import analyse
from engine.expand import expand_all
from engine.graph import Edge, Graph, Node
from engine.presets import load_preset
from engine.registry import get_spec
from engine.teaching import receptive_inside
from engine.teaching.receptive import receptive_fields, unit_box

from . import test_receptive as measured
from .test_receptive import Probe, fields_of, linearised

PRESETS = [
    "mobilenet_v2",
    "efficientnet_b0",
    "convnext_tiny",
    "shufflenet_v2_x1_0",
    "squeezenet1_1",
    "resnet50",
    "densenet121",
    "googlenet",
    "mobilenet_v3_large",
    "regnet_y_400mf",
]


@pytest.mark.parametrize("preset", PRESETS)
def test_fields_equal_those_of_the_fully_expanded_network(preset):
    graph = load_preset(preset)
    fields = fields_of(graph)
    expanded = expand_all(load_preset(preset))
    assert not any(get_spec(n.type).composite for n in expanded.nodes.values())
    whole = fields_of(expanded)
    assert fields.complete and whole.complete
    # the blocks both graphs share: the stem, every block right after a composite, the head
    shared = [nid for nid in graph.nodes if nid in expanded.nodes]
    assert len(shared) >= 8
    for nid in shared:
        assert fields[nid] == whole[nid], nid
    last_conv = [n for n in analyse(expanded).order if expanded.nodes[n].type == "Conv2d"][-1]
    after = next(e.target for e in expanded.edges if e.source == last_conv)
    consumers = [nid for nid in shared if analyse(graph).position[nid] > 0]
    assert whole[last_conv].stride == whole[after].stride and consumers


def _mobile(*blocks: tuple[str, str, dict], size: int = 32, channels: int = 3) -> Graph:
    nodes = [Node("input", "Input", {"channels": channels, "height": size, "width": size})]
    nodes += [Node(nid, type_name, params) for nid, type_name, params in blocks]
    nodes.append(Node("output", "Output"))
    edges = [Edge(a.id, b.id) for a, b in zip(nodes, nodes[1:], strict=False)]
    return Graph("g", nodes, edges)


def test_a_stride_two_inverted_residual_doubles_the_jump_by_hand():
    graph = _mobile(
        ("stem", "Conv2d", {"out_channels": 16, "kernel_size": 3, "stride": 2, "padding": 1}),
        ("down", "InvertedResidual", {"out_channels": 24, "stride": 2}),
        ("same", "InvertedResidual", {"out_channels": 24}),
    )
    fields = fields_of(graph)
    # stem: 3 pixels, 2 apart, from -1. down: 1×1, depthwise 3×3 stride 2 padding 1, 1×1:
    # 3 + 2·2 = 7, jump 4, start -1 - 1·2 = -3. same: the 3×3 adds 2·4 (15, start -7);
    # its shortcut (the input itself) lies inside that.
    assert (fields["stem"].size, fields["stem"].stride, fields["stem"].start_h) == (
        (3, 3),
        (2, 2),
        -1,
    )
    assert (fields["down"].size, fields["down"].stride, fields["down"].start_h) == (
        (7, 7),
        (4, 4),
        -3,
    )
    assert (fields["same"].size, fields["same"].stride, fields["same"].start_h) == (
        (15, 15),
        (4, 4),
        -7,
    )


def test_a_squeeze_and_excitation_gate_keeps_the_spatial_field():
    graph = _mobile(
        ("conv", "Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}),
        ("se", "SqueezeExcitation", {"squeeze_channels": 2}),
        ("mb", "MBConv", {"out_channels": 8, "kernel_size": 5, "stride": 2}),
    )
    fields = fields_of(graph)
    assert fields["se"] == fields["conv"]
    # the MBConv's depthwise 5×5 stride 2 (padding 2) after a 3-pixel field, jump 1
    assert fields["mb"].size == (7, 7) and fields["mb"].stride == (2, 2)
    assert fields["mb"].start_h == -1 - 2


class _Identity(nn.Module):
    def forward(self, x):
        return x


def _without_saturation(module: nn.Module) -> nn.Module:
    """ReLU6 and Hardswish would zero the gradient of the large values of a ones image."""
    for name, child in list(module.named_children()):
        if isinstance(child, (nn.ReLU6, nn.Hardswish)):
            setattr(module, name, _Identity())
        else:
            _without_saturation(child)
    return linearised(module)


def test_composite_fields_equal_the_gradient_support(monkeypatch):
    graph = _mobile(
        ("stem", "Conv2d", {"out_channels": 8, "kernel_size": 3, "stride": 2, "padding": 1}),
        ("ir", "InvertedResidual", {"out_channels": 8, "kernel_size": 5, "expand_ratio": 2}),
        ("ir2", "InvertedResidual", {"out_channels": 8, "stride": 2, "expand_ratio": 2}),
        ("mb", "MBConv", {"out_channels": 8, "kernel_size": 5, "se_ratio": 0.0}),
        ("fused", "FusedMBConv", {"out_channels": 12, "stride": 2, "expand_ratio": 2}),
        ("fire", "Fire", {"squeeze": 4, "expand1x1": 4, "expand3x3": 4}),
        ("shuffle", "ShuffleUnit", {"out_channels": 8, "stride": 2}),
        ("shuffle2", "ShuffleUnit", {"out_channels": 8}),
        size=160,
        channels=1,
    )
    monkeypatch.setattr(measured, "linearised", _without_saturation)
    ids = ["stem", "ir", "ir2", "mb", "fused", "fire", "shuffle", "shuffle2"]
    fields = fields_of(graph)
    analysis = analyse(graph)
    probe = Probe(graph, ids)
    for nid in ids:
        _, h, w = analysis.nodes[nid].shape
        for y, x in [(h // 2, w // 2), (0, 0), (h - 1, w - 1)]:
            assert unit_box(fields[nid], y, x) == probe.box(nid, y, x), (nid, y, x)


def test_traced_blocks_wait_unless_the_caller_traces(monkeypatch):
    monkeypatch.setattr(receptive_inside, "_EFFECTS", {})
    graph = _mobile(
        ("res", "ResidualBlock", {"out_channels": 3}),  # laid out by hand: no trace needed
        ("ir", "InvertedResidual", {"out_channels": 16, "stride": 2}),
        ("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3}),
    )
    fields = receptive_fields(graph, analyse(graph))
    assert not fields.complete
    assert fields["res"].size == (5, 5) and "ir" not in fields and "conv" not in fields
    assert fields.waiting == {"ir", "conv", "output"}
    ((key, request),) = fields.pending.items()
    assert request == ("InvertedResidual", get_spec("InvertedResidual").resolve(
        {"out_channels": 16, "stride": 2}), (3, 32, 32))  # fmt: skip
    assert not receptive_inside.cached(key)
    receptive_inside.effect(*request, trace=True)  # what the app's worker does
    assert receptive_inside.cached(key)
    fields = receptive_fields(graph, analyse(graph))
    assert fields.complete and not fields.waiting and not fields.pending
    assert fields["conv"].size == (5 + 2 + 2 * 2, 5 + 2 + 2 * 2)


def test_a_block_holding_a_traced_one_waits_as_a_whole(monkeypatch):
    monkeypatch.setattr(receptive_inside, "_EFFECTS", {})
    graph = _mobile(("res", "ResidualBlock", {"out_channels": 8, "se_channels": 2}))
    fields = receptive_fields(graph, analyse(graph))
    assert "res" in fields.waiting
    ((request),) = fields.pending.values()
    assert request[0] == "ResidualBlock"  # the worker traces its squeeze-and-excitation
    receptive_inside.effect(*request, trace=True)
    assert receptive_fields(graph, analyse(graph))["res"].size == (5, 5)


def test_mobilenet_v2_reaches_its_published_field():
    # Araujo, Norris and Sim, Distill 2019, table of networks: MobileNet-v2, 491, stride 32
    rf = fields_of(load_preset("mobilenet_v2"))["act_head"]
    assert rf.size == (491, 491) and rf.stride == (32, 32)
