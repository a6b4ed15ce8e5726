"""Training in a child process: same results as in-process, live weights, control, failures."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import pytest
import torch

from engine.compiler import compile_model
from engine.training import EpochEvent, FinishedEvent, ProbeEvent, StepEvent, TrainConfig, Trainer
from engine.training.remote import (
    ProcessTrainer,
    TrainingProcessError,
    _listen,
    died_message,
    share_in_blocks,
)
from tests.engine.test_training import FAST, of, same_weights, small_cnn


@pytest.fixture(scope="module")
def small_digits():
    import dataclasses

    from engine.data import load_dataset

    digits = load_dataset("digits")
    return dataclasses.replace(digits, train_x=digits.train_x[:600], train_y=digits.train_y[:600])


def in_child(data, on_event=None, graph=None, **settings):
    """A ProcessTrainer on the small CNN; returns (trainer, its compiled model, events)."""
    graph = graph or small_cnn()
    compiled = compile_model(graph)
    events: list = []

    def record(event):
        events.append(event)
        if on_event is not None:
            on_event(event)

    trainer = ProcessTrainer(
        compiled, data, TrainConfig(**{**FAST, **settings}), record, graph=graph
    )
    return trainer, compiled, events


def test_a_run_in_a_child_gives_the_same_weights_as_one_in_process(small_digits):
    graph = small_cnn()
    here = Trainer(  # the child's thread rule (a window beside it), so the same arithmetic
        compile_model(graph),
        small_digits,
        TrainConfig(**{**FAST, "seed": 5}),
        lambda e: None,
        leave_one_core=True,
    )
    expected = here.run()
    trainer, compiled, events = in_child(small_digits, graph=graph, seed=5)
    before = {k: v.clone() for k, v in compiled.module.state_dict().items()}
    finished = trainer.run()
    assert finished.status == "completed", finished.message
    assert finished.metrics["val_accuracy"] == expected.metrics["val_accuracy"]
    assert finished.metrics["train_loss"] == expected.metrics["train_loss"]
    # the child trained the window's own tensors: the weights are here, bit for bit
    assert same_weights(compiled.module, here.model)
    after = compiled.module.state_dict()
    assert not torch.equal(before["conv.weight"], after["conv.weight"])
    assert len(of(events, EpochEvent)) == 2 and isinstance(events[-1], FinishedEvent)
    assert trainer.process.exitcode == 0


def test_the_weights_change_live_in_this_process_during_the_run(small_digits):
    seen = []

    def on_event(event):  # epochs arrive as separate messages, while the run goes on
        if isinstance(event, EpochEvent) and len(seen) < 2:
            seen.append(compiled.module.state_dict()["conv.weight"].clone())

    trainer, compiled, _ = in_child(small_digits, on_event, epochs=3)
    trainer.run()
    assert len(seen) == 2 and not torch.equal(seen[0], seen[1])


def test_pause_resume_and_probe_across_the_process_give_bit_identical_weights(small_digits):
    graph = small_cnn()
    settings = {**FAST, "augment": True, "seed": 3}
    uninterrupted = Trainer(
        compile_model(graph), small_digits, TrainConfig(**settings), lambda e: None
    )
    uninterrupted.run()
    holder: dict = {}

    def resume():
        holder["resumed_at"] = time.monotonic()
        trainer.resume()

    def on_event(event):
        if isinstance(event, StepEvent) and "paused" not in holder:
            holder["paused"] = True
            trainer.pause()
            assert trainer.paused
            trainer.set_probe("conv", 1)  # served while paused
            threading.Timer(0.5, resume).start()
        if isinstance(event, ProbeEvent) and "probed_at" not in holder:
            holder["probed_at"] = time.monotonic()

    trainer, compiled, events = in_child(small_digits, on_event, graph=graph, **settings)
    finished = trainer.run()
    assert finished.status == "completed" and not trainer.paused
    probes = of(events, ProbeEvent)
    assert probes and probes[0].node_id == "conv" and probes[0].activations.shape == (8, 8, 8)
    assert holder["probed_at"] < holder["resumed_at"]  # the child answered while paused
    assert same_weights(compiled.module, uninterrupted.model)


def test_stop_ends_a_run_in_the_child_within_half_a_second(small_digits):
    trainer, _, events = in_child(small_digits, epochs=10_000)
    results = []
    worker = threading.Thread(target=lambda: results.append(trainer.run()))
    worker.start()
    deadline = time.monotonic() + 60
    while not of(events, StepEvent) and time.monotonic() < deadline:
        time.sleep(0.01)
    began = time.perf_counter()
    trainer.stop()
    worker.join(10)
    assert time.perf_counter() - began < 0.5
    assert results[0].status == "stopped"


def test_a_stop_before_the_child_starts_trains_nothing(small_digits):
    trainer, _, _ = in_child(small_digits)
    trainer.stop()
    finished = trainer.run()
    assert finished.status == "stopped" and finished.metrics["epochs"] == 0


def test_a_failure_in_the_child_raises_here_with_its_traceback(small_digits, monkeypatch):
    trainer, _, _ = in_child(small_digits)
    real = ProcessTrainer._payload
    monkeypatch.setattr(
        ProcessTrainer, "_payload", lambda self: {**real(self), "graph_json": "{not json"}
    )
    with pytest.raises(TrainingProcessError) as failed:
        trainer.run()
    assert str(failed.value).startswith("not valid JSON")  # the engine's own message
    assert "Traceback" in failed.value.details and "_build" in failed.value.details


def test_a_failure_in_the_child_lands_in_the_parents_log_file(small_digits, monkeypatch, tmp_path):
    import logging

    log_file = tmp_path / "convas.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        trainer, _, _ = in_child(small_digits)
        real = ProcessTrainer._payload
        monkeypatch.setattr(
            ProcessTrainer, "_payload", lambda self: {**real(self), "graph_json": "{not json"}
        )
        with pytest.raises(TrainingProcessError):
            trainer.run()
    finally:
        root.removeHandler(handler)
        handler.close()
    text = log_file.read_text(encoding="utf-8")
    assert "training failed in the training process" in text  # written by the child
    assert "Traceback" in text and "_build" in text


def test_a_child_that_dies_raises_here_in_plain_words(small_digits):
    def kill(event):
        if isinstance(event, StepEvent):
            os.kill(trainer.process.pid, signal.SIGKILL)

    trainer, _, _ = in_child(small_digits, kill, epochs=10_000)
    with pytest.raises(TrainingProcessError, match="SIGKILL"):
        trainer.run()


def test_the_child_stops_when_its_parent_goes_away():
    """The command pipe closes when the window's process dies: the run stops."""

    class Recorder:
        def __init__(self):
            self.calls = []

        def __getattr__(self, name):
            return lambda *args: self.calls.append((name, *args))

    receiving, sending = multiprocessing.Pipe(duplex=False)
    trainer = Recorder()
    sending.send(("pause",))
    sending.send(("probe", "conv", 2))
    sending.close()
    _listen(receiving, trainer)
    assert trainer.calls == [("pause",), ("set_probe", "conv", 2), ("stop",)]


