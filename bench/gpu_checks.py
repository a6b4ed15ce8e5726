"""The CUDA path, checked on a real GPU: one short prepared script for a lent device.

Each check prints PASS or FAIL with what it saw, and a failing check does not stop the
others. What it covers, all with ``--device cuda``:

- the command line: ``train lenet5 --dataset digits`` (and a project file, if given)
  reaches ≥ 97% validation accuracy with the default settings;
- the trainer: bf16 autocast + channels-last (the automatic plan), the float16 +
  gradient-scaler plan, ``torch.compile`` (inductor), a diverging learning rate, Stop
  within 0.5 s, pause/resume against an uninterrupted run, the feature-map probe;
- the window's path: a :class:`ProcessTrainer` child trains on the GPU and writes the
  weights back into the window's (CPU, shared-memory) model.

On a machine without CUDA it says so and exits 0 (nothing to check).

Usage: python bench/gpu_checks.py [PROJECT.convas ...]
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
import time
import traceback

import _common  # noqa: F401
import torch
from _common import ROOT, verdict

from engine.compiler import compile_model
from engine.data import load_dataset
from engine.presets import load_preset
from engine.training import (
    EpochEvent,
    FinishedEvent,
    NoticeEvent,
    ProbeEvent,
    StepEvent,
    TrainConfig,
    Trainer,
)
from engine.training.execution import ExecutionPlan

RESULTS: list[tuple[str, bool, str]] = []
FAST = {"epochs": 2, "batch_size": 32, "lr": 0.01, "device": "cuda"}


def check(name):
    """Run the decorated check now; record PASS/FAIL and what it saw."""

    def run(fn):
        started = time.perf_counter()
        try:
            ok, seen = fn()
        except Exception:  # noqa: BLE001 - a failing check is reported, the rest go on
            ok, seen = False, traceback.format_exc(limit=6)
        seconds = time.perf_counter() - started
        RESULTS.append((name, ok, seen))
        print(f"{verdict(ok)}  {name} ({seconds:.1f} s): {seen}", flush=True)
        return fn

    return run


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def train(data, graph=None, plan=None, on_event=None, **settings):
    events: list = []

    def record(event):
        events.append(event)
        if on_event is not None:
            on_event(event)

    trainer = Trainer(
        compile_model(graph or load_preset("lenet5")),
        data,
        TrainConfig(**{**FAST, **settings}),
        record,
        plan=plan,
    )
    return trainer.run(), events, trainer


def main() -> int:
    if "--dry-run-cpu" in sys.argv:  # checks this script on a CPU (CUDA checks will FAIL)
        sys.argv.remove("--dry-run-cpu")
        FAST["device"] = "cpu"
    elif not torch.cuda.is_available():
        print("no CUDA device here: nothing to check")
        return 0
    else:
        print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}", flush=True)
    digits = load_dataset("digits", input_shape=(1, 32, 32), seed=0)

    def cli(source: str) -> tuple[bool, str]:
        cmd = [sys.executable, str(ROOT / "main.py"), "train", source, "--dataset", "digits"]
        cmd += ["--device", FAST["device"], "--json", "--no-history"]
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            return False, f"exit {done.returncode}: {done.stderr[-800:]}"
        metrics = json.loads(done.stdout.strip().splitlines()[-1])
        acc = metrics["val_accuracy"]
        return acc >= 0.97, (
            f"val_accuracy {acc:.4f}, wall {wall:.1f} s, "
            f"{metrics['samples_per_second']:,.0f} samples/s"
        )

    @check("CLI: train lenet5 --dataset digits --device cuda")
    def _():
        return cli("lenet5")

    for path in sys.argv[1:]:

        @check(f"CLI: train {path} --dataset digits --device cuda")
        def _(path=path):
            return cli(path)

    @check("trainer: automatic plan (bf16 autocast, channels-last, fused AdamW)")
    def _():
        finished, events, trainer = train(digits)
        notice = of(events, NoticeEvent)[0].text
        conv = next(m for m in trainer.model.modules() if isinstance(m, torch.nn.Conv2d))
        ok = (
            finished.status == "completed"
            and "cuda" in notice
            and "bfloat16" in notice
            and conv.weight.is_cuda
            and conv.weight.is_contiguous(memory_format=torch.channels_last)
        )
        return ok, f"{notice!r}; {finished.status}; val {finished.metrics['val_accuracy']:.3f}"

    @check("trainer: float16 autocast + gradient scaler + grad clip")
    def _():
        plan = ExecutionPlan(
            torch.device(FAST["device"]),
            autocast_dtype=torch.float16,
            grad_scaler=True,
            channels_last=True,
            fused_optimizer=True,
        )
        finished, events, _ = train(digits, plan=plan, grad_clip=1.0)
        acc = finished.metrics["val_accuracy"]
        ok = finished.status == "completed" and math.isfinite(finished.metrics["val_loss"])
        return ok and acc > 0.8, f"{finished.status}; val {acc:.3f}"

    @check("trainer: torch.compile (inductor) on CUDA")
    def _():
        finished, events, _ = train(digits, compile=True, epochs=2)
        notice = of(events, NoticeEvent)[0].text
        acc = finished.metrics["val_accuracy"]
        return finished.status == "completed" and acc > 0.8 and "inductor" in notice, (
            f"{finished.status}; val {acc:.3f}; {finished.message[:120]}"
        )

    @check("trainer: a learning rate that makes the loss NaN stops the run as diverged")
    def _():
        finished, _, _ = train(digits, optimizer="sgd", lr=100.0, epochs=3)
        return finished.status == "diverged" and "learning rate" in finished.message, (
            f"{finished.status}: {finished.message[:140]}"
        )

    @check("trainer: Stop ends a CUDA run within 0.5 s")
    def _():
        events, done = [], threading.Event()
        trainer = Trainer(
            compile_model(load_preset("lenet5")),
            digits,
            TrainConfig(epochs=10_000, batch_size=8, device=FAST["device"]),
            events.append,
        )
        worker = threading.Thread(target=lambda: (trainer.run(), done.set()))
        worker.start()
        deadline = time.monotonic() + 60
        while not of(events, EpochEvent) and time.monotonic() < deadline:
            time.sleep(0.01)
        asked = time.perf_counter()
        trainer.stop()
        done.wait(10)
        elapsed = time.perf_counter() - asked
        worker.join()
        status = events[-1].status if isinstance(events[-1], FinishedEvent) else "?"
        return status == "stopped" and elapsed < 0.5, f"{status} after {elapsed * 1000:.0f} ms"

    @check("trainer: pause/resume vs an uninterrupted run (same seed), probe while paused")
    def _():
        _, _, plain = train(digits, augment=True, seed=3)
        holder: dict = {}

        def on_event(event):
            if isinstance(event, StepEvent) and "paused" not in holder:
                holder["paused"] = True
                trainer = holder["trainer"]
                trainer.pause()
                trainer.set_probe("conv1", 1)
                threading.Timer(0.3, trainer.resume).start()

        events: list = []
        trainer = Trainer(
            compile_model(load_preset("lenet5")),
            digits,
            TrainConfig(**{**FAST, "augment": True, "seed": 3}),
            lambda e: (events.append(e), on_event(e)),
        )
        holder["trainer"] = trainer
        finished = trainer.run()
        a, b = plain.model.state_dict(), trainer.model.state_dict()
        diff = max((a[k].float() - b[k].float()).abs().max().item() for k in a)
        probes = of(events, ProbeEvent)
        probe_ok = bool(probes) and probes[0].activations.ndim == 3
        ok = finished.status == "completed" and diff < 1e-2 and probe_ok
        return ok, (
            f"max weight difference {diff:.2e} (0 = bit-identical; cuDNN autotuning may "
            f"differ in the last bits); probes {len(probes)}, C×H×W maps: {probe_ok}"
        )

    @check("window's path: ProcessTrainer child trains on the GPU, weights come back")
    def _():
        from engine.training.remote import ProcessTrainer

        graph = load_preset("lenet5")
        compiled = compile_model(graph)
        before = {k: v.clone() for k, v in compiled.module.state_dict().items()}
        events: list = []
        trainer = ProcessTrainer(
            compiled, digits, TrainConfig(**{**FAST, "seed": 4}), events.append, graph=graph
        )
        trainer.set_probe("conv1", 0)
        finished = trainer.run()
        after = compiled.module.state_dict()
        changed = all(not torch.equal(before[k], after[k]) for k in after if "weight" in k)
        on_cpu = all(not t.is_cuda for t in after.values())
        # the window's model, evaluated here on the CPU, scores what the child reported
        model = compiled.module.eval()
        with torch.no_grad():
            acc = (model(digits.val_x[:]).argmax(1) == digits.val_y).float().mean().item()
        reported = finished.metrics["val_accuracy"]
        notice = of(events, NoticeEvent)[0].text if of(events, NoticeEvent) else ""
        ok = (
            finished.status == "completed"
            and changed
            and on_cpu
            and abs(acc - reported) < 0.02
            and "cuda" in notice
            and bool(of(events, ProbeEvent))
        )
        return ok, (
            f"{finished.status}; {notice!r}; weights changed {changed}; window's model on "
            f"CPU scores {acc:.3f} vs reported {reported:.3f}; probes {len(of(events, ProbeEvent))}"
        )

    failed = [name for name, ok, _ in RESULTS if not ok]
    print(f"{len(RESULTS) - len(failed)}/{len(RESULTS)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
