"""How a trained network does on the validation set, and what it holds inside.

:func:`evaluate` runs the model over the validation samples (eval mode, no gradients,
in batches) and returns an :class:`Evaluation` (confusion matrix, per-class accuracy,
mistakes); :func:`summarise` builds one from predictions alone, so the counting is
testable without a model. :func:`first_conv`, :func:`conv_weights` and
:func:`node_input` read a trained model for the kernel viewer and the explainer's
"real kernel on a real image". torch is imported only inside the functions that need it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.data import class_labels
from engine.i18n import _


@dataclass(frozen=True)
class Evaluation:
    """Validation results.

    ``confusion[t, p]`` counts samples of true class ``t`` predicted as ``p``;
    ``predictions`` and ``confidences`` (the softmax probability of the predicted
    class) are per sample; ``mistakes`` are the misclassified samples' indices, most
    confident first.
    """

    classes: list[str]
    labels: np.ndarray
    predictions: np.ndarray
    confidences: np.ndarray
    confusion: np.ndarray
    mistakes: np.ndarray

    @property
    def accuracy(self) -> float:
        total = int(self.confusion.sum())
        return float(np.trace(self.confusion)) / total if total else 0.0

    @property
    def per_class_accuracy(self) -> np.ndarray:
        """Recall of each class (NaN for a class with no samples)."""
        totals = self.confusion.sum(axis=1).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, np.diag(self.confusion) / totals, np.nan)

    @property
    def class_counts(self) -> np.ndarray:
        return self.confusion.sum(axis=1)

    def most_confused(self, n: int = 3) -> list[tuple[int, int, int]]:
        """The ``n`` largest off-diagonal cells as (true, predicted, count)."""
        off = self.confusion.copy()
        np.fill_diagonal(off, 0)
        order = np.argsort(off, axis=None)[::-1][:n]
        pairs = [(*np.unravel_index(i, off.shape), off.flat[i]) for i in order]
        return [(int(t), int(p), int(c)) for t, p, c in pairs if c > 0]


def confusion_matrix(labels, predictions, num_classes: int) -> np.ndarray:
    """Counts ``[true, predicted]`` (int64 ``[K, K]``)."""
    labels = np.asarray(labels, dtype=np.int64)
    predictions = np.asarray(predictions, dtype=np.int64)
    flat = labels * num_classes + predictions
    return np.bincount(flat, minlength=num_classes * num_classes).reshape(num_classes, num_classes)


def summarise(classes: list[str], labels, probabilities) -> Evaluation:
    """An :class:`Evaluation` from true labels and predicted probabilities ``[N, K]``."""
    labels = np.asarray(labels, dtype=np.int64)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    predictions = probabilities.argmax(axis=1) if len(probabilities) else np.zeros(0, np.int64)
    confidences = probabilities[np.arange(len(labels)), predictions] if len(labels) else np.zeros(0)
    wrong = np.flatnonzero(predictions != labels)
    mistakes = wrong[np.argsort(-confidences[wrong], kind="stable")]
    return Evaluation(
        list(classes),
        labels,
        predictions.astype(np.int64),
        confidences,
        confusion_matrix(labels, predictions, len(classes)),
        mistakes,
    )


def evaluate(
    module,
    x,
    y,
    classes: list[str],
    batch_size: int = 256,
    progress: Callable[[float], None] | None = None,
) -> Evaluation:
    """Run ``module`` over samples ``x`` ``[N, C, H, W]`` with labels ``y`` ``[N]``.

    The module is put in eval mode and left there; it runs on the device its
    parameters are on. ``progress`` gets the fraction done after each batch (and may
    raise to cancel).
    """
    import torch

    module.eval()
    try:
        device = next(module.parameters()).device
    except StopIteration:
        device = torch.device("cpu")
    outputs = []
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            # a tensor, an array, or a bundle's Images (read and normalised a batch at a time)
            batch = torch.as_tensor(x[start : start + batch_size]).to(device, torch.float32)
            logits = module(batch).float()
            outputs.append(torch.softmax(logits, dim=1).cpu().numpy())
            if progress is not None:
                progress(min(1.0, (start + len(batch)) / max(1, len(x))))
    probabilities = np.concatenate(outputs) if outputs else np.zeros((0, len(classes)))
    labels = torch.as_tensor(y).cpu().numpy()
    return summarise(classes, labels, probabilities)


def sample_pictures(x, mean, std) -> np.ndarray:
    """Normalised samples ``[N, C, H, W]`` back to uint8 pictures ``[N, H, W, C]``."""
    x = np.asarray(x.detach().cpu().numpy() if hasattr(x, "detach") else x, dtype=np.float32)
    channels = x.shape[1]
    mean = np.asarray(mean, dtype=np.float32).reshape(1, -1, 1, 1)[:, :channels]
    std = np.asarray(std, dtype=np.float32).reshape(1, -1, 1, 1)[:, :channels]
    pixels = np.clip(x * std + mean, 0.0, 1.0)
    return np.ascontiguousarray((pixels.transpose(0, 2, 3, 1) * 255 + 0.5).astype(np.uint8))


# --------------------------------------------------------------------------- inside a model


#: Block types whose module holds a convolution the kernel viewer can draw.
KERNEL_BLOCKS = ("Conv2d", "Conv1x1", "ResidualBlock", "DenseBlock", "Transition", "InceptionBlock")


def not_trained_text() -> str:
    """Why a block shows no trained kernels: it was not in the trained network."""
    return _("This block was not in the trained network: train again to see it.")


def no_kernels_text() -> str:
    """Why a block shows no kernels at all."""
    return _("This block has no convolution kernels.")


@dataclass(frozen=True)
class TrainedModel:
    """A model to read from: its module, node id → submodule name, the graph it was
    compiled from (None when unknown) and whether a trainer is changing it right now."""

    module: Any
    names: dict[str, str]
    snapshot: Any = None
    live: bool = False


def find_conv(model: TrainedModel, node) -> tuple[Any, str]:
    """The first convolution of ``node`` (a graph Node) in ``model``, and a short note.

    Returns ``(None, why)`` when the model has no such block (or it has no kernels).
    """
    trained = model.snapshot.nodes.get(node.id) if model.snapshot is not None else None
    name = model.names.get(node.id)
    changed_type = model.snapshot is not None and (trained is None or trained.type != node.type)
    if name is None or changed_type:
        return None, not_trained_text()
    conv, path = first_conv(model.module.get_submodule(name))
    if conv is None:
        return None, no_kernels_text()
    notes = [_("live, updating while it trains") if model.live else _("trained weights")]
    if path:
        notes.append(_("its first convolution ({path})", path=path))
    if trained is not None and trained.params != node.params:
        notes.append(_("the block was edited after training"))
    return conv, " · ".join(notes)


def untrained_module(node, shapes, seed: int = 0):
    """``node``'s module with seeded random initial weights (the global RNG is untouched)."""
    import torch

    from engine.registry import get_spec

    spec = get_spec(node.type)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return spec.build(list(shapes), spec.resolve(node.params))


