"""Import: PyTorch models become graphs, composite blocks are recognised, weights kept.

A model exported by Convas imports back to the graph it came from (types, params,
connections; ids are the code's attribute names), at full size for every preset (built
on the "meta" device: structure without arithmetic) and for random graphs. Hand-written
torchvision-style modules import with their blocks recognised and their weights, and
the imported graph computes what the module computes.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from torch import nn

from engine import fileformat, presets
from engine.compiler import compile_model
from engine.export import export_program, generate_code
from engine.export.weights import resolve_model
from engine.graph import Edge, Graph, Node
from engine.importer import ImportFailed, UntrustedFile, import_module
from engine.importer.compare import canonical, same_structure
from tests.engine.graphgen import random_graphs

REPO = Path(__file__).resolve().parents[2]
TOLERANCE = 1e-4


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Small tensors on a shared machine: one torch thread is much faster."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def load_code(text: str, folder: Path, name: str = "model"):
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"gen_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def types(graph: Graph) -> Counter:
    return Counter(n.type for n in graph.nodes.values())


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", presets.preset_names())
def test_every_preset_imports_back_to_the_same_graph(name, tmp_path):
    graph = presets.load_preset(name)
    code = generate_code(graph)
    module = load_code(code.model_py, tmp_path)
    with torch.device("meta"):
        model = module.build_model()
    result = import_module(model, example_input_shape=module.INPUT_SHAPE)
    assert result.unmapped == [] and result.notes == []
    assert same_structure(result.graph, graph)
    # Blocks with weights keep their names, so the state-dict keys are the original's.
    assert set(code.module_names.values()) - set(result.graph.nodes) <= {
        code.module_names[n] for n, node in graph.nodes.items() if node.type in ("Add", "Concat")
    }
    with torch.device("meta"):
        keys = list(compile_model(graph).module.state_dict())
    assert sorted(result.state_dict) == sorted(keys)


def test_imported_weights_are_the_models_and_compute_the_same(tmp_path, tiny_residual_path):
    graph = fileformat.load(tiny_residual_path)
    module = load_code(generate_code(graph).model_py, tmp_path)
    model = module.build_model()
    state = resolve_model(graph, seed=11).module.state_dict()
    model.load_state_dict(state)
    result = import_module(model)
    assert result.max_difference is not None and result.max_difference <= TOLERANCE
    assert set(result.state_dict) == set(state)
    assert all(torch.equal(result.state_dict[k], v) for k, v in state.items())


@pytest.mark.parametrize("name", ["densenet_small", "inception_small", "resnet_cifar"])
def test_a_model_py_file_imports_with_trust(name, tmp_path):
    graph = presets.load_preset(name)
    path = tmp_path / "model.py"
    path.write_text(generate_code(graph).model_py, encoding="utf-8")
    result = import_module(path, trust=True)
    assert same_structure(result.graph, graph) and result.unmapped == []
    assert result.max_difference is not None and result.max_difference <= TOLERANCE
    assert all(node.position is not None for node in result.graph.nodes.values())


@settings(max_examples=12)
@given(random_graphs())
def test_random_graphs_import_back_to_themselves(tmp_path_factory, graph):
    folder = tmp_path_factory.mktemp("random_import")
    module = load_code(generate_code(graph).model_py, folder)
    result = import_module(module.build_model(), example_input_shape=module.INPUT_SHAPE)
    assert result.unmapped == []
    assert same_structure(result.graph, graph)
    assert result.max_difference is not None and result.max_difference <= TOLERANCE


def test_a_saved_torch_export_program_imports_back(tmp_path):
    graph = Graph(
        "lrn and friends",
        [
            Node("in", "Input", {"channels": 3, "height": 12, "width": 12}),
            Node("conv", "Conv2d", {"out_channels": 6, "padding": "same", "bias": False}),
            Node("norm", "BatchNorm2d", {"eps": 1e-3}),
            Node("lrn", "LocalResponseNorm", {"size": 3, "alpha": 1e-3}),
            Node("res", "ResidualBlock", {"out_channels": 8, "stride": 2}),
            Node("leaky", "LeakyReLU", {"negative_slope": 0.2}),
            Node(
                "pool",
                "AvgPool2d",
                {"kernel_size": 3, "stride": 1, "padding": 1, "ceil_mode": True},
            ),
            Node("cat", "Concat"),
            Node("gap", "AdaptiveAvgPool2d", {"output_size": [2, 3]}),
            Node("flat", "Flatten"),
            Node("drop", "Dropout", {"p": 0.2}),
            Node("fc", "Linear", {"out_features": 4}),
            Node("out", "Output"),
        ],
        [
            Edge("in", "conv"),
            Edge("conv", "norm"),
            Edge("norm", "lrn"),
            Edge("lrn", "res"),
            Edge("res", "leaky"),
            Edge("leaky", "pool"),
            Edge("pool", "cat", 0),
            Edge("res", "cat", 1),
            Edge("cat", "gap"),
            Edge("gap", "flat"),
            Edge("flat", "drop"),
            Edge("drop", "fc"),
            Edge("fc", "out"),
        ],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        export_program(graph, tmp_path / "net.pt2", seed=5)
    with pytest.raises(UntrustedFile):
        import_module(tmp_path / "net.pt2")
    result = import_module(tmp_path / "net.pt2", trust=True)
    assert result.unmapped == []
    assert same_structure(result.graph, graph)
    assert result.max_difference is not None and result.max_difference <= TOLERANCE
    expected = resolve_model(graph, seed=5).module.state_dict()
    assert all(torch.equal(result.state_dict[k], v) for k, v in expected.items())


# --------------------------------------------------------------------------- hand-written


class BasicBlock(nn.Module):
    """torchvision's BasicBlock, as people copy it."""

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


