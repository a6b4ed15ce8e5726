"""Export: model.py in a fresh interpreter, the compiled model and ONNX Runtime agree.

Every preset is exported with seeded weights; one subprocess loops over all of them
(imports each ``model.py``, loads ``weights.pt`` with ``weights_only=True`` and
``strict=True``, runs the saved batch) and its outputs are compared with the in-app
compiled model's and ONNX Runtime's. ResNet-18 is checked at full ImageNet size; the
other ImageNet-size presets in a slimmed copy (every channel and feature count divided
by 8 and a 64×64 Input: the same blocks and connections, seconds instead of minutes
on a CPU). Every preset's full-size code is also checked on the "meta" device: the
same state-dict keys and shapes as the compiled model, no arithmetic.
"""

from __future__ import annotations

import ast
import json
import math
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from engine import presets
from engine.analysis import analyse
from engine.compiler import compile_model, example_input
from engine.export import (
    ExportError,
    export_onnx,
    export_python,
    export_weights,
    generate_code,
)
from engine.export.weights import WeightsError, load_state_dict, resolve_model
from engine.fileformat import save
from engine.graph import Edge, Graph, Node
from engine.training import TrainConfig
from tests.engine.graphgen import random_graphs

REPO = Path(__file__).resolve().parents[2]
RUFF = REPO / ".venv" / "bin" / "ruff"
SEED = 7
TOLERANCE = 1e-4
SLIM_ABOVE = 3_000_000  # parameters: bigger presets are slimmed for the numbers...
FULL_SIZE = {"resnet18"}  # ...but for one, checked at ImageNet size
WIDTH_KEYS = (
    "out_channels",
    "out_features",
    "ch1x1",
    "ch3x3red",
    "ch3x3",
    "ch5x5red",
    "ch5x5",
    "pool_proj",
    "growth_rate",
    "width",
    "expanded_channels",
    "squeeze_channels",
    "se_channels",
    "squeeze",
    "expand1x1",
    "expand3x3",
    "pool_features",
    "channels_7x7",
)

RUN_MODELS = r"""
import importlib.util, sys, torch
for i, folder in enumerate(sys.argv[1:]):
    spec = importlib.util.spec_from_file_location(f"exported_{i}", f"{folder}/model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.build_model()
    model.load_state_dict(torch.load(f"{folder}/weights.pt", weights_only=True), strict=True)
    model.eval()
    with torch.no_grad():
        out = model(torch.load(f"{folder}/input.pt", weights_only=True))
    torch.save(out, f"{folder}/model_py_output.pt")
assert not any(m == "engine" or m.startswith("engine.") for m in sys.modules)
"""


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny tensors on a shared 2-core machine: one torch thread is many times faster
    (no spinning threads fighting other processes), and runs compare bit for bit."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


#: Environment of the subprocesses: one thread too, and nothing of this repository.
SUB_ENV = {**os.environ, "PYTHONPATH": "", "OMP_NUM_THREADS": "1"}


