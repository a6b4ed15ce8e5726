"""Every kind of message the engine makes at run time, made for real in Korean and read for
English: a training run with its notices, progress and end, divergence, a run in a child
process, devices and storage, data folders with every kind of notice and refusal,
predictions from images that can't be read, weights that don't fit, exports that can't be
done, the memory guard, a damaged run history and an untrusted import. (Problems and broken
files: tests/engine/test_korean_problems.py.)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.training.config import TrainConfig
from tests.engine.folders import conv_net, image_folder
from tests.graphs import chain, tiny_chain
from tests.korean_text import assert_korean as _assert_korean
from tests.korean_text import (
    engine_in_korean,  # noqa: F401  (the fixture)
    english_left,
)

ROOT = Path(__file__).resolve().parents[2]
#: The node ids of the tests' networks.
IDS = {"fc", "conv", "head", "flat", "relu", "input", "output", "in", "out"}


def assert_korean(texts, allowed=()) -> None:
    _assert_korean(texts, IDS | set(allowed))


pytestmark = pytest.mark.usefixtures("engine_in_korean")


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
        # PyTorch's own words are kept, after the Korean: "(PyTorch 메시지: …)"
        texts.append((type(exc).__name__, failure_message(exc).split("(PyTorch 메시지:")[0]))
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

    broken = Graph(
        "broken",
        [Node("i", "Input"), Node("c", "Conv2d"), Node("o", "Output")],  # no out_channels
        [Edge("i", "c"), Edge("c", "o")],
    )
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
    graph = Graph("loose", [Node("i", "Input"), Node("r", "ResidualBlock"), Node("c", "ReLU")])
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
