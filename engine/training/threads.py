"""How many CPU threads a run uses: measured without a window, ruled with one.

Waking more threads can cost more than the work they share: a small network's step is
short, and on a machine other programs keep busy, threads that spin while they wait for
each other can make every step of any network many times slower. Yet on an idle machine
all cores are faster. So, without a window to leave a core to (the command line, a
script), the trainer times a few steps on one thread and on all of them, on a copy of
the model, and keeps the faster; with a window, a small network trains on one thread
and a large one on all cores but one. The measured choice is kept for the rest of the
process (the same network and batch get the same threads, so two runs in one process
compute the same numbers).
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable

import torch

#: Below this many multiply-accumulates per training step (forward and backward) a
#: network counts as small: one thread may beat several.
SMALL_STEP_MACS = 500_000_000
#: Timed steps per thread count (after one untimed warm-up step each), and the most
#: time the measuring may take (seconds).
TRIAL_STEPS, TRIAL_BUDGET_S = 3, 1.5
_INITIAL_THREADS = torch.get_num_threads()
_measured: dict[tuple, int] = {}


def default_threads() -> int:
    """torch's thread count when the process started (``OMP_NUM_THREADS`` or cores)."""
    return _INITIAL_THREADS


def cpu_threads(macs_per_step: int, leave_one_core: bool) -> int:
    """The threads for a run decided without measuring: one for a small network, else all
    cores (but one when a window needs it), never more than torch was given."""
    if macs_per_step < SMALL_STEP_MACS:
        return 1
    if leave_one_core:
        return max(1, min(_INITIAL_THREADS, (os.cpu_count() or 1) - 1))
    return _INITIAL_THREADS


def choose_threads(
    macs_per_step: int, leave_one_core: bool, make_trial: Callable, key: tuple
) -> tuple[int, str]:
    """(threads, how they were chosen). ``make_trial()`` returns a function that runs one
    training step on a copy of the model (made only when a measurement is needed)."""
    planned = cpu_threads(macs_per_step, leave_one_core)
    many = _INITIAL_THREADS
    if leave_one_core or many <= 1:
        return planned, ""
    key = (macs_per_step, many, *key)
    if key not in _measured:
        _measured[key] = _measure(make_trial(), many)
    return _measured[key], "measured"


def _measure(trial: Callable[[], None], many: int) -> int:
    """The faster of one thread and ``many``, by the best of a few alternating steps
    (at least one each after a warm-up step each; more while they take under
    :data:`TRIAL_BUDGET_S`)."""
    best = {1: float("inf"), many: float("inf")}
    previous = torch.get_num_threads()
    spent = time.perf_counter()
    try:
        for threads in (1, many):  # warm-up: thread pools and kernels set up
            torch.set_num_threads(threads)
            trial()
        for _round in range(TRIAL_STEPS):
            for threads in (1, many):
                torch.set_num_threads(threads)
                start = time.perf_counter()
                trial()
                best[threads] = min(best[threads], time.perf_counter() - start)
            if time.perf_counter() - spent > TRIAL_BUDGET_S:
                break
    finally:
        torch.set_num_threads(previous)
    return many if best[many] < best[1] else 1


def trial_step(model: torch.nn.Module, batch: torch.Tensor, labels: torch.Tensor, build_opt):
    """One step on a copy of ``model`` (forward, backward, optimizer), changing nothing:
    the copy is thrown away and the random number generator is restored."""
    clone = copy.deepcopy(model)
    optimizer = build_opt(clone)

    def step() -> None:
        with torch.random.fork_rng(devices=[]):
            loss = torch.nn.functional.cross_entropy(clone(batch), labels)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()

    return step
