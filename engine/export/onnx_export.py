"""ONNX and ``torch.export`` files of the compiled model, with a dynamic batch size.

ONNX export uses PyTorch's TorchScript-based exporter (it needs only the ``onnx``
package and is the quicker one) on the compiled model with two layers rewritten into
exportable equivalents (:func:`onnx_friendly`), and the dynamo-based exporter when that
one still fails. Both write one self-contained file.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from engine.analysis import analyse
from engine.compiler import CompiledModel, example_input
from engine.export.codegen import ExportError
from engine.export.weights import WeightsLike, atomic_write, make_folder, resolve_model
from engine.graph import Graph
from engine.i18n import _

log = logging.getLogger(__name__)

OPSET = 17
INPUT_NAME, OUTPUT_NAME = "input", "output"


def export_onnx(
    graph: Graph, path: str | os.PathLike, weights: WeightsLike = None, seed: int = 0
) -> Path:
    """Write the model (eval mode) as ONNX: input ``input`` [N, C, H, W], output ``output``."""
    compiled = resolve_model(graph, weights, seed)
    module = onnx_friendly(graph, compiled)
    sample = example_input(compiled.input_shape, batch=2)
    errors = []
    make_folder(Path(path).parent)
    for exporter in (_legacy, _dynamo):
        try:
            return atomic_write(Path(path), lambda tmp, e=exporter: e(module, sample, tmp))
        except (OSError, ExportError):  # the file can't be written: no other exporter can
            raise
        except Exception as exc:  # the exporters raise many kinds; try the next one
            log.info("ONNX exporter %s failed: %s", exporter.__name__, exc)
            errors.append(f"{exporter.__name__.strip('_')}: {str(exc).splitlines()[0][:200]}")
    raise ExportError(_("ONNX export failed ({errors})", errors="; ".join(errors)))


def onnx_friendly(graph: Graph, compiled: CompiledModel) -> nn.Module:
    """The module with layers the TorchScript exporter can't express with a dynamic batch
    replaced by equivalents it can: adaptive average pools by fixed pools or pooling
    matrices, local response norms by a banded 1×1 convolution (whose shapes stay
    static). The numbers are the same up to float rounding."""
    module = compiled.module
    analysis = analyse(graph)
    for nid, name in compiled.module_names.items():
        sub = getattr(module, name)
        shape = analysis.nodes[graph.inputs_of(nid)[0].source].shape
        if isinstance(sub, nn.AdaptiveAvgPool2d):
            setattr(module, name, _fixed_pool(sub, shape))
        elif isinstance(sub, nn.LocalResponseNorm):
            setattr(module, name, BandedLRN(sub, shape[0]))
    return module


def _fixed_pool(pool: nn.AdaptiveAvgPool2d, shape: tuple[int, ...]) -> nn.Module:
    _, h, w = shape
    oh, ow = _pair(pool.output_size, h, w)
    if h % oh == 0 and w % ow == 0:
        kernel = (h // oh, w // ow)
        return nn.AvgPool2d(kernel, stride=kernel)
    return MatrixPool(h, w, oh, ow)


class MatrixPool(nn.Module):
    """Adaptive average pooling as two matrix products (uneven windows included)."""

    def __init__(self, h: int, w: int, oh: int, ow: int):
        super().__init__()
        self.register_buffer("rows", _pool_matrix(h, oh))
        self.register_buffer("cols", _pool_matrix(w, ow).t().contiguous())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.matmul(torch.matmul(self.rows, x), self.cols)


def _pool_matrix(size: int, out: int) -> torch.Tensor:
    """Row i averages input positions floor(i*size/out) .. ceil((i+1)*size/out) - 1."""
    matrix = torch.zeros(out, size)
    for i in range(out):
        start, end = (i * size) // out, -((-(i + 1) * size) // out)
        matrix[i, start:end] = 1.0 / (end - start)
    return matrix


class BandedLRN(nn.Module):
    """``nn.LocalResponseNorm`` with the channel window sum as a fixed 1×1 convolution."""

    def __init__(self, lrn: nn.LocalResponseNorm, channels: int):
        super().__init__()
        self.alpha, self.beta, self.k = float(lrn.alpha), float(lrn.beta), float(lrn.k)
        c = torch.arange(channels)
        offset = c[None, :] - c[:, None]  # input channel minus output channel
        band = (offset >= -(lrn.size // 2)) & (offset <= (lrn.size - 1) // 2)
        self.register_buffer("band", (band.float() / lrn.size)[:, :, None, None])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        div = F.conv2d(x * x, self.band)
        return x / (self.k + self.alpha * div).pow(self.beta)


def _pair(size, h: int, w: int) -> tuple[int, int]:
    if isinstance(size, int):
        return size, size
    a, b = size
    return (h if a is None else a), (w if b is None else b)


def _legacy(module: nn.Module, sample: torch.Tensor, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (sample,),
            str(path),
            dynamo=False,
            opset_version=OPSET,
            input_names=[INPUT_NAME],
            output_names=[OUTPUT_NAME],
            dynamic_axes={INPUT_NAME: {0: "batch"}, OUTPUT_NAME: {0: "batch"}},
        )


def _dynamo(module: nn.Module, sample: torch.Tensor, path: Path) -> None:
    batch = torch.export.Dim("batch")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (sample,),
            str(path),
            dynamo=True,
            external_data=False,
            input_names=[INPUT_NAME],
            output_names=[OUTPUT_NAME],
            dynamic_shapes={_arg_name(module): {0: batch}},
            report=False,
            verbose=False,
        )


def _arg_name(module: nn.Module) -> str:
    import inspect

    return next(iter(inspect.signature(module.forward).parameters))


def export_program(
    graph: Graph, path: str | os.PathLike, weights: WeightsLike = None, seed: int = 0
) -> Path:
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
