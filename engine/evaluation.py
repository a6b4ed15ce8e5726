"""How a trained network does on the validation set: confusion, per-class accuracy, mistakes.

:func:`evaluate` runs the model over the validation samples (eval mode, no gradients,
in batches) and returns an :class:`Evaluation`; :func:`summarise` builds one from
predictions alone, so the counting is testable without a model. torch is imported
only inside :func:`evaluate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


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
    return np.bincount(flat, minlength=num_classes * num_classes).reshape(num_classes,
                                                                          num_classes)


def summarise(classes: list[str], labels, probabilities) -> Evaluation:
    """An :class:`Evaluation` from true labels and predicted probabilities ``[N, K]``."""
    labels = np.asarray(labels, dtype=np.int64)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    predictions = probabilities.argmax(axis=1) if len(probabilities) else np.zeros(0, np.int64)
    confidences = (probabilities[np.arange(len(labels)), predictions] if len(labels)
                   else np.zeros(0))
    wrong = np.flatnonzero(predictions != labels)
    mistakes = wrong[np.argsort(-confidences[wrong], kind="stable")]
    return Evaluation(list(classes), labels, predictions.astype(np.int64), confidences,
                      confusion_matrix(labels, predictions, len(classes)), mistakes)


def evaluate(module, x, y, classes: list[str], batch_size: int = 256,
             progress: Callable[[float], None] | None = None) -> Evaluation:
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
    x = torch.as_tensor(x)
    outputs = []
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            batch = x[start:start + batch_size].to(device, torch.float32)
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
