"""Every kind of message the engine makes, made for real in Korean and read for English.

The catalogue tests check the texts; these make the messages a user meets, at run time,
with real values in them: a problem of every problem code the code has (a broken graph
for each structural one, every block's shape rule swept over awkward inputs and
parameters), broken and fuzzed project files, a training run with its notices, progress
and end, divergence, data folders with every kind of notice and refusal, predictions
from images that can't be read, weights that don't fit, exports that can't be done, the
memory guard, a damaged run history and an untrusted import.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import i18n
from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.registry import MANY, SOURCE, ShapeProblem, all_specs
from engine.training.config import TrainConfig
from tests.engine.folders import conv_net, image_folder
from tests.engine.test_fuzz_files import preset_texts, structural, textual
from tests.graphs import chain, tiny_chain
from tests.korean_text import english_left, korean_problems

ROOT = Path(__file__).resolve().parents[2]
#: Identifiers a Korean message may name: block types, parameter and setting names.
ALLOWED = (
    {s.type for s in all_specs()}
    | {p.name for s in all_specs() for p in s.params}
    | {f.name for f in dataclasses.fields(TrainConfig)}
    | set("format version name nodes edges id type params position label source target".split())
    | set("port training meta trainable".split())  # the file format's keys
    | {"fc", "conv", "head", "flat", "relu", "input", "output", "in", "out"}  # the tests' ids
)
#: Values from the user's file or data, quoted in a message ("kernal_size", 'ten').
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')


@pytest.fixture(autouse=True)
def korean(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "userdata"))
    i18n.set_language("ko")
    yield
    i18n.set_language("en")


def assert_korean(texts, allowed=()) -> None:
    texts = [(where, QUOTED.sub(" ", text)) for where, text in texts]
    bad = korean_problems(texts, ALLOWED | set(allowed))
    assert not bad, "English in Korean messages:\n" + "\n".join(bad)


# --------------------------------------------------------------------------- problems


def problem_codes_in_code() -> set[str]:
    """Every problem code written in engine/: ``code=`` of a ShapeProblem, the code of a
    structural problem (``s.add(node, "code", message)``, ``("code", message)``), the
    codes made from a block type (no_input, extra_output…) and ShapeProblem's default."""
    codes = {"shape_mismatch", "no_input", "no_output", "extra_input", "extra_output"}
    snake = re.compile(r"^[a-z]+(_[a-z]+)+$")
    for path in (ROOT / "engine").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found = []
            if isinstance(node, ast.Call):
                found += [k.value for k in node.keywords if k.arg == "code"]
                if isinstance(node.func, ast.Attribute) and node.func.attr == "add":
                    found += node.args[1:2] if len(node.args) >= 3 else []
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
                second = node.elts[1]
                if isinstance(second, ast.Name) and second.id == "message":
                    found.append(node.elts[0])
            codes |= {
                f.value
                for f in found
                if isinstance(f, ast.Constant) and isinstance(f.value, str) and snake.match(f.value)
            }
    return codes


def _graph(nodes, edges) -> Graph:
    return Graph("broken", [Node(*n) for n in nodes], [Edge(*e) for e in edges])


#: One broken graph per structural problem: (code, graph).
STRUCTURAL = [
    ("no_input", lambda: Graph("empty")),
    ("extra_input", lambda: _graph([("a", "Input"), ("b", "Input"), ("o", "Output")], [])),
    ("extra_output", lambda: _graph([("i", "Input"), ("a", "Output"), ("b", "Output")], [])),
    (
        "port_taken",
        lambda: _graph(
            [("i", "Input"), ("r", "ReLU"), ("s", "ReLU"), ("o", "Output")],
            [("i", "r"), ("i", "s"), ("r", "o"), ("s", "o")],
        ),
    ),
    ("unexpected_input", lambda: _graph([("i", "Input"), ("j", "Input")], [("i", "j")])),
    (
        "port_gap",
        lambda: _graph(
            [("i", "Input"), ("a", "Add"), ("o", "Output")],
            [("i", "a", 0), ("i", "a", 2), ("a", "o")],
        ),
    ),
    (
        "too_few_inputs",
        lambda: _graph([("i", "Input"), ("a", "Add"), ("o", "Output")], [("i", "a"), ("a", "o")]),
    ),
    ("missing_input", lambda: _graph([("i", "Input"), ("r", "ReLU"), ("o", "Output")], [])),
    (
        "wrong_port",
        lambda: _graph(
            [("i", "Input"), ("r", "ReLU"), ("o", "Output")], [("i", "r", 1), ("r", "o")]
        ),
    ),
    (
        "cycle",
        lambda: _graph(
            [("i", "Input"), ("a", "Add"), ("r", "ReLU"), ("o", "Output")],
            [("i", "a", 0), ("r", "a", 1), ("a", "r"), ("r", "o")],
        ),
    ),
    (
        "off_path",
        lambda: _graph(
            [("i", "Input"), ("r", "ReLU"), ("d", "ReLU"), ("o", "Output")],
            [("i", "r"), ("r", "o"), ("r", "d")],
        ),
    ),
    (
        "missing_parameter",
        lambda: _graph(
            [("i", "Input"), ("c", "Conv2d"), ("o", "Output")], [("i", "c"), ("c", "o")]
        ),
    ),
]

