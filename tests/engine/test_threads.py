"""The trainer's threads: measured without a window, one for a small network beside one."""

from __future__ import annotations

import time

import pytest
import torch

from engine.training import threads


@pytest.fixture(autouse=True)
def two_threads(monkeypatch):
    monkeypatch.setattr(threads, "_INITIAL_THREADS", 2)
    monkeypatch.setattr(threads, "_measured", {})


def slow_with(slow_threads: int, calls: list):
    """A trial step that takes longer with ``slow_threads`` threads."""

    def step():
        calls.append(torch.get_num_threads())
        time.sleep(0.02 if torch.get_num_threads() == slow_threads else 0.002)

    return step


@pytest.mark.parametrize("slow, expected", [(1, 2), (2, 1)])
def test_without_a_window_the_faster_thread_count_is_measured(slow, expected):
    calls: list = []
    chosen, how = threads.choose_threads(10**6, False, lambda: slow_with(slow, calls), ("a",))
    assert (chosen, how) == (expected, "measured")
    assert calls.count(1) >= 2 and calls.count(2) >= 2  # a warm-up and timed steps each
    again, _ = threads.choose_threads(10**6, False, lambda: pytest.fail("measured twice"), ("a",))
    assert again == expected  # one process, one choice: the same numbers run after run


def test_beside_a_window_small_networks_take_one_thread_and_large_ones_leave_a_core(
    monkeypatch,
):
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 2)
    never = lambda: pytest.fail("a window's run is not measured")  # noqa: E731
    assert threads.choose_threads(10**6, True, never, ("b",)) == (1, "")
    assert threads.choose_threads(10**10, True, never, ("b",)) == (1, "")  # 2 cores - 1
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(threads, "_INITIAL_THREADS", 8)
    assert threads.choose_threads(10**10, True, never, ("b",)) == (7, "")


def test_the_trial_changes_neither_the_model_nor_the_random_numbers():
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Dropout(0.5), torch.nn.Linear(8, 2))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    batch = torch.randn(3, 4)
    state = torch.get_rng_state()
    step = threads.trial_step(
        model, batch, torch.tensor([0, 1, 0]), lambda m: torch.optim.SGD(m.parameters(), lr=1.0)
    )
    step()
    assert torch.equal(torch.get_rng_state(), state)
    assert all(torch.equal(model.state_dict()[k], v) for k, v in before.items())
