"""Receptive fields: published values, and an independent measurement by gradients.

The independent method: compile the network with every weight set to one, no biases,
ReLU replaced by the identity and max pooling by average pooling (so that no input
pixel's contribution can cancel or be dropped), feed an image of ones and take the
gradient of one output unit with respect to the input. The pixels with a non-zero
gradient are exactly the pixels the unit sees. The channels are cut to one first: the
field does not depend on them, and the pass becomes cheap.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from engine.analysis import analyse
from engine.compiler import compile_model
from engine.graph import Edge, Graph, Node
from engine.presets import load_preset
from engine.teaching.receptive import RF, receptive_fields, unit_box

_ONE_CHANNEL = {
    "Input": {"channels": 1},
    "Conv2d": {"out_channels": 1, "groups": 1},
    "Conv1x1": {"out_channels": 1},
    "ResidualBlock": {"out_channels": 1, "width": 1},
    "DenseBlock": {"growth_rate": 1, "bn_size": 1},
    "Transition": {"out_channels": 1},
    "InceptionBlock": {
        k: 1 for k in ("ch1x1", "ch3x3red", "ch3x3", "ch5x5red", "ch5x5", "pool_proj")
    },
    "Linear": {"out_features": 1},
}


def thin(graph: Graph, size: int | None = None) -> Graph:
    """The same network with one channel everywhere (and optionally another image size)."""
    for node in graph.nodes.values():
        node.params.update(_ONE_CHANNEL.get(node.type, {}))
        if node.type == "Input" and size is not None:
            node.params.update(height=size, width=size)
    return graph


def linearised(module: nn.Module) -> nn.Module:
    """Weights one, biases zero, ReLU → identity, max pooling → average pooling."""
    for name, child in list(module.named_children()):
        if isinstance(child, nn.ReLU):
            setattr(module, name, nn.Identity())
        elif isinstance(child, nn.MaxPool2d):
            setattr(
                module,
                name,
                nn.AvgPool2d(
                    child.kernel_size, child.stride, child.padding, ceil_mode=child.ceil_mode
                ),
            )
        else:
            linearised(child)
    for pname, param in module.named_parameters(recurse=False):
        param.data.fill_(0.0 if pname == "bias" else 1.0)
    return module


class Probe:
    """One forward pass of the linearised network; boxes measured by gradients from it."""

    def __init__(self, graph: Graph, node_ids: list[str]):
        compiled = compile_model(graph)
        module = linearised(compiled.module).double().eval()
        _, h, w = compiled.input_shape
        self.image = torch.ones(1, 1, h, w, dtype=torch.float64, requires_grad=True)
        self.outputs: dict[str, torch.Tensor] = {}
        handles = [
            module.get_submodule(compiled.module_names[nid]).register_forward_hook(
                lambda _m, _i, out, nid=nid: self.outputs.setdefault(nid, out)
            )
            for nid in node_ids
        ]
        module(self.image)
        for handle in handles:
            handle.remove()

    def box(self, node_id: str, y: int, x: int) -> tuple[int, int, int, int]:
        """(top, left, bottom, right) of the input pixels unit (y, x) depends on."""
        out = self.outputs[node_id]
        unit = out[0, :, y, x].sum() if out.dim() == 4 else out[0].sum()
        (grad,) = torch.autograd.grad(unit, self.image, retain_graph=True)
        rows = torch.nonzero(grad[0, 0].abs().sum(1)).flatten()
        cols = torch.nonzero(grad[0, 0].abs().sum(0)).flatten()
        return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def fields_of(graph: Graph) -> dict[str, RF]:
    analysis = analyse(graph)
    assert analysis.ok, analysis.problems
    return receptive_fields(graph, analysis, trace=True)


# Published and hand-computed sizes. VGG-16 pool5 = 212: Araujo et al., "Computing
# Receptive Fields of Convolutional Neural Networks", Distill 2019 (table of networks).
# conv5_3 = 212 − (2 − 1)·16 = 196 (pool5 adds (k−1)·jump = 16). ResNet-18's last stage:
# conv1 7 (jump 2), maxpool +2·2 = 11 (jump 4), layer1 four 3×3 convs +4·2·4 = 43,
# layer2 +2·4 +3·2·8 = 99 (jump 8), layer3 +2·8 +3·2·16 = 211, layer4 +2·16 +3·2·32 = 435.
KNOWN = [
    ("vgg16", "conv1_1", 3, 1),
    ("vgg16", "pool1", 6, 2),
    ("vgg16", "conv5_3", 196, 16),
    ("vgg16", "pool5", 212, 32),
    ("resnet18", "conv1", 7, 2),
    ("resnet18", "maxpool", 11, 4),
    ("resnet18", "layer1_1", 43, 4),
    ("resnet18", "layer4_1", 435, 32),
    ("alexnet", "pool5", 195, 32),  # Distill table: AlexNet 195
]


@pytest.mark.parametrize("preset,node_id,size,jump", KNOWN)
def test_known_receptive_fields(preset, node_id, size, jump):
    rf = fields_of(load_preset(preset))[node_id]
    assert (rf.size_h, rf.size_w) == (size, size)
    assert (rf.stride_h, rf.stride_w) == (jump, jump)


# (preset, image size, nodes to measure): the image is large enough that a central
# unit's field lies inside it, so the measured box is the whole, unclipped field.
MEASURED = [
    ("vgg16", 256, ["conv1_2", "pool2", "conv4_3", "conv5_3", "pool5"]),
    ("resnet18", 480, ["maxpool", "layer1_0", "layer2_0", "layer3_1", "layer4_1"]),
    ("densenet_small", 96, ["conv0", "denseblock1", "transition1", "denseblock2"]),
    ("inception_small", 64, ["pool1", "inception1", "inception2", "inception3"]),
    ("googlenet", 160, ["pool1", "conv3", "inception3a", "inception4a"]),
    ("resnet50", 224, ["layer1_0", "layer2_0"]),
]


@pytest.mark.parametrize("preset,size,node_ids", MEASURED)
def test_fields_equal_the_gradient_support(preset, size, node_ids):
    graph = thin(load_preset(preset), size)
    fields = fields_of(graph)
    analysis = analyse(graph)
    probe = Probe(graph, node_ids)
    for node_id in node_ids:
        rf = fields[node_id]
        _, h, w = analysis.nodes[node_id].shape
        for y, x in [(h // 2, w // 2), (0, 0), (h - 1, w - 1), (0, w - 1)]:
            assert unit_box(rf, y, x) == probe.box(node_id, y, x), (node_id, y, x)
        # the central unit's field lies inside the image: the measurement checked its size
        top, left, bottom, right = unit_box(rf, h // 2, w // 2)
        assert (bottom - top, right - left) == (rf.size_h, rf.size_w), node_id


def test_dilation_padding_same_and_pairs():
    graph = Graph(
        "g",
        [
            Node("input", "Input", {"channels": 1, "height": 40, "width": 40}),
            Node(
                "a",
                "Conv2d",
                {"out_channels": 1, "kernel_size": [3, 5], "dilation": [2, 1], "padding": "same"},
            ),
            Node(
                "b",
                "Conv2d",
                {"out_channels": 1, "kernel_size": 3, "stride": [2, 1], "padding": [0, 2]},
            ),
            Node(
                "c", "AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}
            ),
            Node("d", "Conv1x1", {"out_channels": 1, "stride": 2}),
            Node("output", "Output"),
        ],
        [Edge("input", "a"), Edge("a", "b"), Edge("b", "c"), Edge("c", "d"), Edge("d", "output")],
    )
    fields = fields_of(graph)
    assert fields["a"].size == (5, 5) and fields["a"].start_h == -2
    assert fields["b"].size == (7, 7) and fields["b"].stride == (2, 1)
    analysis = analyse(graph)
    probe = Probe(graph, ["a", "b", "c", "d"])
    for node_id in ("a", "b", "c", "d"):
        _, h, w = analysis.nodes[node_id].shape
        for y, x in [(0, 0), (h // 2, w // 3), (h - 1, w - 1)]:
            assert unit_box(fields[node_id], y, x) == probe.box(node_id, y, x)


def test_merges_take_the_union_and_flatten_sees_everything():
    graph = Graph(
        "g",
        [
            Node("input", "Input", {"channels": 1, "height": 16, "width": 16}),
            Node("small", "Conv2d", {"out_channels": 1, "kernel_size": 1}),
            Node("big", "Conv2d", {"out_channels": 1, "kernel_size": 5, "padding": 2}),
            Node("add", "Add"),
            Node("flat", "Flatten"),
            Node("fc", "Linear", {"out_features": 3}),
            Node("output", "Output"),
        ],
        [
            Edge("input", "small"),
            Edge("input", "big"),
            Edge("small", "add", 0),
            Edge("big", "add", 1),
            Edge("add", "flat"),
            Edge("flat", "fc"),
            Edge("fc", "output"),
        ],
    )
    fields = fields_of(graph)
    assert fields["add"].size == (5, 5)
    assert unit_box(fields["fc"], 0, 0) == (0, 0, 16, 16)
    assert unit_box(fields["add"], 0, 0) == (0, 0, 3, 3)


def test_nodes_after_a_problem_have_no_field():
    graph = Graph(
        "g",
        [
            Node("input", "Input", {"channels": 1, "height": 4, "width": 4}),
            Node("conv", "Conv2d", {"out_channels": 1, "kernel_size": 7}),
            Node("output", "Output"),
        ],
        [Edge("input", "conv"), Edge("conv", "output")],
    )
    fields = receptive_fields(graph, analyse(graph))
    assert "input" in fields and "conv" not in fields and "output" not in fields