SINGLE_INPUTS = [(10,), (1,), (3, 1, 1), (3, 2, 2), (3, 8, 8), (16, 32, 32), (6, 7, 7)]
MANY_INPUTS = [
    [(3, 8, 8), (4, 8, 8)],
    [(3, 8, 8), (3, 4, 4)],
    [(10,), (3, 8, 8)],
    [(10,), (5,)],
]


def _awkward_values(param) -> list:
    """The values of ``param`` most likely to break a shape rule: its bounds and more."""
    if param.kind in ("int", "int_or_pair", "padding"):
        values = [param.minimum, param.maximum, 0, 1, 2, 3, 4, 7, 64, 1000]
        values = [
            int(v)
            for v in values
            if v is not None
            and (param.minimum is None or v >= param.minimum)
            and (param.maximum is None or v <= param.maximum)
        ]
        return values + (["same"] if param.kind == "padding" else [])
    if param.kind == "float":
        return [v for v in (param.minimum, param.maximum, 0.5) if v is not None]
    return list(param.choices) if param.kind == "choice" else [True, False]


def _variants(spec) -> list[dict]:
    base = spec.defaults()
    for p in spec.params:
        if p.required and base.get(p.name) is None:
            base[p.name] = p.start if p.start is not None else 1
    variants = [base] + [{**base, p.name: v} for p in spec.params for v in _awkward_values(p)]
    kinds = {p.name: p.kind for p in spec.params}
    if kinds.get("padding") == "padding" and "stride" in kinds:
        variants.append({**base, "stride": 2, "padding": "same"})
    return variants


def shape_rule_problems() -> list[tuple[str, str, str]]:
    """(code, block type, message) of every problem the sweep finds."""
    found = []
    for spec in all_specs():
        inputs = MANY_INPUTS if spec.arity == MANY else [[s] for s in SINGLE_INPUTS]
        for params in _variants(spec):
            for shapes in [[]] if spec.arity == SOURCE else inputs:
                try:
                    spec.infer(shapes, spec.resolve(params))
                except ShapeProblem as exc:
                    found.append((exc.code, spec.type, str(exc)))
    return found


def test_a_problem_of_every_code_reads_korean():
    made = []
    for code, make in STRUCTURAL:
        problems = analyse(make()).problems
        assert code in {p.code for p in problems}, (code, problems)
        made += [(p.code, f"graph {code}", p.message) for p in problems]
    made += shape_rule_problems()
    texts = [(f"{where}: {code}", message) for code, where, message in made]
    missing = problem_codes_in_code() - {code for code, _b, _m in made}
    assert not missing, f"no broken graph or sweep gives these codes: {sorted(missing)}"
    assert_korean(texts)


# --------------------------------------------------------------------------- files


def _doc(nodes=(), edges=(), **top) -> str:
    return json.dumps(
        {"format": "convas", "version": 1, "nodes": list(nodes), "edges": list(edges), **top}
    )


