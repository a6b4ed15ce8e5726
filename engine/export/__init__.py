"""Export a graph as standalone PyTorch code, weights, ONNX or a torch.export program.

``generate_code`` needs no torch (the code preview calls it on every edit); the
functions that write files import torch when called.
"""

import os
from pathlib import Path

from engine.export.codegen import ExportError, GeneratedCode, generate_code

#: The files :func:`export_python` writes into its folder, in that order.
FOLDER_FILES = ("model.py", "weights.pt", "train.py", "README.md")


def files_to_replace(folder: str | os.PathLike) -> list[str]:
    """The names of :data:`FOLDER_FILES` already in ``folder``: exporting there replaces them."""
    return [name for name in FOLDER_FILES if (Path(folder) / name).exists()]


def named_after_file(graph, path: str | os.PathLike | None):
    """``graph`` with its file's name (``mycnn.convas`` → "mycnn") when it has none of its
    own, so exported code, README and class are named after what the user sees."""
    if not graph.name and path is not None:
        graph.name = Path(path).stem
    return graph


def export_python(graph, folder, weights=None, seed=0, training=None):
    """Write ``model.py``, ``weights.pt``, ``train.py`` and a README into ``folder``."""
    from engine.export.folder import export_python as run

    return run(graph, folder, weights, seed, training)


def export_weights(graph, path, weights=None, seed=0, fmt=None):
    """Write the state dict (``.pt``, or safetensors for that suffix or ``fmt``)."""
    from engine.export.weights import export_weights as run

    return run(graph, path, weights, seed, fmt)


def export_onnx(graph, path, weights=None, seed=0):
    """Write an ONNX model (input ``input`` [N, C, H, W], output ``output``)."""
    from engine.export.onnx_export import export_onnx as run

    return run(graph, path, weights, seed)


def export_program(graph, path, weights=None, seed=0):
    """Write a ``torch.export`` program (``.pt2``)."""
    from engine.export.onnx_export import export_program as run

    return run(graph, path, weights, seed)


__all__ = [
    "FOLDER_FILES",
    "ExportError",
    "GeneratedCode",
    "export_onnx",
    "export_program",
    "export_python",
    "export_weights",
    "files_to_replace",
    "generate_code",
    "named_after_file",
]
