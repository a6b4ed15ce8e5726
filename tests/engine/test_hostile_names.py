"""Hostile ids, labels and names: exported code compiles, runs, and nothing injected runs.

Ids and labels may hold any text (the spec). Every piece of text here tries to break out
of a comment, a docstring or a string literal and create a sentinel file; the tests
check that the generated code parses, that such text appears only inside comments and
docstrings (or escaped in one string literal of train.py), that the code runs, and that
the sentinel never appears.
"""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import cli, fileformat
from engine.analysis import analyse
from engine.compiler import compile_model
from engine.export import export_onnx, export_python, generate_code
from engine.graph import Edge, Graph, Node
from engine.importer import import_module
from engine.importer.compare import same_structure

REPO = Path(__file__).resolve().parents[2]
RUFF = REPO / ".venv" / "bin" / "ruff"


def payloads(sentinel: Path) -> list[str]:
    """Texts that would create ``sentinel`` if any of them were executed."""
    call = f"__import__('os').system('touch {sentinel}')"
    return [
        call,
        f'"""\n{call}\n"""',
        f"'''\n{call}\n'''",
        f"\n{call}\n#",
        f"\r{call}",
        f"\u2028{call}",  # a line separator some tools treat as a line break
        f"\\\n{call}",
        f'"); {call}; ("',
        f"# fmt: off\n{call}",
        f"\u202e{call}",  # right-to-left override
    ]


def hostile_graph(sentinel: Path) -> Graph:
    p = payloads(sentinel)
    ids = [
        'in"put',
        "class",
        p[3][:64],
        "self",
        "x",
        "torch",
        "build_model",
        "conv'1",
        'conv"1',
        "Ω 한국어 🙂",
        "a" * 64,
        "__init__",
        "INPUT_SHAPE",
        p[1][:64],
    ]
    spec = [
        ("Input", {"channels": 2, "height": 6, "width": 6}),
        ("Conv2d", {"out_channels": 4, "padding": 1}),
        ("ReLU", {}),
        ("BatchNorm2d", {}),
        ("Conv1x1", {"out_channels": 4}),
        ("Add", {}),
        ("Concat", {}),
        ("ResidualBlock", {"out_channels": 8, "stride": 2}),
        (
            "InceptionBlock",
            {
                "ch1x1": 2,
                "ch3x3red": 2,
                "ch3x3": 2,
                "ch5x5red": 2,
                "ch5x5": 2,
                "pool_proj": 2,
                "batch_norm": True,
            },
        ),
        ("Flatten", {}),
        ("Linear", {"out_features": 5}),
        ("Dropout", {}),
        ("SiLU", {}),
        ("Output", {}),
    ]
    nodes = [
        Node(nid, t, params, label=p[i % len(p)])
        for i, (nid, (t, params)) in enumerate(zip(ids, spec))
    ]
    edges = [
        (0, 1),
        (1, 2),
        (2, 3),
        (3, 4),
        (4, 5, 0),
        (2, 5, 1),
        (5, 6, 0),
        (3, 6, 1),
        (6, 7),
        (7, 8),
        (8, 9),
        (9, 10),
        (10, 11),
        (11, 12),
        (12, 13),
    ]
    graph = Graph(
        p[1] + p[0], nodes, [Edge(ids[e[0]], ids[e[1]], e[2] if len(e) > 2 else 0) for e in edges]
    )
    graph.training = {"dataset": p[7] + p[1], "epochs": 1}
    return graph


def docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def trusted_words() -> set[str]:
    """Strings exported code may hold: "same", the words a choice parameter allows (the
    file format refuses others), and those of the module classes copied from
    engine/nets (Convas's own source, not the graph's)."""
    from engine.blocks.code import NETS_DIR
    from engine.registry import all_specs

    words = {"same"} | {c for spec in all_specs() for p in spec.params for c in p.choices}
    for path in NETS_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        words |= {
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        }
    return words


def assert_text_only_in_comments_and_docstrings(code: str) -> None:
    """No string literal but docstrings and trusted words; every name a plain identifier;
    the code parses."""
    tree = ast.parse(code)
    docstrings = docstring_nodes(tree)
    trusted = trusted_words()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert id(node) in docstrings or node.value in trusted, node.value
        if isinstance(node, ast.Name):
            assert node.id.isidentifier() and node.id.isascii()
        if isinstance(node, ast.Attribute):
            assert node.attr.isidentifier() and node.attr.isascii()
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == tokenize.COMMENT:
            assert "\r" not in token.string and "\u2028" not in token.string


@pytest.fixture
def sentinel(tmp_path) -> Path:
    path = tmp_path / "SENTINEL"
    yield path
    assert not path.exists(), "injected code ran"


