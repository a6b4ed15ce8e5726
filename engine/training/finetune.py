"""Fine-tuning in the trainer: frozen blocks and starting weights.

- A block whose node has ``trainable`` false is **frozen**: its parameters get no
  gradient and are left out of the optimizer (so neither the steps nor weight decay
  touch them), and its BatchNorm layers stay in eval mode (their running mean and
  variance are those of the starting weights, and normalise as they did there). Its
  weights and buffers come out of training bit for bit as they went in.
- **Starting weights** (imported, or a past run's) are loaded over the seeded fresh
  weights wherever a name and a shape match; the rest (a replaced head, a resized
  layer) starts fresh, and a notice says which. The loaded part may train with a lower
  learning rate (``TrainConfig.pretrained_lr_factor``).
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from torch import nn

from engine.i18n import _, ngettext
from engine.training.messages import TrainingSetupError

_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.SyncBatchNorm)


def frozen_module_names(compiled, graph) -> list[str]:
    """The submodule names of the graph's nodes marked not trainable."""
    if graph is None:
        return []
    names = []
    for node_id, node in graph.nodes.items():
        name = compiled.module_names.get(node_id)
        if not node.trainable and name:
            names.append(name)
    return names


class Freezer:
    """Holds some submodules of ``model`` frozen for a run, and lets them go after."""

    def __init__(self, model: nn.Module, names: list[str]):
        self.modules = [model.get_submodule(n) for n in names]
        self.params = [p for m in self.modules for p in m.parameters() if p.requires_grad]
        self.norms = [x for m in self.modules for x in m.modules() if isinstance(x, _NORMS)]

    def freeze(self) -> None:
        for p in self.params:
            p.requires_grad_(False)

    def hold_norms(self) -> None:
        """Call after every ``model.train()``: frozen BatchNorm layers stay in eval mode."""
        for norm in self.norms:
            norm.eval()

    def release(self) -> None:
        for p in self.params:
            p.requires_grad_(True)

    def __bool__(self) -> bool:
        return bool(self.modules)


def load_starting_weights(model: nn.Module, state: Mapping[str, torch.Tensor]) -> tuple[set, list]:
    """Copy ``state``'s tensors into ``model`` where name and shape match.

    Returns (the names loaded, the model's names left with fresh weights). Raises
    :class:`TrainingSetupError` when nothing matches (weights of another network).
    """
    own = model.state_dict()
    loaded = {
        k
        for k, v in state.items()
        if k in own and isinstance(v, torch.Tensor) and tuple(v.shape) == tuple(own[k].shape)
    }
    if not loaded:
        raise TrainingSetupError(
            _("the starting weights don't fit this network: no layer has the same name and shape")
        )
    with torch.no_grad():
        for key in loaded:
            own[key].copy_(state[key].to(own[key].dtype))
    fresh = [k for k in own if k not in loaded]
    return loaded, fresh


def fresh_notice(fresh: list[str]) -> str | None:
    """What started fresh when starting weights were loaded (None: nothing did)."""
    layers = sorted({k.rsplit(".", 1)[0] for k in fresh if not k.endswith("num_batches_tracked")})
    if not layers:
        return None
    shown = ", ".join(layers[:4]) + (
        _(" and {count} more", count=len(layers) - 4) if len(layers) > 4 else ""
    )
    return ngettext(
        "starting weights loaded; {n} layer starts fresh (new or resized): {layers}",
        "starting weights loaded; {n} layers start fresh (new or resized): {layers}",
        len(layers),
        layers=shown,
    )


def lr_scales(model: nn.Module, loaded: set, factor: float) -> dict[int, float]:
    """id(parameter) → learning-rate factor: ``factor`` for loaded weights, else 1."""
    if factor == 1.0 or not loaded:
        return {}
    return {id(p): factor for name, p in model.named_parameters() if name in loaded}