BROKEN_FILES = [
    "",
    "{",
    '{"a" 1}',
    "[1 2]",
    '{"a": "x',
    '{"a": "\x01"}',
    '{"a": "\\q"}',
    '{"a": "\\u12"}',
    "{} {}",
    "[" * 200 + "]" * 200,
    "[]",
    '{"format": "other", "version": 1, "nodes": [], "edges": []}',
    '{"format": "convas", "version": 9, "nodes": [], "edges": []}',
    '{"format": "convas", "version": "1", "nodes": [], "edges": []}',
    '{"format": "convas", "version": 1, "nodes": []}',
    '{"format": "convas", "version": 1, "nodes": [], "edges": [], "name": 1, "name": 2}',
    _doc().replace(
        '"nodes": []', '"nodes": [{"id": "c", "type": "Dropout", "params": {"p": NaN}}]'
    ),
    _doc().replace('"nodes": []', '"nodes": [{"id": "a", "type": "ReLU", "position": [1e400, 0]}]'),
    _doc().replace('"nodes": []', '"nodes": [{"id": "a", "type": "ReLU", "label": "\\ud800"}]'),
    _doc(extra=1),
    _doc(name=5),
    _doc([{"id": "a", "type": "Conv3d"}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "kernal_size": 3}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "kernel_size": "x"}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "kernel_size": 0}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "bias": 1}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "padding": "valid"}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 10**40}}]),
    _doc([{"id": "d", "type": "Dropout", "params": {"p": 1.5}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {}}]),
    _doc([{"id": "a", "type": "ReLU"}, {"id": "a", "type": "ReLU"}]),
    _doc([{"id": "a", "type": "ReLU"}], [{"source": "a", "target": "zz"}]),
    _doc([{"id": "a", "type": "ReLU"}], [{"source": "a", "target": "a", "port": -1}]),
    _doc([{"id": "", "type": "ReLU"}]),
    _doc([{"id": "a", "type": "ReLU", "position": [1]}]),
    _doc([{"id": "a", "type": "ReLU", "position": [0, -1.5e9]}]),
    _doc([{"id": "a", "type": "ReLU", "trainable": 1}]),
    _doc([{"id": "a", "type": "ReLU", "params": []}]),
    _doc(training={"epochs": 0}),
    _doc(training={"epochs": "ten"}),
    _doc(training={"lr": -1}),
    _doc(training={"optimizer": "lbfgs"}),
    _doc(training={"augment": "yes"}),
    _doc(training={"dataset": ""}),
    _doc(training={"epochs": 2.5}),
    _doc(training=[]),
]


def _load_error(text: str) -> str:
    from engine.fileformat import FormatError, loads

    with pytest.raises(FormatError) as err:
        loads(text)
    return str(err.value)


def test_every_kind_of_broken_file_is_explained_in_korean(tmp_path):
    from engine.fileformat import FormatError, load

    texts = [(f"file {text[:50]!r}", _load_error(text)) for text in BROKEN_FILES]
    (tmp_path / "latin1.convas").write_bytes(b'{"name": "\xe9"}')
    (tmp_path / "folder.convas").mkdir()
    for name in ("latin1.convas", "folder.convas", "missing.convas"):
        with pytest.raises(FormatError) as err:
            load(tmp_path / name)
        texts.append((name, str(err.value)))
    assert_korean(texts)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_presets_are_explained_in_korean(data):
    from engine.fileformat import FormatError, loads

    text = preset_texts()[data.draw(st.sampled_from(sorted(preset_texts())))]
    mutated = data.draw(st.one_of(structural(text), textual(text)))
    try:
        messages = [p.message for p in analyse(loads(mutated)).problems]
    except FormatError as exc:
        messages = [str(exc)]
    assert_korean([("mutated preset", m) for m in messages])


# --------------------------------------------------------------------------- training


def _train(graph, data, events=None, **settings):
    from engine.compiler import compile_model
    from engine.training import Trainer

    events = [] if events is None else events
    config = TrainConfig(**{"epochs": 1, "batch_size": 64, "lr": 0.01, **settings})
    finished = Trainer(compile_model(graph), data, config, events.append, threads=1).run()
    return finished, events


def _event_texts(events) -> list[tuple[str, str]]:
    return [
        (type(e).__name__, getattr(e, "text", None) or getattr(e, "message", ""))
        for e in events
        if getattr(e, "text", None) or getattr(e, "message", None)
    ]


@pytest.fixture(scope="module")
def digits():
    from engine.data import load_dataset

    return load_dataset("digits", (1, 8, 8))


