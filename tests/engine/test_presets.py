"""The shipped presets: they load, analyse cleanly and match torchvision's numbers."""

from __future__ import annotations

import math

import pytest

from engine import fileformat, presetgen, presets
from engine.analysis import analyse

# torchvision's parameter counts (exact) and published GMACs (its "GFLOPS" column: three
# significant digits for the classics, three decimals, as in its weights' metadata, for
# the families after ResNet).
IMAGENET = {
    "alexnet": (61_100_840, 0.714),
    "vgg11": (132_863_336, 7.61),
    "vgg16": (138_357_544, 15.5),
    "googlenet": (6_624_904, 1.50),
    "resnet18": (11_689_512, 1.81),
    "resnet34": (21_797_672, 3.66),
    "resnet50": (25_557_032, 4.09),
    "densenet121": (7_978_856, 2.83),
    "mobilenet_v2": (3_504_872, 0.301),
    "mobilenet_v3_small": (2_542_856, 0.057),
    "mobilenet_v3_large": (5_483_032, 0.217),
    "efficientnet_b0": (5_288_548, 0.386),
    "convnext_tiny": (28_589_128, 4.456),
    "squeezenet1_1": (1_235_496, 0.349),
    "resnext50_32x4d": (25_028_904, 4.23),
    "shufflenet_v2_x1_0": (2_278_604, 0.145),
    "regnet_y_400mf": (4_344_144, 0.402),
}
FAMILIES = ["mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large", "efficientnet_b0"]
FAMILIES += ["convnext_tiny", "squeezenet1_1", "resnext50_32x4d", "shufflenet_v2_x1_0"]
FAMILIES += ["regnet_y_400mf"]
SMALL = ["lenet5", "digits_cnn", "vgg_small", "inception_small", "resnet_cifar", "densenet_small"]
#: Small presets of the families after ResNet, for the built-in shapes (six classes).
SHAPES = [
    "mobilenet_shapes",
    "efficientnet_shapes",
    "convnext_shapes",
    "squeezenet_shapes",
    "regnet_shapes",
    "shufflenet_shapes",
]
SMALL += SHAPES
#: As the paper has it (not torchvision's form).
PAPER = ["alexnet_2gpu"]
ALL = sorted(IMAGENET) + SMALL + PAPER


def _three_digits(x: float) -> float:
    return float(f"{x:.3g}")


def test_every_preset_is_listed_sorted_with_a_title_and_description():
    infos = presets.list_presets()
    names = [info.name for info in infos]
    assert names == sorted(ALL)
    for info in infos:
        assert info.title and info.title != info.name
        assert len(info.description) > 100
        assert info.path.is_file()
        assert presets.preset_path(info.name) == info.path


def test_unknown_preset_raises_key_error_naming_the_presets():
    with pytest.raises(KeyError) as caught:
        presets.load_preset("resnet1000")
    message = str(caught.value)
    assert "resnet1000" in message and "resnet18" in message and "alexnet" in message
    assert not message.startswith("'")


def test_load_preset_gives_an_independent_graph_each_time():
    first, second = presets.load_preset("lenet5"), presets.load_preset("lenet5")
    first.set_params("conv1", {"out_channels": 99})
    assert second.nodes["conv1"].params["out_channels"] == 6


@pytest.mark.parametrize("name", ALL)
def test_preset_analyses_without_problems(name):
    graph = presets.load_preset(name)
    analysis = analyse(graph)
    assert analysis.problems == []
    assert graph.meta["description"] and graph.meta["source"]
    assert all(node.position is not None for node in graph.nodes.values())


@pytest.mark.parametrize("name", sorted(IMAGENET))
def test_imagenet_preset_matches_torchvision(name):
    params, gmacs = IMAGENET[name]
    graph = presets.load_preset(name)
    analysis = analyse(graph)
    assert graph.nodes["input"].params == {"channels": 3, "height": 224, "width": 224}
    assert analysis.output_shape == (1000,)
    assert analysis.total_params == params
    macs = analysis.total_macs / 1e9
    assert gmacs in (_three_digits(macs), round(macs, 3))


def classes(name: str) -> int:
    return 6 if name in SHAPES else 10


@pytest.mark.parametrize("name", SMALL)
def test_small_preset_is_small_with_a_class_per_output(name):
    graph = presets.load_preset(name)
    analysis = analyse(graph)
    _channels, height, width = analysis.nodes[analysis.input_id].shape
    assert (height, width) in {(32, 32), (8, 8)}
    assert analysis.total_params <= 1_000_000
    assert analysis.output_shape == (classes(name),)
    if name in SHAPES:
        assert graph.training["dataset"] == "shapes"


@pytest.mark.parametrize("name", FAMILIES + SHAPES)
def test_family_descriptions_say_what_the_family_added(name):
    added = {
        "mobilenet": "depthwise",
        "efficientnet": "squeeze-and-excitation",
        "convnext": "layer norm",
        "squeezenet": "fire",
        "regnet": "squeeze-and-excitation",
        "resnext": "grouped",
        "shufflenet": "shuffle",
    }
    description = presets.load_preset(name).meta["description"].lower()
    family = next(f for f in added if name.startswith(f))
    assert added[family] in description
    if name == "efficientnet_b0":
        assert "compound scaling" in description


