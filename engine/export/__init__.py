"""Export a graph as standalone PyTorch code, weights, ONNX or a torch.export program.

``generate_code`` needs no torch (the code preview calls it on every edit); the
functions that write files import torch when called.
"""

from engine.export.codegen import ExportError, GeneratedCode, generate_code


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
    "ExportError",
    "GeneratedCode",
    "export_onnx",
    "export_program",
    "export_python",
    "export_weights",
    "generate_code",
]
