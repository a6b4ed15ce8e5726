"""ONNX and ``torch.export`` files of the compiled model, with a dynamic batch size.

ONNX export uses PyTorch's TorchScript-based exporter (it needs only the ``onnx``
package and is the quicker one), and the dynamo-based exporter when that one can't
express the model. Both write one self-contained file.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

import torch
from torch import nn

from engine.analysis import analyse
from engine.compiler import CompiledModel, example_input
from engine.export.codegen import ExportError
from engine.export.weights import WeightsLike, atomic_write, resolve_model
from engine.graph import Graph

log = logging.getLogger(__name__)

OPSET = 17
INPUT_NAME, OUTPUT_NAME = "input", "output"


def export_onnx(graph: Graph, path: str | os.PathLike, weights: WeightsLike = None,
                seed: int = 0) -> Path:
    """Write the model (eval mode) as ONNX: input ``input`` [N, C, H, W], output ``output``."""
    compiled = resolve_model(graph, weights, seed)
    module = onnx_friendly(graph, compiled)
    sample = example_input(compiled.input_shape, batch=2)
    errors = []
    for exporter in (_legacy, _dynamo):
        try:
            return atomic_write(Path(path), lambda tmp, e=exporter: e(module, sample, tmp))
        except Exception as exc:  # the exporters raise many kinds; try the next one
            log.info("ONNX exporter %s failed: %s", exporter.__name__, exc)
            errors.append(f"{exporter.__name__.strip('_')}: {str(exc).splitlines()[0][:200]}")
    raise ExportError("ONNX export failed (" + "; ".join(errors) + ")")


def onnx_friendly(graph: Graph, compiled: CompiledModel) -> nn.Module:
    """The module with adaptive average pools that divide their input evenly replaced by
    the equivalent fixed pool (the TorchScript exporter can't size adaptive pools when
    the batch is dynamic)."""
    module = compiled.module
    analysis = analyse(graph)
    for nid, name in compiled.module_names.items():
        sub = getattr(module, name)
        if not isinstance(sub, nn.AdaptiveAvgPool2d):
            continue
        _, h, w = analysis.nodes[graph.inputs_of(nid)[0].source].shape
        oh, ow = _pair(sub.output_size, h, w)
        if h % oh == 0 and w % ow == 0:
            kernel = (h // oh, w // ow)
            setattr(module, name, nn.AvgPool2d(kernel, stride=kernel))
    return module


def _pair(size, h: int, w: int) -> tuple[int, int]:
    if isinstance(size, int):
        return size, size
    a, b = size
    return (h if a is None else a), (w if b is None else b)


def _legacy(module: nn.Module, sample: torch.Tensor, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module, (sample,), str(path), dynamo=False, opset_version=OPSET,
            input_names=[INPUT_NAME], output_names=[OUTPUT_NAME],
            dynamic_axes={INPUT_NAME: {0: "batch"}, OUTPUT_NAME: {0: "batch"}},
        )


def _dynamo(module: nn.Module, sample: torch.Tensor, path: Path) -> None:
    batch = torch.export.Dim("batch")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module, (sample,), str(path), dynamo=True, external_data=False,
            input_names=[INPUT_NAME], output_names=[OUTPUT_NAME],
            dynamic_shapes={_arg_name(module): {0: batch}}, report=False,
        )


def _arg_name(module: nn.Module) -> str:
    import inspect

    return next(iter(inspect.signature(module.forward).parameters))


def export_program(graph: Graph, path: str | os.PathLike, weights: WeightsLike = None,
                   seed: int = 0) -> Path:
    """Write a ``torch.export`` program (``.pt2``, eval mode, dynamic batch size)."""
    compiled = resolve_model(graph, weights, seed)
    module = compiled.module
    sample = example_input(compiled.input_shape, batch=2)
    batch = torch.export.Dim("batch")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            program = torch.export.export(
                module, (sample,), dynamic_shapes={_arg_name(module): {0: batch}}
            )
        except Exception:  # a graph whose batch size gets specialised: export it fixed
            program = torch.export.export(module, (sample,))
    return atomic_write(Path(path), lambda tmp: torch.export.save(program, str(tmp)))
