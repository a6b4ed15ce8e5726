"""Fine-tuning: frozen blocks stay bit-identical, a replaced head trains from imported
weights, a stopped run continues to exactly where an uninterrupted one gets."""

from __future__ import annotations

import threading
import time

import pytest
import torch

from engine.compiler import compile_model
from engine.data import load_dataset
from engine.graph import Graph
from engine.training import EpochEvent, TrainConfig, Trainer
from engine.training.artifacts import LAST, load_checkpoint
from engine.training.head import HeadError, plan_head, replace_head
from tests.engine.folders import conv_net, image_folder

SETTINGS = {"epochs": 3, "batch_size": 8, "lr": 0.01, "seed": 1, "augment": True}


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "userdata"))


@pytest.fixture
def data(tmp_path):
    return load_dataset(str(image_folder(tmp_path / "colours")), (3, 16, 16), 0.25, 0)


def trainer(graph, data, events=None, **kwargs):
    config = TrainConfig(**{**SETTINGS, **kwargs.pop("settings", {})})
    sink = events.append if events is not None else (lambda e: None)
    compiled = compile_model(graph)
    return Trainer(compiled, data, config, sink, graph=graph, threads=1, **kwargs), compiled


def test_frozen_blocks_keep_their_weights_and_statistics_bit_for_bit(data):
    graph = conv_net()
    graph.set_trainable("conv", False)
    graph.set_trainable("bn", False)
    start = compile_model(graph).module.state_dict()  # the weights to start from
    run, compiled = trainer(graph, data, initial_state=start)
    assert run.run().status == "completed"
    after = compiled.module.state_dict()
    frozen = [k for k in start if k.startswith(("conv.", "bn."))]
    assert frozen and all(torch.equal(after[k], start[k]) for k in frozen)
    assert not torch.equal(after["conv2.weight"], start["conv2.weight"])  # the rest trains
    assert all(p.requires_grad for p in compiled.module.parameters())  # released after


def test_every_block_frozen_is_refused_in_plain_words(data):
    graph = conv_net()
    for node in ("conv", "bn", "conv2", "fc"):
        graph.set_trainable(node, False)
    run, _compiled = trainer(graph, data)
    finished = run.run()
    assert finished.status == "failed" and "every block is frozen" in finished.message


def test_replace_head_then_fine_tune_from_imported_weights(data):
    imported_graph = conv_net(classes=5)  # "imported": trained elsewhere on 5 classes
    imported = compile_model(imported_graph).module.state_dict()
    graph = imported_graph.copy()
    plan = replace_head(graph, data.num_classes)
    assert plan.old.id == "fc" and plan.new.id == "fc_2"
    assert graph.nodes["fc_2"].params["out_features"] == 3 and "fc" not in graph.nodes
    assert [(e.source, e.target) for e in graph.edges][-2:] == [("flat", "fc_2"), ("fc_2", "out")]
    for node in ("conv", "bn", "conv2"):
        graph.set_trainable(node, False)
    events: list = []
    run, compiled = trainer(graph, data, events, initial_state=imported)
    finished = run.run()
    assert finished.status == "completed", finished.message
    state = compiled.module.state_dict()
    assert torch.equal(state["conv2.weight"], imported["conv2.weight"])
    assert state["fc_2.weight"].shape == (3, 8)
    notices = [e.text for e in events if type(e).__name__ == "NoticeEvent"]
    assert any("1 layer starts fresh" in n and "fc_2" in n for n in notices)
    assert finished.metrics["val_accuracy"] > 0.6  # the colours are easy


def test_replace_head_needs_a_linear_before_the_output():
    graph = conv_net()
    graph.remove_node("fc")
    graph.add_edge(type(graph.edges[0])("flat", "out"))
    with pytest.raises(HeadError, match="no Linear"):
        plan_head(graph, 3)


def test_a_lower_rate_for_the_pretrained_part(data):
    start = compile_model(conv_net()).module.state_dict()
    slow, slow_model = trainer(
        conv_net(), data, initial_state=start, settings={"pretrained_lr_factor": 1e-6, "epochs": 1}
    )
    assert slow.run().status == "completed"
    moved = (slow_model.module.state_dict()["conv.weight"] - start["conv.weight"]).abs().max()
    fast, fast_model = trainer(conv_net(), data, initial_state=start, settings={"epochs": 1})
    assert fast.run().status == "completed"
    moved_fast = (fast_model.module.state_dict()["conv.weight"] - start["conv.weight"]).abs().max()
    assert moved < moved_fast / 1000


