"""Optimizers and learning-rate schedules for the trainer."""

from __future__ import annotations

import math

import torch
from torch import nn

from engine.i18n import _
from engine.training.config import TrainConfig

#: One-cycle starts at lr / this and ends near zero (as torch's OneCycleLR does).
ONECYCLE_START_DIV = 25.0
ONECYCLE_END_DIV = 1e4


def lr_factor(schedule: str, step: int, total: int, warmup: int) -> float:
    """The multiplier of the base learning rate at ``step`` (0-based) of ``total``.

    ``constant``, ``step`` and ``cosine`` warm up linearly over ``warmup`` steps.
    ``step`` divides by 10 at half and at three quarters of the run. ``cosine`` anneals
    to zero. ``onecycle`` rises from 1/25 to 1 over the warm-up (30% of the run when
    no warm-up is set), then anneals to 1/25 000, both on a cosine.
    """
    total = max(1, total)
    if schedule == "onecycle":
        rise = warmup if warmup > 0 else max(1, int(0.3 * total))
        rise = min(rise, total - 1) if total > 1 else 0
        start, end = 1.0 / ONECYCLE_START_DIV, 1.0 / (ONECYCLE_START_DIV * ONECYCLE_END_DIV)
        if step < rise:
            return _cosine_between(start, 1.0, step / rise)
        fall = max(1, total - 1 - rise)
        return _cosine_between(1.0, end, min(1.0, (step - rise) / fall))
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    if schedule == "cosine":
        return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))
    if schedule == "step":
        return 0.01 if progress >= 0.75 else 0.1 if progress >= 0.5 else 1.0
    return 1.0


def _cosine_between(a: float, b: float, t: float) -> float:
    return b + (a - b) * 0.5 * (1.0 + math.cos(math.pi * t))


def build_optimizer(
    model: nn.Module,
    config: TrainConfig,
    fused: bool = False,
    scales: dict[int, float] | None = None,
) -> torch.optim.Optimizer:
    """The configured optimizer over the parameters that train (``requires_grad``);
    weight decay applies to weights, not biases or norms.

    ``scales`` (id of a parameter → factor) gives some parameters a smaller learning
    rate: each group's ``lr_scale`` multiplies the schedule's rate. ``fused`` picks
    torch's fused kernels (CPU and CUDA); otherwise the multi-tensor ("foreach") ones.
    Either way the arithmetic is deterministic.
    """
    scales = scales or {}
    buckets: dict[tuple[bool, float], list] = {}
    for p in model.parameters():
        if p.requires_grad:
            buckets.setdefault((p.ndim > 1, scales.get(id(p), 1.0)), []).append(p)
    order = sorted(buckets, key=lambda key: (-key[1], not key[0]))  # decay first, as before
    groups = [
        {
            "params": buckets[key],
            "weight_decay": config.weight_decay if key[0] else 0.0,
            "lr_scale": key[1],
        }
        for key in order
    ]
    if not groups:
        raise ValueError(_("the network has no parameters to train"))
    extra = {"fused": True} if fused else {"foreach": True}
    if config.optimizer == "sgd":
        nesterov = config.nesterov and config.momentum > 0
        return torch.optim.SGD(
            groups, lr=config.lr, momentum=config.momentum, nesterov=nesterov, **extra
        )
    cls = torch.optim.AdamW if config.optimizer == "adamw" else torch.optim.Adam
    return cls(groups, lr=config.lr, **extra)


def set_lr(optimizer: torch.optim.Optimizer, lr: float) -> None:
    """The schedule's rate, times each group's ``lr_scale``."""
    for group in optimizer.param_groups:
        group["lr"] = lr * group.get("lr_scale", 1.0)