def test_hostile_graph_is_valid_and_keeps_its_text(sentinel):
    graph = hostile_graph(sentinel)
    assert analyse(graph).ok
    again = fileformat.loads(fileformat.dumps(graph))  # opening a project runs nothing
    assert list(again.nodes) == list(graph.nodes) and again.name == graph.name
    assert [n.label for n in again.nodes.values()] == [n.label for n in graph.nodes.values()]


def test_generated_code_keeps_hostile_text_in_comments_and_docstrings(sentinel):
    graph = hostile_graph(sentinel)
    code = generate_code(graph)
    assert_text_only_in_comments_and_docstrings(code.model_py)
    compile(code.model_py, "model.py", "exec")
    assert "__import__('os')" in code.model_py  # kept, readable, in comments
    # The attribute names are the compiled module's: weights move both ways.
    assert code.module_names == compile_model(graph).module_names
    assert len(set(code.module_names.values())) == len(code.module_names)


def test_hostile_export_runs_in_a_fresh_interpreter(sentinel, tmp_path):
    graph = hostile_graph(sentinel)
    folder = tmp_path / "export"
    export_python(graph, folder, seed=3)
    export_onnx(graph, folder / "model.onnx", seed=3)
    script = (
        "import torch, model\n"
        "net = model.build_model()\n"
        "net.load_state_dict(torch.load('weights.pt', weights_only=True), strict=True)\n"
        "print(tuple(net.eval()(torch.randn(2, *model.INPUT_SHAPE)).shape))\n"
        "import train\n"
        "print(repr(train.SETTINGS['dataset']))\n"
    )
    env = {**os.environ, "PYTHONPATH": "", "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    shape, dataset = result.stdout.strip().splitlines()
    assert shape == "(2, 5)"
    assert ast.literal_eval(dataset) == graph.training["dataset"]
    train = (folder / "train.py").read_text(encoding="utf-8")
    settings_line = next(line for line in train.splitlines() if '"dataset":' in line)
    assert settings_line.isascii() and "\n" not in settings_line
    assert_text_only_in_comments_and_docstrings((folder / "model.py").read_text("utf-8"))


@pytest.mark.skipif(not RUFF.exists(), reason="ruff is not installed in .venv")
def test_hostile_export_is_ruff_clean(sentinel, tmp_path):
    export_python(hostile_graph(sentinel), tmp_path, seed=0)
    for args in (["format", "--isolated", "--check"], ["check", "--isolated"]):
        result = subprocess.run(
            [str(RUFF), *args, "."], cwd=tmp_path, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_hostile_export_imports_back(sentinel, tmp_path):
    graph = hostile_graph(sentinel)
    path = tmp_path / "model.py"
    path.write_text(generate_code(graph).model_py, encoding="utf-8")
    result = import_module(path, trust=True)
    assert result.unmapped == [] and same_structure(result.graph, graph)
    assert result.max_difference is not None and result.max_difference <= 1e-4


def test_command_line_exports_a_hostile_project(sentinel, tmp_path, capsys):
    graph = hostile_graph(sentinel)
    fileformat.save(graph, tmp_path / "evil.convas")
    assert cli.main(["summary", str(tmp_path / "evil.convas"), "--json"]) == 0
    status = cli.main(
        ["export", str(tmp_path / "evil.convas"), "--format", "python", "-o", str(tmp_path / "out")]
    )
    assert status == 0, capsys.readouterr().err
    assert (tmp_path / "out" / "model.py").is_file()


_IDS = st.text(min_size=1, max_size=64)


@settings(max_examples=60)
@given(
    ids=st.lists(_IDS, min_size=6, max_size=6, unique=True),
    label=st.text(max_size=80),
    name=st.text(max_size=80),
)
def test_any_ids_and_labels_give_code_that_compiles(ids, label, name):
    graph = Graph(
        name,
        [
            Node(ids[0], "Input", {"channels": 1, "height": 4, "width": 4}, label=label),
            Node(ids[1], "Conv2d", {"out_channels": 2}, label=label),
            Node(ids[2], "ReLU", label=label),
            Node(ids[3], "Add", label=label),
            Node(ids[4], "Flatten", label=label),
            Node(ids[5], "Output", label=label),
        ],
        [
            Edge(ids[0], ids[1]),
            Edge(ids[1], ids[2]),
            Edge(ids[2], ids[3], 0),
            Edge(ids[1], ids[3], 1),
            Edge(ids[3], ids[4]),
            Edge(ids[4], ids[5]),
        ],
    )
    code = generate_code(graph).model_py
    assert_text_only_in_comments_and_docstrings(code)
    namespace: dict = {}
    exec(compile(code, "model.py", "exec"), namespace)  # defines classes only
    model = namespace["build_model"]()
    assert model(torch.zeros(1, 1, 4, 4)).shape == (1, 8)