def test_a_training_run_its_data_and_its_end_read_korean(digits, one_torch_thread):
    from engine.data import load_dataset
    from engine.training import fit_check

    progress = []
    load_dataset("shapes", (3, 16, 16), progress=lambda f, text: progress.append(text))
    finished, events = _train(tiny_chain(), digits)
    assert finished.status == "completed"
    small = dataclasses.replace(digits, train_x=digits.train_x[:300], train_y=digits.train_y[:300])
    diverged, _events = _train(tiny_chain(), small, optimizer="sgd", lr=100.0, epochs=3)
    assert diverged.status == "diverged"
    mismatched = chain(
        "wrong",
        [
            Node("in", "Input", {"channels": 3, "height": 32, "width": 32}),
            Node("flat", "Flatten"),
            Node("fc", "Linear", {"out_features": 4}),
            Node("out", "Output"),
        ],
    )
    issues = fit_check(mismatched, None, digits)
    assert len(issues) == 2
    texts = [("progress", t) for t in progress] + _event_texts(events)
    texts += [("diverged", diverged.message)] + [("fit", i.message) for i in issues]
    assert_korean(texts, {"shapes", "digits"})


@pytest.fixture
def no_sharer_left():
    """Handing tensors to a child starts multiprocessing's resource-sharer thread, which
    lives on in the worker; stop it so later tests see no thread they didn't start."""
    yield
    from multiprocessing import resource_sharer

    resource_sharer.stop()


@pytest.mark.usefixtures("no_sharer_left")
def test_a_run_in_a_child_process_speaks_the_parents_language(digits, one_torch_thread):
    from engine.compiler import compile_model
    from engine.training.remote import ProcessTrainer

    events = []
    config = TrainConfig(epochs=1, batch_size=64)
    graph = tiny_chain()
    trainer = ProcessTrainer(compile_model(graph), digits, config, events.append, graph=graph)
    finished = trainer.run()
    assert finished.status == "completed", finished.message
    texts = _event_texts(events)
    assert any("학습 장치" in text for _kind, text in texts), texts
    assert_korean(texts)


def test_failures_devices_and_storage_read_korean():
    from engine.data.bundle import Storage
    from engine.training.execution import DeviceError, ExecutionPlan, resolve_device
    from engine.training.messages import TrainingSetupError, failure_message

    texts = []
    for device in ("cuda", "mps"):
        if device == "cuda" and torch.cuda.is_available():
            continue
        with pytest.raises(DeviceError) as err:
            resolve_device(device)
        texts.append((device, str(err.value)))
    plan = ExecutionPlan(torch.device("cuda"), torch.float16, True, True, "inductor")
    texts.append(("plan", plan.describe()))
    for exc in (
        TrainingSetupError("x"),
        RuntimeError("CUDA out of memory. Tried to allocate 2 GiB"),
        ValueError("device cuda is busy"),
    ):
        texts.append((type(exc).__name__, failure_message(exc).replace("CUDA out of memory", "")))
    for kind in ("memory", "disk", "decode", "fit"):
        texts.append((kind, Storage(kind, 10_000_000, 20_000_000, 1_797).describe(4096)))
    assert_korean(texts, {"device", "cuda", "is", "busy", "inductor", "float16"})


def test_data_folders_their_notices_and_refusals_read_korean(tmp_path):
    from PIL import Image

    from engine.data import (
        BUILTIN_DATASETS,
        DOWNLOADABLE,
        DatasetError,
        describe_dataset,
        load_dataset,
    )

    root = image_folder(tmp_path / "pets", classes=2, per_class=6, size=12)
    Image.fromarray(np.zeros((30, 20), np.uint8)).save(root / "class0" / "grey.png")
    (root / "class1" / "broken.jpg").write_bytes(b"not an image")
    (root / "class1" / "notes.txt").write_text("hello")
    (root / "empty").mkdir()
    progress = []
    bundle = load_dataset(str(root), (3, 16, 16), progress=lambda f, text: progress.append(text))
    texts = [("notice", n) for n in bundle.notices] + [("progress", p) for p in progress]
    texts += [(name, describe_dataset(name)) for name in (*BUILTIN_DATASETS, *DOWNLOADABLE)]
    texts.append(("folder", describe_dataset(str(root))))
    one_class = image_folder(tmp_path / "one", classes=1, per_class=3)
    (tmp_path / "file.txt").write_text("x")
    for name in ("no-such-dataset", str(tmp_path / "file.txt"), str(one_class), "cifar10"):
        with pytest.raises(DatasetError) as err:
            load_dataset(name, (3, 16, 16))
        texts.append((name, str(err.value)))
    assert_korean(texts, {"pets", "broken", "grey", "notes", "one", "file", "empty"})


