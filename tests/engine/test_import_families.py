"""Importing the families after ResNet: models written as torchvision and timm write them
come back as their composite blocks, every parameter mapped, computing the same numbers
in the app and in the exported ``model.py``; an import that can't map everything says
what and how much first; a forward pass that fails says why in one line.

The reference models (``tv_reference``, ``tv_others``) need neither torchvision nor timm;
the last test also imports torchvision's own models when torchvision can be imported.
"""

from __future__ import annotations

import subprocess
import sys
import types
from collections import Counter
from pathlib import Path

import pytest
import torch
from torch import nn

from engine.export import generate_code
from engine.importer import ImportFailed, import_module
from engine.registry import get_spec
from tests.engine import tv_others, tv_reference
from tests.engine.test_import import load_code, one_thread  # noqa: F401 (a fixture)

REPO = Path(__file__).resolve().parents[2]
EXACT = 1e-5

FAMILIES = [
    (tv_reference.MobileNetV2, (3, 32, 32), {"InvertedResidual": 5}),
    (tv_reference.MobileNetV3, (3, 32, 32), {"InvertedResidual": 4}),
    (tv_reference.EfficientNet, (3, 32, 32), {"FusedMBConv": 2, "MBConv": 2}),
    (tv_reference.ShuffleNetV2, (3, 32, 32), {"ShuffleUnit": 4}),
    (tv_reference.MnasNet, (3, 32, 32), {"InvertedResidual": 3}),
    (tv_others.SqueezeNet, (3, 48, 48), {"Fire": 3}),
    (tv_others.ConvNeXt, (3, 32, 32), {"ConvNeXtBlock": 3}),
    (tv_others.RegNetY, (3, 32, 32), {"ResidualBlock": 3}),
    (tv_others.ResNeXt, (3, 32, 32), {"ResidualBlock": 2}),
    (tv_others.InceptionV3, (3, 75, 75), {"InceptionV3Block": 3}),
    (tv_others.TimmStyle, (3, 16, 16), {}),
]


def composites(graph) -> Counter:
    return Counter(n.type for n in graph.nodes.values() if get_spec(n.type).composite)