class Bottleneck(nn.Module):
    def __init__(self, inplanes, width, out, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, out, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out)
        self.shortcut = nn.Sequential(
            nn.Conv2d(inplanes, out, 1, stride, bias=False), nn.BatchNorm2d(out)
        )

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return F.relu(self.shortcut(x) + out)


class HandResNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(inplace=True)
        )
        down = nn.Sequential(nn.Conv2d(16, 32, 1, 2, bias=False), nn.BatchNorm2d(32))
        self.layer1 = nn.Sequential(BasicBlock(16, 16), BasicBlock(16, 16))
        self.layer2 = nn.Sequential(BasicBlock(16, 32, 2, down), Bottleneck(32, 16, 64, 2))
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        x = self.pool(x)
        return self.fc(x.view(x.size(0), -1))


def _randomise_batch_norms(model: nn.Module) -> nn.Module:
    gen = torch.Generator().manual_seed(0)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
    return model


def test_hand_written_resnet_imports_with_its_residual_blocks():
    model = _randomise_batch_norms(HandResNet()).eval()
    result = import_module(model, example_input_shape=(3, 16, 16))
    graph = result.graph
    blocks = {nid: n.params for nid, n in graph.nodes.items() if n.type == "ResidualBlock"}
    assert blocks == {
        "layer1.0": {"out_channels": 16},
        "layer1.1": {"out_channels": 16},
        "layer2.0": {"out_channels": 32, "stride": 2},
        "layer2.1": {"out_channels": 64, "stride": 2, "bottleneck": True},
    }
    assert types(graph) == Counter(
        {
            "ResidualBlock": 4,
            "Input": 1,
            "Conv2d": 1,
            "BatchNorm2d": 1,
            "ReLU": 1,
            "AdaptiveAvgPool2d": 1,
            "Flatten": 1,
            "Linear": 1,
            "Output": 1,
        }
    )
    assert result.unmapped == [] and result.max_difference <= TOLERANCE
    compiled = compile_model(graph).module
    compiled.load_state_dict(result.state_dict, strict=True)


