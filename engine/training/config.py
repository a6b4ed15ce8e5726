"""Training settings shared by the window and the command line (no torch import)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any

from engine.i18n import _

OPTIMIZERS = ("sgd", "adam", "adamw")
SCHEDULES = ("constant", "step", "cosine", "onecycle")
DEVICES = ("auto", "cpu", "cuda", "mps")


@dataclass
class TrainConfig:
    """How to train. The defaults reach about 98% on ``digits`` in seconds on a CPU.

    ``warmup_epochs`` may be fractional. ``amp`` (mixed precision: bfloat16 where the
    GPU supports it, else float16 with a gradient scaler) and ``channels_last`` apply
    on CUDA only; ``compile`` runs ``torch.compile`` on any device. ``grad_clip`` is
    the largest gradient norm allowed (0 turns clipping off). ``pretrained_lr_factor``
    scales the learning rate of the weights that came from starting weights (fine-tuning:
    e.g. 0.1 trains the unfrozen pretrained blocks ten times more gently than a new head).
    """

    dataset: str = "digits"
    epochs: int = 10
    batch_size: int = 32
    optimizer: str = "adamw"
    lr: float = 0.005
    momentum: float = 0.9
    nesterov: bool = True
    weight_decay: float = 0.01
    schedule: str = "onecycle"
    warmup_epochs: float = 2.0
    label_smoothing: float = 0.1
    val_fraction: float = 0.2
    augment: bool = False
    seed: int = 0
    device: str = "auto"
    amp: bool = True
    channels_last: bool = True
    compile: bool = False
    grad_clip: float = 0.0
    pretrained_lr_factor: float = 1.0

    def __post_init__(self) -> None:
        for f in fields(self):
            setattr(self, f.name, _check(f.name, getattr(self, f.name)))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Build from a dict; unknown keys are ignored, bad values raise ValueError."""
        if not isinstance(data, dict):
            raise ValueError(_("training settings must be an object"))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some settings changed (validated)."""
        return TrainConfig(**{**self.to_dict(), **changes})


# name → (kind, minimum, maximum, choices); bounds are inclusive unless noted
_RULES: dict[str, tuple] = {
    "dataset": ("str", None, None, None),
    "epochs": ("int", 1, 100_000, None),
    "batch_size": ("int", 1, 1 << 20, None),
    "optimizer": ("choice", None, None, OPTIMIZERS),
    "lr": ("float", 0.0, 100.0, None),
    "momentum": ("float", 0.0, 0.9999, None),
    "nesterov": ("bool", None, None, None),
    "weight_decay": ("float", 0.0, 10.0, None),
    "schedule": ("choice", None, None, SCHEDULES),
    "warmup_epochs": ("float", 0.0, 100_000, None),
    "label_smoothing": ("float", 0.0, 0.99, None),
    "val_fraction": ("float", 0.01, 0.99, None),
    "augment": ("bool", None, None, None),
    "seed": ("int", 0, 2**63 - 1, None),
    "device": ("choice", None, None, DEVICES),
    "amp": ("bool", None, None, None),
    "channels_last": ("bool", None, None, None),
    "compile": ("bool", None, None, None),
    "grad_clip": ("float", 0.0, 1e6, None),
    "pretrained_lr_factor": ("float", 1e-6, 1.0, None),
}


def _check(name: str, value: Any) -> Any:
    kind, low, high, choices = _RULES[name]
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(
                _("{name}: expected true or false, got {value!r}", name=name, value=value)
            )
        return value
    if kind in ("str", "choice"):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(
                _("{name}: expected a non-empty string, got {value!r}", name=name, value=value)
            )
        value = value.strip()
        if choices is not None:
            value = value.lower()
            if value not in choices:
                raise ValueError(
                    _(
                        "{name}: {value!r} is not one of {choices}",
                        name=name,
                        value=value,
                        choices=", ".join(choices),
                    )
                )
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("{name}: expected a number, got {value!r}", name=name, value=value))
    if kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(
                _("{name}: expected an integer, got {value!r}", name=name, value=value)
            )
        value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(
                _("{name}: expected a finite number, got {value!r}", name=name, value=value)
            )
    if value < low or value > high:
        raise ValueError(
            _(
                "{name}: {value!r} is out of range ({low} to {high})",
                name=name,
                value=value,
                low=f"{low:g}",
                high=f"{high:g}",
            )
        )
    if name == "lr" and value <= 0:
        raise ValueError(_("lr: must be greater than 0"))
    return value
