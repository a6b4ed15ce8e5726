"""What a run says when it can't go on: plain words and what to try."""

from __future__ import annotations

import math
import re

from engine.i18n import N_, _, translated


class TrainingSetupError(Exception):
    """The network and the data don't fit together; the message says how to fix it."""


def diverged_message(lr: float, epoch: int, step: int, value: float) -> str:
    """The loss became NaN or infinite: what happened and what to try."""
    what = _("NaN (not a number)") if math.isnan(value) else _("infinite")
    return _(
        "Training diverged: the loss became {what} in epoch {epoch}, step {step}. Try a "
        "lower learning rate (now {lr}, e.g. {lower}), add BatchNorm after the "
        "convolutions, or turn on gradient clipping.",
        what=what,
        epoch=epoch,
        step=step,
        lr=f"{lr:g}",
        lower=f"{lr / 10:g}",
    )


#: The common causes of a failed run, told by PyTorch's message (lower case): what it
#: means in the user's language goes in front of PyTorch's own text, which is kept.
CAUSES = (
    # CUDA says "out of memory", the CPU "can't allocate memory"
    (
        re.compile(r"out of memory|can't allocate memory"),
        N_("the device ran out of memory. Use a smaller batch size or a smaller Input."),
    ),
    (
        re.compile(r"mat1 and mat2 shapes cannot be multiplied"),
        N_(
            "a Linear block receives a different number of values than it was built for: "
            "the map reaching it has another size (another Input size, or a Flatten in "
            "the wrong place). Compare the output shapes in the summary with the "
            "Linear's input."
        ),
    ),
    (
        re.compile(r"expected input batch_size"),
        N_(
            "the network's output and the labels count different numbers of images: the "
            "network must give one vector per image (a Flatten before the last Linear, "
            "never a reshape across the batch)."
        ),
    ),
    (
        re.compile(r"\bnan\b|\binf\b|non-finite"),
        N_(
            "the numbers became NaN (not a number) or infinite: training diverged. Try a "
            "lower learning rate, BatchNorm after the convolutions, or gradient clipping."
        ),
    ),
)


def failure_message(exc: BaseException) -> str:
    """A plain-words reason for an exception that ended a run: for the common causes
    (:data:`CAUSES`) what it means first, then PyTorch's own text."""
    if isinstance(exc, TrainingSetupError):
        return _("Can't train: {reason}.", reason=exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    explanation = explain(exc, text)
    if explanation is not None:
        return _(
            "Training failed: {explanation} (PyTorch: {reason})",
            explanation=explanation,
            reason=text,
        )
    if isinstance(exc, ValueError) and "device" in text:
        return _("Training failed: {reason}.", reason=text)
    return _("Training failed: {kind}: {reason}", kind=type(exc).__name__, reason=text)


def explain(exc: BaseException, text: str) -> str | None:
    """What PyTorch's error ``text`` means, in the user's language (None: not known)."""
    if type(exc).__name__ == "OutOfMemoryError":
        return translated(CAUSES[0][1])
    lowered = text.lower()
    return next((translated(words) for pattern, words in CAUSES if pattern.search(lowered)), None)


def error_text(exc: BaseException) -> str:
    """A user-facing line: the message of our own errors, type and message of others."""
    own = type(exc).__module__.startswith("engine")
    message = str(exc).strip()
    if own and message:
        return message
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def fit_problem(have, want, out, classes: int, name: str) -> str | None:
    """Why data of shape ``have`` with ``classes`` classes can't train a network taking
    ``want`` and giving ``out`` (None: they fit)."""
    if tuple(have) != tuple(want):
        return _(
            "the data are {have} but the network's Input takes {want}: load the dataset "
            "for this Input",
            have=fmt_shape(have),
            want=fmt_shape(want),
        )
    if len(out) != 1:
        return _(
            "the network's output is {shape}; a classifier ends in one value per class: add "
            "Flatten and a Linear with {classes} outputs",
            shape=fmt_shape(out),
            classes=classes,
        )
    if out[0] != classes:
        return _(
            "the network's output has {outputs} values but {name} has {classes} classes: set "
            "the last Linear's out_features to {classes}",
            outputs=out[0],
            name=name,
            classes=classes,
        )
    return None


def fmt_shape(shape: tuple[int, ...]) -> str:
    """``1×28×28`` for a feature map, ``[10]`` for a vector."""
    return "×".join(str(d) for d in shape) if len(shape) > 1 else f"[{shape[0]}]"