@pytest.mark.parametrize("stop_at", [("step", 2, 3), ("epoch", 1, None)])
def test_continue_after_stop_equals_an_uninterrupted_run(data, tmp_path, stop_at):
    graph = conv_net()
    uninterrupted, expected_model = trainer(graph, data, checkpoint_dir=tmp_path / "a")
    expected = uninterrupted.run()
    events: list = []
    stopped, _ = trainer(graph, data, events, checkpoint_dir=tmp_path / "b")
    kind, epoch, step = stop_at

    def on_event(event):
        events.append(event)
        hit = (
            kind == "step"
            and type(event).__name__ == "StepEvent"
            and (event.epoch, event.step) >= (epoch, step)
        ) or (kind == "epoch" and isinstance(event, EpochEvent) and event.epoch == epoch)
        if hit:
            stopped.stop()

    stopped._on_event = on_event
    assert stopped.run().status == "stopped"
    checkpoint = load_checkpoint(tmp_path / "b" / LAST)
    assert checkpoint["resume"]["epoch"] == (2 if kind == "epoch" else epoch)
    later: list = []
    continued, model = trainer(graph, data, later, checkpoint_dir=tmp_path / "b", resume=checkpoint)
    finished = continued.run()
    assert finished.status == "completed"
    # rates and time left count the time before the stop with the steps before it
    assert 0 < checkpoint["resume"]["train_seconds"] <= continued._tally.train_seconds
    assert finished.metrics["val_loss"] == expected.metrics["val_loss"]
    assert finished.metrics["train_loss"] == expected.metrics["train_loss"]
    want = expected_model.module.state_dict()
    assert all(torch.equal(model.module.state_dict()[k], want[k]) for k in want)
    epochs = [e.epoch for e in later if isinstance(e, EpochEvent)]
    assert epochs == list(range(epoch if kind == "step" else 2, 4))


def test_a_run_from_starting_weights_at_a_lower_rate_continues_exactly(data, tmp_path):
    """The pretrained part's own learning rate (an optimizer group of its own) survives a
    stop: the continued run ends where an uninterrupted one does."""
    imported = conv_net(classes=5)
    start = compile_model(imported).module.state_dict()
    graph = imported.copy()
    replace_head(graph, data.num_classes)  # a fresh head beside the pretrained layers
    options = dict(initial_state=start, settings={"pretrained_lr_factor": 0.1, "epochs": 2})
    whole, expected_model = trainer(graph, data, checkpoint_dir=tmp_path / "a", **options)
    assert whole.run().status == "completed"
    stopped, _ = trainer(graph, data, checkpoint_dir=tmp_path / "b", **options)
    stopped._on_event = lambda e: stopped.stop() if isinstance(e, EpochEvent) else None
    assert stopped.run().status == "stopped"
    checkpoint = load_checkpoint(tmp_path / "b" / LAST)
    assert checkpoint["resume"]["pretrained"]  # which parameters had the lower rate
    settings = options["settings"]
    continued, model = trainer(graph, data, resume=checkpoint, settings=settings)
    finished = continued.run()
    assert finished.status == "completed", finished.message
    want = expected_model.module.state_dict()
    assert all(torch.equal(model.module.state_dict()[k], want[k]) for k in want)


def test_continuing_with_another_batch_size_is_refused(data, tmp_path):
    graph = conv_net()
    first, _ = trainer(graph, data, checkpoint_dir=tmp_path, settings={"epochs": 1})
    assert first.run().status == "completed"
    checkpoint = load_checkpoint(tmp_path / LAST)
    again, _ = trainer(graph, data, resume=checkpoint, settings={"batch_size": 4})
    finished = again.run()
    assert finished.status == "failed" and "batch size" in finished.message


def test_stop_during_a_run_in_a_thread_leaves_a_checkpoint(data, tmp_path):
    graph: Graph = conv_net()
    run, _ = trainer(graph, data, checkpoint_dir=tmp_path, settings={"epochs": 50})
    thread = threading.Thread(target=run.run)
    thread.start()
    while run._tally.global_step < 3 and thread.is_alive():
        time.sleep(0.005)
    run.stop()
    thread.join(10)
    assert load_checkpoint(tmp_path / LAST)["resume"]["global_step"] >= 3
