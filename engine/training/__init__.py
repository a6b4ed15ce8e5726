"""Training: settings, events, the trainer, and checks that a network fits its data.

``TrainConfig``, the events and :func:`fit_check` import without torch (the window
and the command line use them before torch has loaded); the :class:`Trainer` and the
execution helpers load torch when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.training.config import DEVICES, OPTIMIZERS, SCHEDULES, TrainConfig
from engine.training.events import (
    COMPLETED,
    DIVERGED,
    FAILED,
    METRIC_KEYS,
    STOPPED,
    EpochEvent,
    FinishedEvent,
    NoticeEvent,
    ProbeEvent,
    StepEvent,
)
from engine.training.fit import FitIssue, fit_check

if TYPE_CHECKING:  # pragma: no cover
    from engine.training.execution import ExecutionPlan, execution_plan, resolve_device
    from engine.training.messages import TrainingSetupError
    from engine.training.trainer import Trainer

__all__ = [
    "COMPLETED",
    "DEVICES",
    "DIVERGED",
    "FAILED",
    "METRIC_KEYS",
    "OPTIMIZERS",
    "SCHEDULES",
    "STOPPED",
    "EpochEvent",
    "ExecutionPlan",
    "FinishedEvent",
    "FitIssue",
    "NoticeEvent",
    "ProbeEvent",
    "StepEvent",
    "TrainConfig",
    "Trainer",
    "TrainingSetupError",
    "execution_plan",
    "fit_check",
    "resolve_device",
]

_LAZY = {
    "Trainer": "engine.training.trainer",
    "TrainingSetupError": "engine.training.messages",
    "ExecutionPlan": "engine.training.execution",
    "execution_plan": "engine.training.execution",
    "resolve_device": "engine.training.execution",
}


def __getattr__(name: str):
    """Load the torch-using parts on first use."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'engine.training' has no attribute {name!r}")