class DenseLayer(nn.Module):
    """torchvision's _DenseLayer (list input, bn_function, memory_efficient flag)."""

    def __init__(self, cin, growth, bn_size, drop_rate, memory_efficient=False):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(cin)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(cin, bn_size * growth, 1, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(bn_size * growth, growth, 3, 1, 1, bias=False)
        self.drop_rate = float(drop_rate)
        self.memory_efficient = memory_efficient

    def bn_function(self, inputs):
        return self.conv1(self.relu1(self.norm1(torch.cat(inputs, 1))))

    def forward(self, input):  # noqa: A002 - torchvision's name
        prev_features = [input] if isinstance(input, torch.Tensor) else input
        bottleneck_output = self.bn_function(prev_features)
        new_features = self.conv2(self.relu2(self.norm2(bottleneck_output)))
        if self.drop_rate > 0:
            new_features = F.dropout(new_features, p=self.drop_rate, training=self.training)
        return new_features


class DenseBlockTV(nn.ModuleDict):
    def __init__(self, num_layers, cin, bn_size, growth, drop_rate):
        super().__init__()
        for i in range(num_layers):
            self.add_module(
                f"denselayer{i + 1}", DenseLayer(cin + i * growth, growth, bn_size, drop_rate)
            )

    def forward(self, init_features):
        features = [init_features]
        for _, layer in self.items():
            features.append(layer(features))
        return torch.cat(features, 1)


class TransitionTV(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__()
        self.norm = nn.BatchNorm2d(cin)
        self.relu = nn.ReLU(inplace=True)
        self.conv = nn.Conv2d(cin, cout, 1, 1, bias=False)
        self.pool = nn.AvgPool2d(2, 2)


class BasicConv2d(nn.Module):
    def __init__(self, cin, cout, **kwargs):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, bias=False, **kwargs)
        self.bn = nn.BatchNorm2d(cout, eps=0.001)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)), inplace=True)


class InceptionTV(nn.Module):
    """torchvision's Inception (its third branch uses a 3×3 kernel)."""

    def __init__(self, cin, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj):
        super().__init__()
        self.branch1 = BasicConv2d(cin, ch1x1, kernel_size=1)
        self.branch2 = nn.Sequential(
            BasicConv2d(cin, ch3x3red, kernel_size=1),
            BasicConv2d(ch3x3red, ch3x3, kernel_size=3, padding=1),
        )
        self.branch3 = nn.Sequential(
            BasicConv2d(cin, ch5x5red, kernel_size=1),
            BasicConv2d(ch5x5red, ch5x5, kernel_size=3, padding=1),
        )
        self.branch4 = nn.Sequential(
            nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True),
            BasicConv2d(cin, pool_proj, kernel_size=1),
        )

    def forward(self, x):
        outputs = [self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)]
        return torch.cat(outputs, 1)


class HandDenseInception(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1),
            DenseBlockTV(2, 8, 2, 4, 0.1),
            TransitionTV(16, 8),
            InceptionTV(8, 4, 2, 4, 2, 4, 4),
        )
        self.classifier = nn.Linear(16, 5)

    def forward(self, x):
        x = F.adaptive_avg_pool2d(self.features(x), 1)
        return self.classifier(torch.flatten(x, 1))


def test_torchvision_style_dense_transition_and_inception_are_recognised():
    model = _randomise_batch_norms(HandDenseInception()).eval()
    result = import_module(model, example_input_shape=(3, 8, 8))
    nodes = result.graph.nodes
    assert nodes["features.1"].type == "DenseBlock"
    assert canonical("DenseBlock", nodes["features.1"].params)[1] == {
        "num_layers": 2,
        "growth_rate": 4,
        "bn_size": 2,
        "drop_rate": 0.1,
    }
    assert nodes["features.2"].type == "Transition"
    assert nodes["features.2"].params == {"out_channels": 8}
    assert nodes["features.3"].type == "InceptionBlock"
    assert nodes["features.3"].params == {
        "ch1x1": 4,
        "ch3x3red": 2,
        "ch3x3": 4,
        "ch5x5red": 2,
        "ch5x5": 4,
        "pool_proj": 4,
        "kernel_5x5": 3,
        "batch_norm": True,
    }
    assert result.unmapped == [] and result.max_difference <= TOLERANCE


def test_a_block_that_differs_stays_as_primitive_blocks():
    block = BasicBlock(8, 8)
    block.conv2 = nn.Conv2d(8, 8, 3, 1, 1, bias=True)  # torchvision's has no bias here
    model = nn.Sequential(nn.Conv2d(3, 8, 1), block).eval()
    result = import_module(model, example_input_shape=(3, 6, 6))
    assert "ResidualBlock" not in types(result.graph)
    assert types(result.graph)["Add"] == 1 and types(result.graph)["Conv2d"] == 2
    assert result.max_difference <= TOLERANCE


