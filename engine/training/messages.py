"""What a run says when it can't go on: plain words and what to try."""

from __future__ import annotations

import math


class TrainingSetupError(Exception):
    """The network and the data don't fit together; the message says how to fix it."""


def diverged_message(lr: float, epoch: int, step: int, value: float) -> str:
    """The loss became NaN or infinite: what happened and what to try."""
    what = "NaN (not a number)" if math.isnan(value) else "infinite"
    return (
        f"Training diverged: the loss became {what} in epoch {epoch}, step {step}. "
        f"Try a lower learning rate (now {lr:g}, e.g. {lr / 10:g}), add BatchNorm "
        "after the convolutions, or turn on gradient clipping."
    )


def failure_message(exc: BaseException) -> str:
    """A plain-words reason for an exception that ended a run."""
    if isinstance(exc, TrainingSetupError):
        return f"Can't train: {exc}."
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()  # CUDA says "out of memory", the CPU "can't allocate memory"
    if type(exc).__name__ == "OutOfMemoryError" or any(
        words in lowered for words in ("out of memory", "can't allocate memory")
    ):
        return (
            "Training failed: the device ran out of memory. Use a smaller batch size or a "
            "smaller Input."
        )
    if isinstance(exc, ValueError) and "device" in text:
        return f"Training failed: {text}."
    return f"Training failed: {type(exc).__name__}: {text}"


def error_text(exc: BaseException) -> str:
    """A user-facing line: the message of our own errors, type and message of others."""
    own = type(exc).__module__.startswith("engine")
    message = str(exc).strip()
    if own and message:
        return message
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def fmt_shape(shape: tuple[int, ...]) -> str:
    """``1×28×28`` for a feature map, ``[10]`` for a vector."""
    return "×".join(str(d) for d in shape) if len(shape) > 1 else f"[{shape[0]}]"
