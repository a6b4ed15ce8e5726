"""The memory guard's figures: exact for what it counts, from the analysis alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.analysis import analyse
from engine.memory import (
    available_bytes,
    export_need,
    human_bytes,
    parse_size,
    refusal,
    training_need,
)
from engine.training.config import TrainConfig
from tests.graphs import tiny_chain

ROOT = Path(__file__).resolve().parents[2]


def test_training_need_counts_weights_gradients_optimiser_and_a_batch():
    graph = tiny_chain()  # 1×8×8 → conv 4 (40 params) → relu → flatten → linear 10 (2,570)
    analysis = analyse(graph)
    params = analysis.total_params
    assert params == 40 + 2570
    # outputs per sample: input 64, conv 256, relu 256, flatten 256, linear 10, output 10
    activations = 64 + 256 + 256 + 256 + 10 + 10
    need = training_need(graph, analysis, TrainConfig(optimizer="adamw", batch_size=32))
    assert (need.weights, need.gradients, need.optimizer) == (4 * params, 4 * params, 8 * params)
    assert need.activations == 32 * activations * 4
    assert need.total == 16 * params + 32 * activations * 4
    sgd = training_need(graph, analysis, TrainConfig(optimizer="sgd", momentum=0.0))
    assert sgd.optimizer == 0
    assert training_need(graph, analysis, TrainConfig(optimizer="sgd")).optimizer == 4 * params


def test_frozen_blocks_have_no_gradients_or_optimiser_state():
    graph = tiny_chain()
    graph.nodes["head"].trainable = False
    need = training_need(graph, analyse(graph), TrainConfig(optimizer="adam"))
    assert need.weights == 4 * 2610 and need.gradients == 4 * 40 and need.optimizer == 8 * 40


def test_export_need_is_the_weights_and_one_sample():
    graph = tiny_chain()
    need = export_need(graph, analyse(graph))
    assert need.total == 4 * 2610 + 4 * 852 and need.batch == 1


def test_refusal_gives_the_figures_only_when_it_does_not_fit():
    graph = tiny_chain()
    need = training_need(graph, analyse(graph), TrainConfig())
    assert refusal(need, need.total) is None and refusal(need, None) is None
    text = refusal(need, need.total - 1)
    assert text.startswith(f"training needs about {human_bytes(need.total)} of memory (weights")
    assert "activations" in text and "(batch of 32)" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8G", 8e9), ("512MB", 512e6), ("1.5GiB", 1.5 * 2**30), ("100k", 1e5), ("123", 123)],
)
def test_sizes_read_like_they_print(text, expected):
    assert parse_size(text) == int(expected)


def test_sizes_print_in_powers_of_1000():
    assert human_bytes(4.4e12) == "4.4 TB" and human_bytes(1_000_000) == "1 MB"
    assert human_bytes(999) == "999 bytes"


def test_the_available_memory_is_the_systems_or_the_override(monkeypatch):
    monkeypatch.delenv("CONVAS_MEMORY_LIMIT", raising=False)
    measured = available_bytes()
    assert measured is None or measured > 10**7
    monkeypatch.setenv("CONVAS_MEMORY_LIMIT", "2G")
    assert available_bytes() == 2 * 10**9


def test_the_estimate_never_imports_torch():
    code = (
        "import sys; from engine import memory, presets; from engine.analysis import analyse;"
        "from engine.training.config import TrainConfig;"
        "g = presets.load_preset('resnet50');"
        "memory.training_need(g, analyse(g), TrainConfig()); memory.available_bytes();"
        "sys.exit('torch' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60).returncode == 0
