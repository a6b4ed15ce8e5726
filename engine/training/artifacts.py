"""What a run leaves behind or shows on the side: checkpoints and probed activations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch
from torch import nn

from engine.i18n import _

CHECKPOINT_FORMAT = "convas-checkpoint"
BEST, LAST = "best.pt", "last.pt"


def checkpoint_payload(
    model: nn.Module,
    *,
    config: dict,
    graph_json: str | None,
    epoch: dict,
    data,
    resume: dict | None = None,
) -> dict[str, Any]:
    """Weights (on the CPU) and what is needed to use them: settings, network, classes;
    ``resume`` (see :mod:`engine.training.resume`) lets a stopped run continue."""
    state = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    payload = {
        "format": CHECKPOINT_FORMAT,
        "version": 1,
        "state_dict": state,
        "config": config,
        "graph": graph_json,
        "epoch": epoch["epoch"],
        "metrics": epoch,
        "classes": list(data.classes),
        "mean": list(data.mean),
        "std": list(data.std),
        "input_shape": list(data.input_shape),
    }
    if resume is not None:
        payload["resume"] = _cpu(resume)
    return payload


def _cpu(value):
    """Tensors anywhere in nested dicts and lists, moved to the CPU."""
    if isinstance(value, torch.Tensor):
        return value.detach().to("cpu")
    if isinstance(value, dict):
        return {k: _cpu(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_cpu(v) for v in value)
    return value


def save_atomic(payload: dict, path: Path) -> None:
    """``torch.save`` to a temporary name, then rename: never a half-written file."""
    tmp = path.with_name(path.name + ".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: str | os.PathLike) -> dict[str, Any]:
    """A checkpoint written by the trainer (tensors and plain data only: no code runs)."""
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise ValueError(_("{path}: no such file", path=path)) from None
    except Exception as exc:  # noqa: BLE001 - damaged, or a pickle that isn't plain data
        raise ValueError(
            _("{path}: not a Convas checkpoint ({error})", path=path, error=type(exc).__name__)
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(_("{path}: not a Convas checkpoint", path=path))
    return payload


def probe_activations(
    model: nn.Module, sample: torch.Tensor, module_name: str | None, is_output: bool = False
) -> torch.Tensor:
    """The output of submodule ``module_name`` for ``sample`` (batch of one), in eval mode.

    ``module_name`` None means the input itself, or the network's output when
    ``is_output``. The model's train/eval mode is restored afterwards.
    """
    captured: dict[str, torch.Tensor] = {}
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            if module_name is None and not is_output:
                return sample[0].detach()
            handle = None
            if module_name is not None:
                handle = model.get_submodule(module_name).register_forward_hook(
                    lambda _m, _i, out: captured.__setitem__("out", out)
                )
            try:
                result = model(sample)
            finally:
                if handle is not None:
                    handle.remove()
            return captured.get("out", result)[0].detach()
    finally:
        model.train(was_training)
