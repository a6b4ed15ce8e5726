"""Continuing a run after Stop: what a checkpoint keeps so that the rest of the run
computes exactly what an uninterrupted run would.

``last.pt`` carries, beside the weights, a ``resume`` section: where the run was
(epoch, and steps done in it), the optimizer's state, the three random number
generators (the epoch's data order, the augmentation, dropout), the counters, the
epoch's running sums, and which parameters came from starting weights (they keep their
lower learning rate, the optimizer's own parameter group). Saved at the end of every
epoch and when a run is stopped (then in the middle of an epoch), so Continue loses
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

from engine.i18n import _
from engine.training.messages import TrainingSetupError


@dataclass
class Position:
    """Where a run is: ``step`` steps of ``epoch`` done (the sums are those steps')."""

    epoch: int = 1
    step: int = 0
    loss_sum: float = 0.0
    correct: int = 0
    seen: int = 0
    #: the data-order generator's state before this epoch's permutation was drawn
    order_state: torch.Tensor | None = None
    history: list[dict] = field(default_factory=list)


def resume_state(trainer, position: Position) -> dict[str, Any]:
    """The ``resume`` section of a checkpoint for ``trainer`` at ``position``."""
    tally = trainer._tally
    return {
        "epoch": position.epoch,
        "step": position.step,
        "loss_sum": float(position.loss_sum),
        "correct": int(position.correct),
        "seen": int(position.seen),
        "order_state": position.order_state.clone(),
        "augment_state": trainer._aug_gen.get_state(),
        "rng_state": torch.get_rng_state(),
        "optimizer": trainer._optimizer.state_dict(),
        "global_step": tally.global_step,
        "samples": tally.samples,
        # the time those steps and evaluations took: rates and time left go on from them
        "train_seconds": tally.train_seconds,
        "eval_seconds": tally.eval_seconds,
        "epochs_done": tally.epochs_done,
        "best_accuracy": tally.best_accuracy,
        "batch": trainer._batch,
        "steps": trainer._steps,
        "history": list(trainer._history),
        # the parameters that came from starting weights (their learning-rate factor)
        "pretrained": sorted(trainer._pretrained),
    }


def check_resumable(resume: dict, batch: int, steps: int, epochs: int) -> None:
    """Refuse to continue with settings that would change what the steps mean."""
    if resume.get("batch") != batch or resume.get("steps") != steps:
        raise TrainingSetupError(
            _(
                "can't continue this run: its batch size or data changed (it had "
                "{steps} steps of {batch} per epoch)",
                steps=resume.get("steps"),
                batch=resume.get("batch"),
            )
        )
    if int(resume.get("epoch", 1)) > epochs:
        raise TrainingSetupError(
            _("can't continue this run: it already trained all {epochs} epochs", epochs=epochs)
        )


def restore(trainer, resume: dict) -> Position:
    """Put ``trainer`` (set up, weights loaded) where ``resume`` says; returns the position."""
    trainer._optimizer.load_state_dict(resume["optimizer"])
    trainer._aug_gen.set_state(resume["augment_state"])
    trainer._perm_gen.set_state(resume["order_state"])
    torch.set_rng_state(resume["rng_state"])
    tally = trainer._tally
    tally.global_step = int(resume["global_step"])
    tally.samples = int(resume["samples"])
    tally.train_seconds = float(resume.get("train_seconds", 0.0))
    tally.eval_seconds = float(resume.get("eval_seconds", 0.0))
    tally.epochs_done = int(resume["epochs_done"])
    tally.best_accuracy = float(resume["best_accuracy"])
    return Position(
        int(resume["epoch"]),
        int(resume["step"]),
        float(resume["loss_sum"]),
        int(resume["correct"]),
        int(resume["seen"]),
        resume["order_state"],
        list(resume.get("history", [])),
    )
