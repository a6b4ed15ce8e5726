"""What a training run reports, as plain frozen dataclasses (no torch, no Qt)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

COMPLETED, STOPPED, DIVERGED, FAILED = "completed", "stopped", "diverged", "failed"
#: The keys of ``FinishedEvent.metrics``: the spec's ``train --json`` object.
METRIC_KEYS = (
    "epochs",
    "train_loss",
    "val_loss",
    "val_accuracy",
    "seconds",
    "samples_per_second",
    "status",
)


@dataclass(frozen=True)
class StepEvent:
    """Progress within an epoch (sent at most about 10 times a second).

    ``loss`` is the running mean of the epoch so far; ``step`` counts from 1.
    """

    epoch: int
    step: int
    steps_per_epoch: int
    loss: float
    lr: float
    samples_per_second: float
    eta_seconds: float


@dataclass(frozen=True)
class EpochEvent:
    """One finished epoch (``epoch`` counts from 1; accuracies are fractions 0..1)."""

    epoch: int
    epochs: int
    train_loss: float
    train_accuracy: float
    val_loss: float
    val_accuracy: float
    lr: float
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ProbeEvent:
    """A chosen node's output for one validation sample: ``[C, H, W]`` or ``[F]``."""

    node_id: str
    activations: np.ndarray = field(repr=False)
    sample_index: int


@dataclass(frozen=True)
class NoticeEvent:
    """Something the user should know (data resized, device chosen, file skipped…)."""

    text: str


@dataclass(frozen=True)
class DataEvent:
    """Where the run reads its images from: ``kind`` is memory, disk, decode or fit
    (see :class:`engine.data.bundle.Storage`); ``text`` says it in plain words."""

    kind: str
    memory_bytes: int
    disk_bytes: int
    text: str


@dataclass(frozen=True)
class FinishedEvent:
    """The end of a run: ``status`` is completed, stopped, diverged or failed.

    ``metrics`` holds the spec's ``train --json`` keys (losses may be NaN when no
    epoch finished); ``message`` says what happened in plain words.
    """

    status: str
    metrics: dict[str, Any]
    message: str = ""
