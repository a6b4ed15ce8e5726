"""Where an import starts: a module, a ``torch.export`` program, or a file that holds one.

Files run code when loaded (a ``.py`` file is executed; a ``.pt2`` file may unpickle),
so they are read only with ``trust=True``.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
import uuid
from pathlib import Path
from typing import Any

import torch
from torch import nn

from engine.i18n import _
from engine.importer.fx_ops import line


class ImportFailed(Exception):
    """The source can't be imported at all: one line saying why."""


class UntrustedFile(ImportFailed):
    """A file that would run code was given without ``trust=True``."""


def load(obj: Any, name: str | None, trust: bool) -> tuple[Any, str, tuple | None]:
    """(module or program, the graph's name, the file's ``INPUT_SHAPE`` or None)."""
    if isinstance(obj, nn.Module):
        return obj, name or type(obj).__name__, None
    if isinstance(obj, torch.export.ExportedProgram):
        return obj, name or "Imported program", None
    if not isinstance(obj, (str, os.PathLike)):
        raise ImportFailed(
            _(
                "can't import a {kind}: give a module, a program, a .py file or a .pt2 file",
                kind=type(obj).__name__,
            )
        )
    path = Path(obj)
    if path.suffix not in (".py", ".pt2"):
        raise ImportFailed(_("{path}: not a .py or .pt2 file", path=path))
    if not path.is_file():
        raise ImportFailed(_("{path}: no such file", path=path))
    if not trust:
        raise UntrustedFile(
            _(
                "{path}: loading it runs the code in it; import it only if you trust it "
                "(pass trust=True, or --trust on the command line)",
                path=path,
            )
        )
    if path.suffix == ".pt2":
        try:
            return torch.export.load(str(path)), name or path.stem, None
        except Exception as exc:
            message = _("{path}: not a torch.export program ({error})", path=path, error=line(exc))
            raise ImportFailed(message) from None
    return _from_python_file(path, name)


def _from_python_file(path: Path, name: str | None) -> tuple[nn.Module, str, tuple | None]:
    namespace = _exec_file(path)
    if name is None:
        name = _default_name(namespace, path)
    if name not in namespace:
        raise ImportFailed(_("{path}: defines no {name}", path=path, name=repr(name)))
    target = namespace[name]
    try:
        model = target()
    except Exception as exc:
        message = _("{path}: {name}() failed: {error}", path=path, name=name, error=line(exc))
        raise ImportFailed(message) from None
    if not isinstance(model, nn.Module):
        raise ImportFailed(
            _(
                "{path}: {name}() returned a {kind}, not an nn.Module",
                path=path,
                name=name,
                kind=type(model).__name__,
            )
        )
    shape = namespace.get("INPUT_SHAPE")
    valid = (
        isinstance(shape, tuple)
        and len(shape) == 3
        and all(isinstance(v, int) and v > 0 for v in shape)
    )
    graph_name = type(model).__name__ if inspect.isfunction(target) else name
    return model, graph_name, shape if valid else None


def _exec_file(path: Path) -> dict[str, Any]:
    module_name = f"convas_import_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent.resolve()))
    sys.modules[module_name] = module  # dataclasses and pickling look modules up here
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise ImportFailed(
            _(
                "{path}: running it failed: {kind}: {error}",
                path=path,
                kind=type(exc).__name__,
                error=line(exc),
            )
        ) from None
    finally:
        sys.path.remove(str(path.parent.resolve()))
        sys.modules.pop(module_name, None)
    return vars(module)


def _default_name(namespace: dict[str, Any], path: Path) -> str:
    if callable(namespace.get("build_model")):
        return "build_model"
    classes = [
        k
        for k, v in namespace.items()
        if inspect.isclass(v)
        and issubclass(v, nn.Module)
        and v.__module__ == namespace.get("__name__")
    ]
    if len(classes) == 1:
        return classes[0]
    names = ", ".join(classes) or _("no module class")
    raise ImportFailed(
        _(
            "{path}: name the module class or factory function to import (it defines {names})",
            path=path,
            names=names,
        )
    )
