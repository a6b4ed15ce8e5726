"""A trained network ready to be asked: weights, class names, normalisation.

Where the class names and the normalisation come from (:class:`TrainedMeta`): a
Convas checkpoint carries them; for a bare weights file they are those of the dataset
it was trained on (loading it, from the decoded cache for a folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.graph import Graph
from engine.i18n import _


class PredictError(ValueError):
    """Weights, metadata or an image that can't be used; one clear line."""


@dataclass(frozen=True)
class TrainedMeta:
    """What a network was trained with: class names and per-channel normalisation."""

    classes: list[str]
    mean: tuple[float, ...]
    std: tuple[float, ...]

    @classmethod
    def of_bundle(cls, bundle) -> TrainedMeta:
        return cls(list(bundle.classes), tuple(bundle.mean), tuple(bundle.std))

    @classmethod
    def of_checkpoint(cls, payload: dict) -> TrainedMeta | None:
        keys = ("classes", "mean", "std")
        if not all(isinstance(payload.get(k), list | tuple) for k in keys):
            return None
        return cls(
            [str(c) for c in payload["classes"]], tuple(payload["mean"]), tuple(payload["std"])
        )

    @classmethod
    def of_dataset(cls, name: str, input_shape, seed: int = 0, val_fraction: float = 0.2):
        from engine.data import DatasetError, load_dataset

        try:
            return cls.of_bundle(load_dataset(name, tuple(input_shape), val_fraction, seed))
        except DatasetError as exc:
            raise PredictError(str(exc)) from None


@dataclass(frozen=True)
class Prediction:
    """Class probabilities for one image."""

    probabilities: np.ndarray
    classes: list[str]

    def top(self, k: int = 5) -> list[tuple[int, str, float]]:
        """(index, class name, probability) of the ``k`` most probable classes."""
        order = np.argsort(-self.probabilities, kind="stable")[: max(1, k)]
        return [(int(i), self.classes[i], float(self.probabilities[i])) for i in order]


class Predictor:
    """``graph`` compiled with ``state_dict`` (in eval mode, on the CPU) and ``meta``."""

    def __init__(self, graph: Graph, state_dict, meta: TrainedMeta, compiled=None):
        import torch

        from engine.compiler import compile_model

        self.graph = graph
        self.compiled = compiled or compile_model(graph)
        self.module = self.compiled.module
        if state_dict is not None:
            _load(self.module, state_dict)
        self.module.eval()
        self.input_shape = tuple(int(d) for d in self.compiled.input_shape)
        outputs = int(self.compiled.output_shape[-1])
        classes = list(meta.classes)
        if len(classes) != outputs:  # weights trained for another set of classes
            classes = [str(i) for i in range(outputs)]
        self.meta = TrainedMeta(classes, meta.mean, meta.std)
        channels = self.input_shape[0]
        self._mean = torch.tensor(_per_channel(meta.mean, channels)).view(-1, 1, 1)
        self._std = torch.tensor(_per_channel(meta.std, channels)).view(-1, 1, 1)

    @property
    def classes(self) -> list[str]:
        return self.meta.classes

    # ------------------------------------------------------------------ images
    def fit(self, image) -> np.ndarray:
        """A path, a Pillow image or an array (H×W or H×W×C, uint8 or 0..1 floats) as
        uint8 ``[C, H, W]`` at the Input's size; raises :class:`PredictError`."""
        from engine.data.decode import decode_file, fit_image, problem_text

        if isinstance(image, str | Path):
            decoded = decode_file(image, self.input_shape)
            if decoded.array is None:
                raise PredictError(problem_text(image, decoded.problem))
            return decoded.array
        if isinstance(image, np.ndarray):
            image = _array_image(image)
        return fit_image(image, self.input_shape)

    def tensor(self, fitted: np.ndarray):
        """uint8 ``[C, H, W]`` → the normalised batch of one the network takes."""
        import torch

        x = torch.tensor(np.asarray(fitted), dtype=torch.float32).div_(255.0)
        return ((x - self._mean) / self._std)[None]

    # ------------------------------------------------------------------ asking
    def predict(self, fitted: np.ndarray) -> Prediction:
        import torch

        with torch.no_grad():
            logits = self.module(self.tensor(fitted)).float()[0]
        return Prediction(torch.softmax(logits, 0).numpy(), self.classes)

    def features(self, fitted: np.ndarray, node_id: str) -> np.ndarray:
        """What block ``node_id`` outputs for the image (``[C, H, W]`` or ``[F]``)."""
        from engine.training.artifacts import probe_activations

        node = self.graph.nodes.get(node_id)
        if node is None:
            raise PredictError(_("{node}: no such block", node=node_id))
        name = self.compiled.module_names.get(node_id)
        out = probe_activations(self.module, self.tensor(fitted), name, node.type == "Output")
        self.module.eval()
        return out.float().numpy()


def _load(module, state) -> None:
    from engine.export.weights import WeightsError, check_state_dict

    try:
        check_state_dict(module, state)
    except WeightsError as exc:
        raise PredictError(str(exc)) from None
    module.load_state_dict(state, strict=True)


def _per_channel(values, channels: int) -> list[float]:
    values = [float(v) for v in values] or [0.0]
    return (values * channels)[:channels] if len(values) != channels else values


def _array_image(array: np.ndarray):
    """A drawn or computed array as a Pillow image (floats 0..1 are scaled to 0..255)."""
    from PIL import Image

    if array.dtype != np.uint8:
        scale = 255.0 if float(np.nanmax(array, initial=0.0)) <= 1.0 else 1.0
        array = np.clip(np.rint(np.nan_to_num(array) * scale), 0, 255).astype(np.uint8)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    return Image.fromarray(array)
