"""Import every torchvision classifier and check the result (issue 13's table).

For each model (``weights=None``, batch-norm statistics randomised, eval mode): the
number of blocks, the composite blocks found, whether the graph's parameters equal the
model's (and the share mapped), and the max relative difference of the outputs on one
batch of two images — of the compiled graph (``result.max_difference``) and of the
exported ``model.py`` run with the imported weights. Goal: every model exact (≤ 1e-5,
every parameter mapped) in ≤ 64 blocks.

torchvision is optional: its PyPI wheel for torch 2.13 is a CUDA build whose compiled
ops don't load on the CPU torch; classification models don't need them, so two of its
modules are stubbed before the import. Without torchvision this prints how to get it.

    .venv/bin/pip install --no-deps torchvision==0.28.0
    .venv/bin/python bench/bench_import_torchvision.py [MODEL ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
import types
from collections import Counter
from pathlib import Path

from _common import ROOT, verdict  # noqa: F401  (puts the repository on sys.path)

MODELS = (
    "alexnet vgg11 vgg16 vgg11_bn googlenet inception_v3 resnet18 resnet34 resnet50 "
    "resnet101 resnext50_32x4d wide_resnet50_2 densenet121 densenet169 squeezenet1_0 "
    "squeezenet1_1 mobilenet_v2 mobilenet_v3_small mobilenet_v3_large shufflenet_v2_x0_5 "
    "mnasnet0_5 efficientnet_b0 efficientnet_v2_s regnet_y_400mf regnet_x_400mf convnext_tiny"
).split()
EXACT = 1e-5
MAX_BLOCKS = 64
#: Auxiliary classifiers run only in training; the bench builds the models without them.
NO_AUX = {"aux_logits": False, "init_weights": False}
KWARGS = {"googlenet": NO_AUX, "inception_v3": NO_AUX}


def load_torchvision():
    """torchvision's models, or None (with the reason printed) when it can't be imported."""
    for name in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
        sys.modules.setdefault(name, types.ModuleType(name))
    try:
        from torchvision import models
    except Exception as exc:  # not installed, or a build that can't load
        print(f"torchvision can't be imported ({type(exc).__name__}: {exc}); install it with")
        print("  .venv/bin/pip install --no-deps torchvision==0.28.0")
        return None
    return models


def build(models, name: str):
    import torch

    torch.manual_seed(0)
    model = getattr(models, name)(weights=None, **KWARGS.get(name, {}))
    gen = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
    return model.eval()


def exported_difference(result, model, size: int) -> float | None:
    """Max relative difference of the exported model.py (with the imported weights)."""
    import torch

    from engine.export import generate_code

    try:
        code = generate_code(result.graph)
    except Exception:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.py"
        path.write_text(code.model_py, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("bench_exported_model", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    exported = module.build_model().eval()
    exported.load_state_dict(result.state_dict, strict=True)
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        expected, got = model(x), exported(x)
    return float((got - expected).abs().max() / max(float(expected.abs().max()), 1e-6))


def measure(models, name: str) -> dict:
    from engine.analysis import analyse
    from engine.importer import import_module
    from engine.registry import get_spec

    model = build(models, name)
    size = 299 if name == "inception_v3" else 224
    start = time.perf_counter()
    result = import_module(model, name=name, example_input_shape=(3, size, size))
    seconds = time.perf_counter() - start
    graph = result.graph
    composites = Counter(n.type for n in graph.nodes.values() if get_spec(n.type).composite)
    total = sum(p.numel() for p in model.parameters())
    return {
        "model": name,
        "blocks": len(graph.nodes),
        "composites": dict(composites),
        "unmapped": len(result.unmapped),
        "model_params": total,
        "graph_params": analyse(graph).total_params,
        "compiled": result.max_difference,
        "exported": exported_difference(result, model, size),
        "seconds": round(seconds, 2),
    }


def _diff(value: float | None) -> str:
    return "—" if value is None else f"{value:.1e}"


def row(r: dict) -> str:
    found = ", ".join(f"{n} {t}" for t, n in sorted(r["composites"].items())) or "—"
    equal = r["graph_params"] == r["model_params"]
    params = "yes" if equal else f"no ({r['graph_params']:,} of {r['model_params']:,})"
    exact = (
        equal
        and r["unmapped"] == 0
        and all(d is not None and d <= EXACT for d in (r["compiled"], r["exported"]))
        and r["blocks"] <= MAX_BLOCKS
    )
    return (
        f"| {r['model']} | {r['blocks']} | {found} | {params} | {_diff(r['compiled'])} | "
        f"{_diff(r['exported'])} | {r['seconds']:.1f} | {verdict(exact)} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=MODELS)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    models = load_torchvision()
    if models is None:
        return 0
    import torch

    torch.set_num_threads(1)  # a shared machine: one thread is steadier
    print(
        "| model | blocks | composites found | parameters equal | compiled | exported "
        "| import s | exact |"
    )
    print("| --- | ---: | --- | --- | ---: | ---: | ---: | --- |")
    results = []
    for name in args.models:
        results.append(measure(models, name))
        print(row(results[-1]), flush=True)
    passed = sum(row(r).endswith("PASS |") for r in results)
    print(f"{passed} of {len(results)} models exact in <= {MAX_BLOCKS} blocks")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
