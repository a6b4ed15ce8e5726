"""The trainer: defaults that learn, reproducibility, pause/stop, failures, CUDA paths on CPU."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import threading
import time

import numpy as np
import pytest
import torch

from engine.analysis import analyse
from engine.compiler import compile_model
from engine.data import load_dataset
from engine.fileformat import load
from engine.graph import Edge, Graph, Node
from engine.training import (
    EpochEvent,
    FinishedEvent,
    NoticeEvent,
    ProbeEvent,
    StepEvent,
    TrainConfig,
    Trainer,
    fit_check,
)
from engine.training.artifacts import load_checkpoint
from engine.training.execution import (
    DeviceError,
    ExecutionPlan,
    augment_batch,
    execution_plan,
    resolve_device,
)
from engine.training.optim import lr_factor

FAST = {"epochs": 2, "batch_size": 32, "lr": 0.01}


def small_cnn() -> Graph:
    """A small CNN for 1×8×8 digits, with BatchNorm and Dropout (state and randomness)."""
    nodes = [
        Node("in", "Input", {"channels": 1, "height": 8, "width": 8}),
        Node("conv", "Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}),
        Node("bn", "BatchNorm2d"),
        Node("relu", "ReLU"),
        Node("pool", "MaxPool2d"),
        Node("flat", "Flatten"),
        Node("drop", "Dropout", {"p": 0.2}),
        Node("fc", "Linear", {"out_features": 10}),
        Node("out", "Output"),
    ]
    ids = [n.id for n in nodes]
    return Graph("small", nodes, [Edge(a, b) for a, b in zip(ids, ids[1:])])


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits")


@pytest.fixture(scope="module")
def small_digits(digits):
    """600 training images: enough to learn something, quick to train on."""
    return dataclasses.replace(digits, train_x=digits.train_x[:600], train_y=digits.train_y[:600])


def train(data, graph=None, events=None, **settings):
    """Run a trainer to the end; returns (finished event, events, trainer)."""
    events = [] if events is None else events
    trainer = Trainer(
        compile_model(graph or small_cnn()),
        data,
        TrainConfig(**{**FAST, **settings}),
        events.append,
    )
    return trainer.run(), events, trainer


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def same_weights(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


# --------------------------------------------------------------------------- learning
# (the default settings' 97% on tiny-residual is checked end to end in test_cli_train.py)


def test_events_describe_the_run(small_digits):
    finished, events, _ = train(small_digits)
    assert finished.status == "completed" and events[-1] is finished
    assert set(finished.metrics) == {
        "epochs",
        "train_loss",
        "val_loss",
        "val_accuracy",
        "seconds",
        "samples_per_second",
        "status",
    }
    assert "training on cpu" in of(events, NoticeEvent)[0].text
    epochs = of(events, EpochEvent)
    assert [e.epoch for e in epochs] == [1, 2] and epochs[-1].epochs == 2
    assert epochs[-1].train_loss < epochs[0].train_loss
    assert 0.0 <= epochs[-1].val_accuracy <= 1.0 and epochs[-1].seconds > 0
    steps = of(events, StepEvent)
    assert steps and all(1 <= s.step <= s.steps_per_epoch == 600 // 32 for s in steps)
    assert all(s.eta_seconds >= 0 and s.samples_per_second > 0 for s in steps)
    assert steps[-1].step == steps[-1].steps_per_epoch  # each epoch's last step is reported
    assert finished.metrics["val_accuracy"] == epochs[-1].val_accuracy


# --------------------------------------------------------------------------- reproducibility


def test_same_seed_gives_same_metrics_and_weights_however_the_model_was_built(small_digits):
    torch.manual_seed(123)
    a, events_a, trainer_a = train(small_digits, seed=7)
    torch.manual_seed(456)  # a different build-time seed: the trainer re-initialises
    b, events_b, trainer_b = train(small_digits, seed=7)
    strip = [dataclasses.replace(e, seconds=0) for e in of(events_a, EpochEvent)]
    assert strip == [dataclasses.replace(e, seconds=0) for e in of(events_b, EpochEvent)]
    assert same_weights(trainer_a.model, trainer_b.model)
    c, _, trainer_c = train(small_digits, seed=8)
    assert not same_weights(trainer_a.model, trainer_c.model)


def test_pause_and_resume_give_bit_identical_weights(small_digits):
    _, _, uninterrupted = train(small_digits, augment=True, seed=3)
    events: list = []
    holder: dict = {}
    resumed = threading.Event()

    def on_event(event):
        events.append(event)
        if isinstance(event, StepEvent) and "paused" not in holder:
            holder["paused"] = True
            trainer = holder["trainer"]
            trainer.pause()
            trainer.set_probe("conv", 1)  # served while paused
            threading.Timer(0.3, lambda: (trainer.resume(), resumed.set())).start()

    trainer = Trainer(
        compile_model(small_cnn()),
        small_digits,
        TrainConfig(**{**FAST, "augment": True, "seed": 3}),
        on_event,
    )
    holder["trainer"] = trainer
    finished = trainer.run()
    assert resumed.is_set() and finished.status == "completed"
    first_probe = events.index(of(events, ProbeEvent)[0])
    assert first_probe < events.index(of(events, EpochEvent)[0])  # arrived during the pause
    assert same_weights(trainer.model, uninterrupted.model)


# ------------------------------------------------------------------- stop, divergence, failure


def test_stop_ends_a_run_within_half_a_second(small_digits):
    events, stopped_at, done = [], {}, threading.Event()
    trainer = Trainer(
        compile_model(small_cnn()),
        small_digits,
        TrainConfig(epochs=10_000, batch_size=8),
        events.append,
    )
    worker = threading.Thread(target=lambda: (trainer.run(), done.set()))
    worker.start()
    deadline = time.monotonic() + 30
    while not of(events, EpochEvent) and time.monotonic() < deadline:
        time.sleep(0.01)
    stopped_at["t"] = time.perf_counter()
    trainer.stop()
    assert done.wait(5)
    elapsed = time.perf_counter() - stopped_at["t"]
    worker.join()
    finished = events[-1]
    assert isinstance(finished, FinishedEvent) and finished.status == "stopped"
    assert elapsed < 0.5
    assert 1 <= finished.metrics["epochs"] < 10_000
    assert "Stopped after" in finished.message


def test_a_learning_rate_that_makes_the_loss_nan_stops_as_diverged(small_digits):
    finished, events, _ = train(small_digits, optimizer="sgd", lr=100.0, epochs=3)
    assert finished.status == "diverged"
    assert "lower learning rate" in finished.message and "BatchNorm" in finished.message
    assert math.isnan(finished.metrics["train_loss"])
    assert events[-1] is finished


def test_an_exception_in_a_step_is_a_failed_run_not_a_crash(small_digits):
    compiled = compile_model(small_cnn())
    calls = []

    def explode(module, inputs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom in the third step")

    compiled.module.get_submodule(compiled.module_names["conv"]).register_forward_pre_hook(explode)
    events: list = []
    finished = Trainer(compiled, small_digits, TrainConfig(**FAST), events.append).run()
    assert finished == events[-1]
    assert finished.status == "failed"
    assert "boom in the third step" in finished.message
    assert finished.metrics["status"] == "failed"


def test_network_and_data_that_dont_fit_fail_with_what_to_do(small_digits):
    graph = small_cnn()
    graph.nodes["fc"].params = {"out_features": 6}
    finished, _, _ = train(small_digits, graph)
    assert finished.status == "failed" and "out_features to 10" in finished.message
    graph = small_cnn()
    graph.nodes["in"].params = {"channels": 3, "height": 8, "width": 8}
    finished, _, _ = train(small_digits, graph)
    assert finished.status == "failed" and "Input takes 3×8×8" in finished.message


# --------------------------------------------------------------------------- device paths


def test_cuda_code_paths_run_on_cpu(small_digits):
    """bf16 autocast, a gradient scaler and channels-last, as on a GPU."""
    plan = ExecutionPlan(
        torch.device("cpu"), autocast_dtype=torch.bfloat16, grad_scaler=True, channels_last=True
    )
    events: list = []
    trainer = Trainer(
        compile_model(small_cnn()),
        small_digits,
        TrainConfig(**{**FAST, "grad_clip": 1.0}),
        events.append,
        plan=plan,
    )
    finished = trainer.run()
    assert finished.status == "completed", finished.message
    assert math.isfinite(finished.metrics["val_loss"])
    assert "bfloat16 autocast + gradient scaler · channels-last" in of(events, NoticeEvent)[0].text
    conv = trainer.model.get_submodule(trainer.compiled.module_names["conv"])
    assert conv.weight.is_contiguous(memory_format=torch.channels_last)


def test_execution_plan_follows_the_device(monkeypatch):
    config = TrainConfig(optimizer="adamw")
    cpu = execution_plan(config, torch.device("cpu"))
    assert (cpu.autocast_dtype, cpu.grad_scaler, cpu.channels_last) == (None, False, False)
    cuda = torch.device("cuda")
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    plan = execution_plan(config, cuda)
    assert plan.autocast_dtype == torch.bfloat16 and not plan.grad_scaler
    assert plan.channels_last and plan.fused_optimizer
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    plan = execution_plan(config, cuda)
    assert plan.autocast_dtype == torch.float16 and plan.grad_scaler
    plan = execution_plan(config.replace(amp=False, channels_last=False, compile=True), cuda)
    assert plan.autocast_dtype is None and not plan.channels_last
    assert plan.compile_backend == "inductor"
    if not torch.cuda.is_available():
        with pytest.raises(DeviceError, match="no CUDA GPU"):
            resolve_device("cuda")


def test_compile_flag_compiles_the_model(small_digits, monkeypatch):
    calls = []

    def fake_compile(model, backend):
        calls.append(backend)
        return model

    monkeypatch.setattr(torch, "compile", fake_compile)
    finished, _, _ = train(small_digits, compile=True, epochs=1)
    assert finished.status == "completed" and calls == ["inductor"]


def test_torch_compile_really_trains(small_digits):
    """Dynamo traces the compiled network, in train and eval mode. (With the "eager"
    backend: inductor, which the compile setting uses, spends a minute compiling C++ here.)"""
    plan = ExecutionPlan(torch.device("cpu"), compile_backend="eager")
    events: list = []
    trainer = Trainer(
        compile_model(small_cnn()), small_digits, TrainConfig(**FAST), events.append, plan=plan
    )
    finished = trainer.run()
    assert finished.status == "completed", finished.message
    assert "torch.compile (eager)" in of(events, NoticeEvent)[0].text
    assert finished.metrics["val_accuracy"] > 0.5


def test_leaving_a_core_to_the_gui_works_in_a_worker_thread(small_digits):
    result = {}
    trainer = Trainer(
        compile_model(small_cnn()),
        small_digits,
        TrainConfig(epochs=1),
        lambda e: None,
        leave_one_core=True,
    )
    worker = threading.Thread(target=lambda: result.setdefault("f", trainer.run()))
    worker.start()
    worker.join(60)
    assert result["f"].status == "completed"


# --------------------------------------------------------------------------- probe, checkpoints


def test_probe_reports_the_chosen_nodes_activations(small_digits):
    graph = small_cnn()
    shapes = analyse(graph).nodes
    for node_id in ("conv", "flat", "in", "out"):
        events: list = []
        trainer = Trainer(
            compile_model(graph), small_digits, TrainConfig(epochs=1), events.append, graph=graph
        )
        trainer.set_probe(node_id, 5)
        trainer.run()
        probes = of(events, ProbeEvent)
        assert probes and all(p.node_id == node_id and p.sample_index == 5 for p in probes)
        assert probes[-1].activations.shape == tuple(shapes[node_id].shape)
        assert probes[-1].activations.dtype == np.float32
        if node_id == "in":
            assert np.array_equal(probes[-1].activations, small_digits.val_x[5].numpy())
    trainer = Trainer(
        compile_model(graph), small_digits, TrainConfig(epochs=1), events.append, graph=graph
    )
    events.clear()
    trainer.set_probe("no such node", 0)
    trainer.run()
    assert not of(events, ProbeEvent)


def test_checkpoints_keep_the_best_and_the_last(small_digits, tmp_path):
    graph = small_cnn()
    events: list = []
    trainer = Trainer(
        compile_model(graph),
        small_digits,
        TrainConfig(**{**FAST, "epochs": 3}),
        events.append,
        tmp_path / "ckpt",
        graph=graph,
    )
    trainer.run()
    last, best = (
        load_checkpoint(tmp_path / "ckpt" / "last.pt"),
        load_checkpoint(tmp_path / "ckpt" / "best.pt"),
    )
    accuracies = [e.val_accuracy for e in of(events, EpochEvent)]
    assert last["epoch"] == 3
    assert best["metrics"]["val_accuracy"] == max(accuracies)
    assert json.loads(last["graph"])["name"] == "small"
    assert last["classes"] == small_digits.classes and last["config"]["epochs"] == 3
    fresh = compile_model(graph).module
    fresh.load_state_dict(last["state_dict"], strict=True)
    assert same_weights(fresh, trainer.model)


# --------------------------------------------------------------------------- pieces


@pytest.mark.parametrize("schedule", ["constant", "step", "cosine", "onecycle"])
def test_learning_rate_schedules(schedule):
    total, warmup = 100, 10
    factors = [lr_factor(schedule, s, total, warmup) for s in range(total)]
    assert max(factors) == pytest.approx(1.0, abs=1e-6)
    assert all(f > 0 for f in factors[:-1])
    assert factors[0] < 0.2  # every schedule warms up
    if schedule == "constant":
        assert factors[warmup:] == [1.0] * (total - warmup)
    if schedule == "step":
        assert factors[-1] == pytest.approx(0.01)
    if schedule in ("cosine", "onecycle"):
        assert factors[-1] < 1e-3
        assert factors[warmup:] == sorted(factors[warmup:], reverse=True)
    if schedule == "onecycle":
        assert factors[0] == pytest.approx(1 / 25)
        assert factors[warmup] == pytest.approx(1.0)


def test_train_config_round_trip_and_clear_errors():
    config = TrainConfig(epochs=3, optimizer="SGD", lr=0.1)
    assert config.optimizer == "sgd"
    assert TrainConfig.from_dict({**config.to_dict(), "future_setting": 1}) == config
    assert TrainConfig.from_dict({"epochs": 4.0}).epochs == 4
    for key, bad in [
        ("epochs", 0),
        ("lr", 0),
        ("optimizer", "rmsprop"),
        ("augment", "yes"),
        ("batch_size", 2.5),
        ("schedule", 3),
        ("val_fraction", 1.0),
        ("lr", float("nan")),
        ("seed", True),
    ]:
        with pytest.raises(ValueError, match=f"^{key}:"):
            TrainConfig.from_dict({key: bad})


def test_fit_check_offers_fixes_that_keep_the_network_valid(tiny_residual_path):
    lenet = load(
        os.path.join(os.path.dirname(__file__), "..", "..", "resources", "presets", "lenet5.convas")
    )
    issues = fit_check(lenet, None, ((3, 32, 32), 6))
    by_fix = {i.fix: i for i in issues}
    assert by_fix["set_classes"].node_id == "fc3"
    assert by_fix["set_classes"].new_params["out_features"] == 6
    assert by_fix["adapt_input"].new_params == {"channels": 3, "height": 32, "width": 32}
    # 8×8 images would break LeNet's 5×5 convolutions: only the channels are offered
    assert fit_check(lenet, None, ((1, 8, 8), 10)) == []
    tiny = load(tiny_residual_path)
    assert fit_check(tiny, analyse(tiny), ((1, 8, 8), 10)) == []
    bundle = dataclasses.replace(load_dataset("digits", (1, 16, 16)), classes=list("abc"))
    issues = fit_check(tiny, None, bundle)  # a bundle: compared with its natural 8×8 shape
    assert [i.fix for i in issues] == ["set_classes"]


def test_augment_batch_is_seeded_crop_and_flip():
    x = torch.arange(2 * 1 * 8 * 8, dtype=torch.float32).reshape(2, 1, 8, 8)
    a = augment_batch(x, torch.Generator().manual_seed(0))
    b = augment_batch(x, torch.Generator().manual_seed(0))
    assert a.shape == x.shape and torch.equal(a, b)
    outs = [augment_batch(x, torch.Generator().manual_seed(s)) for s in range(20)]
    assert any(not torch.equal(o, x) for o in outs)
    flipped = x.flip(3)
    # with padding 1, a crop at offset (1, 1) is the image itself, flipped or not
    assert any(torch.equal(o[0], x[0]) or torch.equal(o[0], flipped[0]) for o in outs)