def exported_difference(result, model, shape, folder: Path) -> float:
    module = load_code(generate_code(result.graph).model_py, folder)
    exported = module.build_model().eval()
    exported.load_state_dict(result.state_dict, strict=True)
    x = torch.randn(2, *shape, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        expected, got = model(x), exported(x)
    return float((got - expected).abs().max() / expected.abs().max())


@pytest.mark.parametrize(
    ("cls", "shape", "expected"), FAMILIES, ids=lambda v: getattr(v, "__name__", "")
)
def test_a_family_imports_as_its_blocks_exactly(cls, shape, expected, tmp_path):
    model = tv_reference.build(cls)
    result = import_module(model, example_input_shape=shape)
    assert result.unmapped == []
    assert composites(result.graph) == Counter(expected)
    assert result.max_difference is not None and result.max_difference <= EXACT
    used = sum(p.numel() for n, p in model.named_parameters() if not n.startswith("AuxLogits"))
    assert result.coverage.mapped_params == result.coverage.model_params == used
    assert exported_difference(result, model, shape, tmp_path) <= EXACT


def test_the_inverted_residuals_keep_their_settings():
    v3 = import_module(
        tv_reference.build(tv_reference.MobileNetV3), example_input_shape=(3, 32, 32)
    )
    blocks = [n.params for n in v3.graph.nodes.values() if n.type == "InvertedResidual"]
    assert blocks[0] == {
        "out_channels": 8,
        "expand_ratio": 1.0,
        "stride": 2,
        "activation": "ReLU",
        "se": True,
        "bn_eps": 0.001,
        "bn_momentum": 0.01,
    }
    assert blocks[2]["activation"] == "Hardswish" and blocks[2]["expanded_channels"] == 44
    mnas = import_module(tv_reference.build(tv_reference.MnasNet), example_input_shape=(3, 32, 32))
    first = next(n for n in mnas.graph.nodes.values() if n.type == "InvertedResidual")
    assert first.params["activation"] == "ReLU" and first.params["bn_momentum"] == pytest.approx(
        3e-4
    )
    efficient = import_module(
        tv_reference.build(tv_reference.EfficientNet), example_input_shape=(3, 32, 32)
    )
    mb = [n.params for n in efficient.graph.nodes.values() if n.type == "MBConv"]
    assert mb[1]["stochastic_depth"] == 0.15 and mb[1]["kernel_size"] == 5


def test_a_block_found_in_a_container_takes_its_owners_name():
    result = import_module(
        tv_reference.build(tv_reference.MobileNetV2), example_input_shape=(3, 32, 32)
    )
    found = [k for k, n in result.graph.nodes.items() if n.type == "InvertedResidual"]
    assert found == ["features.1", "features.2", "features.3", "features.4", "features.5"]


class Partly(nn.Module):
    """A small net with two operations Convas has no block for."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.head = nn.Linear(4, 3)

    def forward(self, x):
        x = torch.sin(self.conv(x)) * 2.0
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


def test_an_incomplete_import_says_what_and_how_much_first():
    result = import_module(Partly(), example_input_shape=(3, 8, 8))
    lines = result.gap_lines()
    assert lines[0] == (
        "2 operations have no block; the graph holds 100.0% of the model's parameters (127 of 127)"
    )
    assert lines[1].startswith("  1 × sin has no Convas block (")
    assert "multiplies by a constant" in lines[2]
    assert not result.ok


PARTLY_FILE = """
import torch
from torch import nn


class Partly(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        return torch.flatten(torch.sin(self.conv(x)), 1)
"""


def test_the_command_line_lists_the_gaps_first_and_exits_1(tmp_path):
    path = tmp_path / "partly.py"
    path.write_text(PARTLY_FILE, encoding="utf-8")
    command = [sys.executable, "-m", "engine.importer", str(path), "Partly", "--trust"]
    command += ["-o", str(tmp_path / "out.convas"), "--input-shape", "3", "8", "8"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("1 operation has no block; the graph holds 100.0%")
    assert lines[1].startswith("  1 × sin has no Convas block")
    assert (tmp_path / "out.convas").exists() and done.stderr == ""


class WrongSize(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 5)
        self.fc = nn.Linear(4 * 12 * 12, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.conv(x), 1))


def test_a_failing_forward_pass_gives_the_cause_in_one_line_and_nothing_on_stderr(capfd):
    with pytest.raises(ImportFailed) as caught:
        import_module(WrongSize(), example_input_shape=(1, 28, 28))
    message = str(caught.value)
    assert "\n" not in message and "fails at fc" in message
    assert "mat1 and mat2 shapes cannot be multiplied" in message
    assert capfd.readouterr().err == ""


def test_parameters_the_forward_pass_never_uses_are_noted_not_counted():
    model = tv_reference.build(tv_others.InceptionV3)
    result = import_module(model, example_input_shape=(3, 75, 75))
    aux = sum(p.numel() for n, p in model.named_parameters() if n.startswith("AuxLogits"))
    assert result.coverage.unused_params == aux and result.coverage.unused_modules == ("AuxLogits",)
    assert any("AuxLogits" in note and "not used" in note for note in result.notes)


# --------------------------------------------------------------------------- torchvision


def _torchvision():
    """torchvision's models, or None: its PyPI build for torch 2.13 needs two modules
    stubbed before it imports on a CPU torch (its compiled ops don't load)."""
    for name in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
        sys.modules.setdefault(name, types.ModuleType(name))
    try:
        from torchvision import models
    except Exception:
        return None
    return models


REAL = ["mobilenet_v3_small", "shufflenet_v2_x0_5", "squeezenet1_1", "efficientnet_b0"]


@pytest.mark.parametrize("name", REAL)
def test_torchvisions_own_models_import_exactly_when_it_is_installed(name, tmp_path):
    models = _torchvision()
    if models is None:
        pytest.skip("torchvision can't be imported here")
    model = tv_reference._randomised(getattr(models, name)(weights=None))
    result = import_module(model, example_input_shape=(3, 64, 64))
    assert result.unmapped == [] and len(result.graph.nodes) <= 64
    assert result.max_difference is not None and result.max_difference <= EXACT
    assert result.coverage.mapped_params == sum(p.numel() for p in model.parameters())
    assert exported_difference(result, model, (3, 64, 64), tmp_path) <= EXACT