def test_died_messages_say_what_happened():
    assert "SIGKILL" in died_message(-9) and "memory" in died_message(-9)
    assert "SIGSEGV" in died_message(-11)
    assert "exit code 3" in died_message(3)
    assert "unchanged" in died_message(1)


def test_a_large_model_is_shared_in_one_block_per_dtype():
    """densenet121's 727 tensors would need 727 open files to share one by one."""
    from engine.presets import load_preset

    module = compile_model(load_preset("densenet121")).module
    before = {k: v.clone() for k, v in module.state_dict().items()}
    params = list(module.parameters())
    share_in_blocks(module)
    moved = list(module.parameters())  # the same Parameter objects, now in the block
    assert len(moved) == len(params) and all(a is b for a, b in zip(moved, params))
    state = module.state_dict()
    assert all(torch.equal(state[k], before[k]) for k in before)
    storages = {t.untyped_storage().data_ptr() for t in state.values()}
    assert len(storages) == 2  # float32 weights and statistics, int64 batch counters
    assert all(t.is_shared() for t in state.values())


def test_weights_trained_on_another_device_are_written_back_at_each_epoch(small_digits):
    """On a GPU the child trains copies; each EpochEvent first writes them back here.

    Run in this process: the child's setup with the model moved off the shared tensors
    (as ``.to("cuda")`` does), then an epoch's event.
    """
    from engine.training.remote import _build

    remote, compiled, _ = in_child(small_digits)
    share_in_blocks(compiled.module)
    sent = []
    events = type("Pipe", (), {"send": lambda self, event: sent.append(event)})()
    trainer = _build(remote._payload(), events)  # the child's trainer, built here
    trainer.model._apply(lambda t: t.clone())  # new tensors, as on another device
    with torch.no_grad():
        trainer.model.get_submodule("conv").weight.fill_(0.5)
    shared = compiled.module.get_submodule("conv").weight
    assert not torch.equal(shared, torch.full_like(shared, 0.5))
    trainer._on_event(EpochEvent(1, 2, 1.0, 0.5, 1.0, 0.5, 0.01, 1.0))
    assert torch.equal(shared, torch.full_like(shared, 0.5)) and len(sent) == 1


def test_a_child_that_cannot_start_says_so_before_training(small_digits, monkeypatch):
    import engine.training.remote as remote

    def no_shared_memory(module):
        raise OSError("no space left on /dev/shm")

    monkeypatch.setattr(remote, "share_in_blocks", no_shared_memory)
    trainer, _, events = in_child(small_digits)
    with pytest.raises(remote.ProcessStartError, match="could not start.*/dev/shm"):
        trainer.run()
    assert trainer.process is None and events == []


def test_a_child_that_does_not_answer_stop_is_ended(small_digits, monkeypatch):
    """A child stuck in one long computation (here: frozen with SIGSTOP) still stops."""
    import engine.training.remote as remote
    from engine.training import METRIC_KEYS

    monkeypatch.setattr(remote, "STOP_GRACE_S", 0.3)

    def freeze_then_stop(event):
        if isinstance(event, EpochEvent):
            os.kill(trainer.process.pid, signal.SIGSTOP)
            trainer.stop()

    trainer, _, _ = in_child(small_digits, freeze_then_stop, epochs=10_000)
    finished = trainer.run()
    assert finished.status == "stopped" and "did not answer" in finished.message
    assert set(finished.metrics) == set(METRIC_KEYS) and finished.metrics["epochs"] == 1
    assert trainer.process.exitcode == -signal.SIGKILL