# --------------------------------------------------------------------------- predict, export


def test_predicting_and_weights_errors_read_korean(tmp_path, digits):
    from engine.compiler import compile_model
    from engine.export.weights import WeightsError, check_state_dict, load_state_dict
    from engine.inference import PredictError, Predictor, TrainedMeta
    from engine.training.artifacts import load_checkpoint

    predictor = Predictor(tiny_chain(), None, TrainedMeta.of_bundle(digits))
    (tmp_path / "text.png").write_text("not a picture")
    (tmp_path / "garbage.pt").write_bytes(b"\x00garbage")
    texts = []
    for image in (tmp_path / "missing.png", tmp_path / "text.png"):
        with pytest.raises(PredictError) as err:
            predictor.fit(image)
        texts.append((image.name, str(err.value)))
    with pytest.raises(PredictError) as err:
        predictor.features(predictor.fit(np.zeros((8, 8), np.uint8)), "nowhere")
    texts.append(("features", str(err.value)))
    for path in (tmp_path / "garbage.pt", tmp_path / "missing.pt"):
        for read in (load_checkpoint, load_state_dict):
            with pytest.raises((ValueError, WeightsError)) as err:
                read(path)
            texts.append((f"{read.__name__} {path.name}", str(err.value)))
    other = compile_model(conv_net(channels=1, size=8, classes=10)).module.state_dict()
    for state in (
        other,
        {**compile_model(tiny_chain()).module.state_dict(), "extra": torch.ones(1)},
    ):
        with pytest.raises(WeightsError) as err:
            check_state_dict(predictor.module, state)
        texts.append(("check_state_dict", str(err.value)))
    with pytest.raises(PredictError) as err:
        TrainedMeta.of_dataset("no-such-dataset", (1, 8, 8))
    texts.append(("of_dataset", str(err.value)))
    assert_korean(texts, {"garbage", "missing", "text", "nowhere", "extra"})


def test_exports_that_cannot_be_done_are_explained_in_korean(tmp_path):
    from engine.expand import expand_node
    from engine.export import ExportError, export_python, generate_code
    from engine.export.weights import save_state_dict

    broken = STRUCTURAL[-1][1]()  # a Conv2d without out_channels
    texts = []
    with pytest.raises(ExportError) as err:
        generate_code(broken)
    texts.append(("generate_code", str(err.value)))
    with pytest.raises(ExportError) as err:
        save_state_dict({}, tmp_path / "w.bin", fmt="npz")
    texts.append(("weights format", str(err.value)))
    (tmp_path / "taken").write_text("a file")
    with pytest.raises(ExportError) as err:
        export_python(tiny_chain(), tmp_path / "taken")
    texts.append(("folder", str(err.value)))
    graph = _graph([("i", "Input"), ("r", "ResidualBlock"), ("c", "ReLU")], [])
    for node in ("r", "c"):
        with pytest.raises(ValueError) as err:
            expand_node(graph, node)
        texts.append((f"expand {node}", str(err.value)))
    assert_korean(texts, {"npz", "taken", "bin"})


def test_the_memory_guard_the_run_history_and_imports_read_korean(tmp_path):
    from engine import memory
    from engine.importer import ImportFailed, import_module
    from engine.runs import RunStore

    need = memory.training_need(tiny_chain(), analyse(tiny_chain()), TrainConfig())
    texts = [("refusal", memory.refusal(need, 1000))]
    damaged = tmp_path / "runs.sqlite"
    damaged.write_bytes(b"this is not a database" * 100)
    with RunStore(damaged) as store:
        texts.append(("run history", store.notice))
    script = tmp_path / "net.py"
    script.write_text("import torch\nmodel = torch.nn.Linear(2, 2)\n")
    for path in (script, tmp_path / "net.txt"):
        with pytest.raises(ImportFailed) as err:
            import_module(str(path))
        texts.append((path.name, str(err.value)))
    assert_korean(texts, {"runs", "sqlite", "net", "txt"})


def test_english_left_finds_english_in_korean():
    # the rule these tests rely on: it must catch English, not just pass everything
    assert english_left("학습에 실패했습니다: the loss became NaN") == "the loss became"
    assert english_left("Training failed") == "Training failed"
    assert english_left("Conv2d 블록의 out_channels 값: 16") is None
    assert english_left('"format" 값이 잘못되었습니다: /tmp/a.convas', ()) is None
