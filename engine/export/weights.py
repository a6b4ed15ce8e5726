"""The numbers every export carries: given weights, or fresh ones from a seed.

Every format exported with the same weights (or the same seed) carries the same
numbers: :func:`resolve_model` compiles the graph with the RNG seeded (so a seed always
draws the same initial weights) and then loads the given state dict, checked key by key
and shape by shape. Weights files are read with ``weights_only=True`` (or safetensors):
loading never runs code.
"""

from __future__ import annotations

import os
import pickle
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from torch import nn

from engine.atomicfile import mode_for
from engine.compiler import CompiledModel, CompileError, compile_model
from engine.export.codegen import ExportError
from engine.graph import Graph
from engine.i18n import _

WeightsLike = str | os.PathLike | Mapping[str, torch.Tensor] | nn.Module | None
FORMATS = ("pt", "safetensors")


class WeightsError(ExportError):
    """Weights that can't be used: unreadable, or keys or shapes that don't fit."""


def seeded_model(graph: Graph, seed: int = 0) -> CompiledModel:
    """The compiled graph with fresh weights drawn from ``seed`` (global RNG untouched)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        try:
            return compile_model(graph)
        except CompileError as exc:
            raise ExportError(
                _("the graph has problems: {problems}", problems=exc), exc.problems
            ) from None


def resolve_model(graph: Graph, weights: WeightsLike = None, seed: int = 0) -> CompiledModel:
    """The compiled graph carrying ``weights`` (a path, a state dict or a module) or,
    without them, fresh weights from ``seed``. The module is in eval mode."""
    compiled = seeded_model(graph, seed)
    if weights is not None:
        state = weights if isinstance(weights, Mapping) else None
        if isinstance(weights, nn.Module):
            state = weights.state_dict()
        elif state is None:
            state = load_state_dict(weights)
        check_state_dict(compiled.module, state)
        compiled.module.load_state_dict(state, strict=True)
    compiled.module.eval()
    return compiled


def load_state_dict(path: str | os.PathLike) -> dict[str, torch.Tensor]:
    """Read a ``.pt`` state dict (``weights_only=True``) or a ``.safetensors`` file."""
    path = Path(path)
    try:
        if path.suffix == ".safetensors":
            from safetensors.torch import load_file

            state = load_file(str(path))
        else:
            with warnings.catch_warnings():  # torch warns about unusual pickles: we refuse
                warnings.simplefilter("ignore")
                state = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise WeightsError(_("{path}: no such file", path=path)) from None
    except pickle.UnpicklingError as exc:
        if not refused_objects(exc):
            raise WeightsError(
                _("{path}: not a weights file ({error})", path=path, error=type(exc).__name__)
            ) from None
        raise WeightsError(
            _(
                "{path}: holds Python objects besides the weights, and Convas loads only "
                "plain weights (loading objects could run code); save "
                "model.state_dict() with torch.save and use that file",
                path=path,
            )
        ) from None
    except Exception as exc:  # a corrupt or truncated file, not a weights file at all
        raise WeightsError(
            _("{path}: not a weights file ({error})", path=path, error=type(exc).__name__)
        ) from None
    if isinstance(state, Mapping) and isinstance(state.get("state_dict"), Mapping):
        state = state["state_dict"]  # a checkpoint that wraps the state dict
    if not isinstance(state, Mapping) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()
    ):
        raise WeightsError(_("{path}: not a state dict (names to tensors)", path=path))
    return dict(state)


def refused_objects(exc: BaseException) -> bool:
    """Whether ``torch.load(weights_only=True)`` refused objects other than tensors (a
    full checkpoint, a pickled module), rather than a file that is no pickle at all."""
    return "Unsupported global" in str(exc)


def check_state_dict(module: nn.Module, state: Mapping[str, Any]) -> None:
    """Raise :class:`WeightsError` unless ``state`` fits ``module`` exactly."""
    expected = module.state_dict()
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(_("{n} missing (first: {name})", n=len(missing), name=missing[0]))
        if unexpected:
            parts.append(_("{n} unexpected (first: {name})", n=len(unexpected), name=unexpected[0]))
        raise WeightsError(_("the weights don't fit this network: {parts}", parts=", ".join(parts)))
    for key, tensor in expected.items():
        value = state[key]
        if not isinstance(value, torch.Tensor) or tuple(value.shape) != tuple(tensor.shape):
            got = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
            raise WeightsError(
                _(
                    "the weights don't fit this network: {key} has shape {got}, "
                    "the network needs {needed}",
                    key=key,
                    got=got,
                    needed=tuple(tensor.shape),
                )
            )


def state_dict_of(compiled: CompiledModel) -> dict[str, torch.Tensor]:
    """Plain, contiguous CPU tensors, as both weights formats store them."""
    return {k: v.detach().cpu().contiguous() for k, v in compiled.module.state_dict().items()}


def save_state_dict(
    state: Mapping[str, torch.Tensor],
    path: str | os.PathLike,
    fmt: str | None = None,
    metadata: dict[str, str] | None = None,
) -> Path:
    """Write a state dict atomically as ``.pt`` or ``.safetensors`` (from ``fmt`` or suffix)."""
    path = Path(path)
    fmt = fmt or ("safetensors" if path.suffix == ".safetensors" else "pt")
    if fmt not in FORMATS:
        raise ExportError(
            _("unknown weights format {format} (use pt or safetensors)", format=repr(fmt))
        )

    def write(tmp: Path) -> None:
        if fmt == "safetensors":
            from safetensors.torch import save_file

            save_file(dict(state), str(tmp), metadata=metadata)
        else:
            torch.save(dict(state), tmp)

    return atomic_write(path, write)


def export_weights(
    graph: Graph,
    path: str | os.PathLike,
    weights: WeightsLike = None,
    seed: int = 0,
    fmt: str | None = None,
) -> Path:
    """Write the compiled model's state dict (``.pt``, or safetensors for that suffix)."""
    compiled = resolve_model(graph, weights, seed)
    return save_state_dict(state_dict_of(compiled), path, fmt, {"format": "pt"})


def atomic_write(path: Path, write) -> Path:
    """Call ``write(tmp)`` for a temporary file beside ``path``, then rename it over.

    The folder is created when missing; the file gets the permissions of a saved
    project (what the umask gives a new file, usually 0644, or those of the file it
    replaces). A folder that can't be written is an ``OSError`` naming the file, even
    where ``write`` (torch, safetensors) would say something less clear."""
    path = Path(path)
    make_folder(path.parent)
    mode = mode_for(path)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        tmp.open("wb").close()
        write(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def make_folder(folder: str | os.PathLike) -> Path:
    """Create ``folder`` and the folders above it (see :func:`check_folder`)."""
    folder = check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_folder(folder: str | os.PathLike) -> Path:
    """``folder`` as a Path; :class:`ExportError` when it, or the nearest existing
    folder above it, is a file (so it can't be created)."""
    folder = Path(folder)
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise ExportError(_("{folder}: exists and is not a folder", folder=part))
            break
    return folder