def first_conv(module):
    """The first ``nn.Conv2d`` in ``module`` (itself included) and its path, or (None, "")."""
    from torch import nn

    for name, child in module.named_modules():
        if isinstance(child, nn.Conv2d):
            return child, name
    return None, ""


def conv_weights(conv) -> np.ndarray:
    """A copy of a convolution's weights ``[C_out, C_in/groups, kh, kw]`` (float32, CPU).

    Safe to call while another thread trains the model: it reads under ``no_grad`` and
    copies, without locking anything the trainer waits for.
    """
    import torch

    with torch.no_grad():
        return conv.weight.detach().to("cpu", torch.float32, copy=True).numpy()


def node_input(module, submodule_name: str, x) -> np.ndarray:
    """What submodule ``submodule_name`` receives for one sample ``x`` ``[C, H, W]``.

    Runs ``module`` in eval mode under ``no_grad`` with a pre-hook on the submodule and
    returns its first input for the sample (``[C, H, W]``).
    """
    import torch

    batch = torch.as_tensor(np.asarray(x, dtype=np.float32))[None]
    captured: list = []
    target = module.get_submodule(submodule_name)
    handle = target.register_forward_pre_hook(lambda _m, args: captured.append(args[0]))
    module.eval()
    try:
        with torch.no_grad():
            module(batch.to(next(module.parameters()).device))
    finally:
        handle.remove()
    return captured[0][0].detach().float().cpu().numpy()


class BackgroundEvaluation:
    """:func:`evaluate` in a worker thread, on a copy of the model.

    The copy means the GUI thread may keep running its own forward passes through the
    original (feature maps) without racing this one. Poll :meth:`done`; then read
    :attr:`result` (an :class:`Evaluation`, with :attr:`pictures` of the samples) or
    :attr:`error`. :meth:`cancel` stops it after the current batch.
    """

    def __init__(self, module, bundle, batch_size: int = 256):
        import copy
        import threading

        self.module = copy.deepcopy(module).cpu()
        self.bundle = bundle
        self.batch_size = batch_size
        self.progress = 0.0
        self.result: Evaluation | None = None
        self.pictures: np.ndarray | None = None
        self.error: str | None = None
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._work, name="convas-evaluation", daemon=True)

    def start(self) -> BackgroundEvaluation:
        self._thread.start()
        return self

    def done(self) -> bool:
        return not self._thread.is_alive()

    def cancel(self) -> None:
        self._cancel.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread; True when it has ended."""
        self._thread.join(timeout)
        return self.done()

    def _progress(self, fraction: float) -> None:
        if self._cancel.is_set():
            raise InterruptedError("stopped")
        self.progress = fraction

    def _work(self) -> None:
        b = self.bundle
        try:
            result = evaluate(
                self.module,
                b.val_x,
                b.val_y,
                class_labels(b.classes),
                self.batch_size,
                self._progress,
            )
            self.pictures = sample_pictures(b.val_x, b.mean, b.std)
            self.result = result
        except InterruptedError:
            self.error = "stopped"
        except Exception as exc:  # reported to the user; the thread must end cleanly
            self.error = f"{type(exc).__name__}: {exc}"