def max_rel_diff(a, b) -> float:
    """max|a-b| / max(max|b|, 1e-6)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-6))


def slim(graph: Graph, factor: int = 8, size: int = 64) -> Graph:
    """The same network with channel and feature counts divided by ``factor`` and an
    Input of at most ``size``×``size``."""
    small = graph.copy()
    for node in small.nodes.values():
        if node.type == "Input":
            for key in ("height", "width"):
                node.params[key] = min(node.params[key], size)
            continue
        for key in WIDTH_KEYS:
            if isinstance(node.params.get(key), int):
                node.params[key] = max(1, node.params[key] // factor)
        if node.type == "ResidualBlock" and "groups" in node.params:
            width = node.params.get("width") or max(1, node.params["out_channels"] // 4)
            node.params["groups"] = math.gcd(max(1, node.params["groups"] // factor), width)
    return small


def onnx_outputs(path: Path, x: torch.Tensor) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"input": x.numpy()})[0]


def run_fresh(folders: list[Path]) -> None:
    """Run every exported model.py in one new interpreter (cwd outside the repo)."""
    result = subprocess.run(
        [sys.executable, "-c", RUN_MODELS, *map(str, folders)],
        cwd=folders[0].parent,
        capture_output=True,
        text=True,
        timeout=300,
        env=SUB_ENV,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def export_case(graph: Graph, folder: Path, batch: int = 2) -> dict:
    """Export ``graph`` into ``folder`` (code, weights, ONNX) and run the compiled model."""
    export_python(graph, folder, seed=SEED)
    export_onnx(graph, folder / "model.onnx", seed=SEED)
    compiled = resolve_model(graph, seed=SEED)
    x = example_input(compiled.input_shape, batch=batch, seed=1)
    torch.save(x, folder / "input.pt")
    with torch.no_grad():
        expected = compiled.module(x).numpy()
    return {
        "graph": graph,
        "folder": folder,
        "expected": expected,
        "onnx": onnx_outputs(folder / "model.onnx", x),
    }


@pytest.fixture(scope="module")
def preset_exports(tmp_path_factory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("exported_presets")
    cases = {}
    for name in presets.preset_names():
        graph = presets.load_preset(name)
        if analyse(graph).total_params > SLIM_ABOVE and name not in FULL_SIZE:
            graph = slim(graph)
        cases[name] = export_case(graph, root / name, batch=1)
    run_fresh([case["folder"] for case in cases.values()])
    return cases


@pytest.mark.parametrize("name", presets.preset_names())
def test_preset_model_py_compiled_and_onnx_agree(preset_exports, name):
    case = preset_exports[name]
    from_code = torch.load(case["folder"] / "model_py_output.pt", weights_only=True).numpy()
    assert max_rel_diff(from_code, case["expected"]) <= TOLERANCE
    assert max_rel_diff(case["onnx"], case["expected"]) <= TOLERANCE


def test_model_py_imports_nothing_but_torch(preset_exports):
    for case in preset_exports.values():
        tree = ast.parse((case["folder"] / "model.py").read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert {m.split(".")[0] for m in imported} == {"torch"}


@pytest.mark.parametrize("name", presets.preset_names())
def test_full_size_code_has_the_compiled_state_dict(name, tmp_path):
    """At full size (on "meta": no memory, no arithmetic) model.py's state dict has the
    compiled module's keys, in order, with the same shapes; a seeded build_model() draws
    the compiled model's initial weights (checked where it is cheap)."""
    graph = presets.load_preset(name)
    (tmp_path / "model.py").write_text(generate_code(graph).model_py, encoding="utf-8")
    module = _load_module(tmp_path / "model.py")
    with torch.device("meta"):
        compiled = compile_model(graph).module.state_dict()
        built = module.build_model().state_dict()
    assert list(built) == list(compiled)
    assert all(built[k].shape == compiled[k].shape for k in compiled)
    if analyse(graph).total_params < 1_000_000:
        torch.manual_seed(3)
        seeded = module.build_model().state_dict()
        reference = resolve_model(graph, seed=3).module.state_dict()
        assert all(torch.equal(seeded[k], reference[k]) for k in reference)


@settings(max_examples=1)
@given(st.data())
def test_random_graphs_model_py_compiled_and_onnx_agree(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("random")
    cases = [
        export_case(data.draw(random_graphs(), label=f"graph {i}"), root / f"g{i}")
        for i in range(10)
    ]
    run_fresh([c["folder"] for c in cases])
    for case in cases:
        from_code = torch.load(case["folder"] / "model_py_output.pt", weights_only=True)
        assert max_rel_diff(from_code.numpy(), case["expected"]) <= TOLERANCE
        assert max_rel_diff(case["onnx"], case["expected"]) <= TOLERANCE


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5])
def test_onnx_stand_ins_compute_what_the_layers_compute(size):
    from engine.export.onnx_export import BandedLRN, MatrixPool

    gen = torch.Generator().manual_seed(size)
    x = torch.randn(2, 7, 9, 5, generator=gen)
    lrn = nn.LocalResponseNorm(size, alpha=0.3, beta=0.75, k=1.5)
    assert max_rel_diff(BandedLRN(lrn, 7)(x), lrn(x)) <= 1e-6
    for out in ((size, 2), (4, size), (11, 7)):
        pool = nn.AdaptiveAvgPool2d(out)
        assert max_rel_diff(MatrixPool(9, 5, *out)(x), pool(x)) <= 1e-6


