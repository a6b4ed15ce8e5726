"""The trainer against an idiomatic hand-written PyTorch loop, and the 97% CLI runs.

Part 1, throughput: the same compiled network, data, optimizer (AdamW, the default
learning rate held constant), batch size and epochs, each epoch followed by one pass
over the validation set, timed end to end from outside. The hand-written loop is what
a tutorial writes: a ``DataLoader`` over a ``TensorDataset`` (shuffled, dropping the
last partial batch, as the trainer does), ``loss.item()`` each step. Both run with the
thread count the trainer chooses, so the ratio compares the loops, not the threads;
the hand loop with torch's default thread count is printed too. Runs alternate,
medians of several repeats. Goal: trainer / hand-written ≥ 1.0.

Part 2, the issue's check: ``python main.py train SOURCE --dataset digits`` with the
default settings, for ``tiny-residual`` and ``lenet5``: validation accuracy ≥ 97% in
≤ 20 s wall time (the whole process: start-up, data, training).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401
import torch
import torch.nn.functional as F
from _common import ROOT, verdict
from torch.utils.data import DataLoader, TensorDataset

from engine.cli import load_source
from engine.compiler import compile_model
from engine.data import load_dataset
from engine.training import TrainConfig, Trainer
from engine.training.execution import count_macs, cpu_threads

GOAL_RATIO = 1.0
GOAL_ACCURACY, GOAL_SECONDS = 0.97, 20.0
TINY = ROOT.parent / "shared" / "examples" / "tiny-residual.convas"
MODELS = {"tiny-residual": str(TINY), "lenet5": "lenet5"}


def hand_written_loop(model, data, config: TrainConfig) -> None:
    """What a tutorial writes: DataLoader, forward, loss, backward, step; then validate."""
    torch.manual_seed(config.seed)
    train = DataLoader(
        TensorDataset(data.train_x, data.train_y),
        batch_size=config.batch_size,
        shuffle=True,
        drop_last=True,
    )
    val = DataLoader(TensorDataset(data.val_x, data.val_y), batch_size=256)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=config.lr, weight_decay=config.weight_decay
    )
    for _ in range(config.epochs):
        model.train()
        running = 0.0
        for x, y in train:
            loss = F.cross_entropy(model(x), y, label_smoothing=config.label_smoothing)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running += loss.item()
        model.eval()
        correct = 0
        with torch.no_grad():
            for x, y in val:
                correct += (model(x).argmax(1) == y).sum().item()


def trainer_loop(compiled, data, config: TrainConfig) -> None:
    finished = Trainer(compiled, data, config, lambda e: None).run()
    assert finished.status == "completed", finished.message


def throughput(name: str, source: str, epochs: int, repeats: int) -> float:
    graph = load_source(source)
    compiled = compile_model(graph)
    data = load_dataset("digits", compiled.input_shape)
    config = TrainConfig(epochs=epochs, schedule="constant", warmup_epochs=0)
    macs = count_macs(compiled.module, data.train_x[:1]) * 3 * config.batch_size
    threads = cpu_threads(macs, leave_one_core=False)
    default_threads = torch.get_num_threads()
    samples = epochs * (len(data.train_y) // config.batch_size) * config.batch_size
    times: dict[str, list[float]] = {"trainer": [], "hand": [], "hand, default threads": []}

    def timed(label, fn, n_threads):
        torch.set_num_threads(n_threads)
        start = time.perf_counter()
        fn()
        times[label].append(time.perf_counter() - start)
        torch.set_num_threads(default_threads)

    def trainer():
        compiled = compile_model(graph)  # built outside the timing, as for the hand loop
        timed("trainer", lambda: trainer_loop(compiled, data, config), threads)

    def hand(label="hand", n_threads=threads):
        model = compile_model(graph).module  # fresh weights, built outside the timing
        timed(label, lambda: hand_written_loop(model, data, config), n_threads)

    trainer_loop(compile_model(graph), data, config.replace(epochs=1))  # first-call costs
    for i in range(repeats):
        first, second = (trainer, hand) if i % 2 == 0 else (hand, trainer)  # ABBA: no drift
        first()
        second()
        hand("hand, default threads", default_threads)
    rates = {k: samples / statistics.median(v) for k, v in times.items()}
    print(
        f"\n{name}: {epochs} epochs × {len(data.train_y)} images, batch {config.batch_size}, "
        f"{repeats} repeats (medians); trainer uses {threads} thread(s), torch default "
        f"{default_threads}"
    )
    for label, rate in rates.items():
        print(
            f"  {label:>22}: {rate:9,.0f} samples/s  (median "
            f"{statistics.median(times[label]):.2f} s, best {min(times[label]):.2f} s)"
        )
    ratio = rates["trainer"] / rates["hand"]
    print(
        f"  trainer / hand-written = {ratio:.2f}  "
        f"(vs default threads: {rates['trainer'] / rates['hand, default threads']:.2f})"
    )
    return ratio


def cli_run(name: str, source: str) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "CONVAS_DATA_DIR": data_dir}
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "main.py", "train", source, "--dataset", "digits", "--json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{name}: exit {proc.returncode}: {proc.stderr.strip()}")
    return wall, json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=8)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--cli-runs", type=int, default=1, help="CLI runs per model")
    args = parser.parse_args()
    if not Path(TINY).is_file():
        raise SystemExit(f"missing {TINY}")
    print(f"torch {torch.__version__}, {os.cpu_count()} cores")
    ratios = [throughput(name, src, args.epochs, args.repeats) for name, src in MODELS.items()]
    print(
        f"\nthroughput goal trainer/hand ≥ {GOAL_RATIO}: "
        f"{verdict(min(ratios) >= GOAL_RATIO)} ({', '.join(f'{r:.2f}' for r in ratios)})"
    )
    print("\nCLI, default settings (python main.py train SOURCE --dataset digits):")
    ok = True
    for name, source in MODELS.items():
        for _ in range(args.cli_runs):
            wall, result = cli_run(name, source)
            good = result["val_accuracy"] >= GOAL_ACCURACY and wall <= GOAL_SECONDS
            ok &= good
            print(
                f"  {name:>14}: val accuracy {result['val_accuracy']:.2%} after "
                f"{result['epochs']} epochs, wall {wall:.1f} s (training {result['seconds']:.1f} "
                f"s, {result['samples_per_second']:,.0f} samples/s)  {verdict(good)}"
            )
    print(f"goal ≥ {GOAL_ACCURACY:.0%} in ≤ {GOAL_SECONDS:.0f} s: {verdict(ok)}")


if __name__ == "__main__":
    main()