def test_digit_presets_default_to_the_digits_dataset():
    for name in ("lenet5", "digits_cnn"):
        graph = presets.load_preset(name)
        assert graph.training == {"dataset": "digits"}
        assert graph.nodes["input"].params["channels"] == 1


@pytest.mark.parametrize("name", ALL)
def test_stored_file_is_what_presetgen_generates(name):
    stored = presets.preset_path(name).read_text(encoding="utf-8")
    assert stored == fileformat.dumps(presetgen.build(name)), (
        f"{name}.convas is stale: run .venv/bin/python -m engine.presetgen"
    )


def test_presetgen_main_writes_every_preset(tmp_path):
    written = presetgen.main(tmp_path)
    assert sorted(p.stem for p in written) == sorted(ALL)
    for path in written:
        assert path.read_text(encoding="utf-8") == presets.preset_path(path.stem).read_text(
            encoding="utf-8"
        )


def test_layout_runs_top_to_bottom_without_overlap():
    for name in ALL:
        graph = presetgen.build(name)
        positions = [node.position for node in graph.nodes.values()]
        assert len(set(positions)) == len(positions)
        ys = [y for _, y in positions]
        assert ys == sorted(ys)
        first, last = graph.nodes["input"], graph.nodes["output"]
        assert first.position[1] == min(ys) and last.position[1] == max(ys)


# --------------------------------------------------------------------------- compiled


@pytest.mark.parametrize("name", ALL)
def test_compiled_parameters_and_shape_equal_the_analysis(name):
    import torch

    from engine.compiler import compile_graph

    graph = presets.load_preset(name)
    analysis = analyse(graph)
    with torch.device("meta"):  # no memory or init time for the big nets
        module = compile_graph(graph)
        out = module(torch.empty(2, *analysis.nodes[analysis.input_id].shape))
    assert sum(p.numel() for p in module.parameters()) == analysis.total_params
    assert tuple(out.shape) == (2, *analysis.output_shape)


@pytest.mark.parametrize("name", SMALL)
def test_small_preset_forward_gives_class_scores(name):
    import torch

    from engine.compiler import compile_graph

    graph = presets.load_preset(name)
    shape = analyse(graph).nodes["input"].shape
    torch.manual_seed(0)
    module = compile_graph(graph).eval()
    with torch.no_grad():
        out = module(torch.randn(3, *shape))
    assert out.shape == (3, classes(name))
    assert torch.isfinite(out).all()
    assert not math.isclose(float(out.std()), 0.0)


# --------------------------------------------------------------------------- AlexNet's paper


def test_alexnet_local_response_norm_is_the_papers():
    """PyTorch divides alpha by size: the paper's alpha 1e-4 is 5e-4 in PyTorch's terms."""
    import torch

    for name in ("alexnet", "alexnet_2gpu"):
        graph = presets.load_preset(name)
        lrns = [n for n in graph.nodes.values() if n.type == "LocalResponseNorm"]
        assert [n.params for n in lrns] == [{"size": 5, "alpha": 5e-4, "beta": 0.75, "k": 2.0}] * 2
    a = torch.rand(1, 8, 3, 3) + 0.5
    lrn = torch.nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0)
    squares = torch.nn.functional.pad(a.pow(2)[:, None], (0, 0, 0, 0, 2, 2))[:, 0]
    window = sum(squares[:, i : i + 8] for i in range(5))
    paper = a / (2.0 + 1e-4 * window) ** 0.75  # the paper's formula, alpha 1e-4
    torch.testing.assert_close(lrn(a), paper)


def test_alexnet_two_gpu_form_has_the_papers_filters_groups_and_parameters():
    graph = presets.load_preset("alexnet_2gpu")
    analysis = analyse(graph)
    convs = {i: n.params for i, n in graph.nodes.items() if n.type == "Conv2d"}
    assert [p["out_channels"] for p in convs.values()] == [96, 256, 384, 384, 256]
    assert [p.get("groups", 1) for p in convs.values()] == [1, 2, 1, 2, 2]
    assert analysis.total_params == 60_965_224
    assert analysis.nodes["conv1"].shape == (96, 55, 55)  # 224×224 in, padding 2
    assert analysis.nodes["pool5"].shape == (256, 6, 6)
    # groups 2 halves conv2's weights: 256 filters each see 48 of the 96 channels
    assert analysis.nodes["conv2"].params == 256 * 48 * 5 * 5 + 256


def test_preset_titles_and_descriptions_follow_the_language():
    from engine import i18n

    infos = {info.name: info for info in presets.list_presets()}
    try:
        i18n.set_language("ko")
        korean = {name: (info.title, info.description) for name, info in infos.items()}
    finally:
        i18n.set_language("en")
    assert korean["densenet_small"][0] == "작은 DenseNet"
    assert korean["digits_cnn"][0] == "숫자 CNN"
    assert korean["alexnet"][0] == "AlexNet"  # a name reads the same
    for name, (_title, description) in korean.items():
        assert description != infos[name].description, name
        assert "합니다" in description or "입니다" in description, name
    assert infos["digits_cnn"].title == "Digits CNN"