def _load_module(path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"exported_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- code shape


def test_generated_code_reads_like_hand_written_pytorch():
    code = generate_code(presets.load_preset("resnet18"))
    text = code.model_py
    assert "class ResNet18(nn.Module):" in text
    assert "self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)" in text
    assert "self.layer2_0 = ResidualBlock(64, 128, stride=2)" in text
    assert "        x = self.conv1(x)\n        x = self.bn1(x)\n" in text
    assert text.count("class ResidualBlock(") == 1
    assert "DenseBlock" not in text and "InceptionBlock" not in text
    assert "Parameters: 11,689,512." in text and "[N, 3, 224, 224]" in text
    assert "def build_model() -> nn.Module:" in text


def test_branches_get_named_variables_and_merges_use_plus_and_cat():
    graph = Graph(
        "branchy",
        [
            Node("in", "Input", {"channels": 3, "height": 8, "width": 8}),
            Node("stem", "Conv2d", {"out_channels": 4, "padding": 1}),
            Node("left", "Conv1x1", {"out_channels": 4}),
            Node("right", "ReLU"),
            Node("sum", "Add", label="residual"),
            Node("joined", "Concat"),
            Node("out", "Output"),
        ],
        [
            Edge("in", "stem"),
            Edge("stem", "left"),
            Edge("stem", "right"),
            Edge("left", "sum", 0),
            Edge("right", "sum", 1),
            Edge("sum", "joined", 0),
            Edge("stem", "joined", 1),
            Edge("joined", "out"),
        ],
    )
    text = generate_code(graph).model_py
    forward = text[text.index("def forward") :]
    assert forward.splitlines()[1:7] == [
        "        stem = self.stem(x)",
        "        x = self.left(stem)",
        "        right = self.right(stem)",
        "        # node sum: residual",
        "        x = x + right",
        "        x = torch.cat([x, stem], dim=1)",
    ]


def test_line_map_points_at_each_nodes_definition():
    graph = presets.load_preset("inception_small")
    code = generate_code(graph)
    lines = code.model_py.splitlines()
    for nid, name in code.module_names.items():
        line = lines[code.line_map[nid] - 1]
        assert f"self.{name} = " in line or f"self.{name}(" in line
        assert f"self.{name}(" in lines[code.forward_line_map[nid] - 1]
    assert "return" in lines[code.line_map["output"] - 1]


def test_code_of_a_graph_with_problems_is_refused():
    graph = presets.load_preset("lenet5")
    graph.remove_node("fc1")
    with pytest.raises(ExportError) as caught:
        generate_code(graph)
    assert caught.value.problems


@pytest.mark.skipif(not RUFF.exists(), reason="ruff is not installed in .venv")
def test_exported_folder_passes_ruff_check_and_format(tmp_path):
    long_ids = Graph(
        "Long names",
        [
            Node("input", "Input", {"channels": 3, "height": 12, "width": 12}),
            Node(
                "a" * 60,
                "Conv2d",
                {
                    "out_channels": 8,
                    "kernel_size": [3, 1],
                    "padding": [1, 0],
                    "dilation": 1,
                    "groups": 1,
                    "bias": False,
                },
            ),
            Node("b" * 60, "Conv1x1", {"out_channels": 8}),
            Node("c" * 60, "Add"),
            Node("d" * 60, "Concat"),
            Node("e" * 60, "Concat"),
            Node("f" * 60, "Flatten"),
            Node("output", "Output"),
        ],
        [
            Edge("input", "a" * 60),
            Edge("a" * 60, "b" * 60),
            Edge("a" * 60, "c" * 60, 0),
            Edge("b" * 60, "c" * 60, 1),
            Edge("a" * 60, "c" * 60, 2),
            Edge("c" * 60, "d" * 60, 0),
            Edge("b" * 60, "d" * 60, 1),
            Edge("a" * 60, "d" * 60, 2),
            Edge("c" * 60, "d" * 60, 3),
            Edge("d" * 60, "e" * 60, 0),
            Edge("b" * 60, "e" * 60, 1),
            Edge("e" * 60, "f" * 60),
            Edge("f" * 60, "output"),
        ],
    )
    graphs = [presets.load_preset(n) for n in ("googlenet", "densenet_small", "resnet50")]
    for i, graph in enumerate([*graphs, long_ids]):
        folder = tmp_path / f"f{i}"
        export_python(graph, folder, seed=0)
        # ruff's defaults, run where a user would: in the exported folder
        for args in (["format", "--isolated", "--check"], ["check", "--isolated"]):
            result = subprocess.run(
                [str(RUFF), *args, "."], cwd=folder, capture_output=True, text=True
            )
            assert result.returncode == 0, result.stdout + result.stderr


def test_generate_code_and_the_command_line_need_no_torch():
    script = (
        "import sys, engine.cli, engine.export; from engine import presets; "
        "[engine.export.generate_code(presets.load_preset(n)) for n in presets.preset_names()]; "
        "assert 'torch' not in sys.modules, 'torch was imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- weights


def test_every_format_carries_the_same_numbers(tmp_path):
    graph = presets.load_preset("digits_cnn")
    export_weights(graph, tmp_path / "w.pt", seed=SEED)
    export_weights(graph, tmp_path / "w.safetensors", seed=SEED)
    export_python(graph, tmp_path / "code", seed=SEED)
    a, b = load_state_dict(tmp_path / "w.pt"), load_state_dict(tmp_path / "w.safetensors")
    c = torch.load(tmp_path / "code" / "weights.pt", weights_only=True)
    assert list(a) == list(c) == list(compile_model(graph).module.state_dict())
    assert set(b) == set(a)  # safetensors stores names sorted
    assert all(torch.equal(a[k], b[k]) and torch.equal(a[k], c[k]) for k in a)
    other = load_state_dict(export_weights(graph, tmp_path / "other.pt", seed=SEED + 1))
    assert not torch.equal(other["conv1.weight"], a["conv1.weight"])
    # Given weights travel unchanged to every format.
    export_python(graph, tmp_path / "given", weights=tmp_path / "other.pt")
    export_onnx(graph, tmp_path / "given.onnx", weights=tmp_path / "other.pt")
    given_state = torch.load(tmp_path / "given" / "weights.pt", weights_only=True)
    assert all(torch.equal(given_state[k], other[k]) for k in other)
    compiled = resolve_model(graph, weights=other)
    x = example_input(compiled.input_shape, batch=3)
    with torch.no_grad():
        expected = compiled.module(x).numpy()
    assert max_rel_diff(onnx_outputs(tmp_path / "given.onnx", x), expected) <= TOLERANCE


def test_weights_that_dont_fit_are_refused_naming_the_key(tmp_path):
    graph = presets.load_preset("digits_cnn")
    state = compile_model(graph).module.state_dict()
    state["conv1.weight"] = torch.zeros(1, 1, 1, 1)
    with pytest.raises(WeightsError, match="conv1.weight"):
        export_weights(graph, tmp_path / "w.pt", weights=state)
    del state["conv1.weight"]
    with pytest.raises(WeightsError, match="missing"):
        export_weights(graph, tmp_path / "w.pt", weights=state)
    assert not (tmp_path / "w.pt").exists()


class _Evil:
    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def test_weights_files_are_read_without_running_code(tmp_path):
    sentinel = tmp_path / "sentinel"
    evil = tmp_path / "evil.pt"
    with evil.open("wb") as f:
        pickle.dump({"conv1.weight": _Evil(str(sentinel))}, f)
    graph = presets.load_preset("digits_cnn")
    with pytest.raises(WeightsError):
        export_weights(graph, tmp_path / "w.pt", weights=evil)
    status, _, err = _cli(
        "export",
        "digits_cnn",
        "--format",
        "onnx",
        "-o",
        str(tmp_path / "m.onnx"),
        "--weights",
        str(evil),
    )
    assert status == 2 and len(err.strip().splitlines()) == 1
    assert not sentinel.exists()


# --------------------------------------------------------------------------- command line


def _cli(*args: str) -> tuple[int, str, str]:
    """``python main.py ARGS`` in this process: (exit status, stdout, stderr)."""
    import contextlib
    import io

    from engine import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_cli_exports_every_format(tmp_path):
    folder, onnx, weights = tmp_path / "code", tmp_path / "m.onnx", tmp_path / "w.safetensors"
    for fmt, out in (("python", folder), ("onnx", onnx), ("weights", weights)):
        status, stdout, err = _cli(
            "export", "lenet5", "--format", fmt, "-o", str(out), "--seed", "4"
        )
        assert status == 0, err
        assert str(out) in stdout
    assert {p.name for p in folder.iterdir()} == {"model.py", "weights.pt", "train.py", "README.md"}
    code_weights = torch.load(folder / "weights.pt", weights_only=True)
    assert all(torch.equal(code_weights[k], v) for k, v in load_state_dict(weights).items())
    status, _, err = _cli(
        "export",
        "lenet5",
        "--format",
        "weights",
        "-o",
        str(tmp_path / "x.pt"),
        "--weights",
        str(weights),
    )
    assert status == 0 and (tmp_path / "x.pt").is_file(), err


def test_cli_export_exit_codes(tmp_path):
    broken = presets.load_preset("lenet5")
    broken.remove_node("fc2")
    save(broken, tmp_path / "broken.convas")
    status, _, err = _cli(
        "export",
        str(tmp_path / "broken.convas"),
        "--format",
        "onnx",
        "-o",
        str(tmp_path / "m.onnx"),
    )
    assert status == 1 and "relu4: missing input" in err  # the block after the gap
    status, _, err = _cli(
        "export",
        "lenet5",
        "--format",
        "onnx",
        "-o",
        str(tmp_path / "m.onnx"),
        "--weights",
        str(tmp_path / "missing.pt"),
    )
    assert status == 2 and len(err.strip().splitlines()) == 1
    wrong = tmp_path / "wrong.pt"
    torch.save(compile_model(presets.load_preset("digits_cnn")).module.state_dict(), wrong)
    status, _, err = _cli(
        "export", "lenet5", "--format", "python", "-o", str(tmp_path / "c"), "--weights", str(wrong)
    )
    assert status == 2 and "don't fit" in err and len(err.strip().splitlines()) == 1
    status, _, err = _cli("export", "lenet5", "--format", "jpeg", "-o", str(tmp_path / "x"))
    assert status == 2
    assert not (tmp_path / "m.onnx").exists() and not (tmp_path / "c").exists()


# --------------------------------------------------------------------------- train.py


def _train_folder(tmp_path: Path, epochs: int) -> Path:
    graph = presets.load_preset("digits_cnn")
    folder = tmp_path / "digits"
    export_python(graph, folder, training={"epochs": epochs, "dataset": "digits"})
    return folder


def test_train_py_trains_to_the_windows_accuracy_with_the_same_seed(tmp_path):
    from engine.data import load_dataset
    from engine.training.trainer import Trainer

    folder = _train_folder(tmp_path, epochs=1)
    script = subprocess.Popen(
        [sys.executable, "train.py"],
        cwd=folder,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=SUB_ENV,
    )
    config = TrainConfig(epochs=1, dataset="digits")
    compiled = compile_model(presets.load_preset("digits_cnn"))
    data = load_dataset("digits", compiled.input_shape, config.val_fraction, config.seed)
    checkpoints = tmp_path / "checkpoints"
    window = Trainer(compiled, data, config, lambda event: None, checkpoints).run().metrics
    out, err = script.communicate(timeout=300)
    assert script.returncode == 0, err
    metrics = json.loads(out.strip().splitlines()[-1])
    assert metrics["status"] == "completed" and metrics["epochs"] == 1
    assert abs(metrics["val_accuracy"] - window["val_accuracy"]) <= 0.01
    assert abs(metrics["val_loss"] - window["val_loss"]) <= 0.01 * max(1.0, window["val_loss"])
    trained = torch.load(folder / "trained.pt", weights_only=True)
    compiled.module.load_state_dict(trained, strict=True)
    # The window's checkpoint exports as is: its state dict is the exported weights.
    export_python(
        presets.load_preset("digits_cnn"), tmp_path / "from_run", weights=checkpoints / "last.pt"
    )
    exported = torch.load(tmp_path / "from_run" / "weights.pt", weights_only=True)
    last = torch.load(checkpoints / "last.pt", weights_only=True)["state_dict"]
    assert all(torch.equal(exported[k], v) for k, v in last.items())


def test_train_py_data_pipeline_is_the_windows(tmp_path):
    from tests.engine.folders import image_folder

    folder = _train_folder(tmp_path, epochs=1)
    pictures = image_folder(tmp_path / "pictures", per_class=6)
    (pictures / "class1" / "bad.png").write_bytes(b"not an image")
    script = (
        "import sys, numpy as np, torch; sys.path.insert(0, sys.argv[1]); import train\n"
        "from engine.data import builtin, load_dataset\n"
        "for name, shape in (('digits', (3, 16, 12)), (sys.argv[2], (3, 12, 12))):\n"
        "    mine = train.load_dataset(name, shape, 0.2, 5, workers=1)\n"
        "    ref = load_dataset(name, shape, 0.2, 5)\n"
        "    for split, x, y in ((mine.train, ref.train_x, ref.train_y),\n"
        "                        (mine.val, ref.val_x, ref.val_y)):\n"
        "        raw, positions = split.__getitems__(list(range(len(split))))\n"
        "        assert torch.equal(raw, x.raw(np.arange(len(x))))\n"
        "        assert torch.equal(split.labels, y)\n"
        "    assert mine.classes == ref.classes\n"
        "    assert (mine.mean, mine.std) == (ref.mean, ref.std), name\n"
        "a, b = train.shapes(per_class=40), builtin.shapes(per_class=40)\n"
        "assert np.array_equal(a.images, b.images) and np.array_equal(a.labels, b.labels)\n"
        "assert a.classes == b.classes\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(folder), str(pictures)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**SUB_ENV, "CONVAS_DATA_DIR": str(tmp_path / "userdata")},
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_train_py_order_is_the_trainers_and_each_process_reads_its_share(tmp_path):
    folder = _train_folder(tmp_path, epochs=1)
    script = (
        "import sys, torch; sys.path.insert(0, sys.argv[1]); import train\n"
        "data = list(range(10))\n"
        "one = train.RunOrder(data, 1, 0, 3)\n"
        "one.next_epoch(); one.next_epoch()\n"
        "gen = torch.Generator().manual_seed(3); torch.randperm(10, generator=gen)\n"
        "assert list(one) == torch.randperm(10, generator=gen).tolist()\n"
        "shares = [train.RunOrder(data, 3, r, 3) for r in range(3)]\n"
        "for s in shares: s.next_epoch()\n"
        "seen = sorted(i for s in shares for i in s)\n"
        "assert len(seen) == 12 and set(seen) == set(range(10))\n"
        "assert isinstance(shares[0], torch.utils.data.distributed.DistributedSampler)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        env=SUB_ENV,
    )
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.skipif(not torch.distributed.is_available(), reason="no torch.distributed")
def test_train_py_runs_data_parallel_under_torchrun(tmp_path):
    folder = _train_folder(tmp_path, epochs=1)
    env = SUB_ENV
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            "--nproc_per_node",
            "2",
            "train.py",
            "--device",
            "cpu",
            "--out",
            "ddp.pt",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    assert metrics["status"] == "completed" and metrics["val_accuracy"] > 0.3
    assert (folder / "ddp.pt").is_file()


@pytest.mark.skipif(not torch.distributed.is_available(), reason="no torch.distributed")
def test_train_py_streams_an_image_folder_under_torchrun(tmp_path):
    from tests.engine.folders import conv_net, image_folder

    pictures = image_folder(tmp_path / "pictures", per_class=12)
    folder = tmp_path / "export"
    graph = conv_net()
    graph.set_trainable("conv", False)
    export_python(graph, folder, training={"epochs": 2, "dataset": str(pictures)})
    assert 'FROZEN = ["conv"]' in (folder / "train.py").read_text(encoding="utf-8")
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone"]
    command += ["--nproc_per_node", "2", "train.py", "--device", "cpu", "--workers", "1"]
    result = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=300, env=SUB_ENV
    )
    assert result.returncode == 0, result.stderr[-3000:]
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    assert metrics["status"] == "completed" and metrics["epochs"] == 2
    assert len(list((folder / "cache").glob("*/images.u8"))) == 1  # decoded once, shared
    trained = torch.load(folder / "trained.pt", weights_only=True)
    from engine.training.execution import reinitialise

    model = compile_model(graph).module
    reinitialise(model, 0)  # the fresh weights of seed 0, as train.py draws them
    start = model.state_dict()
    assert torch.equal(trained["conv.weight"], start["conv.weight"])  # frozen
    assert not torch.equal(trained["fc.weight"], start["fc.weight"])


def test_train_py_settings_come_from_the_window(tmp_path):
    graph = presets.load_preset("digits_cnn")
    graph.training = {"epochs": 3, "lr": 0.01, "optimizer": "SGD", "dataset_kind": "builtin"}
    export_python(graph, tmp_path / "f")
    text = (tmp_path / "f" / "train.py").read_text(encoding="utf-8")
    settings_block = text[text.index("SETTINGS = ") : text.index("}\n") + 1]
    values = ast.literal_eval(settings_block.split("=", 1)[1].strip())
    assert values == TrainConfig.from_dict(graph.training).to_dict()
    assert values["epochs"] == 3 and values["lr"] == 0.01 and values["optimizer"] == "sgd"


@pytest.mark.parametrize(
    "bad",
    [{"batch_size": -5}, {"optimizer": "rmsprop"}, {"lr": float("nan")}, {"augment": "yes"}],
)
def test_train_py_refuses_the_settings_the_train_command_refuses(tmp_path, bad):
    """One validation: what ``train`` refuses in a project, the export refuses with the
    same words, and writes nothing."""
    import argparse

    from engine.cli.core import UsageError
    from engine.cli.train import train_config

    graph = presets.load_preset("digits_cnn")
    graph.training = {"epochs": 3, **bad}
    with pytest.raises(UsageError) as refused:
        train_config(argparse.Namespace(source="net.convas"), graph.training)
    with pytest.raises(ExportError) as exported:
        export_python(graph, tmp_path / "f")
    assert f"net.convas: {exported.value}" == str(refused.value)
    assert str(exported.value).startswith(f"training.{next(iter(bad))}: ")
    assert not (tmp_path / "f").exists()