class Functional(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.skip = nn.Identity()
        self.fc = nn.Linear(4 * 3 * 3 + 4, 3)

    def forward(self, x):
        x = F.relu(self.conv(x))
        a = F.max_pool2d(x, 2)
        b = a.relu()
        c = torch.add(a, b) + torch.sigmoid(b) + self.skip(a)  # one Add of four inputs
        pooled = F.adaptive_avg_pool2d(c, 1).view(c.size(0), -1)
        flat = torch.cat([torch.flatten(c, 1), pooled], dim=1)
        return self.fc(F.dropout(flat, 0.25, training=self.training))


def test_functional_calls_and_methods_are_mapped():
    result = import_module(Functional().eval(), example_input_shape=(1, 8, 8))
    graph = result.graph
    assert result.unmapped == []
    assert types(graph) == Counter(
        {
            "ReLU": 2,
            "Flatten": 2,
            "Input": 1,
            "Conv2d": 1,
            "MaxPool2d": 1,
            "Sigmoid": 1,
            "Add": 1,
            "AdaptiveAvgPool2d": 1,
            "Concat": 1,
            "Dropout": 1,
            "Linear": 1,
            "Output": 1,
        }
    )
    add = next(nid for nid, n in graph.nodes.items() if n.type == "Add")
    assert len(graph.inputs_of(add)) == 4
    assert result.max_difference <= TOLERANCE


class Unmappable(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.flat = nn.Flatten()
        self.fc = nn.Linear(4 * 4 * 4, 3)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        return self.softmax(self.fc(self.flat(self.conv(x) * 2)))


def test_what_cant_be_mapped_is_listed_with_the_reason():
    result = import_module(Unmappable(), example_input_shape=(3, 6, 6))
    names = dict(result.unmapped)
    assert "softmax" in names and "Softmax" in names["softmax"]
    assert any("mul" in name for name in names)
    assert {"conv", "flat", "fc"} <= set(result.graph.nodes)
    assert not result.ok and result.max_difference is None
    assert set(result.state_dict) == {"conv.weight", "conv.bias", "fc.weight", "fc.bias"}


def test_the_input_shape_is_guessed_when_not_given():
    lenet_like = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(6 * 14 * 14, 10)
    )
    result = import_module(lenet_like)
    assert result.graph.nodes["input"].params == {"channels": 1, "height": 32, "width": 32}
    assert any("guessed" in note for note in result.notes)


# --------------------------------------------------------------------------- files, trust

SENTINEL_MODEL = """
import pathlib
import torch

pathlib.Path({sentinel!r}).write_text("ran")


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return torch.flatten(self.conv(x), 1)
"""


def test_code_runs_only_with_trust(tmp_path):
    sentinel = tmp_path / "ran"
    path = tmp_path / "user_model.py"
    path.write_text(SENTINEL_MODEL.format(sentinel=str(sentinel)), encoding="utf-8")
    with pytest.raises(UntrustedFile):
        import_module(path, "Net")
    command = [
        sys.executable,
        "-m",
        "engine.importer",
        str(path),
        "Net",
        "-o",
        str(tmp_path / "net.convas"),
    ]
    refused = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert refused.returncode == 2 and "--trust" in refused.stderr
    assert not sentinel.exists() and not (tmp_path / "net.convas").exists()
    done = subprocess.run(
        [*command, "--input-shape", "3", "8", "8", "--trust"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert sentinel.exists()
    graph = fileformat.load(tmp_path / "net.convas")
    compiled = compile_model(graph).module
    compiled.load_state_dict(torch.load(tmp_path / "net.pt", weights_only=True), strict=True)


def test_files_that_cant_be_imported_say_why(tmp_path):
    with pytest.raises(ImportFailed, match="no such file"):
        import_module(tmp_path / "missing.py", trust=True)
    path = tmp_path / "m.py"
    path.write_text(
        "import torch\n\ndef make():\n    return 3\n\n"
        "class Branchy(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        "        return x if x.sum() > 0 else -x\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed, match="defines no 'other'"):
        import_module(path, "other", trust=True)
    with pytest.raises(ImportFailed, match="not an nn.Module"):
        import_module(path, "make", trust=True)
    with pytest.raises(ImportFailed, match="trace"):
        import_module(path, "Branchy", (3, 4, 4), trust=True)
    with pytest.raises(ImportFailed, match=r"\.py or \.pt2"):
        import_module(tmp_path / "weights.pt", trust=True)
